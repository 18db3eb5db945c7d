import { quotaFamily, standbyHeadroom } from './standby-quota.js';

const usages = (familyFree: number, regionalFree = 100) => [
  { name: 'cores', currentValue: 100 - regionalFree, limit: 100 },
  { name: 'standardDSv2Family', currentValue: 50 - familyFree, limit: 50 },
];

describe('standbyHeadroom', () => {
  it('names the quota family as the usages API does', () => {
    expect(quotaFamily('Standard_DS3_v2')).toBe('standardDSv2Family');
    expect(quotaFamily('Standard_D4s_v3')?.toLowerCase()).toBe('standarddsv3family');
  });

  it.each([
    ['all nodes fit the family and the region', usages(16), 4, undefined],
    ['only as many nodes as the family has vCPUs for', usages(9), 2, 'standardDSv2Family has 9 of 50 free'],
    ['only as many nodes as the region has vCPUs for', usages(50, 4), 1, 'the region 4 of 100 free'],
    ['none when the family is full', usages(0), 0, 'standardDSv2Family has 0 of 50 free'],
  ])('%s', (_name, u, fits, shortfall) => {
    const h = standbyHeadroom({ poolName: 'standby1', vmSize: 'Standard_DS3_v2', addNodes: 4, usages: u });
    expect(h?.fits).toBe(fits);
    if (shortfall) expect(h?.shortfall).toContain(shortfall);
    else expect(h?.shortfall).toBeUndefined();
  });

  it('leaves an unknown VM size to Azure', () => {
    expect(
      standbyHeadroom({ poolName: 's', vmSize: 'Standard_Z9_v9', addNodes: 1, usages: usages(0) }),
    ).toBeUndefined();
  });
});
