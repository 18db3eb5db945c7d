// Leader election on a coordination.k8s.io/v1 Lease with client-go's rules: acquire when the lease is
// free or its holder has not renewed for leaseDuration (as observed locally, so clock skew does not
// matter); renew every retryPeriod; give up leadership when renewing fails for renewDeadline; on a
// graceful stop clear holderIdentity so a standby takes over at once.
import { realClock, type Clock } from './clock.js';
import { kubeMicroTime } from './kube-time.js';
import type { LeaseClient, LeaseRecord, ObservedLease } from './lease-client.js';
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
  /** Called once leadership is acquired; `signal` aborts when it is lost or the elector stops. */
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
const JITTER_FACTOR = 1.2;

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
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs)
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
      if (await this.tryAcquireOrRenew(stop)) return true;
      const jitteredMs = this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR);
      await this.clock.sleep(jitteredMs, stop).catch(() => undefined);
    }
    return false;
  }

  private async renewLoop(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      await this.clock.sleep(this.retryPeriodMs, stop).catch(() => undefined);
      if (stop.aborted) return;
      const deadline = this.clock.now() + this.renewDeadlineMs;
      let renewed = await this.tryAcquireOrRenew(stop);
      while (!renewed && !stop.aborted && this.clock.now() < deadline) {
        await this.clock.sleep(this.retryPeriodMs, stop).catch(() => undefined);
        if (!stop.aborted) renewed = await this.tryAcquireOrRenew(stop);
      }
      if (stop.aborted) return;
      if (!renewed) {
        this.logger.error(
          { renewDeadlineMs: this.renewDeadlineMs },
          'failed to renew lease; leadership lost',
        );
        const wasLeading = this.leading;
        this.leading = undefined;
        wasLeading?.abort();
        this.options.onStoppedLeading('lost');
        return;
      }
    }
  }

  /** One attempt (client-go tryAcquireOrRenew). Never throws. */
  private async tryAcquireOrRenew(stop: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const desired: LeaseRecord = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: kubeMicroTime(now),
      renewTime: kubeMicroTime(now),
      leaseTransitions: 0,
    };
    const signal = AbortSignal.any([stop, AbortSignal.timeout(this.renewDeadlineMs)]);
    try {
      const current = await this.lease.get(signal);
      if (!current) {
        this.setObserved(await this.lease.create(desired, signal));
        return true;
      }
      if (!this.observed || !sameRecord(this.observed.record, current.record)) this.setObserved(current);
      const holder = current.record.holderIdentity ?? '';
      const durationMs = (current.record.leaseDurationSeconds ?? 0) * 1000;
      if (holder && holder !== this.options.identity && this.observedAt + durationMs > this.clock.now())
        return false;
      if (holder === this.options.identity) {
        desired.acquireTime = current.record.acquireTime ?? desired.acquireTime;
        desired.leaseTransitions = current.record.leaseTransitions ?? 0;
      } else {
        desired.leaseTransitions = (current.record.leaseTransitions ?? 0) + 1;
      }
      this.setObserved(await this.lease.update(desired, current.resourceVersion, signal));
      return true;
    } catch (err: unknown) {
      if (!stop.aborted) this.logger.debug({ err }, 'lease attempt failed');
      return false;
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
    try {
      this.setObserved(
        await this.lease.update(record, observed.resourceVersion, AbortSignal.timeout(this.renewDeadlineMs)),
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
