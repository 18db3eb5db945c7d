// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS (its own
// retries off). Simulated: Azure, with a ReadOnly resource lock on the cluster's resource group for a
// window. Proves a lock stalls the object with reason ResourceLocked, that the operator backs off instead
// of retrying every 100 ms (write attempts during the window are counted by the simulator), and that the
// change lands once the lock is lifted, also when the lock met a change whose operation had failed in
// Azure at the same generation. The backoff between refused writes doubles from 1 s and is capped at
// 5 minutes (DEFAULT_BLOCKED_MAX_DELAY_MS), so a lifted lock is noticed at most that late.

import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { resourceLock } from '../../sim/index.js';
import { requestsFor, SUBSCRIPTION, writeOperations } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld();

/** How long the lock holds. A 100 ms requeue would try about 80 writes in it; a 1 s doubling backoff 4. */
const LOCK_MS = 8_000;
/** Attempts at 0, 1, 3 and 7 s fit in the window; one more allows for a resync or a slow first write. */
const MAX_LOCKED_WRITES = 5;

const spec = (rg: string): ManagedClusterSpecInput => ({
  subscriptionId: SUBSCRIPTION,
  resourceGroup: rg,
  location: 'eastus',
  kubernetesVersion: '1.33',
  systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
});

describe('a resource lock on the cluster', () => {
  it('stalls with ResourceLocked, backs off while the lock holds, and converges once it is lifted', async () => {
    const { objects, rg } = await world.start('mc-lock');
    await objects.createCluster('c1', spec(rg));
    await objects.clusterReady('c1');
    const scope = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`;
    world.sim.setFaults({ requestErrors: [resourceLock(scope, { forMs: LOCK_MS })] });
    await objects.patch('cluster', 'c1', { spec: { tags: { frozen: 'no' } } });

    const stalled = await objects.waitForCondition('cluster', 'c1', {
      type: 'Stalled',
      reason: 'ResourceLocked',
    });
    const condition = stalled.status?.conditions?.find((c) => c.type === 'Stalled');
    expect(condition?.message).toContain('ScopeLocked');
    expect(condition?.message).toContain(scope);

    // The lock lifts by itself after LOCK_MS; the operator notices at its next retry.
    const mc = await objects.clusterReady('c1');
    expect(mc.metadata.generation).toBe(2);
    const azure = await world.azure.managedClusters.get(rg, 'c1');
    expect(azure.tags?.frozen).toBe('no');

    const locked = requestsFor(world.sim, rg).filter((e) => e.errorCode === 'ScopeLocked');
    expect(locked.length).toBeGreaterThanOrEqual(2);
    expect(locked.length).toBeLessThanOrEqual(MAX_LOCKED_WRITES);
    // Every refused write was the same change, tried again; then it landed once.
    const writes = writeOperations(world.sim, rg);
    expect(writes.slice(1)).toEqual(Array(locked.length + 1).fill('managedClusters.updateTags'));
    const warnings = (await objects.events('c1')).filter((e) => e.reason === 'ResourceLocked');
    expect(warnings).toHaveLength(1);
  });

  it('converges once the lock is lifted when the upgrade it refused had failed in Azure at the same generation', async () => {
    const { objects, rg } = await world.start('mc-lock-failed');
    await objects.createCluster('c1', spec(rg));
    await objects.clusterReady('c1');
    // Every upgrade operation Azure accepts ends Failed (AKS resumes on the next PUT: retried with backoff).
    world.sim.setFaults({
      failOperations: [
        {
          match: '^managedClusters\\.createOrUpdate$',
          code: 'UpgradeFailed',
          message: 'Upgrade failed on the control plane; please retry.',
        },
      ],
    });
    await objects.patch('cluster', 'c1', { spec: { kubernetesVersion: '1.34' } });
    const failedUpgrades = (): number =>
      world.sim.engine
        .list()
        .filter((op) => op.status === 'Failed' && op.resourceId.toLowerCase().includes(rg.toLowerCase()))
        .length;
    await waitFor(async () => failedUpgrades(), {
      timeoutMs: 30_000,
      intervalMs: 50,
      message: 'an upgrade operation that failed in Azure',
      until: (n) => n >= 1,
    });
    // In one step the failures stop and a lock holds: the next write, a retry of the failed upgrade, meets it.
    const scope = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`;
    world.sim.setFaults({ failOperations: [], requestErrors: [resourceLock(scope, { forMs: LOCK_MS })] });

    const stalled = await objects.waitForCondition('cluster', 'c1', {
      type: 'Stalled',
      reason: 'ResourceLocked',
    });
    expect(stalled.status?.lastOperation).toMatchObject({ result: 'Failed', generation: 2 });
    const mc = await objects.clusterReady('c1');
    expect(mc.metadata.generation).toBe(2);
    const azure = await world.azure.managedClusters.get(rg, 'c1');
    expect(azure.currentKubernetesVersion).toMatch(/^1\.34\./);
    const locked = requestsFor(world.sim, rg).filter((e) => e.errorCode === 'ScopeLocked');
    expect(locked.length).toBeGreaterThanOrEqual(1);
    expect(locked.length).toBeLessThanOrEqual(MAX_LOCKED_WRITES);
  });
});
