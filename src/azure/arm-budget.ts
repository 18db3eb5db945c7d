// The operator's own share of ARM's request limits: ARM throttles each subscription and principal with a
// token bucket for reads and one for writes (250 burst / 25 per s and 200 / 10 per s by default). The
// operator keeps a bucket of the same shape per (subscription, identity), shared by every worker, and
// waits for a token before each HTTP attempt instead of spending the subscription's budget on 429s. It
// learns from what ARM reports: `x-ms-ratelimit-remaining-subscription-*` lowers its tokens to ARM's count
// (other clients spend the same budget), and a 429 empties the bucket. Waiting polls of running
// operations go before other calls: they finish work already paid for.
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';

/** The SDK's abort signal: what a pipeline request carries. */
type AbortSignalLike = NonNullable<PipelineRequest['abortSignal']>;
import type { Clock } from '../runtime/index.js';

export interface ArmBucketLimits {
  /** Tokens when full (ARM's burst). */
  capacity: number;
  refillPerSecond: number;
}

export interface ArmBudgetLimits {
  reads: ArmBucketLimits;
  writes: ArmBucketLimits;
}

/** ARM's limits per subscription and principal (its 2024 token-bucket model). */
export const ARM_LIMITS: ArmBudgetLimits = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
};

export type ArmRequestClass = keyof ArmBudgetLimits;

/** Polls of running operations first; then every other call, first come first served. */
export type ArmRequestPriority = 'poll' | 'call';

export type BudgetClock = Pick<Clock, 'now' | 'sleep'>;

/** Told how long each call waited for its token (0 when one was there). */
export type BudgetWaitObserver = (cls: ArmRequestClass, waitedMs: number) => void;

interface Waiter {
  priority: ArmRequestPriority;
  grant: () => void;
  fail: (err: unknown) => void;
}

/** `share` of a bucket's limits: at least one token of capacity, so calls still go. */
function scaled(limits: ArmBucketLimits, share: number): ArmBucketLimits {
  return {
    capacity: Math.max(1, Math.floor(limits.capacity * share)),
    refillPerSecond: limits.refillPerSecond * share,
  };
}

/** One bucket: tokens, refill, and the calls waiting for a token in order. */
class Bucket {
  private tokens: number;
  private last: number;
  private readonly waiting: Waiter[] = [];
  private isWaking = false;
  private limits: ArmBucketLimits;

  constructor(
    private readonly full: ArmBucketLimits,
    private readonly clock: BudgetClock,
    share: number,
  ) {
    this.limits = scaled(full, share);
    this.tokens = this.limits.capacity;
    this.last = clock.now();
  }

  /** Takes `share` of the full limits from now on: tokens earned so far are kept, up to the new capacity. */
  setShare(share: number): void {
    this.refill();
    this.limits = scaled(this.full, share);
    this.tokens = Math.min(this.tokens, this.limits.capacity);
  }

  /** Resolves once a token is taken for this call. */
  take(priority: ArmRequestPriority, signal?: AbortSignalLike): Promise<void> {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: reject,
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        // The SDK's own abort error, as its pipeline throws when a request is aborted.
        reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort);
      // Polls overtake waiting calls, never other polls.
      const at =
        priority === 'poll' ? this.waiting.findIndex((w) => w.priority !== 'poll') : this.waiting.length;
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
      void this.wake();
    });
  }

  /** ARM's count of what is left: never more than ARM says, since other clients spend it too. */
  observeRemaining(remaining: number): void {
    this.refill();
    if (remaining < this.tokens) this.tokens = Math.max(0, remaining);
  }

  /** A 429: ARM's bucket is empty, so is ours. */
  observeThrottled(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedS = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.limits.capacity, this.tokens + elapsedS * this.limits.refillPerSecond);
  }

  /** One loop hands tokens to waiters in order as they refill; it ends when nobody waits. */
  private async wake(): Promise<void> {
    if (this.isWaking) return;
    this.isWaking = true;
    try {
      while (this.waiting.length > 0) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          this.waiting.shift()?.grant();
          continue;
        }
        const untilNextMs = Math.ceil(((1 - this.tokens) / this.limits.refillPerSecond) * 1000);
        await this.clock.sleep(Math.max(1, untilNextMs));
      }
    } finally {
      this.isWaking = false;
    }
  }
}

/**
 * The budget of one (subscription, identity): a read bucket and a write bucket, each `share` (default 1)
 * of `limits`; the share changes at run time as replicas that split the budget come and go.
 */
export class ArmBudget {
  private readonly buckets: Record<ArmRequestClass, Bucket>;

  constructor(
    limits: ArmBudgetLimits,
    private readonly clock: BudgetClock,
    private readonly onWait?: BudgetWaitObserver,
    share = 1,
  ) {
    this.buckets = {
      reads: new Bucket(limits.reads, clock, share),
      writes: new Bucket(limits.writes, clock, share),
    };
  }

  /** Takes `share` (in (0, 1]) of the limits from now on. */
  setShare(share: number): void {
    this.buckets.reads.setShare(share);
    this.buckets.writes.setShare(share);
  }

  async take(cls: ArmRequestClass, priority: ArmRequestPriority, signal?: AbortSignalLike): Promise<void> {
    const started = this.clock.now();
    await this.buckets[cls].take(priority, signal);
    this.onWait?.(cls, this.clock.now() - started);
  }

  observeRemaining(cls: ArmRequestClass, remaining: number): void {
    this.buckets[cls].observeRemaining(remaining);
  }

  observeThrottled(cls: ArmRequestClass): void {
    this.buckets[cls].observeThrottled();
  }
}

export const ARM_BUDGET_POLICY_NAME = 'aksLifecycleArmBudget';

/** Reads are GET and HEAD, as ARM counts them; everything else spends the write bucket. */
export function requestClass(method: string): ArmRequestClass {
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';
}

/** The status URL of a running operation (Azure-AsyncOperation or Location) rather than a resource. */
export function isOperationPoll(request: Pick<PipelineRequest, 'method' | 'url'>): boolean {
  if (request.method !== 'GET') return false;
  const path = new URL(request.url).pathname.toLowerCase();
  return /\/locations\/[^/]+\/(operations|operationresults)\//.test(path);
}

/** Pipeline policy (per retry): takes a token before each attempt and learns from the answer. */
export function armBudgetPolicy(budget: ArmBudget): PipelinePolicy {
  return {
    name: ARM_BUDGET_POLICY_NAME,
    async sendRequest(request, next) {
      const cls = requestClass(request.method);
      await budget.take(cls, isOperationPoll(request) ? 'poll' : 'call', request.abortSignal);
      const response = await next(request);
      if (response.status === 429) budget.observeThrottled(cls);
      const remaining = Number(response.headers.get(`x-ms-ratelimit-remaining-subscription-${cls}`));
      if (response.headers.has(`x-ms-ratelimit-remaining-subscription-${cls}`) && Number.isFinite(remaining))
        budget.observeRemaining(cls, remaining);
      return response;
    },
  };
}
