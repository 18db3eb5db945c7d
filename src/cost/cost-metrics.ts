// The cost figures as Prometheus series, read at scrape time from what each object's status last
// recorded: aks_lifecycle_cost_hourly (a gauge) and aks_lifecycle_savings_total (month to date: it
// restarts from zero each month, as a counter may). Labels: namespace, cluster, pool ("" for a cluster).
import { Counter } from 'prom-client';
import type { CostStatus } from '../api/index.js';
import type { Clock, Metrics } from '../runtime/index.js';
import { monthToDate } from './savings-ledger.js';

type Labels = 'namespace' | 'cluster' | 'pool';

export interface CostSeriesKey {
  namespace: string;
  cluster: string;
  /** Empty for the cluster's own figures. */
  pool: string;
}

/** The latest cost status of every object, keyed by kind/namespace/name. */
export class CostMetrics {
  private readonly figures = new Map<string, { key: CostSeriesKey; cost: CostStatus }>();

  constructor(options: { metrics: Metrics; clock: Pick<Clock, 'now'> }) {
    const figures = this.figures;
    const { clock } = options;
    options.metrics.gauge<Labels>({
      name: 'aks_lifecycle_cost_hourly',
      help: 'Estimated cost per hour from list prices (currency of status.cost.currency), per cluster and pool; pool="" is the whole cluster.',
      labelNames: ['namespace', 'cluster', 'pool'],
      collect() {
        this.reset();
        for (const { key, cost } of figures.values()) this.set({ ...key }, Number(cost.hourlyRate));
      },
    });
    const name = 'aks_lifecycle_savings_total';
    if (!options.metrics.registry.getSingleMetric(name))
      new Counter<Labels>({
        name,
        help: 'Saved this month by stopping (spec or schedule) and by spot priority, estimated from list prices; pool="" is the whole cluster.',
        labelNames: ['namespace', 'cluster', 'pool'],
        registers: [options.metrics.registry],
        collect() {
          this.reset();
          const now = clock.now();
          for (const { key, cost } of figures.values()) {
            if (!cost.savings) continue;
            const mtd = monthToDate(cost.savings, Number(cost.hourlyRate), now);
            this.inc({ ...key }, mtd.stopSavings + mtd.spotSavings);
          }
        },
      });
  }

  /** The figures of one object (`kind/namespace/name`); none when `cost` is undefined. */
  record(object: string, key: CostSeriesKey, cost: CostStatus | undefined): void {
    if (cost) this.figures.set(object, { key, cost });
    else this.figures.delete(object);
  }

  /** Drops the series of an object that is gone. */
  forget(object: string): void {
    this.figures.delete(object);
  }
}
