import { handleRetailPrices } from './retail-prices.js';

interface Page {
  Items: Array<Record<string, unknown>>;
  NextPageLink: string | null;
  Count: number;
}

const BASE = 'https://127.0.0.1:8443';

function get(filter: string, skip?: number): { status: number; body: Page } {
  const q = new URLSearchParams({ $filter: filter });
  if (skip !== undefined) q.set('$skip', String(skip));
  const out = handleRetailPrices({ method: 'GET', url: `/api/retail/prices?${q.toString()}`, baseUrl: BASE });
  return { status: out.status, body: out.body as Page };
}

describe('simulated Azure Retail Prices API', () => {
  it('answers a VM size in a region with its Linux, Windows, spot and low-priority meters', () => {
    const out = get(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope' and armSkuName eq 'Standard_D4s_v3' and priceType eq 'Consumption'",
    );
    expect(out.status).toBe(200);
    expect(out.body.NextPageLink).toBeNull();
    expect(out.body.Items.map((i) => `${String(i.productName)} / ${String(i.skuName)}`).sort()).toEqual([
      'Virtual Machines DSv3 Series / D4s v3',
      'Virtual Machines DSv3 Series / D4s v3 Low Priority',
      'Virtual Machines DSv3 Series / D4s v3 Spot',
      'Virtual Machines DSv3 Series Windows / D4s v3',
      'Virtual Machines DSv3 Series Windows / D4s v3 Low Priority',
      'Virtual Machines DSv3 Series Windows / D4s v3 Spot',
    ]);
  });

  it('pages a long answer through NextPageLink', () => {
    const first = get("serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'");
    expect(first.body.Count).toBe(50);
    expect(first.body.NextPageLink).toContain(`${BASE}/api/retail/prices?`);
    const second = get("serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'", 50);
    expect(second.body.Items[0]).not.toEqual(first.body.Items[0]);
  });

  it('refuses a filter it cannot read', () => {
    expect(get("startswith(serviceName, 'Virtual')").status).toBe(400);
  });
});
