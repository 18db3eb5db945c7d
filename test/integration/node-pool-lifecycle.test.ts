// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS.
// Simulated: Azure (the AKS simulator in-process, no data plane). Proves a pool waits for its cluster,
// a count scaled outside the operator is reverted (or only reported when the annotation says so, also
// after the pool waited for that scale, which Azure ran without the operator), the autoscaler's count is
// never fought, a pool stops and starts by spec, deletion honours both policies,
// and a pool follows its Orphan cluster when their namespace is deleted.

import type * as Arm from '@azure/arm-containerservice';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import type { NodePoolSpecInput } from '../../src/api/index.js';
import {
  Objects,
  ReconcileLabel,
  requestsFor,
  SUBSCRIPTION,
  threeMorePasses,
  WAIT_MS,
  writeOperations,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld();
const start = world.start;

async function cluster(objects: Objects, rg: string): Promise<void> {
  await objects.createCluster('c1', {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
  });
  await objects.clusterReady('c1');
}

const user = (extra: Partial<NodePoolSpecInput> = {}): NodePoolSpecInput => ({
  clusterRef: { name: 'c1' },
  vmSize: 'Standard_D4s_v3',
  count: 2,
  ...extra,
});

async function azurePool(rg: string, name: string): Promise<Arm.AgentPool | undefined> {
  try {
    return await world.azure.agentPools.get(rg, 'c1', name);
  } catch (err: unknown) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

describe('NodePool lifecycle', () => {
  it('waits for its cluster without calling Azure, then creates the pool', async () => {
    const { objects, rg } = await start('np-wait');
    await objects.createPool('user1', user());
    await objects.waitForCondition('pool', 'user1', { type: 'Reconciling', reason: 'WaitingForCluster' });
    expect(requestsFor(world.sim, rg)).toEqual([]);
    await cluster(objects, rg);
    const np = await objects.poolReady('user1');
    expect(np.status).toMatchObject({
      provisioningState: 'Succeeded',
      activePoolName: 'user1',
      currentOrchestratorVersion: expect.stringMatching(/^1\.33/),
    });
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'agentPools.createOrUpdate',
    ]);
  });

  it('reverts a count scaled through the SDK and reports the drift', async () => {
    const { objects, rg } = await start('np-drift', 1000);
    await cluster(objects, rg);
    await objects.createPool('user1', user());
    await objects.poolReady('user1');
    const pool = await world.azure.agentPools.get(rg, 'c1', 'user1');
    await world.azure.agentPools.createOrUpdate(rg, 'c1', 'user1', { ...pool, count: 5 }, FAST_POLL);
    await waitFor(() => azurePool(rg, 'user1'), {
      timeoutMs: WAIT_MS,
      message: 'the count to be put back to 2',
      until: (p) => p?.count === 2 && p.provisioningState === 'Succeeded',
    });
    // Azure can finish the revert before the pool's status records it, and DriftDetected was NoDrift
    // before the change too: wait for the revert's own record.
    const np = await objects.waitForPool(
      'user1',
      'the revert recorded as a Scale that succeeded',
      (p) => p.status?.lastOperation?.type === 'Scale' && p.status.lastOperation.result === 'Succeeded',
    );
    expect(np.status?.conditions?.find((c) => c.type === 'DriftDetected')).toMatchObject({
      status: 'False',
      reason: 'NoDrift',
    });
    expect(await objects.eventReasons('user1', 'Warning')).toContain('DriftFound');
  });

  it('only reports a count scaled through the SDK when the annotation says Report', async () => {
    const { objects, rg } = await start('np-report', 1000);
    await cluster(objects, rg);
    await objects.createPool('user1', user(), {
      annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' },
    });
    await objects.poolReady('user1');
    const pool = await world.azure.agentPools.get(rg, 'c1', 'user1');
    await world.azure.agentPools.createOrUpdate(rg, 'c1', 'user1', { ...pool, count: 4 }, FAST_POLL);
    const np = await objects.waitForCondition('pool', 'user1', {
      type: 'DriftDetected',
      status: 'True',
      reason: 'DriftFound',
    });
    expect(np.status?.drift).toEqual(['spec.count']);
    expect((await azurePool(rg, 'user1'))?.count).toBe(4);
    expect(writeOperations(world.sim, rg).filter((op) => op === 'agentPools.createOrUpdate')).toHaveLength(2);
  });

  it('only reports a count scaled outside under Report after waiting for that scale, writing nothing', async () => {
    const { objects, rg, operator } = await start('np-report-wait', 1000);
    await cluster(objects, rg);
    await objects.createPool('user1', user(), {
      annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' },
    });
    await objects.poolReady('user1');
    // The scale runs until the test ends it, so the operator is seen waiting for it first.
    world.sim.setFaults({ hangOperations: ['^agentPools\\.createOrUpdate$'] });
    const pool = await world.azure.agentPools.get(rg, 'c1', 'user1');
    await world.azure.agentPools.beginCreateOrUpdate(rg, 'c1', 'user1', { ...pool, count: 4 }, FAST_POLL);
    const writes = writeOperations(world.sim, rg).length;
    await objects.waitForCondition('pool', 'user1', {
      type: 'Reconciling',
      status: 'True',
      reason: 'OperationInProgress',
    });
    const scale = world.sim.engine
      .list()
      .find((op) => op.status === 'InProgress' && /\/agentpools\/user1$/i.test(op.resourceId));
    expect(scale).toBeDefined();
    world.sim.engine.abort(scale!);
    const np = await objects.waitForCondition('pool', 'user1', {
      type: 'DriftDetected',
      status: 'True',
      reason: 'DriftFound',
    });
    expect(np.status?.drift).toEqual(['spec.count']);
    await threeMorePasses(operator, ReconcileLabel.NodePool);
    expect(writeOperations(world.sim, rg)).toHaveLength(writes);
    expect((await azurePool(rg, 'user1'))?.count).toBe(4);
  });

  it('never fights the autoscaler over the count', async () => {
    const { objects, rg, operator } = await start('np-autoscale', 1000);
    await cluster(objects, rg);
    await objects.createPool('user1', user({ count: 2, autoscaling: { minCount: 1, maxCount: 10 } }));
    await objects.poolReady('user1');
    // What the cluster autoscaler does: a new count within min..max.
    const pool = await world.azure.agentPools.get(rg, 'c1', 'user1');
    await world.azure.agentPools.createOrUpdate(rg, 'c1', 'user1', { ...pool, count: 7 }, FAST_POLL);
    const before = writeOperations(world.sim, rg).length;
    const metrics = async (): Promise<string> => operator.current.metrics.text();
    const base = reconcilesOf(await metrics(), 'nodepool');
    // Three resyncs of the pool after the autoscaler's change.
    await waitFor(metrics, {
      timeoutMs: WAIT_MS,
      message: 'three more reconciles of the pool',
      until: (text) => reconcilesOf(text, 'nodepool') >= base + 3,
    });
    await objects.waitForPool(
      'user1',
      "the autoscaler's count reported",
      (np) => np.status?.nodes?.desired === 7 || np.status?.nodes === undefined,
    );
    expect(writeOperations(world.sim, rg)).toHaveLength(before);
    expect((await azurePool(rg, 'user1'))?.count).toBe(7);
    const np = await objects.pool('user1');
    expect(np.status?.conditions?.find((c) => c.type === 'DriftDetected')?.status).toBe('False');
  });

  it('stops and starts a User pool as spec.powerState says', async () => {
    const { objects, rg } = await start('np-power');
    await cluster(objects, rg);
    await objects.createPool('user1', user());
    await objects.poolReady('user1');
    await objects.patch('pool', 'user1', { spec: { powerState: 'Stopped' } });
    // Stopped as asked meets the spec: Ready, and Running False.
    const stopped = await objects.waitForCondition('pool', 'user1', {
      type: 'Ready',
      status: 'True',
      reason: 'PoolStopped',
    });
    expect(stopped.status?.conditions?.find((c) => c.type === 'Running')).toMatchObject({
      status: 'False',
      reason: 'PoolStopped',
    });
    expect((await azurePool(rg, 'user1'))?.powerState?.code).toBe('Stopped');
    await objects.patch('pool', 'user1', { spec: { powerState: 'Running' } });
    const running = await objects.poolReady('user1');
    expect(running.status?.conditions?.find((c) => c.type === 'Running')?.status).toBe('True');
    expect(await azurePool(rg, 'user1')).toMatchObject({ powerState: { code: 'Running' }, count: 2 });
  });

  it('deletes the agent pool with deletionPolicy Delete and keeps it with Orphan', async () => {
    const { objects, rg } = await start('np-delete');
    await cluster(objects, rg);
    await objects.createPool('gone', user());
    await objects.createPool('kept', user({ deletionPolicy: 'Orphan' }));
    await objects.poolReady('gone');
    await objects.poolReady('kept');
    await objects.delete('pool', 'gone');
    await objects.delete('pool', 'kept');
    await waitFor(
      async () => (await objects.isGone('pool', 'gone')) && (await objects.isGone('pool', 'kept')),
      {
        timeoutMs: WAIT_MS,
        message: 'both NodePools to be gone',
      },
    );
    expect(await azurePool(rg, 'gone')).toBeUndefined();
    expect((await azurePool(rg, 'kept'))?.provisioningState).toBe('Succeeded');
    expect(writeOperations(world.sim, rg).filter((op) => op === 'agentPools.delete')).toHaveLength(1);
  });

  it('orphans a Delete pool with its Orphan cluster when the namespace goes, whichever finalizer runs first', async () => {
    const { objects, rg } = await start('np-ns-orphan');
    await objects.createCluster('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
      deletionPolicy: 'Orphan',
    });
    await objects.clusterReady('c1');
    await objects.createPool('user1', user({ deletionPolicy: 'Delete' }));
    await objects.poolReady('user1');
    // A finalizer of the test's own holds the cluster object while it is being deleted, so the pool's
    // finalizer sees its cluster still there: the ordering that used to delete the pool in Azure.
    const hold = 'test.aks.lifecycle.dev/hold';
    const mc = await objects.cluster('c1');
    await objects.patch('cluster', 'c1', {
      metadata: { finalizers: [...(mc.metadata.finalizers ?? []), hold] },
    });
    await objects.core.deleteNamespace({ name: objects.namespace });
    await waitFor(() => objects.isGone('pool', 'user1'), {
      timeoutMs: WAIT_MS,
      message: 'NodePool user1 to be gone with its namespace',
      until: (gone) => gone,
    });
    await objects.waitForCluster('c1', 'only the test hold left', (c) =>
      (c.metadata.finalizers ?? []).every((f) => f === hold),
    );
    await objects.patch('cluster', 'c1', { metadata: { finalizers: null } });
    await waitFor(() => objects.isGone('cluster', 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'ManagedCluster c1 to be gone with its namespace',
      until: (gone) => gone,
    });
    expect((await azurePool(rg, 'user1'))?.provisioningState).toBe('Succeeded');
    expect((await world.azure.managedClusters.get(rg, 'c1')).provisioningState).toBe('Succeeded');
    expect(
      writeOperations(world.sim, rg).filter(
        (op) => op === 'agentPools.delete' || op === 'managedClusters.delete',
      ),
    ).toEqual([]);
  });
});

/** Sum of controller_runtime_reconcile_total for controllers whose name starts with `prefix`. */
function reconcilesOf(metrics: string, prefix: string): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    const m = /^controller_runtime_reconcile_total\{([^}]*)\} (\d+)/.exec(line);
    if (m?.[1]?.includes(`controller="${prefix}`)) total += Number(m[2]);
  }
  return total;
}
