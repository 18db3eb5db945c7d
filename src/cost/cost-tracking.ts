// What the controllers are given to price objects (the estimator: price book and arithmetic; the metrics
// the figures are published through), and how it is built from the operator's price settings.
import type { Clock, Logger, Metrics } from '../runtime/index.js';
import { CostEstimator } from './cost-estimator.js';
import { CostMetrics } from './cost-metrics.js';
import { PriceBook } from './price-book.js';
import { PriceTable } from './price-table.js';
import { RetailPricesClient } from './retail-prices-client.js';

export interface CostTracking {
  estimator: CostEstimator;
  metrics: CostMetrics;
}

export interface PriceSettings {
  /** The Retail Prices API (default prices.azure.com); `false` where the operator has no network access to it. */
  url?: string | false;
  /** PEM of the CA that signed the API's certificate, when not a public one (the simulator's). */
  caPem?: string;
  /** A saved answer of the API (`{"Items": [...]}`), e.g. a mounted ConfigMap: used when the API cannot answer. */
  tablePath?: string;
  /** How long an answer is used before the API is asked again (default a day). */
  refreshMs?: number;
}

export function createCostTracking(o: {
  prices: PriceSettings;
  metrics: Metrics;
  clock: Clock;
  logger: Logger;
}): CostTracking {
  const { prices } = o;
  const book = new PriceBook({
    clock: o.clock,
    logger: o.logger,
    ...(prices.url === false
      ? {}
      : {
          api: new RetailPricesClient({
            ...(prices.url ? { url: prices.url } : {}),
            ...(prices.caPem ? { caPem: prices.caPem } : {}),
          }),
        }),
    ...(prices.tablePath ? { table: PriceTable.fromFile(prices.tablePath) } : {}),
    ...(prices.refreshMs !== undefined ? { refreshMs: prices.refreshMs } : {}),
  });
  return {
    estimator: new CostEstimator(book),
    metrics: new CostMetrics({ metrics: o.metrics, clock: o.clock }),
  };
}
