// Counts an agent pool's nodes in the workload cluster (Ready and total), reading Nodes through the
// cluster's admin kubeconfig. The kubeconfig is fetched once per cluster and kept in memory only; a
// cluster that cannot be reached is not asked again for a while.
import { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest, realClock, type Clock, type Logger, silentLogger } from '../../runtime/index.js';

export interface NodeCounts {
  total: number;
  ready: number;
}

export interface WorkloadNodes {
  /**
   * Nodes labelled `kubernetes.azure.com/agentpool=<poolName>`; undefined when the workload cluster
   * cannot be read. `kubeconfig` is called only when no kubeconfig is cached for the cluster.
   */
  countPoolNodes(
    clusterId: string,
    poolName: string,
    kubeconfig: () => Promise<string | undefined>,
    signal: AbortSignal,
  ): Promise<NodeCounts | undefined>;
}

export const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

interface Entry {
  kc?: KubeConfig;
  failedUntil?: number;
}

interface NodeList {
  items?: { status?: { conditions?: { type?: string; status?: string }[] } }[];
}

export interface KubeWorkloadNodesOptions {
  clock?: Clock;
  logger?: Logger;
  /** How long an unreachable cluster is left alone. Default 5 minutes. */
  retryAfterFailureMs?: number;
  /** Per-request limit. Default 5 s. */
  timeoutMs?: number;
}

export class KubeWorkloadNodes implements WorkloadNodes {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retryAfterFailureMs: number;
  private readonly timeoutMs: number;

  constructor(options: KubeWorkloadNodesOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 5 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async countPoolNodes(
    clusterId: string,
    poolName: string,
    kubeconfig: () => Promise<string | undefined>,
    signal: AbortSignal,
  ): Promise<NodeCounts | undefined> {
    const key = clusterId.toLowerCase();
    const entry = this.entries.get(key) ?? {};
    if (entry.failedUntil !== undefined && this.clock.now() < entry.failedUntil) return undefined;
    try {
      if (!entry.kc) {
        const text = await kubeconfig();
        if (!text) return this.failed(key, 'no admin kubeconfig');
        const kc = new KubeConfig();
        kc.loadFromString(text);
        entry.kc = kc;
        this.entries.set(key, entry);
      }
      const list = await kubeRequest<NodeList>(entry.kc, {
        path: '/api/v1/nodes',
        query: { labelSelector: `${AGENT_POOL_LABEL}=${poolName}` },
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      const items = list.items ?? [];
      const ready = items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length;
      delete entry.failedUntil;
      return { total: items.length, ready };
    } catch (err: unknown) {
      if (signal.aborted) throw err;
      return this.failed(key, err);
    }
  }

  /** Drops what is cached for a cluster (deleted, or credentials rotated). */
  forget(clusterId: string): void {
    this.entries.delete(clusterId.toLowerCase());
  }

  private failed(key: string, err: unknown): undefined {
    // Never log the kubeconfig: only that the cluster could not be read.
    this.logger.debug(
      { err: err instanceof Error ? err.message : String(err), cluster: key },
      'cannot read workload nodes',
    );
    this.entries.set(key, { failedUntil: this.clock.now() + this.retryAfterFailureMs });
    return undefined;
  }
}
