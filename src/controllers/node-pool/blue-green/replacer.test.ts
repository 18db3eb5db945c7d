import type * as Arm from '@azure/arm-containerservice';
import type { V1Node } from '@kubernetes/client-node';
import { Annotation, AzureTag, type NodePool, type NodePoolSnapshot } from '../../../api/index.js';
import { ArmBlockedError } from '../../../azure/index.js';
import { FakeDrainCluster, makeNode, makePod } from '../../../drain/testing/fake-drain-cluster.js';
import {
  getCondition,
  OperationInProgressError,
  StatusWriter,
  TransientError,
} from '../../../runtime/index.js';
import { AGENT_POOL_LABEL } from '../../shared/workload-nodes.js';
import type { SnapshotLookup } from '../../shared/snapshot-ref.js';
import { managedCluster, nodePool, TEST_SUBSCRIPTION, CLUSTER_RUNNING } from '../../testing/objects.js';
import { POLL_MS, reconcilerKit, type ReconcilerKit } from '../../testing/reconciler-kit.js';
import { DRAINED_AT_ANNOTATION } from './drain.js';
import { MOVED_WORKLOADS_ANNOTATION } from './serving.js';
import type { PoolWorkload, PoolWorkloads, Replicas } from './workload.js';
import { NodePoolReconciler } from '../reconciler.js';

const KEY = { namespace: 'team-a', name: 'user1' };
const CLUSTER_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
const OLD_ID = `${CLUSTER_ID}/agentPools/user1`;
const TWIN_ID = `${CLUSTER_ID}/agentPools/user1b`;
const signal = new AbortController().signal;

/** A workload cluster whose pools have as many Ready nodes as Azure's count, each running one replica. */
class FakeWorkload implements PoolWorkloads {
  readonly cluster = new FakeDrainCluster();
  /** Replicas of Deployment shop/api, the controller of every pod here (through ReplicaSet rs). */
  api: Replicas = { desired: 2, ready: 2 };
  /** Replicas read when the old pool was deleted. */
  readonly apiAtDelete: Replicas[] = [];

  constructor(private readonly kit: ReconcilerKit) {
    this.cluster.addOwner('shop', 'ReplicaSet', 'rs');
  }

  async open(): Promise<PoolWorkload> {
    return {
      drain: this.cluster,
      poolNodes: async (pool) => this.poolNodes(pool),
      workloadOf: async (pod) =>
        pod.metadata?.ownerReferences?.[0]?.kind === 'ReplicaSet'
          ? { kind: 'Deployment', namespace: pod.metadata.namespace ?? '', name: 'api' }
          : undefined,
      replicas: async (ref) => (ref.name === 'api' ? { ...this.api } : undefined),
    };
  }

  private poolNodes(pool: string): V1Node[] {
    const azure = this.kit.azure.state.get<Arm.AgentPool>(`${CLUSTER_ID}/agentPools/${pool}`);
    for (let i = 0; i < (azure?.count ?? 0); i++) {
      const name = `${pool}-${i}`;
      if (this.cluster.nodes.has(name)) continue;
      const node = makeNode(name);
      node.metadata = { ...node.metadata, labels: { [AGENT_POOL_LABEL]: pool } };
      this.cluster.addNode(node);
      if (pool === 'user1') this.cluster.addPod(makePod(`api-${i}`, { node: name }));
    }
    return [...this.cluster.nodes.values()].filter((n) => n.metadata?.labels?.[AGENT_POOL_LABEL] === pool);
  }
}

function setup(spec: Partial<NodePool['spec']> = {}, snapshots?: SnapshotLookup) {
  const kit = reconcilerKit();
  kit.azure.managedClusters.seed(CLUSTER_ID, {
    location: 'eastus',
    kubernetesVersion: '1.34',
    agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
  });
  kit.clusters.put(
    managedCluster({
      status: {
        azureResourceID: CLUSTER_ID,
        currentKubernetesVersion: '1.34.2',
        provisioningState: 'Succeeded',
        powerState: 'Running',
        conditions: [CLUSTER_RUNNING],
      },
    }),
  );
  kit.pools.put(
    nodePool({ spec: { count: 2, orchestratorVersion: '1.33', upgradeStrategy: 'BlueGreen', ...spec } }),
  );
  const workload = new FakeWorkload(kit);
  const r = new NodePoolReconciler({
    ctx: kit.ctx,
    pools: kit.pools,
    clusters: kit.clusters,
    objects: kit.pools.client(),
    statusWriter: new StatusWriter(kit.pools.client()),
    workload,
    ...(snapshots ? { snapshots } : {}),
  });
  return { kit, r, workload };
}

