// The price table: a saved answer of the Retail Prices API (`{"Items": [...]}`, as a file, typically a
// mounted ConfigMap), for operators without network access to prices.azure.com. Queried like the API.
import { readFileSync } from 'node:fs';
import { isRetailPriceItem, matchesFilter, type PriceFilter, type RetailPriceItem } from './retail-price.js';

export class PriceTable {
  constructor(private readonly items: readonly RetailPriceItem[]) {}

  /** Reads `{"Items": [...]}` or a bare array of items; items of another shape are left out. */
  static fromJson(text: string): PriceTable {
    const parsed = JSON.parse(text) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { Items?: unknown } | null)?.Items;
    if (!Array.isArray(list))
      throw new Error('a price table holds {"Items": [...]} as the Retail Prices API answers');
    return new PriceTable(list.filter(isRetailPriceItem));
  }

  static fromFile(path: string): PriceTable {
    try {
      return PriceTable.fromJson(readFileSync(path, 'utf8'));
    } catch (err: unknown) {
      throw new Error(
        `cannot read the price table ${path}: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  query(filter: PriceFilter): RetailPriceItem[] {
    return this.items.filter((item) => matchesFilter(item, filter));
  }
}
