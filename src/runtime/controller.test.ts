import { ManualClock, settle } from './clock.js';
import { Controller, type ControllerOptions } from './controller.js';
import {
  BlockedError,
  ConflictError,
  InvalidSpecError,
  OperationInProgressError,
  ThrottledError,
  TransientError,
} from './errors.js';
import { Informer } from './informer.js';
import { Metrics } from './metrics.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { awaitOutside } from './reconcile-clock.js';
import type { KubeObject, ObjectKey, Reconciler, Result } from './reconciler.js';
import { FakeListWatchSource } from './testing/fake-list-watch.js';

interface Widget extends KubeObject {
  spec?: { size: number; owner?: string };
}
const widget = (name: string, spec: Widget['spec'] = { size: 1 }): Widget => ({
  metadata: { name, namespace: 'ns' },
  spec,
});

type Step = (key: ObjectKey, signal: AbortSignal) => Promise<Result>;

/** Reconciler whose behaviour per call is set by the test; records calls with their time. */
class ScriptedReconciler implements Reconciler {
  calls: { key: string; at: number }[] = [];
  inFlight = new Set<string>();
  maxConcurrentSameKey = 0;
  constructor(
    private readonly clock: ManualClock,
    public step: Step = async () => ({}),
  ) {}
  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const k = `${key.namespace}/${key.name}`;
    if (this.inFlight.has(k)) this.maxConcurrentSameKey = 2;
    this.inFlight.add(k);
    this.calls.push({ key: k, at: this.clock.now() });
    try {
      return await this.step(key, signal);
    } finally {
      this.inFlight.delete(k);
    }
  }
  times(key: string): number[] {
    return this.calls.filter((c) => c.key === key).map((c) => c.at);
  }
}

function setup(options: Partial<ControllerOptions<Widget>> = {}) {
  const clock = new ManualClock(0);
  const source = new FakeListWatchSource<Widget>();
  const informer = new Informer<Widget>({ name: 'widgets', source, clock, resyncPeriodMs: 0 });
  const reconciler = new ScriptedReconciler(clock);
  const metrics = new Metrics();
  const controller = new Controller<Widget>({
    name: 'widget',
    informer,
    reconciler,
    clock,
    metrics,
    rateLimiter: new ItemExponentialFailureRateLimiter(),
    ...options,
  });
  return { clock, source, informer, reconciler, controller, metrics };
}

