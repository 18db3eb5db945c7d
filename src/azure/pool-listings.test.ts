import type * as Arm from '@azure/arm-containerservice';
import { ReconcileClock, awaitOutside, runWithReconcileClock } from '../runtime/index.js';
import { POOL_LISTING_TTL_MS, PoolListings } from './pool-listings.js';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const pool = (name: string): string => `${CLUSTER}/agentPools/${name}`;

function setup() {
  let nowMs = 0;
  const listings = new PoolListings({ now: () => nowMs });
  let reads = 0;
  let listed: Arm.AgentPool[] | undefined = [{ name: 'system' }];
  const read = async (): Promise<Arm.AgentPool[] | undefined> => {
    reads++;
    return listed;
  };
  return {
    listings,
    read,
    reads: () => reads,
    advance: (ms: number) => (nowMs += ms),
    list: (pools: Arm.AgentPool[] | undefined) => (listed = pools),
  };
}

describe('PoolListings', () => {
  it('reads a cluster once for every sibling that asks while the listing is fresh', async () => {
    const t = setup();
    await Promise.all([
      t.listings.pools(CLUSTER, ['user1'], t.read),
      t.listings.pools(CLUSTER, ['user2'], t.read),
    ]);
    await t.listings.pools(CLUSTER.toUpperCase(), ['user3'], t.read);
    expect(t.reads()).toBe(1);
    t.advance(POOL_LISTING_TTL_MS);
    await t.listings.pools(CLUSTER, ['user3'], t.read);
    expect(t.reads()).toBe(2);
  });

  it("counts a sibling's wait for the read another reconcile started as time awaited outside", async () => {
    let t = 0;
    const listings = new PoolListings({ now: () => 0 });
    // An ARM list that answers on a later turn of the event loop, 120 ms of manual time later.
    const read = (): Promise<Arm.AgentPool[]> =>
      new Promise((resolve) =>
        setImmediate(() => {
          t += 120;
          resolve([{ name: 'system' }]);
        }),
      );
    const reading = new ReconcileClock(() => t);
    const joining = new ReconcileClock(() => t);
    await Promise.all([
      runWithReconcileClock(reading, () => awaitOutside(() => listings.pools(CLUSTER, ['user1'], read))),
      runWithReconcileClock(joining, () => listings.pools(CLUSTER, ['user2'], read)),
    ]);
    expect(joining.finish()).toEqual({ wallMs: 120, awaitedMs: 120, ownMs: 0 });
  });

  it('answers absent only for a pool a fresh listing lacks and this process has not written since', async () => {
    const t = setup();
    expect(t.listings.isListedAbsent(pool('user1'))).toBe(false);
    await t.listings.pools(CLUSTER, [], t.read);
    expect(t.listings.isListedAbsent(pool('user1'))).toBe(true);
    expect(t.listings.isListedAbsent(pool('system'))).toBe(false);
    t.listings.wrote(pool('user1'));
    expect(t.listings.isListedAbsent(pool('user1'))).toBe(false);
    expect(t.listings.isListedAbsent(pool('user2'))).toBe(true);
    t.advance(POOL_LISTING_TTL_MS);
    expect(t.listings.isListedAbsent(pool('user2'))).toBe(false);
  });

  it('reads again for a pool written since the listing, and says nothing of a pool written while it was read', async () => {
    const t = setup();
    await t.listings.pools(CLUSTER, [], t.read);
    t.listings.wrote(pool('user1'));
    await t.listings.pools(CLUSTER, ['user2'], t.read);
    expect(t.reads()).toBe(1);
    await t.listings.pools(CLUSTER, ['user1'], async () => {
      t.listings.wrote(pool('user2'));
      return t.read();
    });
    expect(t.reads()).toBe(2);
    expect(t.listings.isListedAbsent(pool('user1'))).toBe(true);
    expect(t.listings.isListedAbsent(pool('user2'))).toBe(false);
    expect(t.listings.isListedAbsent(pool('user3'))).toBe(true);
    await t.listings.pools(CLUSTER, ['user3'], t.read);
    expect(t.reads()).toBe(2);
    await t.listings.pools(CLUSTER, ['user2'], t.read);
    expect(t.reads()).toBe(3);
  });

  it('lets a sibling join a read in flight only when none of its names was written since it started', async () => {
    const t = setup();
    let finish: (pools: Arm.AgentPool[]) => void = () => undefined;
    const slow = () =>
      new Promise<Arm.AgentPool[] | undefined>((resolve) => {
        finish = resolve;
      });
    const first = t.listings.pools(CLUSTER, [], slow);
    t.listings.wrote(pool('user1'));
    const joined = t.listings.pools(CLUSTER, ['user2'], t.read);
    const own = t.listings.pools(CLUSTER, ['user1'], t.read);
    finish([{ name: 'system' }]);
    await Promise.all([first, joined, own]);
    expect(t.reads()).toBe(1);
  });

  it('keeps nothing for an absent cluster', async () => {
    const t = setup();
    t.list(undefined);
    expect(await t.listings.pools(CLUSTER, [], t.read)).toBeUndefined();
    expect(t.listings.isListedAbsent(pool('user1'))).toBe(false);
  });
});
