// A replica's share of a fixed set of shard Leases: every retryPeriod it lists the set, renews its own
// membership Lease and the shards it holds, and claims or releases shards as planShards says. The fence is
// the leader elector's: others count a lease's expiry from when they see it change, so a shard is ours
// until renewDeadline after the start of its last successful write; its signal aborts then (a timer, whatever
// the calls do), or at once when another holder shows up, always before the lease could expire.
import { realClock, type Clock } from './clock.js';
import { ConflictError } from './errors.js';
import { kubeMicroTime } from './kube-time.js';
import {
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  LEASE_RETRY_JITTER_FACTOR,
} from './leader-election.js';
import type { LeaseRecord } from './lease-client.js';
import { linkedAbort } from './linked-abort.js';
import { silentLogger, type Logger } from './logger.js';
import { planShards } from './shard-assignment.js';
import {
  replicaLeaseName,
  shardLeaseName,
  type NamedLease,
  type ShardLeaseStore,
} from './shard-lease-store.js';

export const DEFAULT_SHARDS = 16;

export interface ShardLeasesOptions {
  store: ShardLeaseStore;
  /** Prefix of the Lease names (the leader election Lease's name). */
  set: string;
  /** Unique per replica (pod name plus a random suffix). */
  identity: string;
  /** Number of shards (the same on every replica). Default 16. */
  shards?: number;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** A shard became ours: `signal` aborts when it is lost, released or the set stops, before its lease could expire. */
  onGained?(shard: number, signal: AbortSignal): void;
  /** The number of live replicas (this one included) changed, as the membership Leases tell. */
  onReplicas?(count: number): void;
}

interface Held {
  /** Aborts when the shard is no longer ours: work on it stops. */
  work: AbortController;
  /** Ends the pending fence timer when a renewal moves the deadline. */
  fence: AbortController;
  resourceVersion: string;
  record: LeaseRecord;
}

interface Observation {
  fingerprint: string;
  /** Local time at which the lease was last seen to change: the basis of its expiry. */
  at: number;
}

export class ShardLeases {
  readonly shards: number;
  private readonly store: ShardLeaseStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly held = new Map<number, Held>();
  private readonly observed = new Map<string, Observation>();
  private readonly memberName: string;
  private member?: NamedLease;
  /** Local time at which the soonest Lease held by another replica expires, as seen in the last round. */
  private nextExpiry?: number;
  private replicas?: number;
  private stopping?: AbortController;
  private loop?: Promise<void>;

  constructor(private readonly options: ShardLeasesOptions) {
    this.store = options.store;
    this.shards = options.shards ?? DEFAULT_SHARDS;
    this.clock = options.clock ?? realClock;
    this.logger = (options.logger ?? silentLogger).child({
      shardLeases: options.store.description,
      identity: options.identity,
    });
    this.leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    this.renewDeadlineMs = options.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryPeriodMs = options.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
    this.memberName = replicaLeaseName(options.set, options.identity);
    if (!Number.isInteger(this.shards) || this.shards < 1)
      throw new Error('shards must be a positive integer');
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDurationMs must be greater than renewDeadlineMs');
    if (this.renewDeadlineMs <= LEASE_RETRY_JITTER_FACTOR * this.retryPeriodMs)
      throw new Error('renewDeadlineMs must be greater than 1.2 × retryPeriodMs');
  }

  /** The signal of `shard` while this replica holds it; undefined when it does not. */
  signalOf(shard: number): AbortSignal | undefined {
    const held = this.held.get(shard);
    return held && !held.work.signal.aborted ? held.work.signal : undefined;
  }

  /** The shards held now, ascending. */
  heldShards(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Takes part in the set in the background until stopped; idempotent. */
  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run(this.stopping.signal);
  }

  /**
   * Stops renewing; every held shard's signal aborts. With `release` (default) the shard Leases are freed
   * and the membership Lease deleted, so the others take over at once; `release: false` leaves them to
   * expire, as a crash would.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopping?.abort();
    await this.loop;
    const held = [...this.held.entries()];
    for (const [shard] of held) this.lose(shard, 'stopped');
    if (!(options.release ?? true)) return;
    const never = new AbortController().signal;
    await Promise.all(held.map(([shard, h]) => this.free(shard, h, never)));
    const member = this.member;
    if (member)
      await this.bounded(never, (s) => this.store.delete(member.name, member.resourceVersion, s)).catch(
        (err: unknown) => this.logger.warn({ err }, 'cannot delete membership lease'),
      );
  }

  private async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      await this.round(stop).catch((err: unknown) => {
        if (!stop.aborted) this.logger.debug({ err }, 'shard lease round failed');
      });
      await this.clock.sleep(this.untilNextRound(), stop).catch(() => undefined);
    }
  }

  /** A retry period, or less when another replica's Lease expires sooner: its shard is claimed at once. */
  private untilNextRound(): number {
    const now = this.clock.now();
    const expiry = this.nextExpiry;
    return expiry !== undefined && expiry > now
      ? Math.min(this.retryPeriodMs, expiry - now)
      : this.retryPeriodMs;
  }

