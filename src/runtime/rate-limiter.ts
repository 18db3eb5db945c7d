// Requeue delays for failed keys, with client-go's semantics: per-key exponential failure backoff
// (5 ms doubling to 1000 s), an overall token bucket, and the larger of several limiters.
import { realClock, type Clock } from './clock.js';

/** Decides how long a key waits before its next try. */
export interface RateLimiter<K = string> {
  /** Delay before `key` may be retried; counts one more failure for it. */
  when(key: K): number;
  /** Clears the failure history of `key` (it succeeded or was dropped). */
  forget(key: K): void;
  /** Failures counted for `key` since it was last forgotten. */
  numRequeues(key: K): number;
}

export const DEFAULT_BASE_DELAY_MS = 5;
export const DEFAULT_MAX_DELAY_MS = 1000 * 1000;

/** base × 2^failures, capped at max, per key (client-go ItemExponentialFailureRateLimiter). */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;

  constructor(options: { baseDelayMs?: number; maxDelayMs?: number } = {}) {
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  when(key: K): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const delay = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(delay) && delay < this.maxDelayMs ? delay : this.maxDelayMs;
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * Overall token bucket shared by all keys (client-go BucketRateLimiter): `burst` tries at once,
 * then `qps` per second. Each call reserves a token and returns how long until it is available.
 */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  readonly qps: number;
  readonly burst: number;
  private readonly clock: Clock;

  constructor(options: { qps?: number; burst?: number; clock?: Clock } = {}) {
    this.qps = options.qps ?? 10;
    this.burst = options.burst ?? 100;
    this.clock = options.clock ?? realClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

/** The longest delay of several limiters (client-go MaxOfRateLimiter). */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  private readonly limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(key: K): number {
    return this.limiters.reduce((max, l) => Math.max(max, l.when(key)), 0);
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return this.limiters.reduce((max, l) => Math.max(max, l.numRequeues(key)), 0);
  }
}

/** What controller-runtime uses by default: per-key 5 ms → 1000 s backoff, and 10 qps / 100 burst overall. */
export function defaultControllerRateLimiter<K = string>(clock: Clock = realClock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>(),
    new BucketRateLimiter<K>({ qps: 10, burst: 100, clock }),
  );
}
