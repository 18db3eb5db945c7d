// Real: the management cluster with the CRDs, the operator in-process (restarted once), the ARM SDK and
// the Retail Prices API client over HTTPS, real timers. Simulated: Azure (the AKS simulator and its price
// snapshot), and the wall clock the operator reads, moved from one scheduled change to the next.
// Proves a dev cluster's status.cost over a day of its power schedule: its hourly rate from list prices
// running and stopped, the night's hours stopped and what they saved (resumed after a restart), the
// metrics, and the budget condition; and a spot NodePool's rate, its discount against regular priority,
// and its disks alone while its cluster is stopped.
import type { Simulator } from '../../sim/index.js';
import type { CostStatus } from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION, TestOperator } from '../support/operator.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

// Monday 2026-03-02 in Amsterdam (UTC+1): 19:00 local is 18:00 UTC; Tuesday 07:45 local (08:00 minus the
// 15-minute lead) is 06:45 UTC; Tuesday 19:00 local is 18:00 UTC.
const STOP_AT = '2026-03-02T18:00:00Z';
const START_AT = '2026-03-03T06:45:00Z';
const NEXT_STOP_AT = '2026-03-03T18:00:00Z';
const NIGHT_HOURS = 12.75;

// Two Standard_D4s_v3 in westeurope from the snapshot: 0.2208 $/h each, and a 128 GiB Premium SSD (P10,
// 22.67 $/month) each: 2 × (0.2208 + 22.67 / 730) running; 2 × 22.67 / 730 stopped; Free tier.
const RUNNING = '0.5037';
const STOPPED = '0.0621';

