// The Azure Retail Prices API's answer (GET https://prices.azure.com/api/retail/prices): a page of price
// items and the link to the next page. Only the fields the estimate reads are typed.

/** One meter's price, as the API answers it. */
export interface RetailPriceItem {
  currencyCode: string;
  retailPrice: number;
  unitPrice?: number;
  armRegionName: string;
  armSkuName: string;
  productName: string;
  skuName: string;
  meterName: string;
  serviceName: string;
  /** 'Consumption', 'Reservation' or 'DevTestConsumption'; filtered on as `priceType`. */
  type: string;
  /** '1 Hour' for VMs and AKS tiers, '1/Month' for managed disks. */
  unitOfMeasure: string;
  effectiveStartDate: string;
  tierMinimumUnits?: number;
}

export interface RetailPricePage {
  BillingCurrency?: string;
  Items: RetailPriceItem[];
  NextPageLink: string | null;
  Count?: number;
}

/** The `$filter` of one query: every field equal to its value (`priceType` filters items' `type`). */
export type PriceFilter = Readonly<Record<string, string>>;

/** `serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope'`, quotes doubled as OData wants. */
export function odataFilter(filter: PriceFilter): string {
  return Object.entries(filter)
    .map(([field, value]) => `${field} eq '${value.replace(/'/g, "''")}'`)
    .join(' and ');
}

/** Whether `item` passes `filter`, as the API decides it (for the price table, which is a saved answer). */
export function matchesFilter(item: RetailPriceItem, filter: PriceFilter): boolean {
  return Object.entries(filter).every(([field, value]) => {
    const key = field === 'priceType' ? 'type' : field;
    return String((item as unknown as Record<string, unknown>)[key]) === value;
  });
}

/** Whether a parsed JSON value looks like a price item (the table and the API are read from outside). */
export function isRetailPriceItem(value: unknown): value is RetailPriceItem {
  const v = value as Partial<RetailPriceItem> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.retailPrice === 'number' &&
    typeof v.armRegionName === 'string' &&
    typeof v.productName === 'string' &&
    typeof v.skuName === 'string' &&
    typeof v.serviceName === 'string'
  );
}
