// Leader election on a coordination.k8s.io/v1 Lease with client-go's rules: acquire when the lease is
// free or its holder has not renewed for leaseDuration (as observed locally, so clock skew does not
// matter); renew every retryPeriod; on a graceful stop clear holderIdentity so a standby takes over at once.
// The fence: a leader acts only while it can prove its lease. Others count expiry from no earlier than the
// start of our last successful renewal, so leadership ends renewDeadline after that start (every attempt
// is cut off there, even one whose request hangs) or at once when another holder shows up, which is
// always before the lease could expire.
import { realClock, type Clock } from './clock.js';
import { kubeMicroTime } from './kube-time.js';
import type { LeaseClient, LeaseRecord, ObservedLease } from './lease-client.js';
import { linkedAbort } from './linked-abort.js';
import { silentLogger, type Logger } from './logger.js';

export interface LeaderElectionOptions {
  lease: LeaseClient;
  /** Unique per replica (pod name plus a random suffix). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  logger?: Logger;
  /**
   * Called once leadership is acquired; `signal` aborts when it is lost (no later than renewDeadline after
   * the start of the last successful renewal) or the elector stops. Abort in-flight work with it.
   */
  onStartedLeading(signal: AbortSignal): void;
  /** Called when leadership ends after having been held (lost, or stopped). */
  onStoppedLeading(reason: 'lost' | 'stopped'): void;
  /** Called when the observed leader changes (including to ourselves). */
  onNewLeader?(identity: string): void;
}

export const DEFAULT_LEASE_DURATION_MS = 15_000;
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
/** Acquisition retries wait retryPeriod × [1, 2.2) (client-go's jitter factor 1.2), so standbys do not collide. */
export const LEASE_RETRY_JITTER_FACTOR = 1.2;

export class LeaderElector {
  private readonly lease: LeaseClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed?: ObservedLease;
  /** Local time at which `observed` last changed: the basis of expiry, immune to clock skew. */
  private observedAt = 0;
  /** Local time at which our last successful acquire or renew started: the lease is ours until then + leaseDuration. */
  private provenAt = 0;
  private leading?: AbortController;
  private stopping?: AbortController;
  private loop?: Promise<void>;
  private ended = false;
  private lastLeader?: string;

  constructor(private readonly options: LeaderElectionOptions) {
    this.lease = options.lease;
    this.clock = options.clock ?? realClock;
    this.logger = (options.logger ?? silentLogger).child({
      lease: options.lease.description,
      identity: options.identity,
    });
    this.leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    this.renewDeadlineMs = options.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryPeriodMs = options.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDurationMs must be greater than renewDeadlineMs');
    if (this.renewDeadlineMs <= LEASE_RETRY_JITTER_FACTOR * this.retryPeriodMs)
      throw new Error('renewDeadlineMs must be greater than 1.2 × retryPeriodMs');
  }

  isLeader(): boolean {
    return this.leading !== undefined && !this.leading.signal.aborted;
  }

  /** The holder we last observed ('' when the lease is free). */
  get leader(): string | undefined {
    return this.lastLeader;
  }

  /** True while campaigning or leading (the loop runs). */
  get isRunning(): boolean {
    return this.loop !== undefined && !this.ended;
  }

