// A ManagedCluster's status.cost from what Azure reports of it, priced against the simulator's snapshot:
// its pools and tier, nothing to write on a pass that changes nothing, the running rate kept while
// stopped, and the budget's condition with one Warning event when it turns True.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedCluster, ManagedClusterStatus } from '../../api/index.js';
import { CostEstimator, CostMetrics, PriceBook, PriceTable } from '../../cost/index.js';
import { Metrics, type StatusWriter } from '../../runtime/index.js';
import { reconcilerKit } from '../testing/reconciler-kit.js';
import { StatusReport } from '../shared/status-report.js';
import { reportClusterCost } from './cluster-cost.js';

const SNAPSHOT = new URL('../../../sim/retail-prices-snapshot.json', import.meta.url).pathname;

function setup() {
  const kit = reconcilerKit();
  const book = new PriceBook({ table: PriceTable.fromFile(SNAPSHOT), clock: kit.clock });
  kit.ctx.cost = {
    estimator: new CostEstimator(book),
    metrics: new CostMetrics({ metrics: new Metrics(), clock: kit.clock }),
  };
  return kit;
}

function cluster(status?: ManagedClusterStatus, budget?: number): ManagedCluster {
  return {
    apiVersion: 'aks.lifecycle.dev/v1alpha1',
    kind: 'ManagedCluster',
    metadata: { name: 'dev', namespace: 'fleet', generation: 1 },
    spec: {
      location: 'westeurope',
      resourceGroup: 'rg',
      ...(budget !== undefined ? { cost: { monthlyBudget: budget } } : {}),
    } as ManagedCluster['spec'],
    ...(status ? { status } : {}),
  };
}

function observed(power: 'Running' | 'Stopped'): Arm.ManagedCluster {
  const isStopped = power === 'Stopped';
  return {
    location: 'westeurope',
    sku: { name: 'Base', tier: 'Standard' },
    powerState: { code: power },
    agentPoolProfiles: [
      {
        name: 'system',
        vmSize: 'Standard_D4s_v3',
        count: isStopped ? 0 : 2,
        osDiskType: 'Managed',
        osDiskSizeGB: 128,
      },
      {
        name: 'batch',
        vmSize: 'Standard_D4s_v3',
        count: isStopped ? 0 : 2,
        scaleSetPriority: 'Spot',
        osDiskType: 'Ephemeral',
        powerState: { code: power },
      },
    ],
  };
}

const writer = { write: () => Promise.resolve(true) } as unknown as StatusWriter;

async function pass(kit: ReturnType<typeof setup>, mc: ManagedCluster, power: 'Running' | 'Stopped') {
  const report = new StatusReport<ManagedClusterStatus>(mc, {
    writer,
    now: () => kit.clock.now(),
    conditionTypes: [],
  });
  await reportClusterCost({
    ctx: kit.ctx,
    mc,
    observed: observed(power),
    report,
    signal: new AbortController().signal,
  });
  return report.draft;
}

describe('ManagedCluster cost', () => {
  it('prices the pools Azure reports and the tier, and changes nothing on a pass that changes nothing', async () => {
    const kit = setup();
    const first = await pass(kit, cluster(), 'Running');
    // 2 × (0.2208 + 22.67 / 730) + 2 × 0.0442 spot, ephemeral + 0.10 Standard
    expect(first.cost).toMatchObject({ hourlyRate: '0.6921', source: 'PriceTable', nodes: 4 });
    expect(first.cost?.savings?.spotSavingsPerHour).toBe('0.3532');
    await kit.clock.advance(3600_000);
    const second = await pass(kit, cluster(first), 'Running');
    expect(second.cost).toEqual(first.cost);
  });

  it('keeps the running rate of a stopped cluster whose pools Azure counts as empty', async () => {
    const kit = setup();
    const running = await pass(kit, cluster(), 'Running');
    const stopped = await pass(kit, cluster(running), 'Stopped');
    // Stopped: the two managed disks and the tier.
    expect(stopped.cost).toMatchObject({ hourlyRate: '0.1621', runningHourlyRate: '0.6921', nodes: 4 });
    expect(stopped.cost?.savings).toMatchObject({ stopped: true, stopSavingsPerHour: '0.5300' });
  });

  it('turns OverBudget True past the budget with one Warning event', async () => {
    const kit = setup();
    const first = await pass(kit, cluster(undefined, 100), 'Running');
    expect(first.conditions?.find((c) => c.type === 'OverBudget')).toMatchObject({
      status: 'True',
      reason: 'ProjectionOverBudget',
    });
    await pass(kit, cluster(first, 100), 'Running');
    expect(kit.events.reasons()).toEqual(['ProjectionOverBudget']);
    const within = await pass(kit, cluster(first, 1000), 'Running');
    expect(within.conditions?.find((c) => c.type === 'OverBudget')).toMatchObject({
      status: 'False',
      reason: 'ProjectionWithinBudget',
    });
  });
});
