import { ManualClock, settle } from './clock.js';
import { Controller } from './controller.js';
import { Informer } from './informer.js';
import { Manager } from './manager.js';
import type { KubeObject, ObjectKey, Reconciler, Result } from './reconciler.js';
import { shardOf } from './shard-assignment.js';
import { FakeLease } from './testing/fake-lease-client.js';
import { FakeListWatchSource } from './testing/fake-list-watch.js';
import { FakeShardLeaseStore } from './testing/fake-shard-lease-store.js';

class Recorder implements Reconciler {
  keys: string[] = [];
  async reconcile(key: ObjectKey): Promise<Result> {
    this.keys.push(key.name);
    return {};
  }
}

function replica(
  identity: string,
  source: FakeListWatchSource<KubeObject>,
  lease: FakeLease,
  clock: ManualClock,
) {
  const informer = new Informer<KubeObject>({ name: 'widgets', source, clock, resyncPeriodMs: 0 });
  const reconciler = new Recorder();
  const manager = new Manager({
    clock,
    health: { port: 0 },
    leaderElection: {
      lease: lease.client(),
      identity,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    },
  });
  manager.add(new Controller({ name: 'widget', informer, reconciler, clock }));
  return { manager, reconciler };
}

async function readyz(m: Manager): Promise<[number, string]> {
  const addr = m.healthAddress();
  const res = await fetch(`http://${addr?.host}:${addr?.port}/readyz`);
  return [res.status, await res.text()];
}

async function advanceUntil(clock: ManualClock, cond: () => boolean, limitMs: number): Promise<void> {
  const start = clock.now();
  while (!cond()) {
    if (clock.now() - start > limitMs) throw new Error(`not met within ${limitMs} ms`);
    await clock.advance(100);
  }
}

