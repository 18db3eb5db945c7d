// Builds the controllers of the kinds (and the standby controller) for one namespace (or all) over
// shared informers of the kinds, and the watches that bring pools back when their cluster changes.
import type { KubeConfig } from '@kubernetes/client-node';
import {
  GROUP,
  Plural,
  VERSION,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  type UpgradePlan,
} from '../api/index.js';
import {
  Controller,
  CustomObjectClient,
  Informer,
  kubeListWatch,
  StatusWriter,
  type KubeObject,
  type Metrics,
  type ObjectKey,
} from '../runtime/index.js';
import { DrainRuns } from '../drain/index.js';
import { fleetShards, type FleetShards } from './fleet-shards.js';
import { FleetNetworks } from './managed-cluster/fleet-networks.js';
import { ManagedClusterReconciler } from './managed-cluster/reconciler.js';
import { createNodePoolSnapshotController } from './node-pool-snapshot/index.js';
import { isClusterChangeForPools } from './node-pool/cluster-change.js';
import { NodePoolReconciler } from './node-pool/reconciler.js';
import { createStandbyController } from './standby/index.js';
import { createUpgradePlanController } from './upgrade-plan/index.js';
import type { ControllerContext } from './shared/controller-context.js';
import { heldBy } from './shared/change-hold.js';
import { kubeNamespaceReader } from './shared/namespace-reader.js';
import { isSpecOrLabelChange, isSpecOrMetaChange } from './shared/predicates.js';
import type { WorkloadNodes } from './shared/workload-nodes.js';

export interface AksControllersOptions {
  kubeConfig: KubeConfig;
  /** Only this namespace; all namespaces when absent. */
  namespace?: string;
  ctx: ControllerContext;
  /** Workers per controller. */
  workers?: number;
  /** Informer resync: every object is reconciled again this often. */
  resyncPeriodMs?: number;
  metrics?: Metrics;
  nodes?: WorkloadNodes;
}

export interface AksControllers {
  managedClusters: Controller<ManagedCluster & KubeObject>;
  nodePools: Controller<NodePool & KubeObject>;
  nodePoolSnapshots: Controller<NodePoolSnapshot>;
  /** Scales a pool's standby pool out and back through the standby-count annotation. */
  standbyPools: Controller<NodePool & KubeObject>;
  /** Upgrades the selected clusters stage by stage through the upgrade annotations. */
  upgradePlans: Controller<UpgradePlan & KubeObject>;
  /** The shard of each kind's keys when replicas split the fleet (UpgradePlans span shards: not sharded). */
  shards: FleetShards;
}

