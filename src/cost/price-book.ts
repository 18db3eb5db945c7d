// Prices by query, cached: each region and SKU is asked of the Retail Prices API once per refresh period
// (default a day); when the API cannot be reached the last answer stays, else the price table answers.
import { CostSource } from '../api/index.js';
import { awaitOutside, type Clock, type Logger } from '../runtime/index.js';
import { odataFilter, type PriceFilter, type RetailPriceItem } from './retail-price.js';
import type { PriceQuery } from './retail-prices-client.js';
import type { PriceTable } from './price-table.js';

export const DEFAULT_PRICE_REFRESH_MS = 24 * 3600_000;
/** After a failed query, the API is asked again no sooner than this. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/** Items answering one query and where they came from. */
export interface PricedItems {
  items: RetailPriceItem[];
  source: CostSource;
}

export interface PriceBookOptions {
  /** The API; absent when the operator has no network access to it (the table alone answers). */
  api?: PriceQuery;
  table?: PriceTable;
  clock: Pick<Clock, 'now'>;
  logger?: Logger;
  refreshMs?: number;
}

interface Entry {
  answer?: PricedItems;
  fetchedAt: number;
  pending?: Promise<PricedItems | undefined>;
}

export class PriceBook {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshMs: number;

  constructor(private readonly options: PriceBookOptions) {
    this.refreshMs = options.refreshMs ?? DEFAULT_PRICE_REFRESH_MS;
  }

  /** The items of `filter`, from the API (cached) or the table; undefined when neither answers. */
  async lookup(filter: PriceFilter, signal?: AbortSignal): Promise<PricedItems | undefined> {
    const key = odataFilter(filter);
    const entry = this.entries.get(key);
    const now = this.options.clock.now();
    // Waiting for the API's answer, this reconcile's query or another's, is no work of the reconcile's own.
    const pending = entry?.pending;
    if (pending) return awaitOutside(() => pending);
    if (entry && now - entry.fetchedAt < this.refreshMs) return entry.answer;
    const fresh: Entry = { fetchedAt: now, ...(entry?.answer ? { answer: entry.answer } : {}) };
    const query = this.fetch(filter, fresh, signal).finally(() => delete fresh.pending);
    fresh.pending = query;
    this.entries.set(key, fresh);
    return awaitOutside(() => query);
  }

  private async fetch(
    filter: PriceFilter,
    entry: Entry,
    signal?: AbortSignal,
  ): Promise<PricedItems | undefined> {
    if (this.options.api) {
      try {
        const items = await this.options.api.query(filter, signal);
        entry.answer = { items, source: CostSource.RetailPricesAPI };
        return entry.answer;
      } catch (err: unknown) {
        // Prices are an estimate beside the reconcile: a failure keeps the last answer, or falls back.
        this.options.logger?.warn({ err, filter: odataFilter(filter) }, 'cannot read retail prices');
        entry.fetchedAt = this.options.clock.now() - this.refreshMs + RETRY_AFTER_FAILURE_MS;
        if (entry.answer) return entry.answer;
      }
    }
    const fromTable = this.options.table?.query(filter);
    if (!fromTable?.length) return undefined;
    entry.answer = { items: fromTable, source: CostSource.PriceTable };
    return entry.answer;
  }
}
