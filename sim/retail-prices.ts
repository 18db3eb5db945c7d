// The Azure Retail Prices API (`GET /api/retail/prices`, public, no credential) as the simulator serves it in
// local mode: a committed snapshot in the API's response shape, filtered by the OData `$filter` subset
// clients use (`field eq 'value'` joined by `and`) and paged through `NextPageLink` with `$skip`.
import { readFileSync } from 'node:fs';

export const RETAIL_PRICES_PATH = '/api/retail/prices';
/** Items per page (the real API answers up to 1,000 per page; smaller here so clients page). */
const PAGE_SIZE = 50;
/** Filter names that differ from the item's field: `priceType` filters on `type`. */
const FILTER_FIELDS: Record<string, string> = { priceType: 'type' };

type PriceItem = Record<string, string | number | boolean>;

interface PriceSnapshot {
  BillingCurrency: string;
  CustomerEntityId: string;
  CustomerEntityType: string;
  Items: PriceItem[];
}

export interface RetailPricesResponse {
  status: number;
  body: unknown;
}

let snapshot: PriceSnapshot | undefined;

function loadSnapshot(): PriceSnapshot {
  snapshot ??= JSON.parse(
    readFileSync(new URL('./retail-prices-snapshot.json', import.meta.url), 'utf8'),
  ) as PriceSnapshot;
  return snapshot;
}

/** Whether `path` is the Retail Prices API's. */
export function isRetailPricesPath(path: string): boolean {
  return path === RETAIL_PRICES_PATH;
}

/** One page of the snapshot's items matching the request's `$filter`. */
export function handleRetailPrices(request: {
  method: string;
  url: string;
  baseUrl: string;
}): RetailPricesResponse {
  if (request.method !== 'GET')
    return { status: 405, body: { Error: { Message: `${request.method} is not supported` } } };
  const query = new URL(request.url, 'https://sim.invalid').searchParams;
  const filter = query.get('$filter');
  const terms = filter ? parseFilter(filter) : [];
  if (!terms) return { status: 400, body: { Error: { Message: `Invalid OData filter: ${filter ?? ''}` } } };
  const all = loadSnapshot();
  const matching = all.Items.filter((item) => terms.every(([field, value]) => String(item[field]) === value));
  const skip = Math.max(0, Number(query.get('$skip') ?? '0') || 0);
  const page = matching.slice(skip, skip + PAGE_SIZE);
  const next = new URLSearchParams(query);
  next.set('$skip', String(skip + PAGE_SIZE));
  return {
    status: 200,
    body: {
      BillingCurrency: all.BillingCurrency,
      CustomerEntityId: all.CustomerEntityId,
      CustomerEntityType: all.CustomerEntityType,
      Items: page,
      NextPageLink:
        skip + PAGE_SIZE < matching.length
          ? `${request.baseUrl}${RETAIL_PRICES_PATH}?${next.toString()}`
          : null,
      Count: page.length,
    },
  };
}

/** `a eq 'x' and b eq 'y'` as [field, value] pairs; undefined for anything else. */
function parseFilter(filter: string): Array<[string, string]> | undefined {
  const terms: Array<[string, string]> = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const m = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(part);
    if (!m?.[1]) return undefined;
    terms.push([FILTER_FIELDS[m[1]] ?? m[1], (m[2] ?? '').replace(/''/g, "'")]);
  }
  return terms;
}
