// Client of the Azure Retail Prices API: public, no credential; one OData `$filter` per query, pages
// followed through NextPageLink. Points at prices.azure.com, or at the simulator's copy in local mode.
import { request } from 'node:https';
import { isRetailPriceItem, odataFilter, type PriceFilter, type RetailPriceItem } from './retail-price.js';

export const RETAIL_PRICES_URL = 'https://prices.azure.com/api/retail/prices';
/** A query for one region and SKU answers one page; a bound keeps a runaway filter from paging forever. */
const MAX_PAGES = 20;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface RetailPricesClientOptions {
  /** The API's URL (default prices.azure.com). */
  url?: string;
  /** PEM of a CA to trust besides the system's (the simulator's). */
  caPem?: string;
  timeoutMs?: number;
}

/** Asks the price API; throws when it cannot be reached or answers other than 200. */
export interface PriceQuery {
  query(filter: PriceFilter, signal?: AbortSignal): Promise<RetailPriceItem[]>;
}

export class RetailPricesClient implements PriceQuery {
  private readonly url: string;

  constructor(private readonly options: RetailPricesClientOptions = {}) {
    this.url = options.url ?? RETAIL_PRICES_URL;
  }

  async query(filter: PriceFilter, signal?: AbortSignal): Promise<RetailPriceItem[]> {
    const items: RetailPriceItem[] = [];
    let next: string | null = `${this.url}?$filter=${encodeURIComponent(odataFilter(filter))}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const body = (await this.getJson(next, signal)) as { Items?: unknown[]; NextPageLink?: string | null };
      items.push(...(body.Items ?? []).filter(isRetailPriceItem));
      next = body.NextPageLink ?? null;
    }
    return items;
  }

  private getJson(url: string, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          headers: { accept: 'application/json' },
          timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(this.options.caPem ? { ca: this.options.caPem } : {}),
          ...(signal ? { signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(
                new Error(`cannot read prices: ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`),
              );
              return;
            }
            try {
              resolve(JSON.parse(text));
            } catch (err: unknown) {
              reject(new Error(`cannot read prices: ${url} answered no JSON`, { cause: err }));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`cannot read prices: ${url} timed out`)));
      req.on('error', reject);
      req.end();
    });
  }
}
