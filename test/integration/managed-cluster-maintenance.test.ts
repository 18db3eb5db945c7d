// Real: the management cluster's API server with the project's CRDs, the operator in-process and the
// @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator, which holds the
// maintenance configurations and enforces AKS's rules). Proves the three maintenance configurations go
// spec → PUT → stored → observed with no further write; drift on a declared field is put back; a
// configuration removed from the spec is released (neither written nor deleted); AKS's refusal stalls the
// object with AKS's code until the spec changes; driftPolicy Report only reports.
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { WAIT_MS, writeOperations, ReconcileLabel, threeMorePasses } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import { baseClusterSpec } from '../support/cluster-spec.js';

const world = useOperatorWorld();
/** A fresh namespace watched by an operator that resyncs every half second. */
const env = (prefix: string) => world.start(prefix, 500);

const MAINTENANCE_PUT = 'maintenanceConfigurations.createOrUpdate';

function spec(rg: string): ManagedClusterSpecInput {
  return {
    ...baseClusterSpec(rg),
    maintenanceConfigurations: {
      default: {
        timeInWeek: [{ day: 'Saturday', hourSlots: [1, 2, 3] }],
        notAllowedTime: [{ start: '2026-12-24T00:00:00Z', end: '2026-12-27T00:00:00Z' }],
      },
      aksManagedAutoUpgradeSchedule: {
        schedule: { relativeMonthly: { intervalMonths: 3, weekIndex: 'First', dayOfWeek: 'Monday' } },
        durationHours: 10,
        startTime: '08:30',
        utcOffset: '+05:30',
        startDate: '2028-02-29',
        notAllowedDates: [{ start: '2026-12-23', end: '2027-01-05' }],
      },
      aksManagedNodeOSUpgradeSchedule: {
        schedule: { daily: { intervalDays: 1 } },
        durationHours: 4,
        startTime: '13:30',
      },
    },
  };
}

