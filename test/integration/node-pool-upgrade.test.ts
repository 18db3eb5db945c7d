// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS.
// Simulated: Azure (the AKS simulator in-process, which enforces AKS's version rules: one minor at a
// time, pools never above the control plane, cluster PUTs that leave pool versions alone). Proves a
// version upgrade goes control plane first and pools after, pools not asked to move keep their version,
// and a pool upgraded outside the operator is never pushed back down.

import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import { Objects, requestsFor, SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld();

/** A cluster at 1.33 with its System pool and two User pools, all Ready. */
async function fleet(prefix: string, resyncPeriodMs?: number): Promise<{ objects: Objects; rg: string }> {
  const { objects, rg } = await world.start(prefix, resyncPeriodMs);
  await objects.createClusterWithSystemPool('c1', {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    kubernetesVersion: '1.33',
  });
  await objects.createPool('user1', {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_D4s_v3',
    count: 2,
    orchestratorVersion: '1.33',
  });
  await objects.createPool('user2', { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v3', count: 1 });
  await objects.clusterReady('c1');
  for (const pool of ['system', 'user1', 'user2']) await objects.poolReady(pool);
  return { objects, rg };
}

const minor = (v: string | undefined): string => (v ?? '').split('.').slice(0, 2).join('.');

describe('NodePool version upgrades', () => {
  it('upgrades the control plane first, then the pool that asks, and leaves the others alone', async () => {
    const { objects, rg } = await fleet('np-upgrade');
    // Both changes at once: the pool must wait for the control plane.
    await objects.patch('pool', 'user1', { spec: { orchestratorVersion: '1.34' } });
    await objects.patch('cluster', 'c1', { spec: { kubernetesVersion: '1.34' } });
    const mc = await objects.waitForCluster(
      'c1',
      'control plane at 1.34 and Ready',
      (c) =>
        minor(c.status?.currentKubernetesVersion) === '1.34' &&
        c.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true,
    );
    expect(mc.status?.lastOperation).toMatchObject({ type: 'Upgrade', result: 'Succeeded', generation: 2 });
    const user1 = await objects.waitForPool(
      'user1',
      'nodes at 1.34',
      (np) => minor(np.status?.currentOrchestratorVersion) === '1.34',
    );
    expect(user1.status?.lastOperation).toMatchObject({ type: 'Upgrade', result: 'Succeeded' });
    await objects.poolReady('user1');
    for (const pool of ['system', 'user2']) {
      expect(minor((await world.azure.agentPools.get(rg, 'c1', pool)).currentOrchestratorVersion)).toBe(
        '1.33',
      );
    }
    // AKS refused nothing: no pool above the control plane, no cluster PUT changing pool versions.
    const refused = requestsFor(world.sim, rg).filter((e) => e.status === 400);
    expect(refused.map((e) => `${e.operation} ${e.errorCode ?? ''}`)).toEqual([]);
    // The pool's upgrade PUT came after the control plane's.
    const puts = requestsFor(world.sim, rg).filter((e) => e.method === 'PUT' && e.status < 300);
    const clusterUpgrade = puts.findIndex(
      (e, i) => e.operation === 'managedClusters.createOrUpdate' && i > 0,
    );
    const poolUpgrade = puts.findLastIndex((e) => e.path.toLowerCase().endsWith('/agentpools/user1'));
    expect(clusterUpgrade).toBeGreaterThan(0);
    expect(poolUpgrade).toBeGreaterThan(clusterUpgrade);
  });

  it('reports a pool upgraded outside the operator and never pushes it back down', async () => {
    const { objects, rg } = await fleet('np-nodown', 1000);
    await objects.patch('cluster', 'c1', { spec: { kubernetesVersion: '1.34' } });
    await objects.waitForCluster(
      'c1',
      'control plane at 1.34',
      (c) => minor(c.status?.currentKubernetesVersion) === '1.34',
    );
    const pool = await world.azure.agentPools.get(rg, 'c1', 'user1');
    await world.azure.agentPools.createOrUpdate(
      rg,
      'c1',
      'user1',
      { ...pool, orchestratorVersion: '1.34' },
      FAST_POLL,
    );
    const np = await objects.waitForCondition('pool', 'user1', {
      type: 'DriftDetected',
      status: 'True',
      reason: 'DriftFound',
    });
    expect(np.status?.drift).toEqual(['spec.orchestratorVersion']);
    // A few resyncs later Azure still runs 1.34 and the operator sent no version below it.
    await waitFor(() => objects.pool('user1'), {
      timeoutMs: WAIT_MS,
      message: 'the pool to report 1.34',
      until: (p) => minor(p.status?.currentOrchestratorVersion) === '1.34',
    });
    const poolPuts = requestsFor(world.sim, rg).filter(
      (e) => e.method === 'PUT' && e.path.toLowerCase().endsWith('/agentpools/user1'),
    );
    // The operator's create, then the out-of-band upgrade; nothing after it.
    expect(poolPuts.map((e) => e.status)).toEqual([201, 200]);
    expect(minor((await world.azure.agentPools.get(rg, 'c1', 'user1')).currentOrchestratorVersion)).toBe(
      '1.34',
    );
  });
});
