// The workload cluster as a blue/green replacement sees it: the Nodes of an agent pool and the drain
// engine's view of the cluster. Built from the cluster's admin kubeconfig, kept in memory per cluster.
import { CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { KubeDrainCluster, type DrainCluster } from '../../drain/index.js';
import { TransientError, withSignal } from '../../runtime/index.js';
import { AGENT_POOL_LABEL } from '../shared/workload-nodes.js';

export interface PoolWorkload {
  /** Nodes labelled with the agent pool's name. */
  poolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]>;
  readonly drain: DrainCluster;
}

export interface WorkloadClusters {
  /** The workload cluster; `kubeconfig` is asked only when none is kept for the cluster. */
  open(
    clusterId: string,
    kubeconfig: () => Promise<string | undefined>,
    signal: AbortSignal,
  ): Promise<PoolWorkload>;
}

export class KubeWorkloadClusters implements WorkloadClusters {
  private readonly clusters = new Map<string, PoolWorkload>();

  async open(
    clusterId: string,
    kubeconfig: () => Promise<string | undefined>,
    signal: AbortSignal,
  ): Promise<PoolWorkload> {
    const key = clusterId.toLowerCase();
    const kept = this.clusters.get(key);
    if (kept) return kept;
    signal.throwIfAborted();
    const text = await kubeconfig();
    if (!text) throw new TransientError(`cannot read the workload cluster ${clusterId}: no admin kubeconfig`);
    const kc = new KubeConfig();
    kc.loadFromString(text);
    const core = kc.makeApiClient(CoreV1Api);
    const workload: PoolWorkload = {
      drain: new KubeDrainCluster(kc),
      async poolNodes(poolName, s) {
        const list = await core.listNode({ labelSelector: `${AGENT_POOL_LABEL}=${poolName}` }, withSignal(s));
        return list.items;
      },
    };
    this.clusters.set(key, workload);
    return workload;
  }
}
