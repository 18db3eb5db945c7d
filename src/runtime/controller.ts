// The controller loop for one kind: informer events become keys in a work queue; N workers hand keys to
// the reconciler, one key at a time each, and turn its result or error into the next requeue.
import { boundDelay, realClock, type Clock } from './clock.js';
import {
  isBlockedError,
  isInvalidSpecError,
  isOperationInProgressError,
  isThrottledError,
} from './errors.js';
import type { EventHandler, Informer } from './informer.js';
import { linkedAbort } from './linked-abort.js';
import { reconcileLogger, silentLogger, type Logger } from './logger.js';
import { ReconcileResult, type Metrics } from './metrics.js';
import { ReconcileClock, runWithReconcileClock } from './reconcile-clock.js';
import { ItemExponentialFailureRateLimiter, type RateLimiter } from './rate-limiter.js';
import {
  keyString,
  objectKey,
  parseKey,
  type KubeObject,
  type ObjectKey,
  type Reconciler,
  type Result,
} from './reconciler.js';
import { RetryPolicy, retryPolicyOf } from './retry-policy.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerOptions<T extends KubeObject> {
  /** Names the controller in logs and metrics (`nodepool`). */
  name: string;
  /** The kind reconciled: its events enqueue the object's own key. */
  informer: Informer<T>;
  reconciler: Reconciler;
  /** Keys reconciled concurrently (never the same key twice). Default 2. */
  workers?: number;
  /** A reconcile's signal aborts after this long. Default 5 minutes. */
  reconcileTimeoutMs?: number;
  /** Backoff for thrown errors; defaults to 5 ms doubling to 1000 s per key, 10 qps overall. */
  rateLimiter?: RateLimiter<string>;
  /** Backoff for a BlockedError (a lock, a permission, a policy); defaults to 1 s doubling to 5 minutes per key. */
  blockedBackoff?: RateLimiter<string>;
  /** Requeue after an OperationInProgressError without its own retryAfterMs. Default 15 s. */
  operationPollIntervalMs?: number;
  /** Requeue after a ConflictError (the cache catching up with our own write). Default 100 ms. */
  conflictRequeueMs?: number;
  /** Upper bound for a ThrottledError's retryAfterMs. Default 10 minutes. */
  maxRetryAfterMs?: number;
  /** Which updates of the primary kind enqueue (all by default; resyncs always do). */
  updatePredicate?: (old: T, current: T) => boolean;
  /** Ends background work the reconciler owns (long-lived drains) when the controller stops. */
  onStop?: () => Promise<void>;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
}

export const DEFAULT_WORKERS = 2;
export const DEFAULT_RECONCILE_TIMEOUT_MS = 5 * 60 * 1000;
export const DEFAULT_OPERATION_POLL_INTERVAL_MS = 15_000;
export const DEFAULT_CONFLICT_REQUEUE_MS = 100;
export const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60 * 1000;
/** First retry after a BlockedError: someone outside has to act, so milliseconds would only burn quota. */
export const DEFAULT_BLOCKED_BASE_DELAY_MS = 1000;
/** Longest wait between retries of a BlockedError: how late a lifted lock or granted role is noticed. */
export const DEFAULT_BLOCKED_MAX_DELAY_MS = 5 * 60 * 1000;
/** First wait of a throttled object beyond Retry-After; doubles with each 429 in a row. */
const THROTTLE_BASE_DELAY_MS = 1000;
/** Longest wait of an object throttled again and again (Retry-After may still ask for more). */
const THROTTLE_MAX_DELAY_MS = 60_000;
/** Up to this fraction is added at random, so throttled objects do not come back in step. */
const THROTTLE_JITTER = 0.2;
/** After the stop deadline aborts in-flight reconciles, how long to wait for them to notice. */
const ABORT_GRACE_MS = 5_000;

/** Anything with a cache the controller waits for before reconciling. */
type AnyInformer = Informer<KubeObject>;

