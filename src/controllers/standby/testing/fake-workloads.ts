// A workload cluster in memory for standby reconciler tests: Pending pods as given, pool nodes and the
// drain view from the drain engine's fake cluster.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { FakeDrainCluster } from '../../../drain/testing/fake-drain-cluster.js';
import type { StandbyWorkload, StandbyWorkloads } from '../workload-cluster.js';

const AGENT_POOL = 'kubernetes.azure.com/agentpool';

export class FakeWorkloads implements StandbyWorkloads, StandbyWorkload {
  readonly drain = new FakeDrainCluster();
  pending: V1Pod[] = [];
  opened = 0;

  async open(): Promise<StandbyWorkload> {
    this.opened++;
    return this;
  }

  async pendingPods(): Promise<V1Pod[]> {
    return structuredClone(this.pending);
  }

  async poolNodes(poolName: string): Promise<V1Node[]> {
    return [...this.drain.nodes.values()].filter((n) => n.metadata?.labels?.[AGENT_POOL] === poolName);
  }
}
