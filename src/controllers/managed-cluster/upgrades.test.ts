import type * as Arm from '@azure/arm-containerservice';
import { StatusWriter, getCondition } from '../../runtime/index.js';
import { managedCluster } from '../testing/objects.js';
import { reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { ManagedClusterReconciler } from './reconciler.js';

const signal = new AbortController().signal;

const EASTUS: Arm.KubernetesVersion[] = [
  { version: '1.33', patchVersions: { '1.33': { upgrades: ['1.33.5', '1.34.1'] } } },
  { version: '1.34', patchVersions: { '1.34.1': { upgrades: [] } } },
];

function reconciler(kit: ReconcilerKit): ManagedClusterReconciler {
  return new ManagedClusterReconciler({
    ctx: kit.ctx,
    clusters: kit.clusters,
    objects: kit.clusters.client(),
    statusWriter: new StatusWriter(kit.clusters.client()),
  });
}

/** Reconciles the cluster `name` until Ready (bounded). */
async function untilReady(kit: ReconcilerKit, r: ManagedClusterReconciler, name: string): Promise<void> {
  const key = { namespace: 'team-a', name };
  const ready = () => getCondition(kit.clusters.get(key)?.status?.conditions, 'Ready')?.status === 'True';
  for (let i = 0; i < 10 && !ready(); i++) await r.reconcile(key, signal);
  expect(ready()).toBe(true);
}

const callsOf = (kit: ReconcilerKit, op: string) => kit.calls().filter((c) => c === op).length;

describe('status.availableUpgrades', () => {
  it('comes from one read of the region versions for every cluster of the region, without upgrade profiles', async () => {
    const kit = reconcilerKit();
    kit.azure.managedClusters.kubernetesVersions = EASTUS;
    const r = reconciler(kit);
    for (const name of ['c1', 'c2', 'c3']) {
      kit.clusters.put(managedCluster({ name }));
      await untilReady(kit, r, name);
    }
    for (const name of ['c1', 'c2', 'c3'])
      expect(kit.clusters.get({ namespace: 'team-a', name })?.status?.availableUpgrades).toEqual([
        '1.33.5',
        '1.34.1',
      ]);
    expect(callsOf(kit, 'managedClusters.listKubernetesVersions')).toBe(1);
    expect(callsOf(kit, 'managedClusters.getUpgradeProfile')).toBe(0);
  });

  it('comes from the upgrade profile for a version the region no longer lists', async () => {
    const kit = reconcilerKit();
    kit.azure.managedClusters.kubernetesVersions = EASTUS.slice(1);
    kit.clusters.put(managedCluster({ name: 'c1' }));
    await untilReady(kit, reconciler(kit), 'c1');
    expect(callsOf(kit, 'managedClusters.getUpgradeProfile')).toBe(1);
    expect(kit.clusters.get({ namespace: 'team-a', name: 'c1' })?.status?.availableUpgrades).toEqual([]);
  });
});
