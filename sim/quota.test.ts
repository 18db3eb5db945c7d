// Quota arithmetic: family and regional vCPU limits, most specific limit wins.
import { QuotaModel } from './quota.js';

const model = new QuotaModel({
  defaultFamilyLimit: 100,
  defaultRegionalLimit: 150,
  limits: [
    { family: 'standardDSv3Family', limit: 40 },
    { family: 'standardDSv3Family', location: 'westus', limit: 60 },
    { family: 'standardDSv3Family', subscriptionId: 'sub-big', location: 'westus', limit: 500 },
  ],
});

it.each([
  ['sub', 'eastus', 'standardDSv3Family', 40],
  ['sub', 'westus', 'standardDSv3Family', 60],
  ['SUB-BIG', 'WestUS', 'standardDSv3Family', 500],
  ['sub', 'eastus', 'standardFSv2Family', 100],
  ['sub', 'eastus', 'cores', 150],
])('limit for %s in %s of %s is %i', (sub, loc, family, limit) => {
  expect(model.limitFor(sub, loc, family)).toBe(limit);
});

describe('check', () => {
  const usage = new Map([
    ['standardDSv3Family', 36],
    ['standardFSv2Family', 100],
  ]);
  it('accepts a request that fits exactly', () => {
    expect(
      model.check({
        subscriptionId: 's',
        location: 'eastus',
        family: 'standardDSv3Family',
        usageByFamily: usage,
        required: 4,
      }),
    ).toBeUndefined();
  });
  it('names the family, limit, usage and requirement when the family quota is exceeded', () => {
    expect(
      model.check({
        subscriptionId: 's',
        location: 'eastus',
        family: 'standardDSv3Family',
        usageByFamily: usage,
        required: 8,
      }),
    ).toEqual({
      quotaName: 'standardDSv3Family Cores',
      limit: 40,
      usage: 36,
      required: 8,
    });
  });
  it('checks the total regional limit after the family fits', () => {
    const roomy = new Map([
      ['standardDSv3Family', 10],
      ['standardFSv2Family', 130],
    ]);
    expect(
      model.check({
        subscriptionId: 's',
        location: 'eastus',
        family: 'standardDSv3Family',
        usageByFamily: roomy,
        required: 20,
      }),
    ).toEqual({
      quotaName: 'Total Regional Cores',
      limit: 150,
      usage: 140,
      required: 20,
    });
  });
  it('counts the other families of the same request toward the regional total', () => {
    const roomy = new Map([['standardDSv3Family', 10]]);
    expect(
      model.check({
        subscriptionId: 's',
        location: 'eastus',
        family: 'standardFSv2Family',
        usageByFamily: roomy,
        required: 80,
        requiredElsewhere: 70,
      }),
    ).toEqual({ quotaName: 'Total Regional Cores', limit: 150, usage: 10, required: 150 });
  });
  it('ignores requests for nothing', () => {
    expect(
      model.check({
        subscriptionId: 's',
        location: 'eastus',
        family: 'standardFSv2Family',
        usageByFamily: usage,
        required: 0,
      }),
    ).toBeUndefined();
  });
});
