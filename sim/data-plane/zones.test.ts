import { pickScaleInVictims, pickZones, zoneLabel, zoneOfLabel } from './zones.js';

describe('zones', () => {
  it('spreads new nodes over the least populated zones, in the pool zone order on ties', () => {
    expect(pickZones({ zones: ['1', '2', '3'], existing: [], count: 5 })).toEqual(['1', '2', '3', '1', '2']);
    expect(pickZones({ zones: ['1', '2', '3'], existing: ['1', '1', '2'], count: 2 })).toEqual(['3', '2']);
  });

  it('puts non-zonal nodes in fault domain "0"', () => {
    expect(pickZones({ zones: [], existing: [], count: 2 })).toEqual(['0', '0']);
    expect(zoneLabel('WestEurope', '0')).toBe('0');
  });

  it.each([
    ['eastus', '2', 'eastus-2'],
    ['WestEurope', '1', 'westeurope-1'],
  ])('labels zone %s/%s as %s and reads it back', (location, zone, label) => {
    expect(zoneLabel(location, zone)).toBe(label);
    expect(zoneOfLabel(label)).toBe(zone);
  });

  it('scales in from the fullest zone, highest instance first', () => {
    const nodes = [
      { name: 'aks-p-12345678-vmss000000', zone: '1' },
      { name: 'aks-p-12345678-vmss000001', zone: '2' },
      { name: 'aks-p-12345678-vmss000002', zone: '3' },
      { name: 'aks-p-12345678-vmss000003', zone: '1' },
      { name: 'aks-p-12345678-vmss000004', zone: '2' },
    ];
    expect(pickScaleInVictims(nodes, 3)).toEqual([
      'aks-p-12345678-vmss000004',
      'aks-p-12345678-vmss000003',
      'aks-p-12345678-vmss000002',
    ]);
    expect(pickScaleInVictims(nodes, 9)).toHaveLength(5);
  });
});
