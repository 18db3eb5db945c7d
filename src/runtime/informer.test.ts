import { ManualClock, settle } from './clock.js';
import { Informer } from './informer.js';
import type { KubeObject } from './reconciler.js';
import { FakeListWatchSource, apiError } from './testing/fake-list-watch.js';

interface Widget extends KubeObject {
  spec?: { size: number };
}

const widget = (name: string, size = 1, namespace = 'ns'): Widget => ({
  metadata: { name, namespace },
  spec: { size },
});

function setup(options: { resyncPeriodMs?: number } = {}) {
  const clock = new ManualClock(0);
  const source = new FakeListWatchSource<Widget>();
  const informer = new Informer<Widget>({
    name: 'widgets',
    source,
    clock,
    resyncPeriodMs: options.resyncPeriodMs ?? 0,
  });
  const seen: string[] = [];
  informer.addHandler({
    onAdd: (o) => seen.push(`add ${o.metadata?.name}`),
    onUpdate: (old, cur) => seen.push(`${old === cur ? 'resync' : 'update'} ${cur.metadata?.name}`),
    onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
  });
  return { clock, source, informer, seen };
}

describe('Informer', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('lists, reports synced, then follows watch events', async () => {
    const { source, informer, seen } = setup();
    source.apply(widget('a'));
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    source.apply(widget('b'));
    source.apply(widget('a', 2));
    source.delete({ namespace: 'ns', name: 'b' });
    await settle();
    expect(seen).toEqual(['add a', 'add b', 'update a', 'delete b']);
    expect(informer.get({ namespace: 'ns', name: 'a' })?.spec?.size).toBe(2);
    expect(informer.list('ns').map((w) => w.metadata?.name)).toEqual(['a']);
    expect(informer.list('other')).toEqual([]);
  });

  it('re-watches from the last resourceVersion after a dropped stream, missing nothing and relisting nothing', async () => {
    const { source, informer, seen } = setup();
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    source.apply(widget('a'));
    await settle();
    source.dropWatches();
    // Changes while no stream is open arrive through the history of the next watch.
    source.apply(widget('b'));
    source.delete({ namespace: 'ns', name: 'a' });
    await settle();
    expect(seen).toEqual(['add a', 'add b', 'delete a']);
    expect(source.listCalls).toBe(1);
    expect(source.watchCalls).toBe(2);
  });

  it('relists on 410 Gone and emits deletes for objects that vanished during the gap', async () => {
    const { source, informer, seen, clock } = setup();
    source.apply(widget('keep'));
    source.apply(widget('change'));
    source.apply(widget('vanish'));
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    seen.length = 0;
    // The stream fails while history is compacted: the watch from our old version answers 410.
    source.dropWatches(new Error('connection reset'));
    source.apply(widget('change', 5));
    source.delete({ namespace: 'ns', name: 'vanish' });
    source.apply(widget('new'));
    source.compact();
    await clock.advance(1000);
    expect(source.listCalls).toBe(2);
    expect(seen.sort()).toEqual(['add new', 'delete vanish', 'update change']);
    expect(
      informer
        .list()
        .map((w) => w.metadata?.name)
        .sort(),
    ).toEqual(['change', 'keep', 'new']);
    expect(informer.relistCount).toBe(2);
  });

  it('relists when the stream itself reports 410 in an ERROR event', async () => {
    const { source, informer, seen } = setup();
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    source.apply(widget('a'));
    await settle();
    source.dropWatches(apiError(410, 'Expired'));
    await settle();
    expect(source.listCalls).toBe(2);
    expect(seen).toEqual(['add a']);
  });

  it('retries a failed list with growing backoff and syncs once it succeeds', async () => {
    const { source, informer, clock } = setup();
    source.listFailures = [new Error('refused'), new Error('refused'), new Error('refused')];
    stop = () => informer.stop();
    informer.start();
    await settle();
    expect(source.listCalls).toBe(1);
    await clock.advance(999);
    expect(source.listCalls).toBe(1);
    await clock.advance(1);
    expect(source.listCalls).toBe(2);
    await clock.advance(1999);
    expect(source.listCalls).toBe(2);
    await clock.advance(1);
    expect(source.listCalls).toBe(3);
    expect(informer.hasSynced()).toBe(false);
    await clock.advance(4000);
    expect(source.listCalls).toBe(4);
    expect(informer.hasSynced()).toBe(true);
  });

  it('backs off when the server closes watch streams at once', async () => {
    const { source, informer, clock } = setup();
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    source.dropWatches();
    await settle();
    source.dropWatches();
    await settle();
    const calls = source.watchCalls;
    await clock.advance(100);
    expect(source.watchCalls).toBe(calls);
  });

  it('replays the cache to handlers every resync period', async () => {
    const { source, informer, seen, clock } = setup({ resyncPeriodMs: 60_000 });
    source.apply(widget('a'));
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    await clock.advance(60_000);
    expect(seen).toEqual(['add a', 'resync a']);
  });

  it('gives a handler added after sync the cached objects as adds', async () => {
    const { source, informer } = setup();
    source.apply(widget('a'));
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    const late: string[] = [];
    informer.addHandler({ onAdd: (o) => late.push(o.metadata?.name ?? '') });
    expect(late).toEqual(['a']);
  });

  it('keeps following the server when a handler throws', async () => {
    const { source, informer } = setup();
    informer.addHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    stop = () => informer.stop();
    informer.start();
    await informer.waitForSync();
    source.apply(widget('a'));
    source.apply(widget('b'));
    await settle();
    expect(informer.list()).toHaveLength(2);
  });

  it('stop closes the watch and ends the loops', async () => {
    const { source, informer } = setup({ resyncPeriodMs: 1000 });
    informer.start();
    await informer.waitForSync();
    await settle();
    expect(source.activeWatches).toBe(1);
    await informer.stop();
    expect(source.activeWatches).toBe(0);
  });
});