export class Controller<T extends KubeObject = KubeObject> {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly primary: Informer<T>;
  private readonly secondaries: AnyInformer[] = [];
  private readonly reconciler: Reconciler;
  private readonly workers: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly metrics?: Metrics;
  private readonly opts: Required<
    Pick<
      ControllerOptions<T>,
      'reconcileTimeoutMs' | 'operationPollIntervalMs' | 'conflictRequeueMs' | 'maxRetryAfterMs'
    >
  >;
  private readonly blockedBackoff: RateLimiter<string>;
  /** Consecutive 429s of an object: each waits longer than Retry-After alone says (see onError). */
  private readonly throttleBackoff = new ItemExponentialFailureRateLimiter<string>({
    baseDelayMs: THROTTLE_BASE_DELAY_MS,
    maxDelayMs: THROTTLE_MAX_DELAY_MS,
  });
  /** Aborts every in-flight reconcile (stop deadline passed). */
  private readonly hardStop = new AbortController();
  /** The signal `start` was given (leadership): when it aborts, in-flight reconciles abort with it. */
  private startSignal?: AbortSignal;
  private running: Promise<void>[] = [];
  private started = false;
  private readonly onStop: (() => Promise<void>) | undefined;
  /** With sharding: the signal of the shard a key belongs to while this replica holds it (see ownedBy). */
  private owner?: (key: ObjectKey) => AbortSignal | undefined;
  /** What the reconcile clock reads: sub-millisecond real time, or a test's manual clock. */
  private readonly ownTimeNow: () => number;

  constructor(options: ControllerOptions<T>) {
    this.name = options.name;
    this.primary = options.informer;
    this.reconciler = options.reconciler;
    this.workers = Math.max(1, options.workers ?? DEFAULT_WORKERS);
    this.clock = options.clock ?? realClock;
    const clock = this.clock;
    this.ownTimeNow = clock === realClock ? () => performance.now() : () => clock.now();
    this.logger = (options.logger ?? silentLogger).child({ controller: options.name });
    this.metrics = options.metrics;
    this.onStop = options.onStop;
    this.opts = {
      reconcileTimeoutMs: options.reconcileTimeoutMs ?? DEFAULT_RECONCILE_TIMEOUT_MS,
      operationPollIntervalMs: options.operationPollIntervalMs ?? DEFAULT_OPERATION_POLL_INTERVAL_MS,
      conflictRequeueMs: options.conflictRequeueMs ?? DEFAULT_CONFLICT_REQUEUE_MS,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    };
    this.blockedBackoff =
      options.blockedBackoff ??
      new ItemExponentialFailureRateLimiter<string>({
        baseDelayMs: DEFAULT_BLOCKED_BASE_DELAY_MS,
        maxDelayMs: DEFAULT_BLOCKED_MAX_DELAY_MS,
      });
    this.queue = new WorkQueue<string>({
      clock: this.clock,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    });
    const predicate = options.updatePredicate;
    this.primary.addHandler({
      onAdd: (obj) => this.enqueue(objectKey(obj)),
      onUpdate: (old, cur) => {
        if (old === cur || !predicate || predicate(old, cur)) this.enqueue(objectKey(cur));
      },
      onDelete: (obj) => this.enqueue(objectKey(obj)),
    });
    this.metrics?.trackQueueDepth(this.name, () => this.queue.length);
    this.metrics?.maxConcurrentReconciles.set({ controller: this.name }, this.workers);
  }

  /**
   * Also reconcile on changes of another kind: `map` names the primary objects a changed object
   * concerns (its owner, the cluster a pool belongs to). `updatePredicate` limits which updates count
   * (all by default; adds and deletes always do). Call before `start`.
   */
  watches<S extends KubeObject>(
    informer: Informer<S>,
    map: (obj: S) => ObjectKey[],
    options: { updatePredicate?: (old: S, current: S) => boolean } = {},
  ): this {
    const enqueueAll = (obj: S): void => {
      for (const key of map(obj)) this.enqueue(key);
    };
    const handler: EventHandler<S> = {
      onAdd: enqueueAll,
      onUpdate: (old, cur) => {
        // A resync of the other kind changes nothing: the primaries have resyncs of their own, and one
        // resync must read each object once.
        if (old === cur || (options.updatePredicate && !options.updatePredicate(old, cur))) return;
        // An owner reference may have moved: both the old and the new owner need a look.
        const keys = new Map([...map(old), ...map(cur)].map((k) => [keyString(k), k]));
        for (const key of keys.values()) this.enqueue(key);
      },
      onDelete: enqueueAll,
    };
    informer.addHandler(handler);
    this.secondaries.push(informer as unknown as AnyInformer);
    return this;
  }

