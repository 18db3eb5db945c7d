// Per-key work queue with client-go semantics: a key waits at most once, is never handed to two workers
// at once, and a key re-added while being processed is handed out once more after `done`.
import { realClock, type Clock } from './clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions<K> {
  clock?: Clock;
  /** Decides `addRateLimited` delays; defaults to controller-runtime's default limiter. */
  rateLimiter?: RateLimiter<K>;
}

interface Waiting {
  readyAt: number;
  cancel: AbortController;
}

export class WorkQueue<K extends string = string> {
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  /** Keys ready to be handed out, in arrival order. */
  private readonly queue = new Set<K>();
  /** Keys that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<K>();
  /** Keys handed to a worker and not yet `done`. */
  private readonly processing = new Set<K>();
  /** Keys scheduled by `addAfter`, with the earliest time they are due. */
  private readonly waiting = new Map<K, Waiting>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>(this.clock);
  }

  /** Marks `key` as needing processing. No-op when it is already waiting to be handed out, or after shutDown. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // A key being processed is queued again by `done`, so it never runs twice at once.
    if (this.processing.has(key)) return;
    this.queue.add(key);
    this.handOut();
  }

  /** Adds `key` after `delayMs`; an earlier pending schedule for the same key wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.cancel.abort();
    const cancel = new AbortController();
    this.waiting.set(key, { readyAt, cancel });
    this.clock.sleep(delayMs, cancel.signal).then(
      () => {
        this.waiting.delete(key);
        this.add(key);
      },
      // Cancelled: replaced by an earlier schedule or the queue shut down.
      () => undefined,
    );
  }

  /** Adds `key` after the rate limiter's delay, counting one more failure for it. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears the failure history of `key`; the next failure starts from the base delay. */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  /** Failures counted for `key` since it was last forgotten. */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * Waits for the next key and marks it as processing; the caller must call `done(key)`.
   * Resolves `undefined` once the queue is shut down.
   */
  get(): Promise<K | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.takeNext();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends processing of `key`; if it was re-added meanwhile it becomes ready again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.add(key);
      this.handOut();
    }
  }

  /**
   * Stops handing out keys: pending and future `get` calls resolve `undefined`, queued and scheduled
   * keys are dropped, and adds are ignored. Keys being processed stay so until `done`.
   */
  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.cancel.abort();
    this.waiting.clear();
    this.queue.clear();
    this.dirty.clear();
    for (const resolve of this.getters.splice(0)) resolve(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Keys ready to be handed out (the queue depth). */
  get length(): number {
    return this.queue.size;
  }

  /** Keys currently handed to workers. */
  get processingCount(): number {
    return this.processing.size;
  }

  /** Keys scheduled for later. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  private takeNext(): K | undefined {
    const next = this.queue.values().next();
    if (next.done) return undefined;
    const key = next.value;
    this.queue.delete(key);
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private handOut(): void {
    while (this.getters.length > 0 && this.queue.size > 0) {
      const resolve = this.getters.shift();
      resolve?.(this.takeNext());
    }
  }
}
