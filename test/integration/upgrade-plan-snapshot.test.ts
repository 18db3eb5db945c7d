// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS.
// Simulated: Azure (the AKS simulator). Proves an UpgradePlan whose target is a NodePoolSnapshot moves
// every pool that differs to exactly the snapshot's Kubernetes version and node image, through the
// snapshot (creationData), without touching the specs, and leaves the pool already there alone.
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type NodePoolSnapshot,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { SUBSCRIPTION, WAIT_MS, writesFor } from '../support/operator.js';
import { SKIP_WORKLOAD_CHECKS } from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const world = useOperatorWorld();
const api = () => managementKubeConfig().makeApiClient(CustomObjectsApi);
const kind = (plural: string) => ({ group: GROUP, version: VERSION, plural });
const minor = (v: string | undefined): string => (v ?? '').split('.').slice(0, 2).join('.');

describe('UpgradePlan to a NodePoolSnapshot', () => {
  it('moves the pools that differ to the snapshot, through the snapshot, and no others', async () => {
    const { objects, rg } = await world.start('aup-snapshot');
    const namespace = objects.namespace;
    await objects.createClusterWithSystemPool('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      kubernetesVersion: '1.32',
    });
    const pool = (azureName: string, orchestratorVersion: string) =>
      objects.createPool(azureName, {
        clusterRef: { name: 'c1' },
        azureName,
        mode: 'User',
        vmSize: 'Standard_D4s_v3',
        count: 1,
        orchestratorVersion,
      });
    await pool('user1', '1.31');
    await objects.poolReady('user1');
    // A week later AKS has a newer node image: gold comes up with it, so its snapshot is newer in both.
    world.sim.clock.advance(8 * 24 * 3600_000);
    await pool('gold', '1.32');
    for (const name of ['system', 'gold']) await objects.poolReady(name);

    await api().createNamespacedCustomObject({
      ...kind(Plural.NodePoolSnapshot),
      namespace,
      body: {
        apiVersion: API_VERSION,
        kind: 'NodePoolSnapshot',
        metadata: { name: 'gold-snap' },
        spec: { nodePoolRef: { name: 'gold' } },
      },
    });
    const snapshot = await waitFor(
      async () =>
        (await api().getNamespacedCustomObject({
          ...kind(Plural.NodePoolSnapshot),
          namespace,
          name: 'gold-snap',
        })) as NodePoolSnapshot,
      {
        timeoutMs: WAIT_MS,
        message: 'the snapshot to capture pool gold',
        until: (s) => s.status?.azureResourceID !== undefined && s.status.nodeImageVersion !== undefined,
      },
    );
    const goldBefore = await world.azure.agentPools.get(rg, 'c1', 'gold');
    const user1Before = await world.azure.agentPools.get(rg, 'c1', 'user1');
    const writesBefore = writesFor(world.sim, rg).length;

    const spec: UpgradePlanSpecInput = {
      target: { snapshotRef: { name: 'gold-snap' } },
      clusterSelector: {},
      poolStrategy: { default: 'Surge' },
      preflight: SKIP_WORKLOAD_CHECKS,
    };
    await api().createNamespacedCustomObject({
      ...kind(Plural.UpgradePlan),
      namespace,
      body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan' }, spec },
    });
    const done = await waitFor(
      async () =>
        (await api().getNamespacedCustomObject({
          ...kind(Plural.UpgradePlan),
          namespace,
          name: 'plan',
        })) as UpgradePlan,
      {
        timeoutMs: 2 * WAIT_MS,
        intervalMs: 250,
        message: 'the plan to succeed',
        until: (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
      },
    );
    expect({ phase: done.status?.phase, stages: done.status?.stages }).toMatchObject({ phase: 'Succeeded' });

    // user1 now runs exactly what the snapshot captured, and got there from the snapshot.
    const user1 = await world.azure.agentPools.get(rg, 'c1', 'user1');
    expect(user1.nodeImageVersion).not.toBe(user1Before.nodeImageVersion);
    expect(user1.currentOrchestratorVersion).toBe(snapshot.status?.kubernetesVersion);
    expect(user1.nodeImageVersion).toBe(snapshot.status?.nodeImageVersion);
    expect(user1.creationData?.sourceResourceId?.toLowerCase()).toBe(
      snapshot.status?.azureResourceID?.toLowerCase(),
    );
    // gold already ran the snapshot: nothing was asked of it.
    const gold = await world.azure.agentPools.get(rg, 'c1', 'gold');
    expect(gold.nodeImageVersion).toBe(goldBefore.nodeImageVersion);
    const writes = writesFor(world.sim, rg)
      .slice(writesBefore)
      .map((e) => e.path.toLowerCase());
    expect(writes.filter((w) => w.includes('/agentpools/gold'))).toEqual([]);
    expect(writes.filter((w) => w.includes('/agentpools/user1'))).toHaveLength(1);
    // The specs stay what Git says.
    expect(minor((await objects.pool('user1')).spec.orchestratorVersion)).toBe('1.31');
  });
});