  /** One round: list, renew, then claim or release as planned, then forget departed replicas. */
  private async round(stop: AbortSignal): Promise<void> {
    const startedAt = this.clock.now();
    const leases = new Map(
      (await this.bounded(stop, (s) => this.store.list(s))).map((l) => [l.name, l] as const),
    );
    if (stop.aborted) return;
    for (const lease of leases.values()) this.observe(lease);
    this.nextExpiry = this.soonestExpiry(leases);
    for (const shard of this.heldShards()) {
      const lease = leases.get(this.shardName(shard));
      if (lease?.record.holderIdentity !== this.options.identity)
        this.lose(shard, 'another replica holds the lease');
    }
    await Promise.all([
      this.renewMembership(leases.get(this.memberName), startedAt, stop),
      ...this.heldShards().map((shard) => this.renew(shard, startedAt, stop)),
    ]);
    if (stop.aborted) return;
    const members = this.members(leases);
    this.countReplicas(members);
    const plan = planShards({
      self: this.options.identity,
      members,
      holders: Array.from({ length: this.shards }, (_, shard) =>
        this.validHolder(shard, leases.get(this.shardName(shard))),
      ),
    });
    for (const shard of plan.release) {
      const held = this.held.get(shard);
      this.lose(shard, 'released to balance the replicas');
      if (held) await this.free(shard, held, stop);
    }
    await Promise.all(plan.claim.map((shard) => this.claim(shard, leases.get(this.shardName(shard)), stop)));
    await this.forgetDeparted(leases, stop);
  }

  private shardName(shard: number): string {
    return shardLeaseName(this.options.set, shard);
  }

  private observe(lease: NamedLease): void {
    const r = lease.record;
    const fingerprint = [r.holderIdentity, r.leaseDurationSeconds, r.renewTime, r.acquireTime].join('|');
    if (this.observed.get(lease.name)?.fingerprint !== fingerprint)
      this.observed.set(lease.name, { fingerprint, at: this.clock.now() });
  }

  /** When a lease expires, as seen here: its duration after it was last seen to change. */
  private expiry(lease: NamedLease): number {
    const at = this.observed.get(lease.name)?.at ?? this.clock.now();
    return at + (lease.record.leaseDurationSeconds ?? 0) * 1000;
  }

  /** True once a lease has not changed for its duration, as seen here. */
  private expired(lease: NamedLease): boolean {
    return this.expiry(lease) <= this.clock.now();
  }

  /** The soonest future expiry of a shard or membership Lease another replica holds. */
  private soonestExpiry(leases: Map<string, NamedLease>): number | undefined {
    const now = this.clock.now();
    let soonest: number | undefined;
    for (const lease of leases.values()) {
      const holder = lease.record.holderIdentity;
      if (!holder || holder === this.options.identity) continue;
      const at = this.expiry(lease);
      if (at > now && (soonest === undefined || at < soonest)) soonest = at;
    }
    return soonest;
  }

  private countReplicas(members: string[]): void {
    const count = new Set([...members, this.options.identity]).size;
    if (count === this.replicas) return;
    this.replicas = count;
    this.options.onReplicas?.(count);
  }

  private validHolder(shard: number, lease: NamedLease | undefined): string | undefined {
    const holder = lease?.record.holderIdentity;
    if (!lease || !holder) return undefined;
    // Ours only while the fence holds; a lease that still names us after the fence fell is ours to take again.
    if (holder === this.options.identity) return this.held.has(shard) ? holder : undefined;
    return this.expired(lease) ? undefined : holder;
  }

  private members(leases: Map<string, NamedLease>): string[] {
    const prefix = replicaLeaseName(this.options.set, '');
    return [...leases.values()]
      .filter((l) => l.name.startsWith(prefix) && l.record.holderIdentity && !this.expired(l))
      .map((l) => l.record.holderIdentity ?? '');
  }