  /** Every informer this controller reads; the manager starts them. */
  informers(): AnyInformer[] {
    return [this.primary as unknown as AnyInformer, ...this.secondaries];
  }

  hasSynced(): boolean {
    return this.informers().every((i) => i.hasSynced());
  }

  /** Asks for a reconcile of `key` (ignored for a key this replica does not own, see ownedBy). */
  enqueue(key: ObjectKey): void {
    if (this.owner && !this.owner(key)) return;
    this.queue.add(keyString(key));
  }

  /**
   * Reconciles only the keys `owner` gives a signal for (the shard a key belongs to, while held here).
   * Other keys are not enqueued, and dropped when a requeue brings them back; a reconcile aborts when its
   * key's signal does. Call before `start`.
   */
  ownedBy(owner: (key: ObjectKey) => AbortSignal | undefined): this {
    this.owner = owner;
    return this;
  }

  /**
   * Waits for every informer's cache, then starts the workers. Resolves once they run (or on abort).
   * `signal` is also every reconcile's: when it aborts (leadership lost), in-flight calls abort at once.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.startSignal = signal;
    try {
      await Promise.all(this.informers().map((i) => i.waitForSync(signal)));
    } catch {
      // Aborted before the caches synced: stopping before ever reconciling.
      return;
    }
    if (this.queue.isShuttingDown) return;
    this.logger.info({ workers: this.workers }, 'caches synced; starting workers');
    for (let i = 0; i < this.workers; i++) this.running.push(this.worker());
  }

  /**
   * Stops taking keys, lets in-flight reconciles finish for up to `deadlineMs`, then aborts their
   * signals and waits a short grace for them to return.
   */
  async stop(options: { deadlineMs?: number } = {}): Promise<void> {
    this.queue.shutDown();
    await this.onStop?.();
    const all = Promise.all(this.running);
    if (await this.within(all, options.deadlineMs ?? 30_000)) return;
    this.logger.warn(
      { inFlight: this.queue.processingCount },
      'stop deadline passed; aborting in-flight reconciles',
    );
    this.hardStop.abort(new DOMException('controller stopping', 'AbortError'));
    if (!(await this.within(all, ABORT_GRACE_MS))) {
      this.logger.error({ inFlight: this.queue.processingCount }, 'reconciles ignored their abort signal');
    }
  }