export function createAksControllers(o: AksControllersOptions): AksControllers {
  const { kubeConfig: kc, ctx } = o;
  const suffix = o.namespace ? `/${o.namespace}` : '';
  const informer = <T extends KubeObject>(plural: string): Informer<T> =>
    new Informer<T>({
      name: `${plural}${suffix}`,
      source: kubeListWatch<T>(kc, {
        group: GROUP,
        version: VERSION,
        plural,
        ...(o.namespace ? { namespace: o.namespace } : {}),
      }),
      clock: ctx.clock,
      logger: ctx.logger,
      ...(o.resyncPeriodMs !== undefined ? { resyncPeriodMs: o.resyncPeriodMs } : {}),
    });
  const clusters = informer<ManagedCluster & KubeObject>(Plural.ManagedCluster);
  const pools = informer<NodePool & KubeObject>(Plural.NodePool);
  const snapshots = informer<NodePoolSnapshot & KubeObject>(Plural.NodePoolSnapshot);
  const plans = informer<UpgradePlan & KubeObject>(Plural.UpgradePlan);
  const clusterObjects = new CustomObjectClient(kc, {
    group: GROUP,
    version: VERSION,
    plural: Plural.ManagedCluster,
  });
  const poolObjects = new CustomObjectClient(kc, { group: GROUP, version: VERSION, plural: Plural.NodePool });
  const common = {
    workers: o.workers ?? 2,
    clock: ctx.clock,
    logger: ctx.logger,
    operationPollIntervalMs: ctx.pollIntervalMs,
    updatePredicate: isSpecOrMetaChange,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  };
  const fleet = new FleetNetworks({
    ctx,
    plans,
    clusters,
    pools,
    ...(o.resyncPeriodMs ? { maxAgeMs: o.resyncPeriodMs } : {}),
  });
  const managedClusters = new Controller<ManagedCluster & KubeObject>({
    ...common,
    name: `managedcluster${suffix}`,
    informer: clusters,
    reconciler: new ManagedClusterReconciler({
      ctx,
      clusters,
      snapshots,
      objects: clusterObjects,
      statusWriter: new StatusWriter(clusterObjects),
      fleet,
      plans,
    }),
  });
  // A snapshot becoming Ready releases the clusters and pools created from it.
  managedClusters.watches(snapshots, (snap) =>
    clusters
      .list(snap.metadata.namespace)
      .filter((mc) => mc.spec.systemPool?.snapshotRef?.name === snap.metadata.name)
      .map(keyOf),
  );
  watchFleets(managedClusters, { fleet, plans, clusters, pools });
  // A deleted specChanges plan holds nothing: the objects it marked write their held changes.
  managedClusters.watches(plans, (plan) => heldBy(plan, clusters.list(plan.metadata.namespace)), {
    updatePredicate: () => false,
  });
  const poolDrains = new DrainRuns({ clock: ctx.clock });
  const nodePools = new Controller<NodePool & KubeObject>({
    ...common,
    name: `nodepool${suffix}`,
    informer: pools,
    onStop: () => poolDrains.stopAll(),
    reconciler: new NodePoolReconciler({
      ctx,
      pools,
      clusters,
      snapshots,
      objects: poolObjects,
      statusWriter: new StatusWriter(poolObjects),
      namespaces: kubeNamespaceReader(kc),
      drains: poolDrains,
      plans,
      ...(o.nodes ? { nodes: o.nodes } : {}),
      ...(o.resyncPeriodMs ? { latestImageReadIntervalMs: o.resyncPeriodMs } : {}),
    }),
  });
  // A replacement's drain runs on its own and wakes its pool when its state changes.
  poolDrains.subscribe((key) => nodePools.enqueue(key));
  nodePools.watches(plans, (plan) => heldBy(plan, pools.list(plan.metadata.namespace)), {
    updatePredicate: () => false,
  });
  // A cluster's change (provisioned, upgraded, stopped, deleted) concerns every pool that names it; a
  // status write that changes nothing its pools read wakes none of them.
  nodePools.watches(
    clusters,
    (mc) =>
      pools
        .list(mc.metadata.namespace)
        .filter((np) => np.spec.clusterRef.name === mc.metadata.name)
        .map(keyOf),
    { updatePredicate: isClusterChangeForPools },
  );
  nodePools.watches(snapshots, (snap) =>
    pools
      .list(snap.metadata.namespace)
      .filter((np) => np.spec.snapshotRef?.name === snap.metadata.name)
      .map(keyOf),
  );
  const snapshotObjects = new CustomObjectClient(kc, {
    group: GROUP,
    version: VERSION,
    plural: Plural.NodePoolSnapshot,
  });
  const nodePoolSnapshots = createNodePoolSnapshotController({
    ctx,
    snapshots,
    pools,
    clusters,
    objects: snapshotObjects,
    statusWriter: new StatusWriter(snapshotObjects),
    name: `nodepoolsnapshot${suffix}`,
    workers: common.workers,
    clock: ctx.clock,
    logger: ctx.logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  const standbyPools = createStandbyController({
    ctx,
    pools,
    clusters,
    objects: poolObjects,
    name: `standby${suffix}`,
    workers: common.workers,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  const planObjects = new CustomObjectClient(kc, {
    group: GROUP,
    version: VERSION,
    plural: Plural.UpgradePlan,
  });
  const upgradePlans = createUpgradePlanController({
    ctx,
    plans,
    clusters,
    pools,
    snapshots,
    statusWriter: new StatusWriter(planObjects),
    clusterObjects,
    poolObjects,
    name: `upgradeplan${suffix}`,
    workers: common.workers,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  const shards = fleetShards({ clusters, pools, snapshots });
  return { managedClusters, nodePools, nodePoolSnapshots, standbyPools, upgradePlans, shards };
}

/**
 * AddressSpaceOverlap of a cluster depends on the other clusters of its fleets: a plan's selector or
 * skip list, a cluster's labels or spec, a pool's subnets. Status and annotation writes do not count.
 */
function watchFleets(
  managedClusters: Controller<ManagedCluster & KubeObject>,
  o: {
    fleet: FleetNetworks;
    plans: Informer<UpgradePlan & KubeObject>;
    clusters: Informer<ManagedCluster & KubeObject>;
    pools: Informer<NodePool & KubeObject>;
  },
): void {
  const updatePredicate = isSpecOrLabelChange;
  managedClusters.watches(o.plans, (plan) => o.fleet.membersOf(plan).map(keyOf), { updatePredicate });
  managedClusters.watches(o.clusters, (mc) => o.fleet.peersOf(mc), { updatePredicate });
  managedClusters.watches(
    o.pools,
    (pool) => {
      const mc = o.clusters.get({
        namespace: pool.metadata.namespace ?? '',
        name: pool.spec.clusterRef.name,
      });
      // A cluster no plan selects carries no AddressSpaceOverlap: its pools change nothing to recheck.
      return mc && o.fleet.plansOf(mc).length > 0 ? [keyOf(mc), ...o.fleet.peersOf(mc)] : [];
    },
    { updatePredicate },
  );
}

function keyOf(obj: KubeObject): ObjectKey {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}
