import type { NodePool } from '../../api/index.js';
import { getCondition, StatusWriter } from '../../runtime/index.js';
import type { NamespaceReader } from '../shared/namespace-reader.js';
import type { NodeCounts, WorkloadNodes } from '../shared/workload-nodes.js';
import { managedCluster, nodePool, TEST_SUBSCRIPTION, CLUSTER_RUNNING } from '../testing/objects.js';
import { reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { NodePoolReconciler } from './reconciler.js';

const KEY = { namespace: 'team-a', name: 'user1' };
const CLUSTER_KEY = { namespace: 'team-a', name: 'c1' };
const CLUSTER_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
const signal = new AbortController().signal;

class FixedNodes implements WorkloadNodes {
  async countPoolNodes(): Promise<NodeCounts | undefined> {
    return { total: 2, ready: 2 };
  }
}

type ClusterState = 'stays' | 'being deleted' | 'gone';

async function deletePool(input: {
  clusterPolicy: 'Delete' | 'Orphan';
  cluster: ClusterState;
  isNamespaceTerminating: boolean;
}): Promise<{ kit: ReconcilerKit; namespaceReads: number }> {
  const kit = reconcilerKit();
  kit.azure.managedClusters.seed(CLUSTER_ID, {
    location: 'eastus',
    kubernetesVersion: '1.33',
    agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
  });
  const status = {
    azureResourceID: CLUSTER_ID,
    currentKubernetesVersion: '1.33',
    provisioningState: 'Succeeded',
    powerState: 'Running' as const,
    conditions: [CLUSTER_RUNNING],
  };
  kit.clusters.put(managedCluster({ spec: { deletionPolicy: input.clusterPolicy }, status }));
  kit.pools.put(nodePool({ spec: { deletionPolicy: 'Delete' } }));
  let namespaceReads = 0;
  const namespaces: NamespaceReader = {
    isTerminating: async () => {
      namespaceReads++;
      return input.isNamespaceTerminating;
    },
  };
  const r = new NodePoolReconciler({
    ctx: kit.ctx,
    pools: kit.pools,
    clusters: kit.clusters,
    objects: kit.pools.client(),
    statusWriter: new StatusWriter(kit.pools.client()),
    nodes: new FixedNodes(),
    namespaces,
  });
  const pool = (): NodePool => kit.pools.get(KEY) as NodePool;
  for (let i = 0; i < 10 && getCondition(pool().status?.conditions, 'Ready')?.status !== 'True'; i++) {
    await r.reconcile(KEY, signal);
  }
  const mc = kit.clusters.get(CLUSTER_KEY);
  if (input.cluster === 'gone') kit.clusters.remove(CLUSTER_KEY);
  if (input.cluster === 'being deleted' && mc) {
    kit.clusters.put({ ...mc, metadata: { ...mc.metadata, deletionTimestamp: new Date() } });
  }
  kit.pools.put({ ...pool(), metadata: { ...pool().metadata, deletionTimestamp: new Date() } });
  for (let i = 0; i < 5 && kit.pools.get(KEY); i++) await r.reconcile(KEY, signal);
  return { kit, namespaceReads };
}

const deletes = (kit: ReconcilerKit): number =>
  kit.writes().filter((op) => op === 'agentPools.delete').length;

describe('a NodePool with deletionPolicy Delete follows its cluster when the cluster goes too', () => {
  it.each<
    [
      string,
      { clusterPolicy: 'Delete' | 'Orphan'; cluster: ClusterState; isNamespaceTerminating: boolean },
      number,
    ]
  >([
    [
      'deletes the agent pool while its cluster stays',
      { clusterPolicy: 'Orphan', cluster: 'stays', isNamespaceTerminating: false },
      1,
    ],
    [
      'leaves it to an Orphan cluster being deleted',
      { clusterPolicy: 'Orphan', cluster: 'being deleted', isNamespaceTerminating: true },
      0,
    ],
    [
      'leaves it to a Delete cluster being deleted',
      { clusterPolicy: 'Delete', cluster: 'being deleted', isNamespaceTerminating: true },
      0,
    ],
    [
      'leaves it when the cluster object is already gone',
      { clusterPolicy: 'Orphan', cluster: 'gone', isNamespaceTerminating: true },
      0,
    ],
    [
      'leaves it when the namespace is being deleted but the cluster is not marked yet',
      { clusterPolicy: 'Orphan', cluster: 'stays', isNamespaceTerminating: true },
      0,
    ],
  ])('%s', async (_name, input, expectedDeletes) => {
    const { kit } = await deletePool(input);
    expect(kit.pools.get(KEY)).toBeUndefined();
    expect(deletes(kit)).toBe(expectedDeletes);
    if (expectedDeletes === 0) expect(kit.events.reasons()).toContain('Released');
  });
});
