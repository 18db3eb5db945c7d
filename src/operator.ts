// Wiring of the operator: clients, Azure access, controllers per watched namespace, the manager
// (leader election, health and metrics), started in-process. main.ts and the test harness call this.
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  ArmCallMetrics,
  ArmClientFactory,
  createAzureArm,
  type ArmBudgetLimits,
  type ArmEndpointConfig,
} from './azure/index.js';
import {
  AzureAccessResolver,
  createAksControllers,
  DEFAULT_POLL_INTERVAL_MS,
  KubeWorkloadNodes,
  kubeSecretReader,
  kubeServiceAccountTokens,
  type AzureAccessConfig,
  type ControllerContext,
  type WorkloadNodes,
} from './controllers/index.js';
import { createCostTracking, type PriceSettings } from './cost/index.js';
import {
  DelegatingAuthorizer,
  kubeAccessReviewClient,
  KubeEventRecorder,
  kubeEventSink,
  kubeLeaseClient,
  kubeShardLeaseStore,
  Manager,
  Metrics,
  realClock,
  rootLogger,
  selfSignedCertificate,
  type Clock,
  type Logger,
  type RequestAuthorizer,
  type ServingCertificate,
  type StopReason,
} from './runtime/index.js';

export const OPERATOR_COMPONENT = 'aks-lifecycle-operator';

export interface OperatorLeaderElection {
  namespace: string;
  /** Lease name. */
  name: string;
  /** This replica (pod name); a random suffix is added. */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * Split the fleet across the replicas by ManagedCluster over this many shard Leases (named after the
   * leader Lease); UpgradePlans stay with the leader. Off when absent: the leader reconciles everything.
   */
  shards?: number;
}

