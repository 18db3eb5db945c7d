import { ManualClock } from './clock.js';
import { ShardLeases } from './shard-leases.js';
import { FakeShardLeaseStore } from './testing/fake-shard-lease-store.js';

const SHARDS = 16;
const LEASE_MS = 15_000;
const RENEW_MS = 10_000;
const RETRY_MS = 2_000;
const PREFIX = 'op-shard-';

interface Replica {
  leases: ShardLeases;
  /** When each shard's signal aborted, by shard (the last time). */
  lostAt: Map<number, number>;
  gainedAt: Map<number, number>;
}

function world() {
  const clock = new ManualClock(0);
  const store = new FakeShardLeaseStore();
  const replicas = new Map<string, Replica>();
  const start = (identity: string): Replica => {
    const lostAt = new Map<number, number>();
    const gainedAt = new Map<number, number>();
    const leases = new ShardLeases({
      store: store.client(identity),
      set: 'op',
      identity,
      shards: SHARDS,
      leaseDurationMs: LEASE_MS,
      renewDeadlineMs: RENEW_MS,
      retryPeriodMs: RETRY_MS,
      clock,
      onGained: (shard, signal) => {
        gainedAt.set(shard, clock.now());
        signal.addEventListener('abort', () => lostAt.set(shard, clock.now()), { once: true });
      },
    });
    leases.start();
    const replica = { leases, lostAt, gainedAt };
    replicas.set(identity, replica);
    return replica;
  };
  const holders = () => store.holders(PREFIX, SHARDS);
  const counts = () => {
    const c: Record<string, number> = {};
    for (const h of holders()) if (h) c[h] = (c[h] ?? 0) + 1;
    return c;
  };
  /** Every shard held by exactly one live replica, each with floor or ceil of its share. */
  const balanced = (live: string[]) => {
    const hs = holders();
    if (hs.some((h) => !h || !live.includes(h))) return false;
    const n = Object.values(counts());
    const share = SHARDS / live.length;
    return n.length === live.length && n.every((k) => k >= Math.floor(share) && k <= Math.ceil(share));
  };
  const advanceUntil = async (cond: () => boolean, limitMs: number): Promise<number> => {
    const startAt = clock.now();
    while (!cond()) {
      if (clock.now() - startAt > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
      await clock.advance(250);
    }
    return clock.now() - startAt;
  };
  const stopAll = () => Promise.all([...replicas.values()].map((r) => r.leases.stop({ release: false })));
  return { clock, store, start, holders, counts, balanced, advanceUntil, stopAll, replicas };
}

describe('ShardLeases', () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => (w = world()));
  afterEach(() => w.stopAll());

  it('three replicas split the shards evenly, each shard held by one replica', async () => {
    for (const id of ['a', 'b', 'c']) w.start(id);
    await w.advanceUntil(() => w.balanced(['a', 'b', 'c']), 60_000);
    for (const [id, r] of w.replicas)
      expect(r.leases.heldShards()).toEqual(w.holders().flatMap((h, s) => (h === id ? [s] : [])));
  });

  it('a replica that joins late takes shards only from the others, and no shard passes between them', async () => {
    w.start('a');
    w.start('b');
    await w.advanceUntil(() => w.balanced(['a', 'b']), 60_000);
    const before = w.holders();
    w.start('c');
    await w.advanceUntil(() => w.balanced(['a', 'b', 'c']), 60_000);
    const after = w.holders();
    for (let s = 0; s < SHARDS; s++) if (after[s] !== 'c') expect(after[s]).toBe(before[s]);
  });

  it("a killed replica's shards move to the others within the lease duration, and only its shards move", async () => {
    for (const id of ['a', 'b', 'c']) w.start(id);
    await w.advanceUntil(() => w.balanced(['a', 'b', 'c']), 60_000);
    const before = w.holders();
    await w.replicas.get('c')!.leases.stop({ release: false });
    const tookMs = await w.advanceUntil(() => w.balanced(['a', 'b']), 60_000);
    expect(tookMs).toBeLessThanOrEqual(LEASE_MS + 2 * RETRY_MS);
    const after = w.holders();
    for (let s = 0; s < SHARDS; s++) if (before[s] !== 'c') expect(after[s]).toBe(before[s]);
  });

  it('a replica cut off from the API server stops acting on its shards before another replica takes them', async () => {
    for (const id of ['a', 'b']) w.start(id);
    await w.advanceUntil(() => w.balanced(['a', 'b']), 60_000);
    const cutAt = w.clock.now();
    const shardsOfB = w.replicas.get('b')!.leases.heldShards();
    w.store.cutOff.add('b');
    await w.advanceUntil(() => w.holders().every((h) => h === 'a'), 60_000);
    const a = w.replicas.get('a')!;
    const b = w.replicas.get('b')!;
    expect(b.leases.heldShards()).toEqual([]);
    for (const s of shardsOfB) {
      expect(b.lostAt.get(s)!).toBeLessThanOrEqual(cutAt + RENEW_MS);
      expect(b.lostAt.get(s)!).toBeLessThan(a.gainedAt.get(s)!);
    }
  });

  it('a replica stopped gracefully frees its shards so the others take them at once', async () => {
    for (const id of ['a', 'b']) w.start(id);
    await w.advanceUntil(() => w.balanced(['a', 'b']), 60_000);
    await w.replicas.get('b')!.leases.stop();
    const tookMs = await w.advanceUntil(() => w.holders().every((h) => h === 'a'), 60_000);
    expect(tookMs).toBeLessThan(LEASE_MS);
    expect([...w.store.leases.keys()].filter((n) => n.startsWith('op-replica-'))).toEqual(['op-replica-a']);
  });

  it("a dead replica's shards are claimed the moment their leases expire, not at the next retry period", async () => {
    // A replica that died holding every shard: its Leases are first seen at 0, so they expire at LEASE_MS,
    // which falls between two of the survivor's retry periods.
    const dead = { holderIdentity: 'dead', leaseDurationSeconds: LEASE_MS / 1000, leaseTransitions: 0 };
    for (let s = 0; s < SHARDS; s++)
      w.store.leases.set(`${PREFIX}${s}`, { record: dead, resourceVersion: s + 1 });
    w.store.leases.set('op-replica-dead', { record: dead, resourceVersion: SHARDS + 1 });
    expect(LEASE_MS % RETRY_MS).not.toBe(0);
    const a = w.start('a');
    await w.advanceUntil(() => w.holders().every((h) => h === 'a'), 60_000);
    for (let s = 0; s < SHARDS; s++) expect(a.gainedAt.get(s)).toBe(LEASE_MS);
  });

  it('tells how many replicas are live as they come and go', async () => {
    const seen: number[] = [];
    const a = w.start('a');
    const b = new ShardLeases({
      store: w.store.client('b'),
      set: 'op',
      identity: 'b',
      shards: SHARDS,
      leaseDurationMs: LEASE_MS,
      renewDeadlineMs: RENEW_MS,
      retryPeriodMs: RETRY_MS,
      clock: w.clock,
      onReplicas: (count) => seen.push(count),
    });
    b.start();
    await w.advanceUntil(() => w.balanced(['a', 'b']), 60_000);
    w.start('c');
    await w.advanceUntil(() => w.balanced(['a', 'b', 'c']), 60_000);
    await w.replicas.get('c')!.leases.stop({ release: false });
    await a.leases.stop();
    await w.advanceUntil(() => w.holders().every((h) => h === 'b'), 60_000);
    await b.stop({ release: false });
    // a leaves at once (its membership Lease deleted), c when its Lease expires.
    expect(seen).toEqual([1, 2, 3, 2, 1]);
  });
});