describe('ManagedCluster cost over a day of its power schedule', () => {
  it('shows the hourly rate running and stopped, and what the night saved', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'mc-cost');
    objects = new Objects(ns.name);
    const clock = new ShiftedClock();
    clock.setTo(STOP_AT, 8_000);
    operator = await new TestOperator({ sim, namespaces: [ns.name], clock, resyncPeriodMs: 1000 }).start();
    await objects.createCluster('dev', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${ns.name}`,
      location: 'westeurope',
      kubernetesVersion: '1.33',
      systemPool: { vmSize: 'Standard_D4s_v3', count: 2 },
      powerSchedule: {
        timeZone: 'Europe/Amsterdam',
        startCron: '0 8 * * 1-5',
        stopCron: '0 19 * * 1-5',
        startLeadMinutes: 15,
      },
      // March as the schedule runs it: 247.5 hours running (0.5037 $/h), 496.5 stopped (0.0621 $/h), about
      // 155 $: over 140 by day and by night alike.
      cost: { monthlyBudget: 140 },
    });
    const running = await objects.waitForCluster(
      'dev',
      'priced running',
      (mc) => mc.status?.powerState === 'Running' && mc.status.cost?.hourlyRate === RUNNING,
    );
    expect(running.status?.cost).toMatchObject({
      runningHourlyRate: RUNNING,
      stoppedHourlyRate: STOPPED,
      currency: 'USD',
      source: 'RetailPricesAPI',
      priceDate: '2026-10-01T00:00:00Z',
      nodes: 2,
      savings: { stopped: false, stopSavingsPerHour: '0.0000', spotSavingsPerHour: '0.0000' },
    });
    expect(running.status?.conditions?.find((c) => c.type === 'OverBudget')).toMatchObject({
      status: 'True',
      reason: 'ProjectionOverBudget',
    });

    const stopped = await objects.waitForCluster(
      'dev',
      'stopped by the schedule and priced stopped',
      (mc) => mc.status?.powerState === 'Stopped' && mc.status.cost?.savings?.stopped === true,
    );
    expect(stopped.status?.conditions?.find((c) => c.type === 'OverBudget')).toMatchObject({
      status: 'True',
      reason: 'ProjectionOverBudget',
    });
    expect(Number(stopped.status?.cost?.projectedMonth)).toBeCloseTo(
      Number(running.status?.cost?.projectedMonth),
      0,
    );
    expect(await objects.eventReasons('dev', 'Warning')).toEqual(['ProjectionOverBudget']);
    const night = stopped.status?.cost as CostStatus;
    // Azure counts no nodes in a stopped cluster: what it costs running is what it cost when it last ran.
    expect(night).toMatchObject({ hourlyRate: STOPPED, runningHourlyRate: RUNNING, nodes: 2 });
    expect(night.savings?.stopSavingsPerHour).toBe('0.4416');

    // A restart in the night: the ledger is in status, so the night is counted whole.
    await operator.restart();
    clock.setTo(START_AT, 3_000);
    const morning = await objects.waitForCluster(
      'dev',
      'started by the schedule and priced running',
      (mc) => mc.status?.powerState === 'Running' && mc.status.cost?.savings?.stopped === false,
    );
    const day = morning.status?.cost as CostStatus;
    expect(day.hourlyRate).toBe(RUNNING);
    const stoppedHours = Number(day.savings?.stoppedHours);
    expect(stoppedHours).toBeGreaterThan(NIGHT_HOURS - 0.1);
    expect(stoppedHours).toBeLessThanOrEqual(NIGHT_HOURS + 0.01);
    expect(Number(day.savings?.stopSavings)).toBeCloseTo(stoppedHours * 0.4416, 2);

    clock.setTo(NEXT_STOP_AT, 3_000);
    const evening = await objects.waitForCluster(
      'dev',
      'stopped again the next evening',
      (mc) => mc.status?.powerState === 'Stopped' && mc.status.cost?.savings?.stopped === true,
    );
    const ledger = evening.status?.cost?.savings;
    // The night stays counted; the day ran, so it saved nothing more.
    expect(ledger?.stoppedHours).toBe(day.savings?.stoppedHours);
    expect(ledger?.stopSavings).toBe(day.savings?.stopSavings);
    expect(Number(ledger?.trackedHours)).toBeGreaterThan(23.9);

    const metrics = await operator.current.metrics.registry.getMetricsAsJSON();
    const savings = metrics.find((m) => m.name === 'aks_lifecycle_savings_total');
    const hourly = metrics.find((m) => m.name === 'aks_lifecycle_cost_hourly');
    const labels = { namespace: ns.name, cluster: 'dev', pool: '' };
    expect(hourly?.values).toContainEqual(expect.objectContaining({ labels, value: Number(STOPPED) }));
    const saved = savings?.values.find((v) => v.labels.cluster === 'dev')?.value ?? 0;
    expect(saved).toBeGreaterThanOrEqual(Number(ledger?.stopSavings));
  });

  it('prices a spot NodePool, its discount against regular priority, and its disks while the cluster is stopped', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'np-cost');
    objects = new Objects(ns.name);
    // The cluster sums the pools Azure reports at its own passes: a pool added later counts from its next resync.
    operator = await new TestOperator({ sim, namespaces: [ns.name], resyncPeriodMs: 1000 }).start();
    await objects.createCluster('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${ns.name}`,
      location: 'eastus',
      kubernetesVersion: '1.33',
      sku: { tier: 'Standard' },
      systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
    });
    await objects.createPool('batch', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D4s_v3',
      count: 2,
      scaleSetPriority: 'Spot',
      spot: { evictionPolicy: 'Delete', maxPrice: -1 },
    });
    // eastus: D4s_v3 0.192 $/h regular, 0.0384 spot; P10 19.71 $/month. Per hour: the pool
    // 2 × (0.0384 + 0.0270); regular 2 × (0.192 + 0.0270); the cluster adds its system node and 0.10 Standard.
    const pool = await objects.waitForPool(
      'batch',
      'priced',
      (np) => np.status?.cost?.hourlyRate === '0.1308',
    );
    expect(pool.status?.cost).toMatchObject({
      runningHourlyRate: '0.1308',
      stoppedHourlyRate: '0.0540',
      source: 'RetailPricesAPI',
      nodes: 2,
      savings: { stopped: false, spotSavingsPerHour: '0.3072', stopSavingsPerHour: '0.0000' },
    });
    const cluster = await objects.waitForCluster('c1', 'priced with its pools and tier', (mc) => {
      return mc.status?.cost?.hourlyRate === '0.4498';
    });
    expect(cluster.status?.cost?.savings?.spotSavingsPerHour).toBe('0.3072');

    await objects.patch('cluster', 'c1', { spec: { powerState: 'Stopped' } });
    const stopped = await objects.waitForPool(
      'batch',
      'priced stopped',
      (np) => np.status?.cost?.savings?.stopped === true,
    );
    expect(stopped.status?.cost).toMatchObject({
      hourlyRate: '0.0540',
      runningHourlyRate: '0.1308',
      nodes: 2,
      savings: { stopSavingsPerHour: '0.0768', spotSavingsPerHour: '0.0000' },
    });
  });
});
