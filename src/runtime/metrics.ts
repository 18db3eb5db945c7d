// Prometheus metrics: the controller families (named as controller-runtime and client-go name them, so
// existing dashboards work), and get-or-create helpers other layers use for their own families.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Values of the `result` label of controller_runtime_reconcile_total. */
export const ReconcileResult = {
  Success: 'success',
  RequeueAfter: 'requeue_after',
  Error: 'error',
  Throttled: 'throttled',
  Conflict: 'conflict',
  InProgress: 'in_progress',
  InvalidSpec: 'invalid_spec',
} as const;
export type ReconcileResult = (typeof ReconcileResult)[keyof typeof ReconcileResult];

interface FamilyConfig<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export class Metrics {
  readonly registry: Registry;
  /** controller_runtime_reconcile_total{controller, result}. */
  readonly reconcileTotal: Counter<'controller' | 'result'>;
  /** controller_runtime_reconcile_errors_total{controller}: failures (not conflicts). */
  readonly reconcileErrors: Counter<'controller'>;
  /** controller_runtime_terminal_reconcile_errors_total{controller}: InvalidSpecError, not retried. */
  readonly terminalErrors: Counter<'controller'>;
  /** controller_runtime_reconcile_time_seconds{controller}. */
  readonly reconcileDuration: Histogram<'controller'>;
  /**
   * aks_lifecycle_reconcile_own_time_seconds{controller}: wall time minus the time awaited on Azure calls,
   * ARM budget waits and Kubernetes API I/O (see reconcile-clock.ts).
   */
  readonly reconcileOwnTime: Histogram<'controller'>;
  /** controller_runtime_active_workers{controller}. */
  readonly activeWorkers: Gauge<'controller'>;
  /** controller_runtime_max_concurrent_reconciles{controller}. */
  readonly maxConcurrentReconciles: Gauge<'controller'>;
  /** workqueue_depth{name}: keys ready and waiting for a worker. */
  readonly queueDepth: Gauge<'name'>;
  /** workqueue_retries_total{name}: backoff requeues. */
  readonly queueRetries: Counter<'name'>;
  /** leader_election_master_status{name}: 1 while this replica leads. */
  readonly leaderStatus: Gauge<'name'>;
  private readonly depthSources = new Map<string, () => number>();

  constructor(options: { registry?: Registry; collectProcessMetrics?: boolean } = {}) {
    this.registry = options.registry ?? new Registry();
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
    this.reconcileTotal = this.counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Reconciles per controller and result.',
      labelNames: ['controller', 'result'],
    });
    this.reconcileErrors = this.counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Reconciles that failed, per controller.',
      labelNames: ['controller'],
    });
    this.terminalErrors = this.counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Reconciles that failed in a way retrying cannot fix (invalid spec), per controller.',
      labelNames: ['controller'],
    });
    this.reconcileDuration = this.histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Time per reconcile, per controller.',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.reconcileOwnTime = this.histogram({
      name: 'aks_lifecycle_reconcile_own_time_seconds',
      help:
        "The operator's own time per reconcile, per controller: wall time minus the time awaited on Azure " +
        'calls, ARM budget waits and Kubernetes API requests (overlapping waits counted once).',
      labelNames: ['controller'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.activeWorkers = this.gauge({
      name: 'controller_runtime_active_workers',
      help: 'Workers currently reconciling, per controller.',
      labelNames: ['controller'],
    });
    this.maxConcurrentReconciles = this.gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Worker count per controller.',
      labelNames: ['controller'],
    });
    const depthSources = this.depthSources;
    this.queueDepth = this.gauge({
      name: 'workqueue_depth',
      help: 'Keys ready and waiting for a worker, per queue.',
      labelNames: ['name'],
      collect() {
        for (const [name, depth] of depthSources) this.set({ name }, depth());
      },
    });
    this.queueRetries = this.counter({
      name: 'workqueue_retries_total',
      help: 'Keys requeued with backoff, per queue.',
      labelNames: ['name'],
    });
    this.leaderStatus = this.gauge({
      name: 'leader_election_master_status',
      help: '1 while this replica holds the lease, per lease.',
      labelNames: ['name'],
    });
  }

  /** Reports the depth of queue `name` on every scrape. */
  trackQueueDepth(name: string, depth: () => number): void {
    this.depthSources.set(name, depth);
  }

  /** The counter registered under `config.name`, created on first use (e.g. azure_requests_total{operation, result}). */
  counter<L extends string>(config: FamilyConfig<L>): Counter<L> {
    return this.getOrCreate(
      config.name,
      () => new Counter<L>({ ...config, labelNames: config.labelNames ?? [], registers: [this.registry] }),
    );
  }

  gauge<L extends string>(config: FamilyConfig<L> & { collect?: (this: Gauge<L>) => void }): Gauge<L> {
    return this.getOrCreate(
      config.name,
      () => new Gauge<L>({ ...config, labelNames: config.labelNames ?? [], registers: [this.registry] }),
    );
  }

  histogram<L extends string>(config: FamilyConfig<L> & { buckets?: number[] }): Histogram<L> {
    return this.getOrCreate(
      config.name,
      () => new Histogram<L>({ ...config, labelNames: config.labelNames ?? [], registers: [this.registry] }),
    );
  }

  /** Prometheus text exposition of every family. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private getOrCreate<M>(name: string, create: () => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }
}
