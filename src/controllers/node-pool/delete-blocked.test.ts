import type { NodePool } from '../../api/index.js';
import { OperationFailedError } from '../../azure/index.js';
import { getCondition, StatusWriter } from '../../runtime/index.js';
import type { NodeCounts, WorkloadNodes } from '../shared/workload-nodes.js';
import { managedCluster, nodePool, TEST_SUBSCRIPTION, CLUSTER_RUNNING } from '../testing/objects.js';
import { reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { blockedDeleteBackoffMs, DELETE_BLOCKED_BACKOFF } from './delete-blocked.js';
import { NodePoolReconciler } from './reconciler.js';

const KEY = { namespace: 'team-a', name: 'user1' };
const CLUSTER_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
const signal = new AbortController().signal;
const BLOCKED =
  'Drain node aks-user1-12345678-vmss000000 failed when evicting pod api-0 failed with Too Many Requests error. ' +
  'This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. ' +
  "Original error: Cannot evict pod as it would violate the pod's disruption budget.. " +
  'PDB debug info: shop/api-0 blocked by pdb api-pdb with 0 unready pods.';

class FixedNodes implements WorkloadNodes {
  async countPoolNodes(): Promise<NodeCounts | undefined> {
    return { total: 2, ready: 2 };
  }
}

const current = (kit: ReconcilerKit): NodePool => kit.pools.get(KEY) as NodePool;
const deletes = (kit: ReconcilerKit): number =>
  kit.writes().filter((op) => op === 'agentPools.delete').length;

async function deletingPool(): Promise<{ kit: ReconcilerKit; r: NodePoolReconciler; options: unknown[] }> {
  const kit = reconcilerKit();
  kit.azure.managedClusters.seed(CLUSTER_ID, {
    location: 'eastus',
    kubernetesVersion: '1.33',
    agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
  });
  kit.clusters.put(
    managedCluster({
      status: {
        azureResourceID: CLUSTER_ID,
        currentKubernetesVersion: '1.33',
        provisioningState: 'Succeeded',
        powerState: 'Running',
        conditions: [CLUSTER_RUNNING],
      },
    }),
  );
  kit.pools.put(nodePool({}));
  const r = new NodePoolReconciler({
    ctx: kit.ctx,
    pools: kit.pools,
    clusters: kit.clusters,
    objects: kit.pools.client(),
    statusWriter: new StatusWriter(kit.pools.client()),
    nodes: new FixedNodes(),
  });
  for (let i = 0; i < 10 && getCondition(current(kit).status?.conditions, 'Ready')?.status !== 'True'; i++) {
    await r.reconcile(KEY, signal);
  }
  // What the agent pool DELETE options were, call by call.
  const options: unknown[] = [];
  const pools = kit.azure.agentPools;
  const original = pools.delete.bind(pools);
  pools.delete = (id, opts) => {
    options.push({ ignorePodDisruptionBudget: opts?.ignorePodDisruptionBudget });
    return original(id, opts);
  };
  kit.pools.put({ ...current(kit), metadata: { ...current(kit).metadata, deletionTimestamp: new Date() } });
  return { kit, r, options };
}

const pdbBlocked = () =>
  new OperationFailedError(`cannot delete agent pool user1: PodDrainFailure: ${BLOCKED}`, {
    reason: 'PodDrainFailure',
  });

describe('blockedDeleteBackoffMs', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [5, 960_000],
    [6, DELETE_BLOCKED_BACKOFF.maxMs],
    [1000, DELETE_BLOCKED_BACKOFF.maxMs],
  ])('waits %i blocked DELETEs in a row out for %i ms', (attempts, ms) => {
    expect(blockedDeleteBackoffMs(attempts)).toBe(ms);
  });
});

describe('a pool DELETE blocked by a PodDisruptionBudget', () => {
  it('names the pod and PDB, does not DELETE again before the backoff, and doubles it per blocked DELETE', async () => {
    const { kit, r } = await deletingPool();
    kit.azure.state.failNextOperation('agentPool.delete', pdbBlocked());
    kit.azure.state.failNextOperation('agentPool.delete', pdbBlocked());
    await r.reconcile(KEY, signal); // DELETE started
    await r.reconcile(KEY, signal); // still running
    const result = await r.reconcile(KEY, signal); // the operation ended Failed
    expect(result).toEqual({ requeueAfterMs: 60_000 });
    const np = current(kit);
    expect(getCondition(np.status?.conditions, 'DrainBlocked')).toMatchObject({
      status: 'True',
      reason: 'DeleteBlockedByPodDisruptionBudget',
    });
    expect(getCondition(np.status?.conditions, 'Reconciling')?.message).toContain(
      'PodDisruptionBudget shop/api-pdb refused the eviction of pod shop/api-0',
    );
    expect(np.status?.deletion).toMatchObject({
      blockedAttempts: 1,
      blockedBy: [
        { kind: 'Pod', namespace: 'shop', name: 'api-0' },
        { kind: 'PodDisruptionBudget', namespace: 'shop', name: 'api-pdb' },
      ],
    });
    expect(kit.events.events.filter((e) => e.type === 'Warning').map((e) => e.reason)).toEqual([
      'DeleteBlockedByPodDisruptionBudget',
    ]);

    for (let i = 0; i < 5; i++) await r.reconcile(KEY, signal);
    await kit.clock.advance(59_000);
    await r.reconcile(KEY, signal);
    expect(deletes(kit)).toBe(1);

    await kit.clock.advance(1_000);
    await r.reconcile(KEY, signal); // second DELETE
    expect(deletes(kit)).toBe(2);
    await r.reconcile(KEY, signal);
    expect(await r.reconcile(KEY, signal)).toEqual({ requeueAfterMs: 120_000 });
    expect(current(kit).status?.deletion?.blockedAttempts).toBe(2);
    expect(current(kit)).toBeDefined();
  });

  it('DELETEs at once ignoring PDBs when spec.deletion.ignorePodDisruptionBudget is set, then lets the object go', async () => {
    const { kit, r, options } = await deletingPool();
    kit.azure.state.failNextOperation('agentPool.delete', pdbBlocked());
    for (let i = 0; i < 3; i++) await r.reconcile(KEY, signal);
    expect(current(kit).status?.deletion?.blockedAttempts).toBe(1);
    const np = current(kit);
    kit.pools.put({
      ...np,
      metadata: { ...np.metadata, generation: (np.metadata.generation ?? 1) + 1 },
      spec: { ...np.spec, deletion: { ignorePodDisruptionBudget: true } },
    });
    for (let i = 0; i < 5 && kit.pools.get(KEY); i++) await r.reconcile(KEY, signal);
    expect(kit.pools.get(KEY)).toBeUndefined();
    expect(options).toEqual([{ ignorePodDisruptionBudget: false }, { ignorePodDisruptionBudget: true }]);
  });

  it('treats another failure of the DELETE as an error, not as a PDB block', async () => {
    const { kit, r } = await deletingPool();
    kit.azure.state.failNextOperation(
      'agentPool.delete',
      new OperationFailedError('cannot delete agent pool user1: InternalOperationError: boom', {
        reason: 'InternalOperationError',
      }),
    );
    await r.reconcile(KEY, signal);
    await r.reconcile(KEY, signal);
    await expect(r.reconcile(KEY, signal)).rejects.toThrow(/InternalOperationError/);
    expect(current(kit).status?.deletion).toBeUndefined();
  });
});
