// Builds the UpgradePlan controller: its reconciler over the plan, cluster and pool caches, the watches
// that bring a plan back when a cluster it selects (or a pool of one) changes, e.g. reaches a version or
// becomes blocked, and the per-plan metrics.
import type { ManagedCluster, NodePool, NodePoolSnapshot, UpgradePlan } from '../../api/index.js';
import {
  Controller,
  type CustomObjectClient,
  type Informer,
  type Metrics,
  type ObjectKey,
  type StatusWriter,
} from '../../runtime/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { isSpecOrMetaChange } from '../shared/predicates.js';
import { KubeAnnotator, type ObjectAnnotator } from './annotator.js';
import { AzureOfferedVersions, type OfferedVersions } from './offered-versions.js';
import { trackPlanMetrics } from './plan-metrics.js';
import { WorkloadPreflight, type PreflightRunner } from './preflight-run.js';
import { UpgradePlanReconciler } from './reconciler.js';
import { selectsLabels } from './select-clusters.js';
import { workloadAccessOf } from '../shared/workload-unreachable.js';

export const UPGRADE_PLAN_CONTROLLER = 'upgradeplan';

export interface UpgradePlanControllerOptions {
  ctx: ControllerContext;
  plans: Informer<UpgradePlan>;
  clusters: Informer<ManagedCluster>;
  pools: Informer<NodePool>;
  snapshots?: Informer<NodePoolSnapshot>;
  /** Status writer of the UpgradePlan kind. */
  statusWriter: StatusWriter;
  /** Clients of the kinds the plan annotates. */
  clusterObjects: CustomObjectClient;
  poolObjects: CustomObjectClient;
  annotator?: ObjectAnnotator;
  preflight?: PreflightRunner;
  versions?: OfferedVersions;
  /** Names the controller in logs and metrics; one per watched namespace needs distinct names. */
  name?: string;
  workers?: number;
  metrics?: Metrics;
}

/** Pre-flight reading Azure and each workload cluster as the cluster object's identity. */
export function workloadPreflight(ctx: ControllerContext): PreflightRunner {
  return new WorkloadPreflight({
    async agentPools(cluster, signal) {
      const id = cluster.status?.azureResourceID;
      if (!id) return undefined;
      return ctx.azure(await clusterAccess(ctx, cluster, signal)).agentPools.list(id, signal);
    },
    async subnet(cluster, id, signal) {
      return ctx.azure(await clusterAccess(ctx, cluster, signal)).subnets.get(id, signal);
    },
    async quotaUsages(cluster, signal) {
      const access = await clusterAccess(ctx, cluster, signal);
      // The subscription the cluster lives in, as recorded; the credential's before it was created.
      const recorded = tryParseResourceId(cluster.status?.azureResourceID ?? '')?.subscriptionId;
      const subscriptionId = recorded ?? access.subscriptionId;
      return ctx
        .azure(access)
        .computeUsages.list({ subscriptionId, location: cluster.spec.location }, signal);
    },
    async workloadCluster(cluster, signal) {
      const id = cluster.status?.azureResourceID;
      if (!id) return undefined;
      const clusters = ctx.azure(await clusterAccess(ctx, cluster, signal)).workloadClusters;
      const kc = await clusters.open(id, signal);
      if (!kc) return undefined;
      return { kc, ...workloadAccessOf(clusters, id) };
    },
  });
}

export function createUpgradePlanController(o: UpgradePlanControllerOptions): Controller<UpgradePlan> {
  const reconciler = new UpgradePlanReconciler({
    ctx: o.ctx,
    plans: o.plans,
    clusters: o.clusters,
    pools: o.pools,
    ...(o.snapshots ? { snapshots: o.snapshots } : {}),
    statusWriter: o.statusWriter,
    annotator: o.annotator ?? new KubeAnnotator({ clusters: o.clusterObjects, pools: o.poolObjects }),
    preflight: o.preflight ?? workloadPreflight(o.ctx),
    versions: o.versions ?? new AzureOfferedVersions(o.ctx),
  });
  const controller = new Controller<UpgradePlan>({
    name: o.name ?? UPGRADE_PLAN_CONTROLLER,
    informer: o.plans,
    reconciler,
    // Our own status writes need no reconcile; resyncs still come.
    updatePredicate: isSpecOrMetaChange,
    operationPollIntervalMs: o.ctx.pollIntervalMs,
    clock: o.ctx.clock,
    logger: o.ctx.logger,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  if (o.metrics) trackPlanMetrics(o.metrics, () => o.plans.list());
  const plansOf = (cluster: ManagedCluster | undefined): ObjectKey[] => {
    if (!cluster) return [];
    const namespace = cluster.metadata.namespace ?? '';
    return o.plans
      .list(namespace)
      .filter((p) => selectsLabels(p.spec.clusterSelector, cluster.metadata.labels))
      .map((p) => ({ namespace, name: p.metadata.name ?? '' }));
  };
  // Status changes count too: a cluster reaching a version or a pool becoming blocked moves the plan.
  controller.watches(o.clusters, plansOf);
  controller.watches(o.pools, (pool) =>
    plansOf(o.clusters.get({ namespace: pool.metadata.namespace ?? '', name: pool.spec.clusterRef.name })),
  );
  // A snapshot target's NodePoolSnapshot becoming Ready lets its plans start.
  if (o.snapshots) {
    controller.watches(o.snapshots, (snap) => {
      const namespace = snap.metadata.namespace ?? '';
      return o.plans
        .list(namespace)
        .filter((p) => p.spec.target.snapshotRef?.name === snap.metadata.name)
        .map((p) => ({ namespace, name: p.metadata.name ?? '' }));
    });
  }
  return controller;
}