export interface OperatorOptions {
  kubeConfig: KubeConfig;
  /** Azure Resource Manager, or the local simulator with its CA. */
  azure: ArmEndpointConfig;
  /** Namespaces to watch; every namespace when empty or absent. */
  watchNamespaces?: string[];
  /** Off when absent: every replica reconciles. */
  leaderElection?: OperatorLeaderElection;
  /** Serve /healthz, /readyz and /metrics on this port (0: any free port); no server when absent. */
  healthPort?: number;
  healthHost?: string;
  /**
   * Serve over HTTPS (a self-signed certificate made at start) and answer /metrics only for bearer
   * tokens that pass a TokenReview and whose user may `get` /metrics per a SubjectAccessReview, asked of
   * the management cluster. The probes stay open. Off when absent.
   */
  secureMetrics?: boolean;
  /**
   * Default subscription, the per-namespace credential Secret name, and the namespaces whose objects
   * may act as the operator's own identity (none when absent).
   */
  access?: AzureAccessConfig;
  /** The ServiceAccount whose tokens a namespace's workload identity exchanges (default aks-lifecycle-identity). */
  identityServiceAccount?: string;
  /** Wait between polls of an Azure operation (default 10 s). */
  pollIntervalMs?: number;
  /** Every object is reconciled again this often (default 10 minutes). */
  resyncPeriodMs?: number;
  workers?: number;
  /** SDK retries of 429/5xx before a call fails. */
  armMaxRetries?: number;
  /** The operator's own ARM request budget per (subscription, identity): ARM's limits when omitted; `false` for none. */
  armBudget?: ArmBudgetLimits | false;
  /**
   * Prices for status.cost and the cost metrics: the Azure Retail Prices API (the simulator's copy in
   * simulator mode) and an optional price table; `false` for no estimate.
   */
  prices?: PriceSettings | false;
  /** How long in-flight reconciles may finish on stop before they are aborted (default 30 s). */
  shutdownTimeoutMs?: number;
  /** Count nodes in workload clusters for NodePool status (default on). */
  workloadNodes?: WorkloadNodes | false;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningOperator {
  /** Stops gracefully (or, with `releaseLease: false`, leaves the lease to expire as a crash would). */
  stop(options?: { releaseLease?: boolean }): Promise<void>;
  /** Resolves when the operator stopped: asked to, or leadership lost. */
  readonly stopped: Promise<StopReason>;
  readonly metrics: Metrics;
  readonly armMetrics: ArmCallMetrics;
  /** Address of the health/metrics server, when one runs. */
  healthAddress(): { host: string; port: number } | undefined;
  isLeader(): boolean;
  /** The shards this replica holds (empty without sharding). */
  heldShards(): number[];
  /** This replica's identity in the Leases and its ARM requests' User-Agent; undefined without leader election. */
  readonly identity: string | undefined;
}

/** HTTPS with a fresh self-signed certificate, and /metrics authorized by the management cluster. */
function secureMetrics(
  kc: KubeConfig,
  clock: Clock,
): { tls: ServingCertificate; metricsAuthorizer: RequestAuthorizer } {
  return {
    tls: selfSignedCertificate([hostname(), 'localhost']),
    metricsAuthorizer: new DelegatingAuthorizer({ reviews: kubeAccessReviewClient(kc), clock }),
  };
}

export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? rootLogger;
  const kc = options.kubeConfig;
  const metrics = new Metrics({ collectProcessMetrics: options.healthPort !== undefined });
  const armMetrics = new ArmCallMetrics({ registry: metrics.registry });
  const le = options.leaderElection;
  const identity = le ? `${le.identity}_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const factory = new ArmClientFactory({
    endpoint: options.azure,
    ...(identity ? { replica: identity } : {}),
    metrics: armMetrics,
    serviceAccountTokens: kubeServiceAccountTokens(kc, options.identityServiceAccount),
    ...(options.armMaxRetries !== undefined ? { maxRetries: options.armMaxRetries } : {}),
    ...(options.armBudget !== undefined ? { budget: options.armBudget } : {}),
  });
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const ctx: ControllerContext = {
    clock,
    logger,
    events: new KubeEventRecorder({ sink: kubeEventSink(kc), component: OPERATOR_COMPONENT, clock, logger }),
    access: new AzureAccessResolver(kubeSecretReader(kc), options.access ?? {}),
    azure: (access) => createAzureArm({ factory, identity: access.identity, clock, pollIntervalMs }),
    pollIntervalMs,
    ...(options.prices === false
      ? {}
      : { cost: createCostTracking({ prices: priceSettings(options), metrics, clock, logger }) }),
  };
  const nodes =
    options.workloadNodes === false
      ? undefined
      : (options.workloadNodes ?? new KubeWorkloadNodes({ clock, logger }));
  const manager = new Manager({
    clock,
    logger,
    metrics,
    ...(options.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: options.shutdownTimeoutMs } : {}),
    ...(options.healthPort !== undefined
      ? {
          health: {
            port: options.healthPort,
            ...(options.healthHost ? { host: options.healthHost } : {}),
            ...(options.secureMetrics ? secureMetrics(kc, clock) : {}),
          },
        }
      : {}),
    ...(le && identity
      ? {
          leaderElection: {
            lease: kubeLeaseClient(kc, le.namespace, le.name),
            identity,
            ...(le.leaseDurationMs !== undefined ? { leaseDurationMs: le.leaseDurationMs } : {}),
            ...(le.renewDeadlineMs !== undefined ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
            ...(le.retryPeriodMs !== undefined ? { retryPeriodMs: le.retryPeriodMs } : {}),
          },
          ...(le.shards !== undefined
            ? {
                sharding: {
                  store: kubeShardLeaseStore(kc, le.namespace, le.name),
                  set: le.name,
                  shards: le.shards,
                  // Each subscription's ARM budget is split between the live replicas.
                  onReplicas: (count) => {
                    factory.setBudgetShare(1 / count);
                    logger.info({ replicas: count }, 'ARM budget split between the live replicas');
                  },
                },
              }
            : {}),
        }
      : {}),
  });
  const namespaces = options.watchNamespaces?.length ? options.watchNamespaces : [undefined];
  for (const namespace of namespaces) {
    const { managedClusters, nodePools, nodePoolSnapshots, standbyPools, upgradePlans, shards } =
      createAksControllers({
        kubeConfig: kc,
        ctx,
        metrics,
        ...(namespace ? { namespace } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.resyncPeriodMs !== undefined ? { resyncPeriodMs: options.resyncPeriodMs } : {}),
        ...(nodes ? { nodes } : {}),
      });
    // A cluster's pools, standby pools and snapshots go with it; UpgradePlans span shards (the leader's).
    manager
      .add(managedClusters, { shardOf: shards.cluster })
      .add(nodePools, { shardOf: shards.pool })
      .add(nodePoolSnapshots, { shardOf: shards.snapshot })
      .add(standbyPools, { shardOf: shards.pool })
      .add(upgradePlans);
  }
  await manager.start();
  logger.info(
    { namespaces: options.watchNamespaces ?? 'all', azure: options.azure.mode },
    'operator started',
  );
  return {
    stop: (stopOptions) => manager.stop(stopOptions),
    stopped: manager.stopped,
    metrics,
    armMetrics,
    healthAddress: () => manager.healthAddress(),
    isLeader: () => manager.isLeader(),
    heldShards: () => manager.heldShards(),
    identity,
  };
}

/** The Retail Prices API beside the simulator in simulator mode (it serves a snapshot), else prices.azure.com. */
function priceSettings(options: OperatorOptions): PriceSettings {
  const given = options.prices || {};
  if (options.azure.mode !== 'simulator' || given.url !== undefined) return given;
  return { url: `${options.azure.endpoint}/api/retail/prices`, caPem: options.azure.caPem, ...given };
}
