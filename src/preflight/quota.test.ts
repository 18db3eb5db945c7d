import { checkQuotaHeadroom, extraNodes } from './quota.js';
import type { PoolCapacityInput } from './quota.js';

const pool = (extra: Partial<PoolCapacityInput>): PoolCapacityInput => ({
  name: 'user1',
  count: 10,
  vmSize: 'Standard_D4s_v5',
  family: 'standardDSv5Family',
  vcpusPerVm: 4,
  strategy: 'Surge',
  ...extra,
});

describe('extraNodes', () => {
  it.each([
    { name: 'S48: maxSurge 33% of 10 nodes rounds up to 4', p: pool({ maxSurge: '33%' }), want: 4 },
    { name: 'an unset maxSurge is one node', p: pool({}), want: 1 },
    { name: 'an integer maxSurge is that many nodes', p: pool({ maxSurge: 3 }), want: 3 },
    { name: 'surge never exceeds the pool', p: pool({ count: 2, maxSurge: '100%' }), want: 2 },
    { name: 'blue/green needs a whole second pool', p: pool({ strategy: 'BlueGreen' }), want: 10 },
  ])('$name', ({ p, want }) => expect(extraNodes(p)).toBe(want));
});

describe('checkQuotaHeadroom', () => {
  it('S39: blue/green with too few free vCPUs in the family is an error quoting currentValue, limit and need', () => {
    const findings = checkQuotaHeadroom(
      [pool({ strategy: 'BlueGreen' })],
      [{ name: 'standardDSv5Family', currentValue: 60, limit: 80 }],
    );
    expect(findings).toEqual([
      expect.objectContaining({
        reason: 'QuotaExceeded',
        severity: 'Error',
        message: expect.stringMatching(
          /needs 40 more vCPUs of standardDSv5Family but only 20 are free \(currentValue 60, limit 80\)/,
        ),
      }),
    ]);
  });

  it('S48: surge of 4 nodes × 4 vCPUs fits in 16 free vCPUs', () => {
    expect(
      checkQuotaHeadroom(
        [pool({ maxSurge: '33%' })],
        [{ name: 'standardDSv5Family', currentValue: 64, limit: 80 }],
      ),
    ).toEqual([]);
  });

  it('the regional total is checked across families', () => {
    const pools = [pool({ maxSurge: 2 }), pool({ name: 'user2', family: 'standardEv5Family', maxSurge: 2 })];
    const findings = checkQuotaHeadroom(pools, [{ name: 'cores', currentValue: 90, limit: 100 }]);
    expect(findings).toEqual([
      expect.objectContaining({
        subject: 'quota regional vCPUs',
        message: expect.stringContaining('needs 16 more vCPUs'),
      }),
    ]);
  });
});