const current = (kit: ReconcilerKit): NodePool => kit.pools.get(KEY) as NodePool;
const isReady = (kit: ReconcilerKit): boolean =>
  getCondition(current(kit).status?.conditions, 'Ready')?.status === 'True';

/** Reconciles (the kubelet finishing terminations and time passing between passes) until `until` holds. */
async function run(kit: ReconcilerKit, r: NodePoolReconciler, workload: FakeWorkload, until: () => boolean) {
  const phases: string[] = [];
  for (let i = 0; i < 60 && !until(); i++) {
    await r.reconcile(KEY, signal);
    const phase = current(kit).status?.blueGreen?.phase;
    if (phase && phases[phases.length - 1] !== phase) phases.push(phase);
    workload.cluster.finishTerminating();
    await kit.clock.advance(POLL_MS);
  }
  expect(until()).toBe(true);
  return phases;
}

function upgradeTo(kit: ReconcilerKit, version: string): void {
  const np = current(kit);
  kit.pools.put({
    ...np,
    metadata: { ...np.metadata, generation: (np.metadata.generation ?? 1) + 1 },
    spec: { ...np.spec, orchestratorVersion: version },
  });
}

describe('NodePoolReconciler blue/green', () => {
  it('replaces the pool step by step and then serves, and deletes, the twin', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    const calls = kit.azure.state.callsOf().length;
    const phases = await run(
      kit,
      r,
      workload,
      () => isReady(kit) && current(kit).status?.activePoolName === 'user1b',
    );
    expect(phases).toEqual(['CreatingTwin', 'WaitingForTwin', 'Cordoning', 'Draining', 'DeletingOld']);
    const writes = kit.azure.state
      .callsOf()
      .slice(calls)
      .filter((c) => c.operation === 'agentPools.put' || c.operation === 'agentPools.delete')
      .map((c) => `${c.operation} ${c.id.split('/').pop() ?? ''}`);
    // The old pool is never upgraded in place: one twin create, one delete of the old pool, then the
    // twin's tags name it the active pool.
    expect(writes).toEqual(['agentPools.put user1b', 'agentPools.delete user1', 'agentPools.put user1b']);
    expect(kit.azure.state.get<Arm.AgentPool>(TWIN_ID)?.tags).toMatchObject({
      [AzureTag.ActivePool]: 'user1b',
    });
    expect(kit.azure.state.get<Arm.AgentPool>(OLD_ID)).toBeUndefined();
    expect(kit.azure.state.get<Arm.AgentPool>(TWIN_ID)).toMatchObject({
      orchestratorVersion: '1.34',
      count: 2,
    });
    expect(workload.cluster.evictions.map((e) => e.pod).sort()).toEqual(['shop/api-0', 'shop/api-1']);
    expect(workload.cluster.calls.deletePod).toBe(0);
    const status = current(kit).status;
    expect(status?.blueGreen).toBeUndefined();
    expect(status?.upgrade).toMatchObject({ phase: 'Succeeded', targetVersion: '1.34' });
    expect(status?.azureResourceID?.toLowerCase()).toBe(TWIN_ID.toLowerCase());

    kit.pools.put({ ...current(kit), metadata: { ...current(kit).metadata, deletionTimestamp: new Date() } });
    for (let i = 0; i < 10 && kit.pools.get(KEY); i++) {
      await r.reconcile(KEY, signal);
      await kit.clock.advance(POLL_MS);
    }
    expect(kit.pools.get(KEY)).toBeUndefined();
    expect(kit.azure.state.get<Arm.AgentPool>(TWIN_ID)).toBeUndefined();
  });

  it('soaks batchSoakDurationInMinutes after a drained node before the next one starts', async () => {
    const blueGreen = {
      preScale: true,
      drainBatchSize: 1,
      drainTimeoutInMinutes: 30,
      batchSoakDurationInMinutes: 10,
      onDrainTimeout: 'Wait' as const,
    };
    const { kit, r, workload } = setup({ blueGreen });
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    const drainedAt = (): string | undefined =>
      workload.cluster.nodes.get('user1-0')?.metadata?.annotations?.[DRAINED_AT_ANNOTATION];
    await run(kit, r, workload, () => drainedAt() !== undefined);
    for (let i = 0; i < 5; i++) {
      await r.reconcile(KEY, signal);
      await kit.clock.advance(POLL_MS);
    }
    expect(workload.cluster.evictions.map((e) => e.pod)).toEqual(['shop/api-0']);
    expect(current(kit).status?.upgrade?.step).toMatch(/soaking/);
    await kit.clock.advance(10 * 60_000);
    await run(kit, r, workload, () => current(kit).status?.activePoolName === 'user1b');
    expect(workload.cluster.evictions.map((e) => e.pod)).toEqual(['shop/api-0', 'shop/api-1']);
  });

  it('keeps the old pool until the moved workload is back at its Ready replicas, then deletes it', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    expect(workload.cluster.nodes.get('user1-0')?.metadata?.annotations?.[MOVED_WORKLOADS_ANNOTATION]).toBe(
      'Deployment/shop/api',
    );
    workload.api = { desired: 2, ready: 1 };
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'DeletingOld');
    for (let i = 0; i < 5; i++) {
      await r.reconcile(KEY, signal);
      await kit.clock.advance(POLL_MS);
    }
    expect(kit.writes()).not.toContain('agentPools.delete');
    expect(kit.azure.state.get<Arm.AgentPool>(OLD_ID)).toBeDefined();
    expect(current(kit).status?.upgrade?.step).toMatch(/Deployment shop\/api \(1 of 2 Ready\)/);

    workload.api = { desired: 2, ready: 2 };
    await run(kit, r, workload, () => current(kit).status?.activePoolName === 'user1b');
    expect(kit.writes().filter((w) => w === 'agentPools.delete')).toHaveLength(1);
  });

  it('stalls instead of deleting when the moved workload stays short past the drain timeout', async () => {
    const blueGreen = {
      preScale: true,
      drainBatchSize: 1,
      drainTimeoutInMinutes: 5,
      batchSoakDurationInMinutes: 0,
      onDrainTimeout: 'Wait' as const,
    };
    const { kit, r, workload } = setup({ blueGreen });
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    workload.api = { desired: 2, ready: 0 };
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'DeletingOld');
    await kit.clock.advance(6 * 60_000);
    await r.reconcile(KEY, signal);
    expect(getCondition(current(kit).status?.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'ReplacementNotServing',
    });
    expect(current(kit).status?.upgrade?.phase).toBe('Blocked');
    expect(kit.writes()).not.toContain('agentPools.delete');
  });

  it('rolls back on the abort annotation while draining: old nodes uncordoned and unmarked, twin drained and deleted, no new replacement', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    await run(kit, r, workload, () =>
      [...workload.cluster.nodes.values()].some((n) => n.metadata?.annotations?.[DRAINED_AT_ANNOTATION]),
    );
    const np = current(kit);
    kit.pools.put({
      ...np,
      metadata: { ...np.metadata, annotations: { [Annotation.AbortReplacement]: 'alice' } },
    });
    const phases = await run(kit, r, workload, () => current(kit).status?.upgrade?.phase === 'RolledBack');
    expect(phases).toEqual(['Draining', 'RollingBack', 'DeletingTwin']);
    expect(current(kit).status?.blueGreen).toBeUndefined();
    expect(current(kit).status?.activePoolName ?? 'user1').toBe('user1');
    expect(kit.azure.state.get(TWIN_ID)).toBeUndefined();
    expect(kit.azure.state.get(OLD_ID)).toBeDefined();
    expect(kit.writes().filter((w) => w === 'agentPools.delete')).toHaveLength(1);
    for (const name of ['user1-0', 'user1-1']) {
      const node = workload.cluster.nodes.get(name);
      expect(node?.spec?.unschedulable).toBeFalsy();
      expect(node?.metadata?.annotations?.[DRAINED_AT_ANNOTATION]).toBeUndefined();
      expect(node?.metadata?.annotations?.[MOVED_WORKLOADS_ANNOTATION]).toBeUndefined();
    }
    // The spec still asks 1.34: while the annotation stays no new replacement starts.
    const writes = kit.writes().length;
    for (let i = 0; i < 3; i++) await r.reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(getCondition(current(kit).status?.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'ReplacementHeld',
    });
    expect(current(kit).status?.upgrade?.phase).toBe('RolledBack');
  });

  it('uncordons the old nodes and stalls naming the error when the twin fails while draining', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    expect(workload.cluster.nodes.get('user1-0')?.spec?.unschedulable).toBe(true);
    const twin = kit.azure.state.get<Arm.AgentPool>(TWIN_ID);
    kit.azure.state.set(TWIN_ID, { ...twin, provisioningState: 'Failed' });
    await run(
      kit,
      r,
      workload,
      () => getCondition(current(kit).status?.conditions, 'Stalled')?.status === 'True',
    );
    const stalled = getCondition(current(kit).status?.conditions, 'Stalled');
    expect(stalled).toMatchObject({ reason: 'TwinFailed' });
    expect(stalled?.message).toContain('user1b');
    expect(current(kit).status?.blueGreen?.phase).toBe('RollingBack');
    expect(current(kit).status?.upgrade?.phase).toBe('Failed');
    for (const name of ['user1-0', 'user1-1'])
      expect(workload.cluster.nodes.get(name)?.spec?.unschedulable).toBeFalsy();
    expect(kit.writes()).not.toContain('agentPools.delete');
    // Stalled: more passes change nothing.
    const writes = kit.writes().length;
    for (let i = 0; i < 3; i++) await r.reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);

    // A retry annotation puts the twin again and the replacement finishes.
    kit.azure.state.set(TWIN_ID, { ...twin, provisioningState: 'Failed' });
    const np = current(kit);
    kit.pools.put({
      ...np,
      metadata: { ...np.metadata, annotations: { ...np.metadata.annotations, [Annotation.Retry]: '1' } },
    });
    await run(kit, r, workload, () => isReady(kit) && current(kit).status?.activePoolName === 'user1b');
    expect(kit.writes().filter((w) => w === 'agentPools.delete')).toHaveLength(1);
  });

  /** Asks a TwinFailed pool to try again, as a user would. */
  const askAgain: Record<string, (kit: ReconcilerKit) => void> = {
    'the retry annotation': (kit) => {
      const np = current(kit);
      kit.pools.put({
        ...np,
        metadata: { ...np.metadata, annotations: { ...np.metadata.annotations, [Annotation.Retry]: '1' } },
      });
    },
    'a spec change': (kit) => {
      const np = current(kit);
      kit.pools.put({
        ...np,
        metadata: { ...np.metadata, generation: (np.metadata.generation ?? 1) + 1 },
        spec: { ...np.spec, count: 3 },
      });
    },
  };

  it.each(Object.keys(askAgain))(
    'keeps a retry asked by %s whose twin PUT Azure refused as busy, and puts the twin again on the next pass',
    async (how) => {
      const { kit, r, workload } = setup();
      await run(kit, r, workload, () => isReady(kit));
      upgradeTo(kit, '1.34');
      await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
      const twin = kit.azure.state.get<Arm.AgentPool>(TWIN_ID);
      kit.azure.state.set(TWIN_ID, { ...twin, provisioningState: 'Failed' });
      await run(
        kit,
        r,
        workload,
        () => getCondition(current(kit).status?.conditions, 'Stalled')?.reason === 'TwinFailed',
      );

      // The retry's PUT meets another operation on the cluster: a wait, not an answer to the retry.
      kit.azure.state.rejectNext(
        'agentPools.put',
        new OperationInProgressError('another agentpool operation is in progress'),
      );
      askAgain[how]?.(kit);
      const puts = (): number => kit.writes().filter((w) => w === 'agentPools.put').length;
      const before = puts();
      await expect(r.reconcile(KEY, signal)).rejects.toThrow(OperationInProgressError);
      expect(puts()).toBe(before + 1);
      expect(getCondition(current(kit).status?.conditions, 'Stalled')?.status).toBe('False');
      // The pass after it (the poll interval later) puts the twin again instead of stalling once more.
      await kit.clock.advance(POLL_MS);
      expect(await r.reconcile(KEY, signal)).toEqual({ requeueAfterMs: POLL_MS });
      expect(puts()).toBe(before + 2);
      expect(current(kit).status?.blueGreen?.phase).toBe('CreatingTwin');
      await run(kit, r, workload, () => isReady(kit) && current(kit).status?.activePoolName === 'user1b');
    },
  );

  it('keeps a retry that waited for another pool of the cluster to take its turn, and puts the twin then', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    const twin = kit.azure.state.get<Arm.AgentPool>(TWIN_ID);
    kit.azure.state.set(TWIN_ID, { ...twin, provisioningState: 'Failed' });
    await run(
      kit,
      r,
      workload,
      () => getCondition(current(kit).status?.conditions, 'Stalled')?.reason === 'TwinFailed',
    );
    // Another pool of the cluster takes the cluster's turn: its create is refused for now, so it holds it.
    const other = { namespace: KEY.namespace, name: 'user2' };
    kit.pools.put(nodePool({ name: 'user2', spec: { count: 1 } }));
    kit.azure.state.rejectNext('agentPools.put', new TransientError('Azure answered 503'));
    const puts = (): number => kit.writes().filter((w) => w === 'agentPools.put').length;
    const before = puts();
    for (let i = 0; i < 5 && puts() === before; i++) await r.reconcile(other, signal).catch(() => undefined);
    expect(puts()).toBe(before + 1);

    askAgain['the retry annotation']?.(kit);
    expect(await r.reconcile(KEY, signal)).toEqual({ requeueAfterMs: POLL_MS });
    expect(puts()).toBe(before + 1);
    expect(current(kit).status?.blueGreen?.phase).toBe('RollingBack');
    // Once the other pool's turn is over, the retry puts the twin and the replacement completes.
    const isReplaced = (): boolean => isReady(kit) && current(kit).status?.activePoolName === 'user1b';
    for (let i = 0; i < 60 && !isReplaced(); i++) {
      await r.reconcile(other, signal).catch(() => undefined);
      await r.reconcile(KEY, signal).catch(() => undefined);
      workload.cluster.finishTerminating();
      await kit.clock.advance(POLL_MS);
    }
    expect(isReplaced()).toBe(true);
  });

  it('backs off when a resource lock refuses the twin, and replaces the pool once the lock is lifted', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    kit.azure.state.rejectNext(
      'agentPools.put',
      new ArmBlockedError(
        `cannot create or update agent pool user1b of cluster c1: ScopeLocked: the scope is locked`,
        {
          reason: 'ResourceLocked',
          code: 'ScopeLocked',
        },
      ),
    );
    const puts = (): number => kit.azure.state.callsOf('agentPools.put').length;
    const before = puts();
    let refused: unknown;
    for (let i = 0; i < 10 && puts() === before; i++) {
      await r.reconcile(KEY, signal).catch((err: unknown) => (refused = err));
      await kit.clock.advance(POLL_MS);
    }
    expect(refused).toBeInstanceOf(ArmBlockedError);
    expect(current(kit).status?.blueGreen?.phase).toBe('CreatingTwin');
    expect(getCondition(current(kit).status?.conditions, 'Stalled')).toMatchObject({
      reason: 'ResourceLocked',
    });
    const phases = await run(
      kit,
      r,
      workload,
      () => isReady(kit) && current(kit).status?.activePoolName === 'user1b',
    );
    expect(phases).not.toContain('RollingBack');
  });

  it('finds the active pool in Azure tags when status is lost, and creates no pool', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.activePoolName === 'user1b' && isReady(kit));
    const np = current(kit);
    kit.pools.put({ ...np, status: {} });
    const creates = (): number => kit.writes().filter((w) => w === 'agentPools.put').length;
    const before = creates();
    await run(kit, r, workload, () => isReady(kit));
    expect(current(kit).status?.activePoolName).toBe('user1b');
    expect(kit.azure.state.get<Arm.AgentPool>(OLD_ID)).toBeUndefined();
    expect(creates()).toBe(before);
  });

  it('resumes a replacement whose status was lost while draining', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    const np = current(kit);
    kit.pools.put({ ...np, status: {} });
    await run(kit, r, workload, () => isReady(kit) && current(kit).status?.activePoolName === 'user1b');
    const puts = kit.azure.state
      .callsOf()
      .filter((c) => c.operation === 'agentPools.put')
      .map((c) => c.id.split('/').pop());
    // user1 at creation, the twin once, and the twin's tag: no second twin, no new user1.
    expect(puts).toEqual(['user1', 'user1b', 'user1b']);
    expect(kit.azure.state.get<Arm.AgentPool>(OLD_ID)).toBeUndefined();
  });

  it('resumes a replacement whose status was lost while another pool of the cluster was busy', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    upgradeTo(kit, '1.34');
    await run(kit, r, workload, () => current(kit).status?.blueGreen?.phase === 'Draining');
    const running = { type: 'Update', startedAt: '2026-03-02T10:00:00Z', generation: 1 } as const;
    const sibling = nodePool({
      name: 'user2',
      status: { lastOperation: { ...running, result: 'InProgress' } },
    });
    kit.pools.put(sibling);
    kit.pools.put({ ...current(kit), status: {} });
    // The first pass waits for the other pool's operation, and says so in status.
    await r.reconcile(KEY, signal);
    expect(getCondition(current(kit).status?.conditions, 'Reconciling')?.reason).toBe('OperationInProgress');
    kit.pools.put({ ...sibling, status: { lastOperation: { ...running, result: 'Succeeded' } } });
    await run(kit, r, workload, () => isReady(kit) && current(kit).status?.activePoolName === 'user1b');
    const puts = kit.azure.state
      .callsOf()
      .filter((c) => c.operation === 'agentPools.put')
      .map((c) => c.id.split('/').pop());
    expect(puts).toEqual(['user1', 'user1b', 'user1b']);
  });

  it('never adopts a pool that already has the twin name', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    kit.azure.agentPools.seed(TWIN_ID, { count: 1, mode: 'User', vmSize: 'Standard_D4s_v3' });
    upgradeTo(kit, '1.34');
    await expect(r.reconcile(KEY, signal)).rejects.toThrow(/twin name user1b is taken/);
    expect(current(kit).status?.blueGreen).toBeUndefined();
    expect(getCondition(current(kit).status?.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'TwinPoolNameTaken',
    });
  });
});

