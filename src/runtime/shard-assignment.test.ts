import { planShards, shardOf } from './shard-assignment.js';

const SHARDS = 16;

/** Holders of 16 shards: `counts` shards each, in order, the rest free. */
function holdersOf(counts: Record<string, number>): (string | undefined)[] {
  const holders = Object.entries(counts).flatMap(([r, n]) => Array<string>(n).fill(r));
  return Array.from({ length: SHARDS }, (_, s) => holders[s]);
}

describe('shardOf', () => {
  it('gives an identity the same shard every time and in every process (FNV-1a)', () => {
    expect(shardOf('', SHARDS)).toBe(0x811c9dc5 % SHARDS);
    expect(shardOf('a', 1 << 30)).toBe(0xe40c292c % (1 << 30));
    expect(shardOf('8b7f0c1e-0000-4000-8000-000000000001', SHARDS)).toBe(
      shardOf('8b7f0c1e-0000-4000-8000-000000000001', SHARDS),
    );
  });

  it('spreads UIDs evenly over the shards', () => {
    const counts = Array<number>(SHARDS).fill(0);
    for (let i = 0; i < 1600; i++)
      counts[shardOf(`c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`, SHARDS)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });
});

describe('planShards', () => {
  it('a replica among three claims a third of the free shards', () => {
    const plan = planShards({ self: 'a', members: ['a', 'b', 'c'], holders: holdersOf({}) });
    expect(plan.release).toEqual([]);
    expect(plan.claim).toHaveLength(5);
  });

  it('claims up to the ceiling once nobody is below the floor', () => {
    const plan = planShards({ self: 'a', members: ['b', 'c'], holders: holdersOf({ a: 5, b: 5, c: 5 }) });
    expect(plan.claim).toEqual([15]);
  });

  it('claims no more than the floor while another replica is below it', () => {
    const plan = planShards({ self: 'a', members: ['b', 'c'], holders: holdersOf({ a: 5, b: 5, c: 2 }) });
    expect(plan).toEqual({ claim: [], release: [] });
  });

  it('a survivor of a lost replica claims only the shards the lost one held', () => {
    const before = holdersOf({ a: 6, b: 5, c: 5 });
    const after = before.map((h) => (h === 'c' ? undefined : h));
    const plan = planShards({ self: 'a', members: ['b'], holders: after });
    expect(plan.release).toEqual([]);
    expect(plan.claim.every((s) => before[s] === 'c')).toBe(true);
    expect(plan.claim).toHaveLength(2);
  });

  it('a replica above its share releases the excess for a newcomer', () => {
    const plan = planShards({ self: 'a', members: ['b'], holders: holdersOf({ a: 16 }) });
    expect(plan).toEqual({ claim: [], release: [8, 9, 10, 11, 12, 13, 14, 15] });
  });

  it('a replica above the floor releases one shard while another is below it and none is free', () => {
    const plan = planShards({ self: 'a', members: ['b', 'c'], holders: holdersOf({ a: 6, b: 6, c: 4 }) });
    expect(plan).toEqual({ claim: [], release: [5] });
  });

  it('holders count as live even before their membership is seen', () => {
    const plan = planShards({ self: 'a', members: [], holders: holdersOf({ b: 8 }) });
    expect(plan.claim).toHaveLength(8);
  });
});
