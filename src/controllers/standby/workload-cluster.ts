// The workload cluster as the standby controller sees it: its Pending pods, an agent pool's Nodes, and
// the drain engine's view for evictions. Built over the KubeConfig the shared workload cluster accessor
// hands out, kept while that KubeConfig is.
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

/** The standby controller's view of a workload cluster reached through `kc`. */
export interface StandbyWorkloads {
  open(kc: KubeConfig): Promise<StandbyWorkload>;
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

export class KubeStandbyWorkloads implements StandbyWorkloads {
  /** One view per credential: a refreshed or refetched KubeConfig gets a new one. */
  private readonly views = new WeakMap<KubeConfig, StandbyWorkload>();

  async open(kc: KubeConfig): Promise<StandbyWorkload> {
    let view = this.views.get(kc);
    if (!view) {
      view = new KubeStandbyWorkload(kc);
      this.views.set(kc, view);
    }
    return view;
  }
}