describe('NodePoolReconciler node-image upgrades', () => {
  const LATEST = 'AKSUbuntu-2204gen2containerd-202501.01.0';

  function annotate(kit: ReconcilerKit, strategy: 'Surge' | 'BlueGreen'): void {
    const np = current(kit);
    kit.pools.put({
      ...np,
      metadata: {
        ...np.metadata,
        annotations: {
          ...np.metadata.annotations,
          [Annotation.NodeImageTarget]: 'latest',
          [Annotation.UpgradeStrategy]: strategy,
        },
      },
    });
  }

  it('reimages in place with the Surge strategy and reports Succeeded', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    annotate(kit, 'Surge');
    await r.reconcile(KEY, signal);
    expect(kit.writes()).toContain('agentPools.upgradeNodeImageVersion');
    expect(current(kit).status?.upgrade).toMatchObject({ phase: 'Upgrading' });
    await run(kit, r, workload, () => isReady(kit) && current(kit).status?.upgrade?.phase === 'Succeeded');
    expect(current(kit).status?.nodeImageVersion).toBe(LATEST);
    expect(kit.writes().filter((w) => w === 'agentPools.upgradeNodeImageVersion')).toHaveLength(1);
  });

  it('brings a twin in at the running version with the BlueGreen strategy', async () => {
    const { kit, r, workload } = setup();
    await run(kit, r, workload, () => isReady(kit));
    annotate(kit, 'BlueGreen');
    await run(kit, r, workload, () => kit.azure.state.get<Arm.AgentPool>(TWIN_ID) !== undefined);
    expect(kit.writes()).not.toContain('agentPools.upgradeNodeImageVersion');
    expect(current(kit).status?.blueGreen).toMatchObject({ twinPoolName: 'user1b' });
    expect(kit.azure.state.get<Arm.AgentPool>(TWIN_ID)?.orchestratorVersion).toBe(
      kit.azure.state.get<Arm.AgentPool>(OLD_ID)?.orchestratorVersion,
    );
  });

  it('moves a Surge pool to the image of the snapshot nodeImage.snapshotRef names', async () => {
    const image = 'AKSUbuntu-2204gen2containerd-202502.01.0';
    const snapshotId = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/snapshots/pin`;
    const snapshot = {
      metadata: { name: 'pin', namespace: 'team-a' },
      status: {
        azureResourceID: snapshotId,
        nodeImageVersion: image,
        conditions: [
          { type: 'Ready', status: 'True', reason: 'UpToDate', message: '', lastTransitionTime: '' },
        ],
      },
    } as unknown as NodePoolSnapshot;
    const lookup: SnapshotLookup = { get: (key) => (key.name === 'pin' ? snapshot : undefined) };
    const { kit, r, workload } = setup({ upgradeStrategy: 'Surge' }, lookup);
    kit.azure.state.set(snapshotId, { id: snapshotId, name: 'pin', nodeImageVersion: image });
    await run(kit, r, workload, () => isReady(kit));
    const np = current(kit);
    kit.pools.put({
      ...np,
      metadata: { ...np.metadata, generation: (np.metadata.generation ?? 1) + 1 },
      spec: { ...np.spec, nodeImage: { policy: 'Pinned', snapshotRef: { name: 'pin' } } },
    });
    await run(kit, r, workload, () => isReady(kit) && current(kit).status?.nodeImageVersion === image);
    expect(kit.writes().filter((w) => w === 'agentPools.upgradeNodeImageVersion')).toHaveLength(1);
    expect(current(kit).status?.upgrade).toMatchObject({ phase: 'Succeeded' });
  });
});
