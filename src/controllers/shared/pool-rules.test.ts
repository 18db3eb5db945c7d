import { checkPoolShape } from './pool-rules.js';

describe('checkPoolShape', () => {
  it.each([
    [
      'an ephemeral disk larger than the cache',
      { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 },
      'VMCacheSizeTooSmall',
    ],
    [
      'an ephemeral disk of the default size larger than the cache',
      { vmSize: 'Standard_D2s_v3', osDiskType: 'Ephemeral' },
      'VMCacheSizeTooSmall',
    ],
    [
      'an ephemeral disk on a size without cache',
      { vmSize: 'Standard_D4s_v5', osDiskType: 'Ephemeral', osDiskSizeGB: 30 },
      'VMCacheSizeTooSmall',
    ],
    [
      'a System pool on a 1-vCPU size',
      { vmSize: 'Standard_B1s', mode: 'System' },
      'SystemPoolVMSizeTooSmall',
    ],
  ])('refuses %s', (_what, pool, reason) => {
    expect(checkPoolShape({ mode: 'User', fieldPrefix: 'spec', ...pool })?.reason).toBe(reason);
  });

  it.each([
    [
      'an ephemeral disk that fits',
      { vmSize: 'Standard_DS3_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 },
    ],
    [
      'a managed disk on a size without cache',
      { vmSize: 'Standard_D4s_v5', osDiskType: 'Managed', osDiskSizeGB: 512 },
    ],
    ['no disk type (AKS picks one that fits)', { vmSize: 'Standard_DS2_v2', osDiskSizeGB: 128 }],
    [
      'an unknown size (left for Azure to judge)',
      { vmSize: 'Standard_Future_v9', osDiskType: 'Ephemeral', osDiskSizeGB: 2048 },
    ],
    ['a User pool on a small size', { vmSize: 'Standard_B1s', mode: 'User' }],
  ])('accepts %s', (_what, pool) => {
    expect(checkPoolShape({ mode: 'User', fieldPrefix: 'spec', ...pool })).toBeUndefined();
  });

  it('names the cache, the disk and the ways out in the message', () => {
    const p = checkPoolShape({
      vmSize: 'Standard_DS2_v2',
      osDiskType: 'Ephemeral',
      osDiskSizeGB: 128,
      mode: 'User',
      fieldPrefix: 'spec',
    });
    expect(p?.message).toContain('Standard_DS2_v2 caches 86 GiB but osDiskSizeGB is 128');
    expect(p?.field).toBe('spec.osDiskSizeGB');
  });
});
