// The workload cluster as the standby controller sees it: its Pending pods, an agent pool's Nodes, and
// the drain engine's view for evictions. Kubeconfigs are fetched once per cluster and kept in memory.
import { CoreV1Api, KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { KubeDrainCluster, type DrainCluster } from '../../drain/index.js';
import { withSignal } from '../../runtime/index.js';
import { AGENT_POOL_LABEL } from '../shared/workload-nodes.js';

/** Reads answer from the API server (no cache). Only the drain view writes. */
export interface StandbyWorkload {
  /** Pods in phase Pending, all namespaces. */
  pendingPods(signal: AbortSignal): Promise<V1Pod[]>;
  /** Nodes labelled as the agent pool's. */
  poolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]>;
  readonly drain: DrainCluster;
}

export interface WorkloadClusters {
  /**
   * The cluster with ARM id `clusterId`; `kubeconfig` is called only when none is cached. Undefined when
   * no kubeconfig can be had.
   */
  open(
    clusterId: string,
    kubeconfig: () => Promise<string | undefined>,
  ): Promise<StandbyWorkload | undefined>;
  /** Drops what is cached for the cluster (after a failed read: credentials may have rotated). */
  forget(clusterId: string): void;
}

const PAGE_SIZE = 500;

class KubeStandbyWorkload implements StandbyWorkload {
  readonly drain: DrainCluster;
  private readonly core: CoreV1Api;

  constructor(kc: KubeConfig) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.drain = new KubeDrainCluster(kc);
  }

  async pendingPods(signal: AbortSignal): Promise<V1Pod[]> {
    const pods: V1Pod[] = [];
    let token: string | undefined;
    do {
      signal.throwIfAborted();
      const page = await this.core.listPodForAllNamespaces(
        { fieldSelector: 'status.phase=Pending', limit: PAGE_SIZE, ...(token ? { _continue: token } : {}) },
        withSignal(signal),
      );
      pods.push(...page.items);
      token = page.metadata?._continue;
    } while (token);
    return pods;
  }

  async poolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]> {
    signal.throwIfAborted();
    const list = await this.core.listNode(
      { labelSelector: `${AGENT_POOL_LABEL}=${poolName}` },
      withSignal(signal),
    );
    return list.items;
  }
}

export class KubeWorkloadClusters implements WorkloadClusters {
  private readonly clusters = new Map<string, StandbyWorkload>();

  async open(
    clusterId: string,
    kubeconfig: () => Promise<string | undefined>,
  ): Promise<StandbyWorkload | undefined> {
    const key = clusterId.toLowerCase();
    const cached = this.clusters.get(key);
    if (cached) return cached;
    const text = await kubeconfig();
    if (!text) return undefined;
    const kc = new KubeConfig();
    kc.loadFromString(text);
    const workload = new KubeStandbyWorkload(kc);
    this.clusters.set(key, workload);
    return workload;
  }

  forget(clusterId: string): void {
    this.clusters.delete(clusterId.toLowerCase());
  }
}
