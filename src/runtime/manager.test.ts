import { ManualClock, settle } from './clock.js';
import { Controller } from './controller.js';
import { Informer } from './informer.js';
import { Manager } from './manager.js';
import type { KubeObject, ObjectKey, Reconciler, Result } from './reconciler.js';
import { FakeLease } from './testing/fake-lease-client.js';
import { FakeListWatchSource } from './testing/fake-list-watch.js';

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
});
