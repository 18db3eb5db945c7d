// Real: the management cluster with the CRDs, the operator in-process and the ARM SDK over HTTPS.
// Simulated: Azure (the AKS simulator and its Microsoft.Network VNets). Proves that two clusters one
// UpgradePlan selects, whose node subnets overlap, each carry AddressSpaceOverlap naming the other and
// both ranges (with a Warning event), that later passes finding the same write nothing, and that it
// clears on both once the overlapping pool is gone; a cluster in no plan has none.
import { createVNet } from '../../sim/testing/networks.js';
import type { Condition, ManagedCluster } from '../../src/api/index.js';
import { getCondition } from '../../src/runtime/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { ReconcileLabel, SUBSCRIPTION, threeMorePasses, WAIT_MS, type Objects } from '../support/operator.js';
import { createPlan, SKIP_WORKLOAD_CHECKS } from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';

const world = useOperatorWorld();

const overlapOf = (mc: ManagedCluster): Condition | undefined =>
  getCondition(mc.status?.conditions, 'AddressSpaceOverlap');

/** A cluster in a VNet of its own whose System pool takes the subnet `system`; returns the subnets by name. */
async function clusterInVNet(
  objects: Objects,
  o: { rg: string; name: string; vnetRange: string; subnets: Record<string, string> },
): Promise<Record<string, string>> {
  const ids = await createVNet(world.sim, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: `${o.rg}-${o.name}-net`,
    name: 'vnet',
    location: 'eastus',
    addressPrefixes: [o.vnetRange],
    subnets: Object.entries(o.subnets).map(([name, addressPrefix]) => ({ name, addressPrefix })),
  });
  await objects.createCluster(o.name, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: `${o.rg}-${o.name}`,
    kubernetesVersion: '1.33',
    location: 'eastus',
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1, vnetSubnetID: ids.system ?? '' },
  });
  return ids;
}

describe('ManagedCluster AddressSpaceOverlap', () => {
  it('names the other cluster of the plan on both clusters while their node subnets overlap, writes nothing more while they still do, and clears when they no longer do', async () => {
    // Resyncs every 2 s, so passes come without changes.
    const { objects, rg, operator } = await world.start('amc-overlap', 2_000);
    await clusterInVNet(objects, {
      rg,
      name: 'c1',
      vnetRange: '10.60.0.0/16',
      subnets: { system: '10.60.0.0/24' },
    });
    // c2's System pool is on a range of its own; its User pool is on c1's range, in another VNet.
    const c2 = await clusterInVNet(objects, {
      rg,
      name: 'c2',
      vnetRange: '10.60.0.0/15',
      subnets: { system: '10.61.0.0/24', user: '10.60.0.0/24' },
    });
    await objects.createPool('c2-user', {
      clusterRef: { name: 'c2' },
      azureName: 'user',
      vmSize: 'Standard_D4s_v3',
      count: 1,
      vnetSubnetID: c2.user ?? '',
    });
    await objects.clusterReady('c1');
    await objects.poolReady('c2-user');
    expect(overlapOf(await objects.cluster('c1'))).toBeUndefined();

    // The plan waits for an approval that never comes: it only makes c1 and c2 one fleet.
    await createPlan(objects.namespace, {
      target: { nodeImageOnly: true },
      clusterSelector: {},
      stages: [{ name: 'all', requireApproval: true }],
      preflight: SKIP_WORKLOAD_CHECKS,
    });
    for (const [self, other] of [
      ['c1', 'c2'],
      ['c2', 'c1'],
    ] as const) {
      const mc = await objects.waitForCondition('cluster', self, {
        type: 'AddressSpaceOverlap',
        status: 'True',
        reason: 'CidrOverlap',
      });
      const message = overlapOf(mc as ManagedCluster)?.message ?? '';
      expect(message).toContain(`with cluster ${other} of UpgradePlan plan`);
      expect(message).toContain(c2.user ?? '');
      expect(message).toContain('10.60.0.0/24');
    }
    await waitFor(() => objects.eventReasons('c1', 'Warning'), {
      timeoutMs: WAIT_MS,
      message: 'a CidrOverlap Warning event on c1',
      until: (reasons) => reasons.includes('CidrOverlap'),
    });
    // Reporting the overlap holds nothing back, and passes that find the same overlap write nothing.
    expect(getCondition((await objects.cluster('c1')).status?.conditions, 'Ready')?.status).toBe('True');
    const versions = async () =>
      Promise.all(['c1', 'c2'].map(async (n) => (await objects.cluster(n)).metadata.resourceVersion));
    const before = await versions();
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(await versions()).toEqual(before);

    await objects.delete('pool', 'c2-user');
    for (const [self, other] of [
      ['c1', 'c2'],
      ['c2', 'c1'],
    ] as const) {
      const mc = await objects.waitForCondition('cluster', self, {
        type: 'AddressSpaceOverlap',
        status: 'False',
        reason: 'NoCidrOverlap',
      });
      expect(overlapOf(mc as ManagedCluster)?.message).toContain(other);
    }
  });
});