describe('ManagedCluster maintenance configurations', () => {
  it('creates the three configurations as declared, holds them in Azure and writes nothing more', async () => {
    const { objects, operator, rg } = await env('mc-maint');
    await objects.createCluster('c1', spec(rg));
    await objects.clusterReady('c1');
    const def = await world.azure.maintenanceConfigurations.get(rg, 'c1', 'default');
    expect(def.timeInWeek).toEqual([{ day: 'Saturday', hourSlots: [1, 2, 3] }]);
    expect(def.notAllowedTime?.[0]?.start?.toISOString()).toBe('2026-12-24T00:00:00.000Z');
    const auto = await world.azure.maintenanceConfigurations.get(rg, 'c1', 'aksManagedAutoUpgradeSchedule');
    expect(auto.maintenanceWindow).toMatchObject({
      schedule: { relativeMonthly: { intervalMonths: 3, weekIndex: 'First', dayOfWeek: 'Monday' } },
      durationHours: 10,
      startTime: '08:30',
      utcOffset: '+05:30',
    });
    // A leap day passes admission and reaches Azure as that day.
    expect(auto.maintenanceWindow?.startDate?.toISOString().slice(0, 10)).toBe('2028-02-29');
    expect(auto.maintenanceWindow?.notAllowedDates?.map((d) => d.end.toISOString().slice(0, 10))).toEqual([
      '2027-01-05',
    ]);
    const nodeOS = await world.azure.maintenanceConfigurations.get(
      rg,
      'c1',
      'aksManagedNodeOSUpgradeSchedule',
    );
    // Undeclared: Azure's default, never compared.
    expect(nodeOS.maintenanceWindow?.utcOffset).toBe('+00:00');

    const settled = await objects.cluster('c1');
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      MAINTENANCE_PUT,
      MAINTENANCE_PUT,
      MAINTENANCE_PUT,
    ]);
    const after = await objects.cluster('c1');
    expect(after.status?.drift ?? []).toEqual([]);
    expect(after.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it('puts back a declared field changed in Azure, and leaves a released configuration as Azure has it', async () => {
    const { objects, operator, rg } = await env('mc-maint-drift');
    const declared = spec(rg);
    await objects.createCluster('c1', {
      ...declared,
      maintenanceConfigurations: {
        aksManagedNodeOSUpgradeSchedule: declared.maintenanceConfigurations?.aksManagedNodeOSUpgradeSchedule,
      },
    });
    await objects.clusterReady('c1');
    const name = 'aksManagedNodeOSUpgradeSchedule';
    const outOfBand = async (durationHours: number): Promise<void> => {
      const current = await world.azure.maintenanceConfigurations.get(rg, 'c1', name);
      await world.azure.maintenanceConfigurations.createOrUpdate(rg, 'c1', name, {
        maintenanceWindow: { ...current.maintenanceWindow!, durationHours },
      });
    };
    await outOfBand(12);
    await waitFor(() => world.azure.maintenanceConfigurations.get(rg, 'c1', name), {
      timeoutMs: WAIT_MS,
      message: 'durationHours to be put back',
      until: (c) => c.maintenanceWindow?.durationHours === 4,
    });
    // The operator's create, the change made outside it, and the operator's put-back.
    expect(writeOperations(world.sim, rg).filter((o) => o === MAINTENANCE_PUT)).toHaveLength(3);

    // Released: removed from the spec, so neither written nor deleted, and no drift when Azure changes it.
    await objects.patch('cluster', 'c1', { spec: { maintenanceConfigurations: null } });
    await objects.clusterReady('c1');
    await outOfBand(16);
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    // Only the second change made outside the operator.
    expect(writeOperations(world.sim, rg).filter((o) => o === MAINTENANCE_PUT)).toHaveLength(4);
    expect(writeOperations(world.sim, rg)).not.toContain('maintenanceConfigurations.delete');
    expect(
      (await world.azure.maintenanceConfigurations.get(rg, 'c1', name)).maintenanceWindow?.durationHours,
    ).toBe(16);
    expect((await objects.cluster('c1')).status?.drift ?? []).toEqual([]);
  });

  it("stalls with AKS's code when AKS refuses a configuration, and writes it again only for a new spec", async () => {
    const { objects, operator, rg } = await env('mc-maint-refused');
    const declared = spec(rg);
    world.sim.setFaults({
      requestErrors: [
        {
          status: 400,
          code: 'InvalidParameter',
          message: 'The maintenance configuration is invalid.',
          match: '^maintenanceConfigurations\\.createOrUpdate$',
          shape: 'flat',
        },
      ],
    });
    try {
      await objects.createCluster('c1', {
        ...declared,
        maintenanceConfigurations: { default: declared.maintenanceConfigurations?.default },
      });
      await objects.waitForCondition('cluster', 'c1', { type: 'Stalled', reason: 'InvalidParameter' });
      const refused = writeOperations(world.sim, rg).filter((o) => o === MAINTENANCE_PUT).length;
      await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
      expect(writeOperations(world.sim, rg).filter((o) => o === MAINTENANCE_PUT)).toHaveLength(refused);
    } finally {
      world.sim.setFaults({ requestErrors: [] });
    }
    await objects.patch('cluster', 'c1', {
      spec: { maintenanceConfigurations: { default: { timeInWeek: [{ day: 'Sunday', hourSlots: [4] }] } } },
    });
    await objects.clusterReady('c1');
    expect((await world.azure.maintenanceConfigurations.get(rg, 'c1', 'default')).timeInWeek).toEqual([
      { day: 'Sunday', hourSlots: [4] },
    ]);
  });

  it('reports drift without writing under driftPolicy Report', async () => {
    const { objects, operator, rg } = await env('mc-maint-report');
    const declared = spec(rg);
    await objects.createCluster('c1', {
      ...declared,
      driftPolicy: 'Report',
      maintenanceConfigurations: { default: declared.maintenanceConfigurations?.default },
    });
    await objects.clusterReady('c1');
    const current = await world.azure.maintenanceConfigurations.get(rg, 'c1', 'default');
    await world.azure.maintenanceConfigurations.createOrUpdate(rg, 'c1', 'default', {
      ...current,
      timeInWeek: [{ day: 'Sunday', hourSlots: [5] }],
    });
    const mc = await waitFor(() => objects.cluster('c1'), {
      timeoutMs: WAIT_MS,
      message: 'the drift to be reported',
      until: (c) => (c.status?.drift ?? []).length > 0,
    });
    expect(mc.status?.drift).toEqual(['spec.maintenanceConfigurations.default.timeInWeek']);
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    // The operator's create and the change made outside it; nothing put back.
    expect(writeOperations(world.sim, rg).filter((o) => o === MAINTENANCE_PUT)).toHaveLength(2);
  });
});
