// The arithmetic to the cent against the simulator's price snapshot (read as a price table): VM sizes,
// regions, OS, priorities, disk types and sizes, control-plane tiers.
import { HOURS_PER_MONTH } from '../api/index.js';
import { poolRates, tierRates, type PoolShape } from './cost-rates.js';
import { DiskProduct, osDiskProduct, priceFilters, vmMeter, VmOs, VmPriority } from './price-pick.js';
import { PriceTable } from './price-table.js';

const table = PriceTable.fromFile(new URL('../../sim/retail-prices-snapshot.json', import.meta.url).pathname);

function monthly(region: string, shape: PoolShape): { running: string; stopped: string; regular: string } {
  const priced = poolRates(shape, {
    vm: table.query(priceFilters.vm(region, shape.vmSize)),
    disk: table.query(priceFilters.disk(region, osDiskProduct(shape.vmSize))),
  });
  if ('missing' in priced) throw new Error(`missing ${priced.missing}`);
  const m = (x: number) => (x * HOURS_PER_MONTH).toFixed(2);
  return {
    running: m(priced.rates.running),
    stopped: m(priced.rates.stopped),
    regular: m(priced.rates.regularRunning),
  };
}

const pool = (p: Partial<PoolShape> & Pick<PoolShape, 'vmSize' | 'nodes'>): PoolShape => ({
  os: VmOs.Linux,
  priority: VmPriority.Regular,
  isEphemeralOsDisk: false,
  ...p,
});

describe('pool rates from list prices', () => {
  it.each([
    // 2 × (0.2208 $/h × 730 + P10 22.67 $/month)
    ['westeurope', pool({ vmSize: 'Standard_D4s_v3', nodes: 2 }), '367.71', '45.34', '367.71'],
    // 3 × (Windows 0.752 $/h × 730 + P10 19.71)
    [
      'eastus',
      pool({ vmSize: 'Standard_D8s_v3', nodes: 3, os: VmOs.Windows }),
      '1706.01',
      '59.13',
      '1706.01',
    ],
    // 2 × spot 0.0442 $/h × 730, ephemeral: no disk; regular 2 × 0.2208 × 730
    [
      'westeurope',
      pool({ vmSize: 'Standard_D4s_v3', nodes: 2, priority: VmPriority.Spot, isEphemeralOsDisk: true }),
      '64.53',
      '0.00',
      '322.37',
    ],
    // 1 × (0.0416 × 730 + P4 5.28): a 30 GiB disk is billed as P4
    ['eastus', pool({ vmSize: 'Standard_B2s', nodes: 1, osDiskSizeGB: 30 }), '35.65', '5.28', '35.65'],
    // 4 × (Windows spot 0.148 × 730 + P15 41.81); regular Windows 0.3699
    [
      'westus',
      pool({
        vmSize: 'Standard_F4s_v2',
        nodes: 4,
        os: VmOs.Windows,
        priority: VmPriority.Spot,
        osDiskSizeGB: 256,
      }),
      '599.40',
      '167.24',
      '1247.35',
    ],
  ])(
    '%s %o costs %s a month running, %s stopped, %s at regular priority',
    (region, shape, running, stopped, regular) => {
      expect(monthly(region, shape)).toEqual({ running, stopped, regular });
    },
  );

  it('prices no node of a pool at zero', () => {
    expect(monthly('eastus', pool({ vmSize: 'Standard_D4s_v3', nodes: 0 }))).toEqual({
      running: '0.00',
      stopped: '0.00',
      regular: '0.00',
    });
  });

  it('names what is missing for a size the prices do not list', () => {
    const shape = pool({ vmSize: 'Standard_NC96ads_A100_v4', nodes: 1 });
    expect(poolRates(shape, { vm: table.query(priceFilters.vm('eastus', shape.vmSize)), disk: [] })).toEqual({
      missing: 'Standard_NC96ads_A100_v4 (Linux, Regular)',
    });
  });

  it('takes the spot meter, never the low-priority one', () => {
    const meter = vmMeter(
      table.query(priceFilters.vm('eastus', 'Standard_D4s_v3')),
      VmOs.Linux,
      VmPriority.Spot,
    );
    expect(meter?.skuName).toBe('D4s v3 Spot');
  });
});

describe('control-plane tier rates', () => {
  it.each([
    ['Free', '0.00'],
    ['Standard', '73.00'],
    ['Premium', '438.00'],
  ])('%s costs %s a month, stopped or not', (tier, perMonth) => {
    const priced = tierRates(tier, table.query(priceFilters.tier('westeurope')));
    if ('missing' in priced) throw new Error(priced.missing);
    expect((priced.rates.running * HOURS_PER_MONTH).toFixed(2)).toBe(perMonth);
    expect(priced.rates.stopped).toBe(priced.rates.running);
  });
});

describe('OS disk product', () => {
  it.each([
    ['Standard_D4s_v3', DiskProduct.PremiumSSD],
    ['Standard_DS2_v2', DiskProduct.PremiumSSD],
    ['Standard_B2s', DiskProduct.PremiumSSD],
    ['Standard_E8as_v5', DiskProduct.PremiumSSD],
    ['Standard_D4_v3', DiskProduct.StandardSSD],
    ['Standard_D8a_v4', DiskProduct.StandardSSD],
  ])('%s gets %s', (size, product) => {
    expect(osDiskProduct(size)).toBe(product);
  });
});
