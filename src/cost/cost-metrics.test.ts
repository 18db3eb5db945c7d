import type { CostStatus } from '../api/index.js';
import { ManualClock, Metrics } from '../runtime/index.js';
import { CostMetrics } from './cost-metrics.js';
import { advanceLedger, periodOf } from './savings-ledger.js';

const HOUR = 3600_000;

function cost(nowMs: number): CostStatus {
  const rates = { running: 0.5, stopped: 0.1, regularRunning: 0.5 };
  return {
    hourlyRate: '0.1000',
    runningHourlyRate: '0.5000',
    stoppedHourlyRate: '0.1000',
    monthlyEstimate: '365.0000',
    currency: 'USD',
    source: 'RetailPricesAPI',
    savings: advanceLedger(undefined, undefined, periodOf(rates, true), nowMs),
  };
}

async function series(metrics: Metrics, name: string) {
  return (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name)?.values ?? [];
}

describe('cost metrics', () => {
  it('publishes the hourly rate and the savings accrued so far this month, until the object is gone', async () => {
    const clock = new ManualClock(Date.parse('2026-12-07T19:00:00Z'));
    const metrics = new Metrics();
    const costs = new CostMetrics({ metrics, clock });
    const labels = { namespace: 'fleet', cluster: 'dev', pool: '' };
    costs.record('ManagedCluster/fleet/dev', labels, cost(clock.now()));
    await clock.advance(10 * HOUR);
    expect(await series(metrics, 'aks_lifecycle_cost_hourly')).toEqual([{ labels, value: 0.1 }]);
    const [saved] = await series(metrics, 'aks_lifecycle_savings_total');
    // Ten hours stopped at 0.50 - 0.10 an hour.
    expect(saved?.value).toBeCloseTo(4, 9);
    costs.forget('ManagedCluster/fleet/dev');
    expect(await series(metrics, 'aks_lifecycle_cost_hourly')).toEqual([]);
    expect(await series(metrics, 'aks_lifecycle_savings_total')).toEqual([]);
  });
});
