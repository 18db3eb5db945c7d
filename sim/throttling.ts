// ARM request throttling: a token bucket per subscription, reads and writes counted separately
// (ARM's 2024 model: reads 250 burst / 25 per s, writes 200 / 10 per s). The clock is injectable.

export interface BucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export interface ThrottleConfig {
  enabled: boolean;
  reads: BucketConfig;
  writes: BucketConfig;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
  enabled: true,
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
};

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly config: BucketConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = config.capacity;
    this.last = now();
  }

  take(): TakeResult {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    const missing = 1 - this.tokens;
    return { ok: false, retryAfterMs: Math.ceil((missing / this.config.refillPerSecond) * 1000) };
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.tokens = Math.min(this.config.capacity, this.tokens + elapsed * this.config.refillPerSecond);
  }
}

export type RequestClass = 'reads' | 'writes';

export class Throttle {
  private buckets = new Map<string, TokenBucket>();
  constructor(
    private config: ThrottleConfig = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  configure(config: Partial<ThrottleConfig>): void {
    this.config = { ...this.config, ...config };
    this.buckets.clear();
  }

  settings(): ThrottleConfig {
    return structuredClone(this.config);
  }

  take(subscriptionId: string, cls: RequestClass): TakeResult {
    if (!this.config.enabled) return { ok: true, remaining: this.config[cls].capacity };
    const key = `${subscriptionId.toLowerCase()}/${cls}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.config[cls], this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}
