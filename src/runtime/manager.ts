// Runs the operator's controllers: starts the informers on every replica (a warm standby takes over
// fast), the workers only on the leader, serves health and metrics, and shuts down gracefully. With
// sharding, the controllers of sharded kinds run on every replica, each reconciling only the keys of the
// shards it holds; the others (work across shards) still run only on the leader.
import { setMaxListeners } from 'node:events';
import { realClock, type Clock } from './clock.js';
import type { Controller } from './controller.js';
import { HealthServer, type CheckResult } from './health-server.js';
import type { Informer } from './informer.js';
import { LeaderElector } from './leader-election.js';
import type { LeaseClient } from './lease-client.js';
import { silentLogger, type Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { RequestAuthorizer } from './metrics-auth.js';
import type { KubeObject, ObjectKey } from './reconciler.js';
import type { ServingCertificate } from './self-signed-cert.js';
import type { ShardLeaseStore } from './shard-lease-store.js';
import { ShardLeases } from './shard-leases.js';

export interface ManagerLeaderElection {
  lease: LeaseClient;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** Replicas split the keys of sharded controllers over a fixed set of shard Leases (see ShardLeases). */
export interface ManagerSharding {
  store: ShardLeaseStore;
  /** Prefix of the shard Leases' names. */
  set: string;
  /** Number of shards. Default 16. */
  shards?: number;
  /** The number of live replicas changed (this one included): each takes its share of what they split. */
  onReplicas?(count: number): void;
}

/** How a controller is run: on the leader (default), or sharded with `shardOf` naming each key's shard. */
export interface ControllerPlacement {
  /** The shard of a key, in [0, shards): stable for as long as the object lives. */
  shardOf?: (key: ObjectKey, shards: number) => number;
}

export interface ManagerOptions {
  /** Without it every replica reconciles (one replica, or tests). */
  leaderElection?: ManagerLeaderElection;
  /** Needs `leaderElection` (its identity and timings). Without it sharded controllers run on the leader. */
  sharding?: ManagerSharding;
  /**
   * Serve /healthz, /readyz and /metrics here; no server when absent. With `metricsAuthorizer`, only
   * requests it allows read /metrics; with `tls`, the server speaks HTTPS.
   */
  health?: { host?: string; port?: number; metricsAuthorizer?: RequestAuthorizer; tls?: ServingCertificate };
  metrics?: Metrics;
  /** How long in-flight reconciles may run on after a stop begins, before their signals abort. Default 30 s. */
  shutdownTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** Why the manager stopped: asked to, or it lost the lease (the process should exit and restart). */
export type StopReason = 'stopped' | 'leadershipLost';

export class Manager {
  private readonly controllers: Controller<KubeObject>[] = [];
  private readonly shardOf = new Map<Controller<KubeObject>, NonNullable<ControllerPlacement['shardOf']>>();
  private shardLeases?: ShardLeases;
  private readonly options: ManagerOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private elector?: LeaderElector;
  private server?: HealthServer;
  private leading = false;
  private started = false;
  private lostLeadership = false;
  private stopping?: Promise<void>;
  private readonly leadership = new AbortController();
  private resolveStopped!: (reason: StopReason) => void;
  /** Settles once the manager has fully stopped, with the reason. */
  readonly stopped: Promise<StopReason>;

  constructor(options: ManagerOptions = {}) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? realClock;
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    // Every controller of every watched namespace listens on it: more than Node's default 10.
    setMaxListeners(0, this.leadership.signal);
  }

  /** Adds a controller; call before `start`. With sharding, `shardOf` runs it sharded. */
  add<T extends KubeObject>(controller: Controller<T>, placement: ControllerPlacement = {}): this {
    const c = controller as unknown as Controller<KubeObject>;
    this.controllers.push(c);
    if (placement.shardOf) this.shardOf.set(c, placement.shardOf);
    return this;
  }

  /** The shards this replica holds now (empty without sharding). */
  heldShards(): number[] {
    return this.shardLeases?.heldShards() ?? [];
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** Bound address of the health server. */
  healthAddress(): { host: string; port: number } | undefined {
    return this.server?.address();
  }

  /** Starts servers, informers and the election (or the controllers directly). Resolves once running. */
  async start(): Promise<void> {
    if (this.started) throw new Error('manager already started');
    this.started = true;
    if (this.options.health) {
      this.server = new HealthServer({
        ...this.options.health,
        live: () => this.liveness(),
        ready: () => this.readiness(),
        ...(this.options.metrics ? { metrics: this.options.metrics } : {}),
      });
      const addr = await this.server.start();
      this.logger.info(
        {
          ...addr,
          scheme: this.options.health.tls ? 'https' : 'http',
          metricsAuthenticated: Boolean(this.options.health.metricsAuthorizer),
        },
        'health server listening',
      );
    }
    for (const informer of this.informers()) informer.start();
    const le = this.options.leaderElection;
    if (!le) {
      this.becomeLeader();
      return;
    }
    if (this.options.sharding) this.startSharded(le, this.options.sharding);
    this.elector = new LeaderElector({
      ...le,
      clock: this.clock,
      logger: this.logger,
      onStartedLeading: (signal) => {
        // The elector aborts this before the lease could expire: reconciles must stop acting with it.
        signal.addEventListener(
          'abort',
          () => this.leadership.abort(new DOMException('leadership lost', 'AbortError')),
          { once: true },
        );
        this.becomeLeader();
      },
      onStoppedLeading: (reason) => {
        this.leading = false;
        this.options.metrics?.leaderStatus.set({ name: le.lease.description }, 0);
        // Another replica may already be reconciling: stop at once and let the process restart.
        if (reason === 'lost') {
          this.lostLeadership = true;
          void this.shutdown('leadershipLost', { releaseLease: false });
        }
      },
      onNewLeader: (identity) => this.logger.info({ leader: identity }, 'observed leader'),
    });
    this.elector.start();
  }

  /**
   * Graceful stop: readiness turns false, workers take no new keys, in-flight reconciles get
   * `shutdownTimeoutMs` before their signals abort, then the lease is released (unless
   * `releaseLease: false`, which leaves it to expire as a crash would), informers and servers close.
   */
  async stop(options: { releaseLease?: boolean } = {}): Promise<void> {
    await this.shutdown('stopped', options);
  }

  /** Stops gracefully on SIGTERM or SIGINT. Returns a function that removes the handlers. */
  stopOnSignals(): () => void {
    const onSignal = (signal: NodeJS.Signals): void => {
      this.logger.info({ signal }, 'shutting down');
      void this.stop();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    return () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  }

  private becomeLeader(): void {
    if (this.stopping) return;
    this.leading = true;
    const le = this.options.leaderElection;
    if (le) this.options.metrics?.leaderStatus.set({ name: le.lease.description }, 1);
    this.startControllers(this.controllers.filter((c) => !this.shardLeases || !this.shardOf.has(c)));
  }

  private startControllers(controllers: Controller<KubeObject>[]): void {
    this.logger.info({ controllers: controllers.map((c) => c.name) }, 'starting controllers');
    for (const c of controllers) {
      c.start(this.leadership.signal).catch((err: unknown) =>
        this.logger.error({ err, controller: c.name }, 'controller failed to start'),
      );
    }
  }

  /**
   * Sharded controllers run at once on every replica, each key reconciled only while its shard is held
   * here (and aborted with it); a shard gained brings its objects' keys into the queues.
   */
  private startSharded(le: ManagerLeaderElection, sharding: ManagerSharding): void {
    const leases = new ShardLeases({
      store: sharding.store,
      set: sharding.set,
      identity: le.identity,
      ...(sharding.shards !== undefined ? { shards: sharding.shards } : {}),
      ...(le.leaseDurationMs !== undefined ? { leaseDurationMs: le.leaseDurationMs } : {}),
      ...(le.renewDeadlineMs !== undefined ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
      ...(le.retryPeriodMs !== undefined ? { retryPeriodMs: le.retryPeriodMs } : {}),
      clock: this.clock,
      logger: this.logger,
      ...(sharding.onReplicas ? { onReplicas: sharding.onReplicas } : {}),
      onGained: (shard) => {
        for (const [c, shardOf] of this.shardOf) {
          const [primary] = c.informers();
          for (const obj of primary?.list() ?? []) {
            const key = { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
            if (shardOf(key, leases.shards) === shard) c.enqueue(key);
          }
        }
      },
    });
    this.shardLeases = leases;
    for (const [c, shardOf] of this.shardOf) c.ownedBy((key) => leases.signalOf(shardOf(key, leases.shards)));
    this.startControllers([...this.shardOf.keys()]);
    leases.start();
  }

  private shutdown(reason: StopReason, options: { releaseLease?: boolean }): Promise<void> {
    this.stopping ??= this.doShutdown(reason, options);
    return this.stopping;
  }

  private async doShutdown(reason: StopReason, options: { releaseLease?: boolean }): Promise<void> {
    // After losing the lease another replica may start within seconds: every reconcile's signal aborts at
    // once. A graceful stop lets in-flight reconciles run on for shutdownTimeoutMs first.
    if (reason === 'leadershipLost') this.leadership.abort(new DOMException('leadership lost', 'AbortError'));
    const deadlineMs = reason === 'leadershipLost' ? 0 : (this.options.shutdownTimeoutMs ?? 30_000);
    await Promise.all(this.controllers.map((c) => c.stop({ deadlineMs })));
    this.leadership.abort(new DOMException('manager stopped', 'AbortError'));
    await this.shardLeases?.stop({ release: options.releaseLease ?? true });
    await this.elector?.stop({ release: options.releaseLease ?? true });
    await Promise.all(this.informers().map((i) => i.stop()));
    await this.server?.stop();
    this.leading = false;
    this.logger.info({ reason }, 'manager stopped');
    this.resolveStopped(reason);
  }

  private informers(): Informer<KubeObject>[] {
    return [...new Set(this.controllers.flatMap((c) => c.informers()))];
  }

  private liveness(): CheckResult {
    return this.lostLeadership ? { ok: false, detail: 'leadership lost' } : { ok: true };
  }

  private readiness(): CheckResult {
    if (this.stopping) return { ok: false, detail: 'shutting down' };
    const unsynced = this.informers()
      .filter((i) => !i.hasSynced())
      .map((i) => i.name);
    if (unsynced.length > 0) return { ok: false, detail: `caches not synced: ${unsynced.join(', ')}` };
    if (this.elector && !this.elector.isRunning) return { ok: false, detail: 'leader election not running' };
    const role = this.leading ? 'leader' : 'standby';
    return { ok: true, detail: this.shardLeases ? `${role}; shards ${this.heldShards().join(',')}` : role };
  }
}
