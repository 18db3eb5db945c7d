// Cost estimates from list prices: the Retail Prices API client and its cache, the price table, the
// arithmetic of pools and clusters, the savings ledger, the budget verdict and the metrics.
export { judgeBudget, type BudgetVerdict } from './budget.js';
export { CostEstimator, type CostQuestion, type Estimate, type EstimateAnswer } from './cost-estimator.js';
export { CostMetrics, type CostSeriesKey } from './cost-metrics.js';
export { DEFAULT_OS_DISK_GB, poolRates, tierRates, type PoolShape, type Rates } from './cost-rates.js';
export { DEFAULT_PRICE_REFRESH_MS, PriceBook, type PriceBookOptions } from './price-book.js';
export { DiskProduct, osDiskProduct, priceFilters, VmOs, VmPriority } from './price-pick.js';
export { PriceTable } from './price-table.js';
export type { RetailPriceItem } from './retail-price.js';
export { RETAIL_PRICES_URL, RetailPricesClient, type PriceQuery } from './retail-prices-client.js';
export {
  advanceLedger,
  fmt,
  monthOf,
  monthToDate,
  periodOf,
  projectMonth,
  type HoursAhead,
  type MonthToDate,
  type Period,
} from './savings-ledger.js';
export { createCostTracking, type CostTracking, type PriceSettings } from './cost-tracking.js';
export { poolShapeOf, type PoolFields } from './pool-shape.js';