  /** Campaigns in the background until stopped or leadership is lost; idempotent. */
  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run(this.stopping.signal).finally(() => {
      this.ended = true;
    });
  }

  /** Resolves when the election loop has ended (stopped, or leadership lost). */
  async done(): Promise<void> {
    await this.loop;
  }

  /**
   * Stops campaigning and renewing. With `release` (default) and while leading, clears holderIdentity
   * so another replica acquires without waiting for the lease to expire. `release: false` leaves the
   * lease to expire, as a crash would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopping?.abort();
    await this.loop;
    if (this.leading) {
      const wasLeading = this.leading;
      this.leading = undefined;
      wasLeading.abort();
      if (options.release ?? true) await this.release();
      this.options.onStoppedLeading('stopped');
    }
  }

  private async run(stop: AbortSignal): Promise<void> {
    if (!(await this.acquire(stop))) return;
    this.leading = new AbortController();
    this.logger.info('acquired leadership');
    this.options.onStartedLeading(this.leading.signal);
    await this.renewLoop(stop);
  }

  private async acquire(stop: AbortSignal): Promise<boolean> {
    while (!stop.aborted) {
      const outcome = await this.tryAcquireOrRenew(stop, this.clock.now() + this.renewDeadlineMs);
      if (outcome === 'held') return true;
      const jitteredMs = this.retryPeriodMs * (1 + Math.random() * LEASE_RETRY_JITTER_FACTOR);
      await this.clock.sleep(jitteredMs, stop).catch(() => undefined);
    }
    return false;
  }

  /** Renews every retryPeriod until stopped, or until leadership can no longer be proven. */
  private async renewLoop(stop: AbortSignal): Promise<void> {
    let nextAttemptAt = this.clock.now() + this.retryPeriodMs;
    while (!stop.aborted) {
      const deadline = this.provenAt + this.renewDeadlineMs;
      await this.clock
        .sleep(Math.max(0, Math.min(nextAttemptAt, deadline) - this.clock.now()), stop)
        .catch(() => undefined);
      if (stop.aborted) return;
      if (this.clock.now() >= deadline) return this.lose('failed to renew lease within renewDeadline');
      const outcome = await this.tryAcquireOrRenew(stop, deadline);
      if (stop.aborted) return;
      if (outcome === 'heldByOther') return this.lose('another replica holds the lease');
      nextAttemptAt = this.clock.now() + this.retryPeriodMs;
    }
  }

  private lose(why: string): void {
    this.logger.error(
      { renewDeadlineMs: this.renewDeadlineMs, lastRenewalStartedAt: this.provenAt },
      `${why}; leadership lost`,
    );
    const wasLeading = this.leading;
    this.leading = undefined;
    wasLeading?.abort(new DOMException('leadership lost', 'AbortError'));
    this.options.onStoppedLeading('lost');
  }

  /**
   * One attempt (client-go tryAcquireOrRenew), cut off at `deadline` (local clock): its calls see their
   * signal abort then, and it reports failure then even if the lease client ignores the signal. Never throws.
   */
  private async tryAcquireOrRenew(
    stop: AbortSignal,
    deadline: number,
  ): Promise<'held' | 'heldByOther' | 'failed'> {
    const startedAt = this.clock.now();
    try {
      const outcome = await this.bounded(deadline, stop, (signal) =>
        this.acquireOrRenewOnce(startedAt, signal),
      );
      if (outcome === 'held') this.provenAt = startedAt;
      return outcome;
    } catch (err: unknown) {
      if (!stop.aborted) this.logger.debug({ err }, 'lease attempt failed');
      return 'failed';
    }
  }

  private async acquireOrRenewOnce(now: number, signal: AbortSignal): Promise<'held' | 'heldByOther'> {
    const desired: LeaseRecord = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: kubeMicroTime(now),
      renewTime: kubeMicroTime(now),
      leaseTransitions: 0,
    };
    const current = await this.lease.get(signal);
    if (!current) {
      this.setObserved(await this.lease.create(desired, signal));
      return 'held';
    }
    if (!this.observed || !sameRecord(this.observed.record, current.record)) this.setObserved(current);
    const holder = current.record.holderIdentity ?? '';
    const durationMs = (current.record.leaseDurationSeconds ?? 0) * 1000;
    if (holder && holder !== this.options.identity && this.observedAt + durationMs > this.clock.now())
      return 'heldByOther';
    if (holder === this.options.identity) {
      desired.acquireTime = current.record.acquireTime ?? desired.acquireTime;
      desired.leaseTransitions = current.record.leaseTransitions ?? 0;
    } else {
      desired.leaseTransitions = (current.record.leaseTransitions ?? 0) + 1;
    }
    this.setObserved(await this.lease.update(desired, current.resourceVersion, signal));
    return 'held';
  }

  /** Runs `fn` with a signal that aborts at `deadline`, and stops waiting for it then whatever it does. */
  private async bounded<T>(
    deadline: number,
    stop: AbortSignal,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    // Linked to `stop` until the call ends (AbortSignal.any over `stop` would keep every call's signal).
    const call = linkedAbort([stop]);
    const timer = new AbortController();
    const expired = this.clock.sleep(Math.max(0, deadline - this.clock.now()), timer.signal).then(() => {
      const reason = new DOMException('lease call outlived the renew deadline', 'TimeoutError');
      call.abort(reason);
      throw reason;
    });
    // Settles one way or the other; the race below reports it when it matters.
    expired.catch(() => undefined);
    try {
      return await Promise.race([fn(call.signal), expired]);
    } finally {
      timer.abort();
      call.release();
    }
  }

  private setObserved(lease: ObservedLease): void {
    this.observed = lease;
    this.observedAt = this.clock.now();
    const holder = lease.record.holderIdentity ?? '';
    if (holder !== this.lastLeader) {
      this.lastLeader = holder;
      if (holder) this.options.onNewLeader?.(holder);
    }
  }

  /** Clears holderIdentity if we still hold the lease (client-go release: 1 s duration, empty holder). */
  private async release(): Promise<void> {
    const observed = this.observed;
    if (!observed || observed.record.holderIdentity !== this.options.identity) return;
    const now = kubeMicroTime(this.clock.now());
    const record: LeaseRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: observed.record.leaseTransitions ?? 0,
    };
    // Release runs after the loop has stopped: only its own deadline bounds it.
    const neverStopped = new AbortController().signal;
    try {
      this.setObserved(
        await this.bounded(this.clock.now() + this.renewDeadlineMs, neverStopped, (signal) =>
          this.lease.update(record, observed.resourceVersion, signal),
        ),
      );
      this.logger.info('released lease');
    } catch (err: unknown) {
      // Someone changed the lease meanwhile, or the API is unreachable: it will expire on its own.
      this.logger.warn({ err }, 'cannot release lease');
    }
  }
}

function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}
