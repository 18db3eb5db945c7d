import { isSameVmFamily, vmFamily } from './vm-family.js';

describe('vmFamily', () => {
  it.each([
    ['Standard_D4s_v3', 'Dsv3'],
    ['Standard_D16s_v3', 'Dsv3'],
    ['Standard_DS2_v2', 'DSv2'],
    ['Standard_D2ds_v5', 'Ddsv5'],
    ['Standard_D2s_v5', 'Dsv5'],
    ['Standard_E8s_v3', 'Esv3'],
    ['Standard_F16s_v2', 'Fsv2'],
    ['Standard_B2ms', 'Bms'],
    ['Standard_A2_v2', 'Av2'],
    ['Standard_D2', 'D'],
    ['Standard_NC6s_v3', 'NCsv3'],
    ['Standard_NC24ads_A100_v4', 'NCadsA100v4'],
    ['Standard_M64-32ms', 'Mms'],
    ['standard_d4s_v3', 'Dsv3'],
  ])('reads %s as family %s', (size, family) => {
    expect(vmFamily(size)).toBe(family);
  });

  it.each([[''], ['Standard_'], ['large'], ['Standard_D4s_v3_extra'], ['Standard_M416s_8_v2']])(
    'does not guess a family for %p',
    (size) => {
      expect(vmFamily(size)).toBeUndefined();
    },
  );
});

describe('isSameVmFamily', () => {
  it.each([
    ['sizes differing only in vCPUs', 'Standard_D4s_v3', 'Standard_D16s_v3', true],
    ['another version of the series', 'Standard_D4s_v3', 'Standard_D4s_v5', false],
    ['another series', 'Standard_D4s_v3', 'Standard_E4s_v3', false],
    ['a size with a local disk', 'Standard_D4s_v5', 'Standard_D4ds_v5', false],
    ['the older DS name and the newer Ds name', 'Standard_DS2_v2', 'Standard_D2s_v2', true],
    ['any casing', 'standard_d2s_v3', 'Standard_D8s_v3', true],
  ])('%s: %s vs %s → %p', (_what, a, b, same) => {
    expect(isSameVmFamily(a, b)).toBe(same);
  });

  it('leaves unreadable names to Azure', () => {
    expect(isSameVmFamily('Standard_D4s_v3', 'custom-size')).toBeUndefined();
  });
});
