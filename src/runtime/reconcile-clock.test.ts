import { ReconcileClock, awaitOutside, beginOutsideWait, runWithReconcileClock } from './reconcile-clock.js';

/** A clock whose time moves only when the test says. */
function manualTime(): { now: () => number; pass: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, pass: (ms) => (t += ms) };
}

/** An outside call that takes `ms` of manual time, answered on a later turn of the event loop. */
function outsideCall(time: { pass: (ms: number) => void }, ms: number): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      time.pass(ms);
      resolve();
    }),
  );
}

describe('ReconcileClock', () => {
  it('leaves an awaited outside call out of own time and counts the work around it', async () => {
    const time = manualTime();
    const clock = new ReconcileClock(time.now);
    await runWithReconcileClock(clock, async () => {
      time.pass(5);
      await awaitOutside(() => outsideCall(time, 200));
      time.pass(7);
    });
    expect(clock.finish()).toEqual({ wallMs: 212, awaitedMs: 200, ownMs: 12 });
  });

  it('counts overlapping outside calls once', async () => {
    const time = manualTime();
    const clock = new ReconcileClock(time.now);
    await runWithReconcileClock(clock, async () => {
      const endA = beginOutsideWait();
      time.pass(30);
      const endB = beginOutsideWait();
      time.pass(20);
      endA();
      time.pass(50);
      endB();
      time.pass(10);
    });
    expect(clock.finish()).toEqual({ wallMs: 110, awaitedMs: 100, ownMs: 10 });
  });

  it('counts concurrent awaited calls once', async () => {
    const time = manualTime();
    const clock = new ReconcileClock(time.now);
    await runWithReconcileClock(clock, async () => {
      await Promise.all([
        awaitOutside(() => outsideCall(time, 40)),
        awaitOutside(() => outsideCall(time, 60)),
      ]);
    });
    expect(clock.finish()).toEqual({ wallMs: 100, awaitedMs: 100, ownMs: 0 });
  });

  it('counts a wait still open at the end until the end, and ignores waits after it', async () => {
    const time = manualTime();
    const clock = new ReconcileClock(time.now);
    let late: () => void = () => undefined;
    await runWithReconcileClock(clock, async () => {
      time.pass(10);
      beginOutsideWait();
      time.pass(30);
    });
    expect(clock.finish()).toEqual({ wallMs: 40, awaitedMs: 30, ownMs: 10 });
    await runWithReconcileClock(clock, async () => {
      late = beginOutsideWait();
    });
    time.pass(100);
    late();
    expect(clock.finish()).toEqual({ wallMs: 140, awaitedMs: 30, ownMs: 110 });
  });

  it('ends each wait once, however often its end is called', async () => {
    const time = manualTime();
    const clock = new ReconcileClock(time.now);
    await runWithReconcileClock(clock, async () => {
      const endA = beginOutsideWait();
      const endB = beginOutsideWait();
      time.pass(10);
      endA();
      endA();
      time.pass(10);
      endB();
    });
    expect(clock.finish()).toEqual({ wallMs: 20, awaitedMs: 20, ownMs: 0 });
  });

  it('counts a synchronous busy loop as own time', async () => {
    const clock = new ReconcileClock();
    let busyMs = 0;
    await runWithReconcileClock(clock, async () => {
      const start = performance.now();
      while (performance.now() - start < 20) busyMs = performance.now() - start;
      await awaitOutside(() => new Promise((resolve) => setTimeout(resolve, 5)));
    });
    const times = clock.finish();
    expect(times.ownMs).toBeGreaterThanOrEqual(busyMs);
    expect(times.awaitedMs).toBeGreaterThan(0);
    expect(times.ownMs + times.awaitedMs).toBeCloseTo(times.wallMs, 6);
  });

  it('does nothing outside a reconcile', async () => {
    await expect(awaitOutside(async () => 'answer')).resolves.toBe('answer');
    expect(() => beginOutsideWait()()).not.toThrow();
  });
});