describe('Manager', () => {
  const managers: Manager[] = [];
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.stop({ releaseLease: false })));
  });

  function setup() {
    const clock = new ManualClock(0);
    const source = new FakeListWatchSource<KubeObject>();
    const lease = new FakeLease();
    for (const name of ['a', 'b']) source.apply({ metadata: { name, namespace: 'ns' } });
    const one = replica('one', source, lease, clock);
    const two = replica('two', source, lease, clock);
    managers.push(one.manager, two.manager);
    return { clock, source, lease, one, two };
  }

  it('only the leader reconciles; both replicas are ready', async () => {
    const { clock, one, two } = setup();
    await one.manager.start();
    await settle();
    await two.manager.start();
    await clock.advance(30_000);
    expect(one.manager.isLeader()).toBe(true);
    expect(two.manager.isLeader()).toBe(false);
    expect(one.reconciler.keys.sort()).toEqual(['a', 'b']);
    expect(two.reconciler.keys).toEqual([]);
    expect(await readyz(one.manager)).toEqual([200, 'ok: leader\n']);
    expect(await readyz(two.manager)).toEqual([200, 'ok: standby\n']);
  });

  it('a graceful stop releases the lease and the standby takes over at its next retry', async () => {
    const { clock, lease, one, two } = setup();
    await one.manager.start();
    await settle();
    await two.manager.start();
    await clock.advance(5_000);
    await one.manager.stop();
    expect(await one.manager.stopped).toBe('stopped');
    expect(lease.record?.holderIdentity).toBe('');
    const before = clock.now();
    await advanceUntil(clock, () => two.manager.isLeader(), 15_000);
    expect(clock.now() - before).toBeLessThan(15_000);
    await settle();
    expect(two.reconciler.keys.sort()).toEqual(['a', 'b']);
  });

  it('stops with leadershipLost when the lease cannot be renewed', async () => {
    const { clock, lease, one } = setup();
    await one.manager.start();
    await settle();
    lease.unreachable = true;
    await advanceUntil(clock, () => !one.manager.isLeader(), 20_000);
    expect(await one.manager.stopped).toBe('leadershipLost');
  });

  /** A reconcile of `a` that runs until its signal aborts, stamped with the clock. */
  function holdingReplica(clock: ManualClock, lease: FakeLease, shutdownTimeoutMs = 30_000) {
    const source = new FakeListWatchSource<KubeObject>();
    source.apply({ metadata: { name: 'a', namespace: 'ns' } });
    const informer = new Informer<KubeObject>({ name: 'widgets', source, clock, resyncPeriodMs: 0 });
    const held: { startedAt?: number; abortedAt?: number } = {};
    const reconciler: Reconciler = {
      reconcile: (_key, signal) =>
        new Promise<Result>((_resolve, reject) => {
          held.startedAt = clock.now();
          signal.addEventListener('abort', () => {
            held.abortedAt = clock.now();
            reject(signal.reason as Error);
          });
        }),
    };
    const manager = new Manager({
      clock,
      shutdownTimeoutMs,
      leaderElection: {
        lease: lease.client(),
        identity: 'one',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
    });
    manager.add(new Controller({ name: 'widget', informer, reconciler, clock }));
    managers.push(manager);
    return { manager, held };
  }

  it('aborts the in-flight reconcile when its lease server hangs, before the lease could expire', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease(clock);
    const { manager, held } = holdingReplica(clock, lease);
    await manager.start();
    await settle();
    expect(held.startedAt).toBe(0);
    await clock.advance(4_000);
    const lastRenewal = Math.max(...lease.calls.filter((c) => c.method === 'update').map((c) => c.startedAt));
    lease.hangs = 'honouringAbort';
    await advanceUntil(clock, () => held.abortedAt !== undefined, 20_000);
    expect((held.abortedAt ?? Infinity) - lastRenewal).toBeLessThanOrEqual(10_000);
    expect(await manager.stopped).toBe('leadershipLost');
  });

  it('a graceful stop lets the in-flight reconcile run on until shutdownTimeoutMs', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease(clock);
    const { manager, held } = holdingReplica(clock, lease, 30_000);
    await manager.start();
    await settle();
    const stopping = manager.stop();
    await clock.advance(29_000);
    expect(held.abortedAt).toBeUndefined();
    await clock.advance(1_000);
    await stopping;
    expect(held.abortedAt).toBe(30_000);
  });

  it('without leader election every replica reconciles at once', async () => {
    const clock = new ManualClock(0);
    const source = new FakeListWatchSource<KubeObject>();
    source.apply({ metadata: { name: 'a', namespace: 'ns' } });
    const informer = new Informer<KubeObject>({ name: 'widgets', source, clock, resyncPeriodMs: 0 });
    const reconciler = new Recorder();
    const manager = new Manager({ clock }).add(
      new Controller({ name: 'widget', informer, reconciler, clock }),
    );
    managers.push(manager);
    await manager.start();
    await settle();
    expect(manager.isLeader()).toBe(true);
    expect(reconciler.keys).toEqual(['a']);
  });
  describe('with sharding', () => {
    const WIDGETS = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const byName = (key: ObjectKey, shards: number): number => shardOf(key.name, shards);

    function shardedReplica(identity: string, world: ReturnType<typeof shardedWorld>) {
      const { clock, source, lease, store } = world;
      const widgets = new Informer<KubeObject>({ name: 'widgets', source, clock, resyncPeriodMs: 0 });
      const plans = new Informer<KubeObject>({ name: 'plans', source, clock, resyncPeriodMs: 0 });
      const sharded = new Recorder();
      const global = new Recorder();
      const manager = new Manager({
        clock,
        leaderElection: {
          lease: lease.client(),
          identity,
          leaseDurationMs: 15_000,
          renewDeadlineMs: 10_000,
          retryPeriodMs: 2_000,
        },
        sharding: { store: store.client(identity), set: 'op', shards: 4 },
      });
      manager
        .add(new Controller({ name: 'widget', informer: widgets, reconciler: sharded, clock }), {
          shardOf: byName,
        })
        .add(new Controller({ name: 'plan', informer: plans, reconciler: global, clock }));
      managers.push(manager);
      return { manager, sharded, global };
    }

    function shardedWorld() {
      const clock = new ManualClock(0);
      const source = new FakeListWatchSource<KubeObject>();
      for (const name of WIDGETS) source.apply({ metadata: { name, namespace: 'ns' } });
      return { clock, source, lease: new FakeLease(), store: new FakeShardLeaseStore() };
    }

    it('each key is reconciled only by the replica holding its shard, and the unsharded controller only by the leader', async () => {
      const world = shardedWorld();
      const one = shardedReplica('one', world);
      const two = shardedReplica('two', world);
      await one.manager.start();
      await settle();
      await two.manager.start();
      await advanceUntil(
        world.clock,
        () => one.manager.heldShards().length === 2 && two.manager.heldShards().length === 2,
        60_000,
      );
      one.sharded.keys = [];
      two.sharded.keys = [];
      for (const name of WIDGETS)
        world.source.apply({ metadata: { name, namespace: 'ns', labels: { touched: 'yes' } } });
      await world.clock.advance(1_000);
      const ownerOf = (name: string) =>
        one.manager.heldShards().includes(shardOf(name, 4)) ? one.sharded.keys : two.sharded.keys;
      for (const name of WIDGETS) expect(ownerOf(name)).toContain(name);
      expect([...one.sharded.keys, ...two.sharded.keys].sort()).toEqual([...WIDGETS].sort());
      expect(one.global.keys.length).toBeGreaterThan(0);
      expect(two.global.keys).toEqual([]);
    });

    it("a replica killed without releasing: its shards' keys are reconciled by the other once the leases expire", async () => {
      const world = shardedWorld();
      const one = shardedReplica('one', world);
      const two = shardedReplica('two', world);
      await one.manager.start();
      await settle();
      await two.manager.start();
      await advanceUntil(world.clock, () => two.manager.heldShards().length === 2, 60_000);
      const movedKeys = WIDGETS.filter((name) => two.manager.heldShards().includes(shardOf(name, 4)));
      await two.manager.stop({ releaseLease: false });
      one.sharded.keys = [];
      await advanceUntil(world.clock, () => one.manager.heldShards().length === 4, 60_000);
      await world.clock.advance(1_000);
      expect(one.sharded.keys.sort()).toEqual(movedKeys.sort());
    });
  });
});