async function resultCount(metrics: Metrics, result: string): Promise<number> {
  const m = await metrics.reconcileTotal.get();
  return m.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('Controller', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  /** An informer of parts, not yet started: a change of a part reconciles its owner (spec.owner). */
  function watchParts(
    ctx: ReturnType<typeof setup>,
    resyncPeriodMs: number,
    options?: Parameters<typeof ctx.controller.watches<Widget>>[2],
  ) {
    const partsSource = new FakeListWatchSource<Widget>();
    const parts = new Informer<Widget>({
      name: 'parts',
      source: partsSource,
      clock: ctx.clock,
      resyncPeriodMs,
    });
    ctx.controller.watches(
      parts,
      (p) => (p.spec?.owner ? [{ namespace: 'ns', name: p.spec.owner }] : []),
      options,
    );
    cleanups.push(() => parts.stop());
    return { partsSource, parts };
  }
  async function run(ctx: ReturnType<typeof setup>): Promise<void> {
    cleanups.push(async () => {
      const stopping = ctx.controller.stop({ deadlineMs: 1000 });
      await ctx.clock.advance(10_000);
      await stopping;
      await ctx.informer.stop();
    });
    ctx.informer.start();
    await ctx.controller.start();
    await settle();
  }

  it('reconciles every object once after the cache syncs, and not before', async () => {
    const ctx = setup();
    ctx.source.apply(widget('a'));
    ctx.source.apply(widget('b'));
    const starting = ctx.controller.start();
    await settle();
    expect(ctx.reconciler.calls).toHaveLength(0);
    cleanups.push(async () => {
      await ctx.controller.stop({ deadlineMs: 0 });
      await ctx.informer.stop();
    });
    ctx.informer.start();
    await starting;
    await settle();
    expect(ctx.reconciler.calls.map((c) => c.key).sort()).toEqual(['ns/a', 'ns/b']);
    expect(await resultCount(ctx.metrics, 'success')).toBe(2);
  });

  it('reconciles again after requeueAfterMs', async () => {
    const ctx = setup();
    ctx.reconciler.step = async () => ({ requeueAfterMs: 30_000 });
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(29_999);
    expect(ctx.reconciler.times('ns/a')).toEqual([0]);
    await ctx.clock.advance(1);
    expect(ctx.reconciler.times('ns/a')).toEqual([0, 30_000]);
    expect(await resultCount(ctx.metrics, 'requeue_after')).toBe(2);
  });

  it('retries a thrown error with growing backoff, and starts over after a success', async () => {
    const ctx = setup();
    let failuresLeft = 4;
    ctx.reconciler.step = async () => {
      if (failuresLeft-- > 0) throw new TransientError('azure unavailable');
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(1000);
    const t = ctx.reconciler.times('ns/a');
    expect(t.slice(1).map((x, i) => x - (t[i] ?? 0))).toEqual([5, 10, 20, 40]);
    expect(ctx.controller.queue.numRequeues('ns/a')).toBe(0);
    expect(await resultCount(ctx.metrics, 'error')).toBe(4);
    const errors = await ctx.metrics.reconcileErrors.get();
    expect(errors.values[0]?.value).toBe(4);
  });

  it('waits retryAfterMs after a ThrottledError, bounded by maxRetryAfterMs', async () => {
    const ctx = setup({ maxRetryAfterMs: 60_000 });
    let calls = 0;
    ctx.reconciler.step = async () => {
      calls++;
      if (calls === 1) throw new ThrottledError('429', { retryAfterMs: 7000 });
      if (calls === 2) throw new ThrottledError('429', { retryAfterMs: 10 ** 12 });
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(100_000);
    expect(ctx.reconciler.times('ns/a')).toEqual([0, 7000, 67_000]);
  });

  it('waits longer after each 429 in a row than a short Retry-After says, and starts over after a success', async () => {
    const ctx = setup({ maxRetryAfterMs: 600_000 });
    let calls = 0;
    ctx.reconciler.step = async () => {
      calls++;
      if (calls <= 4 || calls === 6) throw new ThrottledError('429', { retryAfterMs: 1000 });
      return calls === 5 ? { requeueAfterMs: 1000 } : {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(200_000);
    const times = ctx.reconciler.times('ns/a');
    const waits = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // 429s 1-4: 1 s, 2 s, 4 s, 8 s (each up to 20 % later); success; 429 again: 1 s, not 16 s.
    expect(waits).toHaveLength(6);
    [1000, 2000, 4000, 8000].forEach((base, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(base);
      expect(waits[i]).toBeLessThanOrEqual(base * 1.2 + 1);
    });
    expect(waits[5]).toBeLessThanOrEqual(1201);
  });

  it('requeues quickly after a ConflictError without counting a failure', async () => {
    const ctx = setup({ conflictRequeueMs: 100 });
    let calls = 0;
    ctx.reconciler.step = async () => {
      calls++;
      if (calls <= 3) throw new ConflictError('stale');
      if (calls === 4) throw new TransientError('x');
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(1000);
    // Three conflicts 100 ms apart, then the first real failure still backs off from the base delay.
    expect(ctx.reconciler.times('ns/a')).toEqual([0, 100, 200, 300, 305]);
    expect(await resultCount(ctx.metrics, 'conflict')).toBe(3);
    expect((await ctx.metrics.reconcileErrors.get()).values[0]?.value).toBe(1);
  });

  it('requeues after the poll interval on OperationInProgressError, or after its own retryAfterMs', async () => {
    const ctx = setup({ operationPollIntervalMs: 15_000 });
    let calls = 0;
    ctx.reconciler.step = async () => {
      calls++;
      if (calls === 1) throw new OperationInProgressError('busy');
      if (calls === 2) throw new OperationInProgressError('busy', { retryAfterMs: 3000 });
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(60_000);
    expect(ctx.reconciler.times('ns/a')).toEqual([0, 15_000, 18_000]);
  });

  it('backs off a BlockedError exponentially from 1 s, capped at 5 minutes, and starts over after a success', async () => {
    const ctx = setup();
    let failuresLeft = 12;
    ctx.reconciler.step = async () => {
      if (failuresLeft-- > 0) throw new BlockedError('scope is locked', { reason: 'ResourceLocked' });
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(60 * 60 * 1000);
    const t = ctx.reconciler.times('ns/a');
    const gaps = t.slice(1).map((x, i) => x - (t[i] ?? 0));
    expect(gaps).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    // A lock held for an hour costs 13 attempts, not the 36 000 a 100 ms requeue would make.
    expect(t).toHaveLength(13);
    failuresLeft = 1;
    ctx.source.apply(widget('a', { size: 2 }));
    await settle();
    await ctx.clock.advance(5000);
    const after = ctx.reconciler.times('ns/a').slice(13);
    expect(after).toHaveLength(2);
    expect((after[1] ?? 0) - (after[0] ?? 0)).toBe(1000);
  });

  it('does not retry an InvalidSpecError until the object changes', async () => {
    const ctx = setup();
    ctx.reconciler.step = async () => {
      throw new InvalidSpecError('os disk too large for the cache', {
        reason: 'VMCacheSizeTooSmall',
        field: 'spec.size',
      });
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(3_600_000);
    expect(ctx.reconciler.times('ns/a')).toHaveLength(1);
    ctx.source.apply(widget('a', { size: 2 }));
    await settle();
    expect(ctx.reconciler.times('ns/a')).toHaveLength(2);
    expect((await ctx.metrics.terminalErrors.get()).values[0]?.value).toBe(2);
  });

  it('never runs one key twice at once; events during a reconcile bring exactly one more run', async () => {
    const ctx = setup({ workers: 4 });
    const gates: (() => void)[] = [];
    ctx.reconciler.step = () => new Promise<Result>((resolve) => gates.push(() => resolve({})));
    ctx.source.apply(widget('a'));
    await run(ctx);
    expect(ctx.reconciler.calls).toHaveLength(1);
    for (let i = 2; i <= 5; i++) ctx.source.apply(widget('a', { size: i }));
    await settle();
    expect(ctx.reconciler.calls).toHaveLength(1);
    gates.shift()?.();
    await settle();
    expect(ctx.reconciler.calls).toHaveLength(2);
    gates.shift()?.();
    await settle();
    expect(ctx.reconciler.calls).toHaveLength(2);
    expect(ctx.reconciler.maxConcurrentSameKey).toBe(0);
  });

  it('runs different keys in parallel up to the worker count', async () => {
    const ctx = setup({ workers: 2 });
    const gates: (() => void)[] = [];
    ctx.reconciler.step = () => new Promise<Result>((resolve) => gates.push(() => resolve({})));
    for (const n of ['a', 'b', 'c']) ctx.source.apply(widget(n));
    await run(ctx);
    expect(ctx.reconciler.inFlight.size).toBe(2);
    gates.shift()?.();
    await settle();
    expect(ctx.reconciler.calls).toHaveLength(3);
    for (const g of gates.splice(0)) g();
  });

  it('aborts the signal of a reconcile that outlives its timeout, and retries it', async () => {
    const ctx = setup({ reconcileTimeoutMs: 60_000 });
    const reasons: unknown[] = [];
    ctx.reconciler.step = (_key, signal) =>
      new Promise<Result>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reasons.push(signal.reason);
          reject(signal.reason);
        });
      });
    ctx.source.apply(widget('a'));
    await run(ctx);
    await ctx.clock.advance(60_000);
    expect((reasons[0] as Error).name).toBe('TimeoutError');
    await ctx.clock.advance(5);
    expect(ctx.reconciler.times('ns/a')).toEqual([0, 60_005]);
  });

  it('watches(): a change of another kind enqueues the objects it maps to, old and new owner', async () => {
    const ctx = setup();
    const { partsSource, parts } = watchParts(ctx, 0);
    parts.start();
    ctx.source.apply(widget('owner1'));
    ctx.source.apply(widget('owner2'));
    await run(ctx);
    ctx.reconciler.calls.length = 0;
    partsSource.apply(widget('p', { size: 1, owner: 'owner1' }));
    await settle();
    expect(ctx.reconciler.calls.map((c) => c.key)).toEqual(['ns/owner1']);
    partsSource.apply(widget('p', { size: 1, owner: 'owner2' }));
    await settle();
    expect(ctx.reconciler.calls.map((c) => c.key).sort()).toEqual(['ns/owner1', 'ns/owner1', 'ns/owner2']);
  });

  it('watches(): an update its predicate turns down enqueues nothing; adds and deletes still do', async () => {
    const ctx = setup();
    const { partsSource, parts } = watchParts(ctx, 0, {
      updatePredicate: (old, cur) => old.spec?.size !== cur.spec?.size,
    });
    parts.start();
    ctx.source.apply(widget('owner1'));
    await run(ctx);
    ctx.reconciler.calls.length = 0;
    partsSource.apply(widget('p', { size: 1, owner: 'owner1' }));
    await settle();
    partsSource.apply({
      ...widget('p', { size: 1, owner: 'owner1' }),
      metadata: { name: 'p', namespace: 'ns', labels: { seen: 'yes' } },
    });
    await settle();
    expect(ctx.reconciler.calls.map((c) => c.key)).toEqual(['ns/owner1']);
    partsSource.apply(widget('p', { size: 2, owner: 'owner1' }));
    await settle();
    expect(ctx.reconciler.calls.map((c) => c.key)).toEqual(['ns/owner1', 'ns/owner1']);
  });

  it('watches(): a resync of the other kind enqueues nothing', async () => {
    const ctx = setup();
    const { partsSource, parts } = watchParts(ctx, 1_000);
    partsSource.apply(widget('p', { size: 1, owner: 'owner1' }));
    parts.start();
    ctx.source.apply(widget('owner1'));
    await run(ctx);
    ctx.reconciler.calls.length = 0;
    await ctx.clock.advance(1_000);
    await settle();
    expect(ctx.reconciler.calls).toEqual([]);
  });

  it('aborts in-flight reconciles as soon as the signal given to start aborts (leadership lost)', async () => {
    const ctx = setup();
    let seen: AbortSignal | undefined;
    ctx.reconciler.step = (_key, signal) =>
      new Promise((_resolve, reject) => {
        seen = signal;
        signal.addEventListener('abort', () => reject(signal.reason as Error));
      });
    ctx.source.apply(widget('a'));
    const leadership = new AbortController();
    cleanups.push(async () => {
      await ctx.controller.stop({ deadlineMs: 0 });
      await ctx.informer.stop();
    });
    ctx.informer.start();
    await ctx.controller.start(leadership.signal);
    await settle();
    expect(seen?.aborted).toBe(false);
    leadership.abort();
    expect(seen?.aborted).toBe(true);
    await settle();
    await ctx.clock.advance(60_000);
    // Aborted work is not retried by a replica that no longer leads.
    expect(ctx.reconciler.times('ns/a')).toEqual([0]);
  });

  it('stop lets an in-flight reconcile finish, takes no new keys, and aborts after the deadline', async () => {
    const ctx = setup({ workers: 1 });
    let signalSeen: AbortSignal | undefined;
    ctx.reconciler.step = (_key, signal) =>
      new Promise<Result>((resolve) => {
        signalSeen = signal;
        signal.addEventListener('abort', () => resolve({}));
      });
    ctx.source.apply(widget('a'));
    ctx.source.apply(widget('b'));
    ctx.informer.start();
    await ctx.controller.start();
    await settle();
    let stopped = false;
    const stopping = ctx.controller.stop({ deadlineMs: 20_000 }).then(() => (stopped = true));
    await ctx.clock.advance(19_999);
    expect(stopped).toBe(false);
    expect(signalSeen?.aborted).toBe(false);
    await ctx.clock.advance(1);
    await stopping;
    expect(signalSeen?.aborted).toBe(true);
    expect(ctx.reconciler.calls).toHaveLength(1);
    await ctx.informer.stop();
  });

  it("observes each reconcile's own time: its work counts, the time it awaited outside does not", async () => {
    const ctx = setup({ workers: 1 });
    let finished: () => void = () => undefined;
    const reconciled = new Promise<void>((resolve) => (finished = resolve));
    ctx.reconciler.step = async () => {
      await ctx.clock.advance(30); // the operator's own work
      await awaitOutside(() => ctx.clock.advance(200)); // an Azure call
      finished();
      return {};
    };
    ctx.source.apply(widget('a'));
    await run(ctx);
    await reconciled;
    await settle();
    const text = await ctx.metrics.text();
    expect(text).toMatch(/^aks_lifecycle_reconcile_own_time_seconds_sum\{controller="widget"\} 0\.03$/m);
    expect(text).toMatch(/^aks_lifecycle_reconcile_own_time_seconds_count\{controller="widget"\} 1$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_time_seconds_sum\{controller="widget"\} 0\.23$/m);
  });

  it('reports queue depth on scrape (keys queued before workers start)', async () => {
    const ctx = setup({ workers: 1 });
    for (const n of ['a', 'b', 'c']) ctx.source.apply(widget(n));
    ctx.informer.start();
    await ctx.informer.waitForSync();
    expect(await ctx.metrics.text()).toMatch(/^workqueue_depth\{name="widget"\} 3$/m);
    await ctx.informer.stop();
  });
});
