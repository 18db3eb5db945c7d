// Prices an object: gathers the answers its pools and tier need from the price book, then does the
// arithmetic. Never calls ARM; a price the book cannot find makes the estimate say what is missing.
import { CostSource } from '../api/index.js';
import {
  addRates,
  discounted,
  poolRates,
  tierRates,
  ZERO_RATES,
  type PoolShape,
  type Rates,
} from './cost-rates.js';
import type { PriceBook } from './price-book.js';
import { osDiskProduct, priceFilters } from './price-pick.js';
import type { RetailPriceItem } from './retail-price.js';

export interface CostQuestion {
  /** ARM region name, e.g. westeurope. */
  region: string;
  pools: readonly PoolShape[];
  /** Control-plane tier of a cluster; absent for a pool. */
  tier?: string;
  discountPercent?: number;
}

export interface Estimate {
  rates: Rates;
  currency: string;
  /** Newest effectiveStartDate among the meters used. */
  priceDate?: string;
  source: CostSource;
}

export type EstimateAnswer = { estimate: Estimate } | { missing: string[] };

export class CostEstimator {
  constructor(readonly prices: PriceBook) {}

  async estimate(q: CostQuestion, signal?: AbortSignal): Promise<EstimateAnswer> {
    const region = q.region.toLowerCase().replace(/\s+/g, '');
    const missing: string[] = [];
    const meters: RetailPriceItem[] = [];
    const sources = new Set<CostSource>();
    let rates = ZERO_RATES;
    const answer = async (filter: Record<string, string>) => {
      const found = await this.prices.lookup(filter, signal);
      if (found) sources.add(found.source);
      return found?.items ?? [];
    };
    for (const pool of q.pools) {
      if (pool.nodes === 0) continue;
      const vm = await answer(priceFilters.vm(region, pool.vmSize));
      const disk = pool.isEphemeralOsDisk
        ? []
        : await answer(priceFilters.disk(region, osDiskProduct(pool.vmSize)));
      const priced = poolRates(pool, { vm, disk });
      if ('missing' in priced) missing.push(`${priced.missing} in ${region}`);
      else {
        rates = addRates(rates, priced.rates);
        meters.push(...priced.meters);
      }
    }
    if (q.tier && q.tier !== 'Free') {
      const priced = tierRates(q.tier, await answer(priceFilters.tier(region)));
      if ('missing' in priced) missing.push(`${priced.missing} in ${region}`);
      else {
        rates = addRates(rates, priced.rates);
        meters.push(...priced.meters);
      }
    }
    if (missing.length) return { missing };
    const dates = meters
      .map((m) => m.effectiveStartDate)
      .filter(Boolean)
      .sort();
    const priceDate = dates[dates.length - 1];
    return {
      estimate: {
        rates: discounted(rates, q.discountPercent),
        currency: meters[0]?.currencyCode ?? 'USD',
        ...(priceDate ? { priceDate } : {}),
        // The table only ever answers for what the API could not: name it when it did.
        source: sources.has(CostSource.PriceTable) ? CostSource.PriceTable : CostSource.RetailPricesAPI,
      },
    };
  }
}
