import { ManualClock } from './clock.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.js';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from 5 ms per failure of a key', () => {
    const rl = new ItemExponentialFailureRateLimiter();
    expect([1, 2, 3, 4, 5].map(() => rl.when('a'))).toEqual([5, 10, 20, 40, 80]);
    expect(rl.numRequeues('a')).toBe(5);
  });

  it('caps at 1000 s, also after very many failures', () => {
    const rl = new ItemExponentialFailureRateLimiter();
    const delays = Array.from({ length: 2000 }, () => rl.when('a'));
    expect(delays[17]).toBe(5 * 2 ** 17);
    expect(delays[18]).toBe(1_000_000);
    expect(delays[1999]).toBe(1_000_000);
  });

  it('keeps keys apart and starts over after forget', () => {
    const rl = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 100 });
    rl.when('a');
    rl.when('a');
    expect(rl.when('b')).toBe(1);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
    expect(rl.when('a')).toBe(1);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst through, then spaces tries at 1/qps', async () => {
    const clock = new ManualClock(0);
    const rl = new BucketRateLimiter({ qps: 10, burst: 3, clock });
    expect([rl.when('a'), rl.when('b'), rl.when('c')]).toEqual([0, 0, 0]);
    expect(rl.when('d')).toBe(100);
    expect(rl.when('e')).toBe(200);
    await clock.advance(1000);
    expect(rl.when('f')).toBe(0);
  });
});

describe('MaxOfRateLimiter', () => {
  it('takes the longest delay and forgets in all limiters', () => {
    const clock = new ManualClock(0);
    const rl = new MaxOfRateLimiter(
      new ItemExponentialFailureRateLimiter({ baseDelayMs: 5, maxDelayMs: 1000 }),
      new BucketRateLimiter({ qps: 1, burst: 1, clock }),
    );
    expect(rl.when('a')).toBe(5);
    expect(rl.when('a')).toBe(1000);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
  });

  it('default controller limiter starts at 5 ms per key', () => {
    const rl = defaultControllerRateLimiter(new ManualClock(0));
    expect([rl.when('x'), rl.when('x'), rl.when('y')]).toEqual([5, 10, 5]);
  });
});
