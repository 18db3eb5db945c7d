// The arithmetic of an estimate, per hour from list prices: a pool costs its VM meter × nodes plus each
// node's managed OS disk (none for ephemeral); stopped, only the disks stay. A cluster adds its pools and
// its control-plane tier (Free costs nothing; the tier is billed stopped too).
import { HOURS_PER_MONTH } from '../api/index.js';
import type { RetailPriceItem } from './retail-price.js';
import { diskMeter, osDiskProduct, tierMeter, vmMeter, VmPriority, type VmOs } from './price-pick.js';

/** AKS's OS disk size when a pool declares none. */
export const DEFAULT_OS_DISK_GB = 128;

export interface PoolShape {
  vmSize: string;
  os: VmOs;
  priority: VmPriority;
  /** Ephemeral OS disks live on the VM's own storage: no disk meter. */
  isEphemeralOsDisk: boolean;
  osDiskSizeGB?: number;
  /** Nodes when running. */
  nodes: number;
}

/** Per hour: running, stopped (disks and tier kept), and running at regular priority (spot's comparison). */
export interface Rates {
  running: number;
  stopped: number;
  regularRunning: number;
}

export interface PoolPrices {
  vm: readonly RetailPriceItem[];
  /** The answer for the pool's disk product (see osDiskProduct); unused for ephemeral disks. */
  disk: readonly RetailPriceItem[];
}

export type Priced = { rates: Rates; meters: RetailPriceItem[] } | { missing: string };

export const ZERO_RATES: Rates = { running: 0, stopped: 0, regularRunning: 0 };

export function poolRates(shape: PoolShape, prices: PoolPrices): Priced {
  const vm = vmMeter(prices.vm, shape.os, shape.priority);
  const regular =
    shape.priority === VmPriority.Regular ? vm : vmMeter(prices.vm, shape.os, VmPriority.Regular);
  if (!vm || !regular) return { missing: `${shape.vmSize} (${shape.os}, ${shape.priority})` };
  const meters = [vm, regular];
  let diskHourly = 0;
  if (!shape.isEphemeralOsDisk) {
    const product = osDiskProduct(shape.vmSize);
    const disk = diskMeter(prices.disk, product, shape.osDiskSizeGB ?? DEFAULT_OS_DISK_GB);
    if (!disk) return { missing: `${product} of ${shape.osDiskSizeGB ?? DEFAULT_OS_DISK_GB} GiB` };
    meters.push(disk);
    diskHourly = disk.retailPrice / HOURS_PER_MONTH;
  }
  const n = shape.nodes;
  return {
    rates: {
      running: n * (vm.retailPrice + diskHourly),
      stopped: n * diskHourly,
      regularRunning: n * (regular.retailPrice + diskHourly),
    },
    meters,
  };
}

/** The control plane's hourly fee: nothing for Free (or no tier), else the tier's meter. */
export function tierRates(tier: string | undefined, items: readonly RetailPriceItem[]): Priced {
  if (!tier || tier === 'Free') return { rates: ZERO_RATES, meters: [] };
  const meter = tierMeter(items, tier);
  if (!meter) return { missing: `AKS ${tier} tier` };
  const fee = meter.retailPrice;
  return { rates: { running: fee, stopped: fee, regularRunning: fee }, meters: [meter] };
}

export function addRates(a: Rates, b: Rates): Rates {
  return {
    running: a.running + b.running,
    stopped: a.stopped + b.stopped,
    regularRunning: a.regularRunning + b.regularRunning,
  };
}

/** Rates after a negotiated discount in percent. */
export function discounted(rates: Rates, discountPercent = 0): Rates {
  const f = 1 - discountPercent / 100;
  return { running: rates.running * f, stopped: rates.stopped * f, regularRunning: rates.regularRunning * f };
}