  private async within(p: Promise<unknown>, ms: number): Promise<boolean> {
    const timer = new AbortController();
    const finished = await Promise.race([
      p.then(() => true),
      this.clock.sleep(ms, timer.signal).then(
        () => false,
        () => false,
      ),
    ]);
    timer.abort();
    return finished;
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.metrics?.activeWorkers.inc({ controller: this.name });
      try {
        await this.processKey(key);
      } finally {
        this.metrics?.activeWorkers.dec({ controller: this.name });
        this.queue.done(key);
      }
    }
  }

  private async processKey(key: string): Promise<void> {
    const objKey = parseKey(key);
    const shard = this.owner?.(objKey);
    if (this.owner && !shard) return this.forget(key);
    const log = reconcileLogger(this.name, this.primary.get(objKey) ?? { metadata: objKey }, this.logger);
    // One controller per reconcile, unlinked from the long-lived signals in finally (not AbortSignal.any,
    // which keeps every reconcile's signal reachable from hardStop for the life of the process).
    const reconcileAbort = linkedAbort([this.hardStop.signal, this.startSignal, shard]);
    const timer = new AbortController();
    this.clock.sleep(this.opts.reconcileTimeoutMs, timer.signal).then(
      () => reconcileAbort.abort(new DOMException('reconcile timed out', 'TimeoutError')),
      // The reconcile ended first.
      () => undefined,
    );
    const clock = new ReconcileClock(this.ownTimeNow);
    let result: ReconcileResult;
    try {
      const outcome = await runWithReconcileClock(clock, () =>
        this.reconciler.reconcile(objKey, reconcileAbort.signal),
      );
      result = this.onSuccess(key, outcome, log);
    } catch (err: unknown) {
      result = shard?.aborted ? this.onShardLost(key, err, log) : this.onError(key, err, log);
    } finally {
      timer.abort();
      reconcileAbort.release();
    }
    const times = clock.finish();
    this.metrics?.reconcileDuration.observe({ controller: this.name }, times.wallMs / 1000);
    this.metrics?.reconcileOwnTime.observe({ controller: this.name }, times.ownMs / 1000);
    this.metrics?.reconcileTotal.inc({ controller: this.name, result });
  }

  private onSuccess(key: string, result: Result, log: Logger): ReconcileResult {
    this.forget(key);
    const after = result.requeueAfterMs;
    if (after !== undefined && after > 0) {
      log.debug({ requeueAfterMs: after }, 'reconciled; coming back later');
      this.queue.addAfter(key, boundDelay(after));
      return ReconcileResult.RequeueAfter;
    }
    log.debug('reconciled');
    return ReconcileResult.Success;
  }

  /** The key's shard went to another replica mid-reconcile: that replica carries on. */
  private onShardLost(key: string, err: unknown, log: Logger): ReconcileResult {
    log.info({ err }, 'reconcile aborted: its shard is no longer held here');
    this.forget(key);
    return ReconcileResult.Error;
  }

  private forget(key: string): void {
    this.queue.forget(key);
    this.blockedBackoff.forget(key);
    this.throttleBackoff.forget(key);
  }

  private onError(key: string, err: unknown, log: Logger): ReconcileResult {
    if (this.hardStop.signal.aborted || this.startSignal?.aborted) {
      log.info({ err }, 'reconcile aborted by shutdown');
      return ReconcileResult.Error;
    }
    const policy = retryPolicyOf(err);
    if (policy === RetryPolicy.RequeueSoon) {
      log.debug({ err }, 'conflict; requeueing');
      this.queue.addAfter(key, this.opts.conflictRequeueMs);
      return ReconcileResult.Conflict;
    }
    if (policy === RetryPolicy.WaitPollInterval && isOperationInProgressError(err)) {
      const after = boundDelay(err.retryAfterMs ?? this.opts.operationPollIntervalMs);
      log.info({ requeueAfterMs: after, reason: err.message }, 'operation in progress; requeueing');
      this.queue.addAfter(key, after);
      return ReconcileResult.InProgress;
    }
    this.metrics?.reconcileErrors.inc({ controller: this.name });
    if (policy === RetryPolicy.WaitRetryAfter && isThrottledError(err)) {
      // Retry-After alone brings every throttled object back at the same instant, asking more of the
      // subscription's bucket than it refills: an object throttled again waits twice as long as the last
      // time (jittered, never sooner than Retry-After), so the demand falls below the refill and the fleet
      // recovers.
      const backoff = this.throttleBackoff.when(key);
      const jittered = Math.max(
        boundDelay(err.retryAfterMs),
        backoff * (1 + Math.random() * THROTTLE_JITTER),
      );
      const after = Math.min(Math.round(jittered), this.opts.maxRetryAfterMs);
      log.warn({ err, requeueAfterMs: after }, 'throttled; requeueing');
      this.queue.addAfter(key, after);
      return ReconcileResult.Throttled;
    }
    if (policy === RetryPolicy.UntilSpecChanges && isInvalidSpecError(err)) {
      // Retrying cannot help; the next change to the object (a new event) brings it back.
      this.metrics?.terminalErrors.inc({ controller: this.name });
      log.warn(
        { err, reason: err.reason, field: err.field },
        'invalid spec; not retrying until the object changes',
      );
      this.forget(key);
      return ReconcileResult.InvalidSpec;
    }
    this.metrics?.queueRetries.inc({ name: this.name });
    if (policy === RetryPolicy.BlockedBackoff && isBlockedError(err)) {
      // Someone outside has to act (lift a lock, grant a role): back off slowly, never spin on it.
      const after = this.blockedBackoff.when(key);
      log.warn({ err, reason: err.reason, requeueAfterMs: after }, 'blocked outside the spec; backing off');
      this.queue.addAfter(key, after);
      return ReconcileResult.Error;
    }
    const requeues = this.queue.numRequeues(key);
    log.error({ err, requeues }, 'reconcile failed; retrying with backoff');
    this.queue.addRateLimited(key);
    return ReconcileResult.Error;
  }
}
