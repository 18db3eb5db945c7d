import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterStatus, NodePool } from '../../api/index.js';
import { POOL_LISTING_TTL_MS } from '../../azure/index.js';
import { getCondition, InvalidSpecError, StatusWriter } from '../../runtime/index.js';
import type { NodeCounts, WorkloadNodes } from '../shared/workload-nodes.js';
import { managedCluster, nodePool, TEST_SUBSCRIPTION, CLUSTER_RUNNING } from '../testing/objects.js';
import { POLL_MS, reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { NodePoolReconciler } from './reconciler.js';

const KEY = { namespace: 'team-a', name: 'user1' };
const CLUSTER_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
const POOL_ID = `${CLUSTER_ID}/agentPools/user1`;
const signal = new AbortController().signal;

const provisioned: ManagedClusterStatus = {
  azureResourceID: CLUSTER_ID,
  currentKubernetesVersion: '1.33',
  provisioningState: 'Succeeded',
  powerState: 'Running',
  conditions: [CLUSTER_RUNNING],
};

class FixedNodes implements WorkloadNodes {
  counts: NodeCounts | undefined = { total: 2, ready: 2 };
  async countPoolNodes(): Promise<NodeCounts | undefined> {
    return this.counts;
  }
}

function setup(pool: Parameters<typeof nodePool>[0] = {}, status: ManagedClusterStatus = provisioned) {
  const kit = reconcilerKit();
  kit.azure.managedClusters.seed(CLUSTER_ID, {
    location: 'eastus',
    kubernetesVersion: '1.33',
    agentPoolProfiles: [
      {
        name: 'system',
        mode: 'System',
        count: 1,
        vmSize: 'Standard_D4s_v3',
        // The cluster created it, and hands it over to a System NodePool of its name.
        tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-a/c1' },
      },
    ],
  });
  kit.clusters.put(managedCluster({ status }));
  kit.pools.put(nodePool(pool));
  const nodes = new FixedNodes();
  const r = new NodePoolReconciler({
    ctx: kit.ctx,
    pools: kit.pools,
    clusters: kit.clusters,
    objects: kit.pools.client(),
    statusWriter: new StatusWriter(kit.pools.client()),
    nodes,
  });
  kit.azure.state.calls.length = 0;
  return { kit, r, nodes };
}

const current = (kit: ReconcilerKit): NodePool => kit.pools.get(KEY) as NodePool;
const condition = (kit: ReconcilerKit, type: string) => getCondition(current(kit).status?.conditions, type);

async function untilReady(kit: ReconcilerKit, r: NodePoolReconciler): Promise<void> {
  for (let i = 0; i < 10 && condition(kit, 'Ready')?.status !== 'True'; i++) await r.reconcile(KEY, signal);
  expect(condition(kit, 'Ready')).toMatchObject({ status: 'True' });
}

function changeSpec(kit: ReconcilerKit, spec: Partial<NodePool['spec']>): void {
  const np = current(kit);
  kit.pools.put({
    ...np,
    metadata: { ...np.metadata, generation: (np.metadata.generation ?? 1) + 1 },
    spec: { ...np.spec, ...spec },
  });
}

describe('NodePoolReconciler', () => {
  it('waits for its cluster without calling Azure', async () => {
    const { kit, r } = setup({}, {});
    await r.reconcile(KEY, signal);
    expect(kit.calls()).toEqual([]);
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'WaitingForCluster' });
  });

  it('takes turns with a sibling pool whose operation runs, without calling Azure meanwhile', async () => {
    const { kit, r } = setup();
    kit.pools.put(
      nodePool({
        name: 'user2',
        status: {
          lastOperation: {
            type: 'Create',
            startedAt: '2026-01-01T00:00:00Z',
            result: 'InProgress',
            generation: 1,
          },
        },
      }),
    );
    await r.reconcile(KEY, signal);
    expect(kit.calls()).toEqual([]);
    expect(condition(kit, 'Reconciling')?.message).toMatch(
      /NodePool user2 on cluster c1 .*AKS runs one at a time/,
    );
  });

  it('lists its cluster once for all its new pools, and reads none of them before creating it', async () => {
    const { kit, r } = setup();
    const names = ['user1', 'user2', 'user3'];
    kit.pools.put(nodePool({ name: 'system', spec: { mode: 'System', azureName: 'system', count: 1 } }));
    for (const name of names.slice(1)) kit.pools.put(nodePool({ name, spec: { azureName: name } }));
    const keys = ['system', ...names].map((name) => ({ namespace: 'team-a', name }));
    const isReady = (key: typeof KEY) =>
      getCondition(kit.pools.get(key)?.status?.conditions, 'Ready')?.status === 'True';
    for (let i = 0; i < 20 && !keys.every(isReady); i++) {
      for (const key of keys) await r.reconcile(key, signal);
      await kit.clock.advance(POLL_MS);
    }
    expect(keys.every(isReady)).toBe(true);
    expect(kit.azure.state.callsOf('agentPools.list')).toHaveLength(1);
    const calls = kit.azure.state.callsOf();
    for (const name of names) {
      const id = `${CLUSTER_ID}/agentPools/${name}`;
      const created = calls.findIndex((c) => c.operation === 'agentPools.put' && c.id === id);
      expect(created).toBeGreaterThan(-1);
      expect(calls.slice(0, created).filter((c) => c.id === id)).toEqual([]);
    }
  });

  it('reads no pool it has never seen while a sibling has the turn its status does not show yet', async () => {
    const { kit, r } = setup();
    const other = { namespace: 'team-a', name: 'user2' };
    kit.pools.put(nodePool({ name: 'user2', spec: { azureName: 'user2' } }));
    for (const key of [KEY, other]) await r.reconcile(key, signal);
    await kit.clock.advance(POLL_MS);
    const beforeCreate = structuredClone(current(kit));
    await r.reconcile(KEY, signal);
    expect(kit.writes()).toEqual(['agentPools.put']);
    await r.reconcile(other, signal);
    // The cache has not yet shown user1's operation, and the listing both read has expired.
    kit.pools.put(beforeCreate);
    await kit.clock.advance(POOL_LISTING_TTL_MS - POLL_MS);
    const calls = kit.calls().length;
    await r.reconcile(other, signal);
    expect(kit.calls().slice(calls)).toEqual([]);
    expect(getCondition(kit.pools.get(other)?.status?.conditions, 'Reconciling')?.message).toMatch(
      /NodePool user1 on cluster c1/,
    );
  });

  it('creates the pool and reports node counts from the workload cluster', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    expect(kit.writes()).toEqual(['agentPools.put']);
    expect(current(kit).status).toMatchObject({
      nodes: { desired: 2, ready: 2 },
      provisioningState: 'Succeeded',
    });
  });

  it('observes a finished create in the pool the operation ended with, never reading the pool from Azure', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    expect(kit.writes()).toEqual(['agentPools.put']);
    expect(kit.calls().filter((c) => c === 'agentPools.get')).toEqual([]);
    expect(current(kit).status).toMatchObject({ provisioningState: 'Succeeded', azureResourceID: POOL_ID });
  });

  it('observes a finished scale in the pool the operation ended with, reading the pool only before scaling', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    const gets = kit.calls().filter((c) => c === 'agentPools.get').length;
    changeSpec(kit, { count: 4 });
    await r.reconcile(KEY, signal);
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Scale', generation: 2 });
    for (let i = 0; i < 10 && current(kit).status?.lastOperation?.result !== 'Succeeded'; i++) {
      await kit.clock.advance(POLL_MS);
      await r.reconcile(KEY, signal);
    }
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Scale', result: 'Succeeded' });
    expect(kit.calls().filter((c) => c === 'agentPools.get')).toHaveLength(gets + 1);
    expect(current(kit).status).toMatchObject({ provisioningState: 'Succeeded', nodes: { desired: 4 } });
  });

  it('reports Running once the pool runs, and a pool stopped by its spec as Ready but not Running', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    expect(condition(kit, 'Running')).toMatchObject({ status: 'True', reason: 'PoolRunning' });
    changeSpec(kit, { powerState: 'Stopped' });
    await r.reconcile(KEY, signal);
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Stop', result: 'InProgress' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'Stopping' });
    await untilReady(kit, r);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'PoolStopped' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'False' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'PoolStopped' });
  });

  type ClusterState = { ready: string; running: string };
  const STOPPING: ClusterState = { ready: 'Stopping', running: 'Stopping' };
  const STOPPED_AS_ASKED: ClusterState = { ready: 'ClusterStopped', running: 'ClusterStopped' };
  // Stopped in Azure while its spec says Running: the cluster is being started.
  const STOPPED_AGAINST_SPEC: ClusterState = { ready: 'Starting', running: 'ClusterStopped' };
  it.each<[string, ClusterState[], boolean, 'True' | 'False']>([
    [
      'stays Ready while its cluster stops and is stopped as asked',
      [STOPPING, STOPPED_AS_ASKED],
      false,
      'True',
    ],
    [
      'reads its cluster as stopped, in Ready and Running, while the cluster stops',
      [STOPPING],
      false,
      'True',
    ],
    ['stays Ready in a cluster found stopped as asked', [STOPPED_AS_ASKED], false, 'True'],
    ['is not Ready when its spec changed while the cluster is stopped', [STOPPED_AS_ASKED], true, 'False'],
    ['is not Ready while its cluster is stopped against its spec', [STOPPED_AGAINST_SPEC], false, 'False'],
  ])('%s', async (_what, states, isSpecChanged, ready) => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    const at = '2026-01-01T00:00:00Z';
    if (isSpecChanged) changeSpec(kit, { count: 3 });
    const writes = kit.writes().length;
    for (const state of states) {
      const cluster = kit.clusters.get({ namespace: 'team-a', name: 'c1' });
      kit.clusters.put({
        ...cluster!,
        status: {
          ...provisioned,
          powerState: 'Stopped',
          conditions: [
            { type: 'Ready', status: 'False', reason: state.ready, message: '', lastTransitionTime: at },
            { type: 'Running', status: 'False', reason: state.running, message: '', lastTransitionTime: at },
          ],
        },
      });
      await r.reconcile(KEY, signal);
    }
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'Ready')).toMatchObject({ status: ready, reason: 'ClusterStopped' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'False' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
  });

  it('stays Ready when Azure marks it Stopping before its cluster records the stop it asked for', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    const writes = kit.writes().length;
    // AKS stopping the cluster: every pool is Stopping, while the cluster's status still says it runs.
    Object.assign(kit.azure.state.get<Arm.AgentPool>(POOL_ID) ?? {}, { provisioningState: 'Stopping' });
    await r.reconcile(KEY, signal);
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'OperationInProgress' });
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True' });
    const at = '2026-01-01T00:00:00Z';
    const cluster = kit.clusters.get({ namespace: 'team-a', name: 'c1' });
    kit.clusters.put({
      ...cluster!,
      status: {
        ...provisioned,
        powerState: 'Stopped',
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ClusterStopped', message: '', lastTransitionTime: at },
          { type: 'Running', status: 'False', reason: 'ClusterStopped', message: '', lastTransitionTime: at },
        ],
      },
    });
    await r.reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterStopped' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'False' });
  });

  it('is not Ready while Azure scales it outside the operator', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    Object.assign(kit.azure.state.get<Arm.AgentPool>(POOL_ID) ?? {}, { provisioningState: 'Scaling' });
    await r.reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False', reason: 'OperationInProgress' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'OperationInProgress' });
  });

  // Passes that only wait, each started and ended as the world would: the cluster busy with its own
  // operation, a sibling pool's operation, and a scale Azure runs that the operator did not start.
  type Wait = { begin(kit: ReconcilerKit): void; end(kit: ReconcilerKit): void };
  const busyOperation = {
    type: 'Update',
    startedAt: '2026-01-01T00:00:00Z',
    result: 'InProgress',
    generation: 1,
  } as const;
  const setClusterStatus = (kit: ReconcilerKit, status: ManagedClusterStatus) => {
    const cluster = kit.clusters.get({ namespace: 'team-a', name: 'c1' });
    kit.clusters.put({ ...cluster!, status });
  };
  const azurePool = (kit: ReconcilerKit) => kit.azure.state.get<Arm.AgentPool>(POOL_ID) as Arm.AgentPool;
  const WAITS: [string, Wait][] = [
    [
      'its cluster is busy',
      {
        begin: (kit) => setClusterStatus(kit, { ...provisioned, lastOperation: busyOperation }),
        end: (kit) => setClusterStatus(kit, provisioned),
      },
    ],
    [
      'a sibling pool is busy',
      {
        begin: (kit) => kit.pools.put(nodePool({ name: 'user2', status: { lastOperation: busyOperation } })),
        end: (kit) =>
          kit.pools.put(
            nodePool({ name: 'user2', status: { lastOperation: { ...busyOperation, result: 'Succeeded' } } }),
          ),
      },
    ],
    [
      'Azure runs a scale the operator did not start',
      {
        begin: (kit) => Object.assign(azurePool(kit), { provisioningState: 'Scaling' }),
        end: (kit) => Object.assign(azurePool(kit), { provisioningState: 'Succeeded' }),
      },
    ],
  ];

  it.each(WAITS)('keeps the record of its applied generation while %s', async (_what, wait) => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    expect(current(kit).status?.appliedGeneration).toBe(1);
    wait.begin(kit);
    await r.reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False' });
    expect(current(kit).status?.appliedGeneration).toBe(1);
  });

  it.each(WAITS)(
    'only reports a count changed outside the operator under driftPolicy Report after it waited because %s',
    async (_what, wait) => {
      const { kit, r } = setup({ annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' } });
      await untilReady(kit, r);
      const writes = kit.writes().length;
      wait.begin(kit);
      await r.reconcile(KEY, signal);
      expect(condition(kit, 'Ready')).toMatchObject({ status: 'False' });
      azurePool(kit).count = 5;
      wait.end(kit);
      await r.reconcile(KEY, signal);
      expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'True', reason: 'DriftFound' });
      expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'DriftFound' });
      expect(current(kit).status?.drift).toEqual(['spec.count']);
      expect(kit.writes()).toHaveLength(writes);
      expect(azurePool(kit).count).toBe(5);
    },
  );

  it('records a new generation as applied only once Azure matches it', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    changeSpec(kit, { count: 4 });
    await r.reconcile(KEY, signal);
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Scale', result: 'InProgress' });
    expect(current(kit).status?.appliedGeneration).toBe(1);
    await untilReady(kit, r);
    expect(current(kit).status?.appliedGeneration).toBe(2);
  });

  it('waits for its cluster to run before any Azure call while the cluster starts', async () => {
    const at = '2026-01-01T00:00:00Z';
    const { kit, r } = setup(
      {},
      {
        ...provisioned,
        conditions: [
          { type: 'Running', status: 'False', reason: 'Starting', message: '', lastTransitionTime: at },
        ],
      },
    );
    await r.reconcile(KEY, signal);
    expect(kit.calls()).toEqual([]);
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'WaitingForCluster' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'WaitingForCluster' });
  });

  it('scales when the spec count changes', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    changeSpec(kit, { count: 4 });
    await r.reconcile(KEY, signal);
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Scale', generation: 2 });
    await untilReady(kit, r);
    expect(kit.azure.state.get<Arm.AgentPool>(POOL_ID)?.count).toBe(4);
  });

  it('reverts a count scaled outside the operator', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    (kit.azure.state.get<Arm.AgentPool>(POOL_ID) as Arm.AgentPool).count = 7;
    await r.reconcile(KEY, signal);
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'True', reason: 'RevertingDrift' });
    await untilReady(kit, r);
    expect(kit.azure.state.get<Arm.AgentPool>(POOL_ID)?.count).toBe(2);
  });

  it('never fights the autoscaler over the count', async () => {
    const { kit, r } = setup({ spec: { count: 2, autoscaling: { minCount: 1, maxCount: 9 } } });
    await untilReady(kit, r);
    const writes = kit.writes().length;
    (kit.azure.state.get<Arm.AgentPool>(POOL_ID) as Arm.AgentPool).count = 8;
    await r.reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'False' });
  });

  it('waits for the control plane before an upgrade, then upgrades', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    changeSpec(kit, { orchestratorVersion: '1.34' });
    const writes = kit.writes().length;
    await r.reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'Reconciling')).toMatchObject({ reason: 'WaitingForControlPlane' });
    const mc = kit.clusters.get({ namespace: 'team-a', name: 'c1' });
    if (mc) kit.clusters.put({ ...mc, status: { ...provisioned, currentKubernetesVersion: '1.34.2' } });
    await r.reconcile(KEY, signal);
    expect(current(kit).status?.lastOperation).toMatchObject({ type: 'Upgrade' });
  });

  it('stalls on an ephemeral OS disk too big for the VM cache without any Azure call', async () => {
    const { kit, r } = setup({
      spec: { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 },
    });
    await expect(r.reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
    expect(kit.calls()).toEqual([]);
    expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'VMCacheSizeTooSmall' });
  });

  it('refuses to delete the last System pool of a running cluster', async () => {
    const { kit, r } = setup({ name: 'system', spec: { mode: 'System', count: 1 } });
    const key = { namespace: 'team-a', name: 'system' };
    for (let i = 0; i < 5; i++) await r.reconcile(key, signal);
    const np = kit.pools.get(key) as NodePool;
    kit.pools.put({ ...np, metadata: { ...np.metadata, deletionTimestamp: new Date() } });
    await expect(r.reconcile(key, signal)).rejects.toThrow(/last System pool/);
    expect(kit.writes()).not.toContain('agentPools.delete');
    expect(getCondition(kit.pools.get(key)?.status?.conditions, 'Stalled')).toMatchObject({
      reason: 'LastSystemPool',
    });
  });

  it('deletes a User pool in Azure and then drops the finalizer', async () => {
    const { kit, r } = setup();
    await untilReady(kit, r);
    kit.pools.put({ ...current(kit), metadata: { ...current(kit).metadata, deletionTimestamp: new Date() } });
    for (let i = 0; i < 5 && kit.pools.get(KEY); i++) await r.reconcile(KEY, signal);
    expect(kit.pools.get(KEY)).toBeUndefined();
    expect(kit.writes()).toContain('agentPools.delete');
  });

  describe('ownership', () => {
    it('tags the pool it creates with its owner and creates only if absent', async () => {
      const { kit, r } = setup();
      await untilReady(kit, r);
      expect(kit.azure.state.get<Arm.AgentPool>(POOL_ID)?.tags).toEqual({
        'aks-lifecycle-owner': 'NodePool/team-a/user1',
        'aks-lifecycle-owner-uid': 'uid-user1',
      });
      expect(current(kit).metadata.annotations?.['aks.lifecycle.dev/azure-resource-id']).toBe(POOL_ID);
    });

    it('stalls AlreadyExists on an untagged pool of its name in a cluster the operator created', async () => {
      const { kit, r } = setup();
      kit.azure.agentPools.seed(POOL_ID, { vmSize: 'Standard_D4s_v3', count: 5, mode: 'User' });
      await expect(r.reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
      expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'AlreadyExists' });
      expect(kit.writes()).toEqual([]);
    });

    it('never takes the System pool for a User NodePool that names it', async () => {
      const { kit, r } = setup({ name: 'user1', spec: { azureName: 'system' } });
      await expect(r.reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
      expect(condition(kit, 'Stalled')).toMatchObject({ reason: 'OwnedByAnotherObject' });
      expect(kit.writes()).toEqual([]);
    });

    it('adopts an untagged pool of an adopted cluster without a write, and keeps it on delete', async () => {
      const { kit, r } = setup();
      const cluster = kit.clusters.get({ namespace: 'team-a', name: 'c1' });
      kit.clusters.put({ ...cluster!, spec: { ...cluster!.spec, adoption: { resourceID: CLUSTER_ID } } });
      kit.azure.agentPools.seed(POOL_ID, {
        vmSize: 'Standard_D4s_v3',
        count: 2,
        mode: 'User',
        provisioningState: 'Succeeded',
      });
      changeSpec(kit, { count: undefined });
      await untilReady(kit, r);
      expect(kit.writes()).toEqual([]);
      expect(current(kit).metadata.annotations?.['aks.lifecycle.dev/adopted']).toBe('true');
      expect(current(kit).status?.deletionPolicy).toBe('Orphan');
      kit.pools.put({
        ...current(kit),
        metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
      });
      for (let i = 0; i < 3 && kit.pools.get(KEY); i++) await r.reconcile(KEY, signal);
      expect(kit.pools.get(KEY)).toBeUndefined();
      expect(kit.writes()).toEqual([]);
    });
  });
});
