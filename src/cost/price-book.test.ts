// The price book: one API query per region and SKU per refresh period, the last answer kept when the API
// fails, the price table when it never answered.
import { CostSource } from '../api/index.js';
import { ReconcileClock, runWithReconcileClock } from '../runtime/index.js';
import { PriceBook } from './price-book.js';
import { PriceTable } from './price-table.js';
import type { PriceFilter, RetailPriceItem } from './retail-price.js';
import type { PriceQuery } from './retail-prices-client.js';

const item = (retailPrice: number): RetailPriceItem => ({
  currencyCode: 'USD',
  retailPrice,
  armRegionName: 'eastus',
  armSkuName: 'Standard_D4s_v3',
  productName: 'Virtual Machines DSv3 Series',
  skuName: 'D4s v3',
  meterName: 'D4s v3',
  serviceName: 'Virtual Machines',
  type: 'Consumption',
  unitOfMeasure: '1 Hour',
  effectiveStartDate: '2026-10-01T00:00:00Z',
});

class FakeApi implements PriceQuery {
  calls = 0;
  price = 0.192;
  isDown = false;
  query(_filter: PriceFilter): Promise<RetailPriceItem[]> {
    this.calls++;
    return this.isDown ? Promise.reject(new Error('unreachable')) : Promise.resolve([item(this.price)]);
  }
}

const FILTER = { serviceName: 'Virtual Machines', armRegionName: 'eastus', armSkuName: 'Standard_D4s_v3' };
const HOUR = 3600_000;

describe('price book', () => {
  it('asks the API once per query and refresh period', async () => {
    const api = new FakeApi();
    let now = 0;
    const book = new PriceBook({ api, clock: { now: () => now }, refreshMs: 24 * HOUR });
    await Promise.all([book.lookup(FILTER), book.lookup(FILTER)]);
    await book.lookup(FILTER);
    expect(api.calls).toBe(1);
    now += 25 * HOUR;
    api.price = 0.2;
    expect((await book.lookup(FILTER))?.items[0]?.retailPrice).toBe(0.2);
    expect(api.calls).toBe(2);
  });

  it("counts waiting for the API's answer, to its own query or another's, as time awaited outside", async () => {
    let t = 0;
    // An API that answers on a later turn of the event loop, 300 ms of manual time later.
    const api: PriceQuery = {
      query: () =>
        new Promise((resolve) =>
          setImmediate(() => {
            t += 300;
            resolve([item(0.192)]);
          }),
        ),
    };
    const book = new PriceBook({ api, clock: { now: () => 0 } });
    const asking = new ReconcileClock(() => t);
    const waiting = new ReconcileClock(() => t);
    await Promise.all([
      runWithReconcileClock(asking, () => book.lookup(FILTER)),
      runWithReconcileClock(waiting, () => book.lookup(FILTER)),
    ]);
    expect(asking.finish()).toEqual({ wallMs: 300, awaitedMs: 300, ownMs: 0 });
    expect(waiting.finish()).toEqual({ wallMs: 300, awaitedMs: 300, ownMs: 0 });
  });

  it('keeps the last answer when the API fails at a refresh', async () => {
    const api = new FakeApi();
    let now = 0;
    const book = new PriceBook({ api, clock: { now: () => now }, refreshMs: HOUR });
    await book.lookup(FILTER);
    api.isDown = true;
    now += 2 * HOUR;
    expect(await book.lookup(FILTER)).toEqual({ items: [item(0.192)], source: CostSource.RetailPricesAPI });
  });

  it('answers from the price table when the API cannot be reached, and says so', async () => {
    const api = new FakeApi();
    api.isDown = true;
    const table = new PriceTable([item(0.25)]);
    const book = new PriceBook({ api, table, clock: { now: () => 0 } });
    expect(await book.lookup(FILTER)).toEqual({ items: [item(0.25)], source: CostSource.PriceTable });
  });

  it('reads a price table saved from the API', () => {
    const table = PriceTable.fromJson(JSON.stringify({ Items: [item(0.25), { not: 'a price' }] }));
    expect(table.query({ ...FILTER, priceType: 'Consumption' })).toEqual([item(0.25)]);
  });
});
