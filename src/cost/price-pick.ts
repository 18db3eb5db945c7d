// Which meter of a query's answer prices what: a VM size's Linux or Windows, regular or spot meter; a
// managed disk's tier for its size; an AKS control-plane tier. Names as the Retail Prices API spells them.
import type { RetailPriceItem } from './retail-price.js';

export const VmOs = { Linux: 'Linux', Windows: 'Windows' } as const;
export type VmOs = (typeof VmOs)[keyof typeof VmOs];
export const VmPriority = { Regular: 'Regular', Spot: 'Spot' } as const;
export type VmPriority = (typeof VmPriority)[keyof typeof VmPriority];
export const DiskProduct = {
  PremiumSSD: 'Premium SSD Managed Disks',
  StandardSSD: 'Standard SSD Managed Disks',
} as const;
export type DiskProduct = (typeof DiskProduct)[keyof typeof DiskProduct];

/** Managed disk tiers by size (GiB): a disk is billed as the smallest tier that holds it. */
const DISK_TIERS: ReadonlyArray<readonly [number, string]> = [
  [32, '4'],
  [64, '6'],
  [128, '10'],
  [256, '15'],
  [512, '20'],
  [1024, '30'],
  [2048, '40'],
  [4096, '50'],
];

/** The filters the estimate asks: one per region and VM size, per region and disk product, per region for AKS. */
export const priceFilters = {
  vm: (region: string, vmSize: string) => ({
    serviceName: 'Virtual Machines',
    armRegionName: region,
    armSkuName: vmSize,
    priceType: 'Consumption',
  }),
  disk: (region: string, product: DiskProduct) => ({
    serviceName: 'Storage',
    armRegionName: region,
    productName: product,
    priceType: 'Consumption',
  }),
  tier: (region: string) => ({
    serviceName: 'Azure Kubernetes Service',
    armRegionName: region,
    priceType: 'Consumption',
  }),
};

/**
 * The VM meter for an OS and priority: Windows meters are the products named "... Windows"; spot meters the
 * SKUs named "... Spot"; "Low Priority" meters (Batch, old scale sets) are never AKS's.
 */
export function vmMeter(
  items: readonly RetailPriceItem[],
  os: VmOs,
  priority: VmPriority,
): RetailPriceItem | undefined {
  return hourly(items).find((i) => {
    const isWindows = / Windows$/.test(i.productName);
    const isSpot = / Spot$/.test(i.skuName);
    const isLowPriority = / Low Priority$/.test(i.skuName);
    return isWindows === (os === VmOs.Windows) && isSpot === (priority === VmPriority.Spot) && !isLowPriority;
  });
}

/** The LRS meter of the smallest tier holding `sizeGB` (P10 for a 128 GiB Premium SSD). */
export function diskMeter(
  items: readonly RetailPriceItem[],
  product: DiskProduct,
  sizeGB: number,
): RetailPriceItem | undefined {
  const tier = DISK_TIERS.find(([max]) => sizeGB <= max)?.[1];
  if (!tier) return undefined;
  const prefix = product === DiskProduct.PremiumSSD ? 'P' : 'E';
  return items.find(
    (i) => i.productName === product && i.skuName === `${prefix}${tier} LRS` && i.unitOfMeasure === '1/Month',
  );
}

/** The per-cluster-hour meter of a Standard or Premium control plane. */
export function tierMeter(items: readonly RetailPriceItem[], tier: string): RetailPriceItem | undefined {
  return hourly(items).find((i) => i.skuName === tier);
}

/**
 * AKS gives a managed OS disk Premium SSD when the VM size supports premium storage (an "s" among its
 * feature letters, or the DS/GS series), else Standard SSD.
 */
export function osDiskProduct(vmSize: string): DiskProduct {
  const name = vmSize.replace(/^Standard_/i, '');
  const isPremiumCapable = /^[A-Z]+S\d/.test(name) || /^[A-Z]+\d+[a-z]*s[a-z]*(_|$)/.test(name);
  return isPremiumCapable ? DiskProduct.PremiumSSD : DiskProduct.StandardSSD;
}

function hourly(items: readonly RetailPriceItem[]): RetailPriceItem[] {
  return items.filter((i) => i.unitOfMeasure === '1 Hour' && (i.tierMinimumUnits ?? 0) === 0);
}
