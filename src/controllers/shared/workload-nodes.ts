// Counts an agent pool's nodes in the workload cluster (Ready and total), reading Nodes as the object's
// identity through the shared workload cluster accessor; a cluster that cannot be reached is not asked
// again for a while.
import type { WorkloadClustersArm } from '../../azure/index.js';
import { kubeRequest, realClock, type Clock, type Logger, silentLogger } from '../../runtime/index.js';

export interface NodeCounts {
  total: number;
  ready: number;
}

export interface WorkloadNodes {
  /**
   * Nodes labelled `kubernetes.azure.com/agentpool=<poolName>`; undefined when the workload cluster
   * cannot be read.
   */
  countPoolNodes(
    cluster: WorkloadClusterRef,
    poolName: string,
    signal: AbortSignal,
  ): Promise<NodeCounts | undefined>;
}

/** A workload cluster and how the object's identity reaches it. */
export interface WorkloadClusterRef {
  clusterId: string;
  clusters: WorkloadClustersArm;
}

export const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

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
  /** Until when a cluster that could not be read is left alone. */
  private readonly failedUntil = new Map<string, number>();
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
    cluster: WorkloadClusterRef,
    poolName: string,
    signal: AbortSignal,
  ): Promise<NodeCounts | undefined> {
    const key = cluster.clusterId.toLowerCase();
    const until = this.failedUntil.get(key);
    if (until !== undefined && this.clock.now() < until) return undefined;
    try {
      const kc = await cluster.clusters.open(cluster.clusterId, signal);
      if (!kc) return this.failed(key, 'the cluster is gone from Azure');
      const list = await kubeRequest<NodeList>(kc, {
        path: '/api/v1/nodes',
        query: { labelSelector: `${AGENT_POOL_LABEL}=${poolName}` },
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      const items = list.items ?? [];
      const ready = items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length;
      this.failedUntil.delete(key);
      return { total: items.length, ready };
    } catch (err: unknown) {
      if (signal.aborted) throw err;
      // A refused credential may have rotated: the next pass fetches it again instead of waiting.
      if (cluster.clusters.forgetIfRefused(cluster.clusterId, err)) return undefined;
      return this.failed(key, err);
    }
  }

  private failed(key: string, err: unknown): undefined {
    // Never log the kubeconfig: only that the cluster could not be read.
    this.logger.debug(
      { err: err instanceof Error ? err.message : String(err), cluster: key },
      'cannot read workload nodes',
    );
    this.failedUntil.set(key, this.clock.now() + this.retryAfterFailureMs);
    return undefined;
  }
}