  private record(now: number, previous?: LeaseRecord): LeaseRecord {
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: kubeMicroTime(now),
      renewTime: kubeMicroTime(now),
      leaseTransitions: previous?.leaseTransitions ?? 0,
    };
  }

  private async renewMembership(
    lease: NamedLease | undefined,
    now: number,
    stop: AbortSignal,
  ): Promise<void> {
    const record = { ...this.record(now), ...(lease ? { acquireTime: lease.record.acquireTime } : {}) };
    try {
      this.member = await this.bounded(stop, (s) =>
        lease
          ? this.store.update(this.memberName, record, lease.resourceVersion, s)
          : this.store.create(this.memberName, record, s),
      );
    } catch (err: unknown) {
      if (!stop.aborted) this.logger.debug({ err }, 'cannot renew membership lease');
    }
  }

  private async renew(shard: number, startedAt: number, stop: AbortSignal): Promise<void> {
    const held = this.held.get(shard);
    if (!held) return;
    const record = { ...held.record, renewTime: kubeMicroTime(startedAt) };
    try {
      const lease = await this.bounded(stop, (s) =>
        this.store.update(this.shardName(shard), record, held.resourceVersion, s),
      );
      if (this.held.get(shard) !== held) return;
      this.observe(lease);
      held.resourceVersion = lease.resourceVersion;
      held.record = lease.record;
      this.arm(shard, held, startedAt);
    } catch (err: unknown) {
      if (err instanceof ConflictError) this.lose(shard, 'another replica changed the lease');
      else if (!stop.aborted) this.logger.debug({ err, shard }, 'cannot renew shard lease');
    }
  }

  private async claim(shard: number, lease: NamedLease | undefined, stop: AbortSignal): Promise<void> {
    const startedAt = this.clock.now();
    const name = this.shardName(shard);
    const record = this.record(startedAt, lease?.record);
    if (lease && lease.record.holderIdentity !== this.options.identity) record.leaseTransitions! += 1;
    try {
      const taken = await this.bounded(stop, (s) =>
        lease
          ? this.store.update(name, record, lease.resourceVersion, s)
          : this.store.create(name, record, s),
      );
      if (stop.aborted) return;
      this.observe(taken);
      const held: Held = {
        work: new AbortController(),
        fence: new AbortController(),
        resourceVersion: taken.resourceVersion,
        record: taken.record,
      };
      this.held.set(shard, held);
      this.arm(shard, held, startedAt);
      this.logger.info({ shard, previousHolder: lease?.record.holderIdentity ?? '' }, 'acquired shard');
      this.options.onGained?.(shard, held.work.signal);
    } catch (err: unknown) {
      // Another replica was faster: the next round sees it.
      if (!stop.aborted) this.logger.debug({ err, shard }, 'cannot claim shard');
    }
  }

  /** The shard is ours until renewDeadline after `provenAt`: a timer ends it then unless renewed. */
  private arm(shard: number, held: Held, provenAt: number): void {
    held.fence.abort();
    held.fence = new AbortController();
    const wait = Math.max(0, provenAt + this.renewDeadlineMs - this.clock.now());
    this.clock.sleep(wait, held.fence.signal).then(
      () => this.lose(shard, 'failed to renew the shard lease within renewDeadline'),
      () => undefined,
    );
  }

  private lose(shard: number, why: string): void {
    const held = this.held.get(shard);
    if (!held) return;
    this.held.delete(shard);
    held.fence.abort();
    held.work.abort(new DOMException(`shard ${shard} lost: ${why}`, 'AbortError'));
    const log = why === 'stopped' || why.startsWith('released') ? 'info' : 'warn';
    this.logger[log]({ shard }, `${why}; shard given up`);
  }

  /** Clears the holder of a shard we just gave up (client-go's release: 1 s duration, empty holder). */
  private async free(shard: number, held: Held, stop: AbortSignal): Promise<void> {
    const now = kubeMicroTime(this.clock.now());
    const record: LeaseRecord = {
      ...held.record,
      holderIdentity: '',
      leaseDurationSeconds: 1,
      renewTime: now,
    };
    await this.bounded(stop, (s) =>
      this.store.update(this.shardName(shard), record, held.resourceVersion, s),
    ).catch((err: unknown) => this.logger.warn({ err, shard }, 'cannot free shard lease; it will expire'));
  }

  /** Deletes the membership Leases of replicas that stopped renewing (a crash leaves them behind). */
  private async forgetDeparted(leases: Map<string, NamedLease>, stop: AbortSignal): Promise<void> {
    const prefix = replicaLeaseName(this.options.set, '');
    const departed = [...leases.values()].filter(
      (l) => l.name.startsWith(prefix) && l.name !== this.memberName && this.expired(l),
    );
    for (const lease of departed) {
      await this.bounded(stop, (s) => this.store.delete(lease.name, lease.resourceVersion, s)).catch(
        () => undefined,
      );
      this.observed.delete(lease.name);
    }
  }

  /** Runs `fn` with a signal that aborts after renewDeadline (or on stop), and stops waiting for it then. */
  private async bounded<T>(stop: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const call = linkedAbort([stop]);
    const timer = new AbortController();
    const expired = this.clock.sleep(this.renewDeadlineMs, timer.signal).then(() => {
      const reason = new DOMException('lease call outlived the renew deadline', 'TimeoutError');
      call.abort(reason);
      throw reason;
    });
    expired.catch(() => undefined);
    try {
      return await Promise.race([fn(call.signal), expired]);
    } finally {
      timer.abort();
      call.release();
    }
  }
}
