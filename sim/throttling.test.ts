// Token bucket with an injected clock: burst, refill, Retry-After, and per-subscription, per-class buckets.
import { Throttle, TokenBucket } from './throttling.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then says how long until the next token', () => {
    const c = clock();
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, c.now);
    expect([bucket.take(), bucket.take(), bucket.take()].map((r) => r.ok)).toEqual([true, true, true]);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 500 });
    c.advance(250);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 250 });
    c.advance(250);
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
  });

  it('never refills above capacity', () => {
    const c = clock();
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10 }, c.now);
    c.advance(60_000);
    expect(bucket.take()).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take().ok).toBe(false);
  });
});

describe('Throttle', () => {
  it('keeps reads and writes, and each subscription, in separate buckets', () => {
    const c = clock();
    const throttle = new Throttle(
      {
        enabled: true,
        reads: { capacity: 1, refillPerSecond: 1 },
        writes: { capacity: 1, refillPerSecond: 1 },
      },
      c.now,
    );
    expect(throttle.take('a', 'reads').ok).toBe(true);
    expect(throttle.take('a', 'reads').ok).toBe(false);
    expect(throttle.take('a', 'writes').ok).toBe(true);
    expect(throttle.take('b', 'reads').ok).toBe(true);
    expect(throttle.take('A', 'reads').ok).toBe(false);
  });

  it('lets everything through when disabled', () => {
    const throttle = new Throttle({
      enabled: false,
      reads: { capacity: 0, refillPerSecond: 0 },
      writes: { capacity: 0, refillPerSecond: 0 },
    });
    expect(throttle.take('a', 'reads').ok).toBe(true);
  });
});
