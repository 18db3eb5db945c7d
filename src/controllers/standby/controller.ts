// Builds the standby controller: NodePools are its primary kind (keyed by the active pool), a standby
// pool's change brings back every pool that names it, and the cluster's change every pool in it.
import type { ManagedCluster, NodePool } from '../../api/index.js';
import {
  Controller,
  type CustomObjectClient,
  type Informer,
  type KubeObject,
  type Metrics,
  type ObjectKey,
} from '../../runtime/index.js';
import { DrainRuns } from '../../drain/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { StandbyReconciler } from './reconciler.js';
import type { QuotaUsageSource } from './standby-quota.js';
import type { StandbyWorkloads } from './workload-cluster.js';

export interface StandbyControllerOptions {
  ctx: ControllerContext;
  pools: Informer<NodePool & KubeObject>;
  clusters: Informer<ManagedCluster & KubeObject>;
  /** Client of the NodePool kind. */
  objects: Pick<CustomObjectClient, 'mergePatch'>;
  name: string;
  workers?: number;
  metrics?: Metrics;
  workloads?: StandbyWorkloads;
  quota?: QuotaUsageSource;
}

export function createStandbyController(o: StandbyControllerOptions): Controller<NodePool & KubeObject> {
  const drains = new DrainRuns({ clock: o.ctx.clock });
  const controller = new Controller<NodePool & KubeObject>({
    name: o.name,
    informer: o.pools,
    workers: o.workers ?? 2,
    onStop: () => drains.stopAll(),
    clock: o.ctx.clock,
    logger: o.ctx.logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    reconciler: new StandbyReconciler({
      ctx: o.ctx,
      pools: o.pools,
      clusters: o.clusters,
      objects: o.objects,
      drains,
      ...(o.workloads ? { workloads: o.workloads } : {}),
      ...(o.quota ? { quota: o.quota } : {}),
    }),
  });
  // A standby drain runs on its own and wakes its pool when its state changes.
  drains.subscribe((key) => controller.enqueue(key));
  // The standby pool's own changes (its nodes came up, its count applied) concern the pools naming it.
  controller.watches(o.pools, (standby) =>
    o.pools
      .list(standby.metadata.namespace)
      .filter((np) => np.spec.standby?.poolRef?.name === standby.metadata.name)
      .map(keyOf),
  );
  controller.watches(o.clusters, (mc) =>
    o.pools
      .list(mc.metadata.namespace)
      .filter((np) => np.spec.clusterRef.name === mc.metadata.name && np.spec.standby?.poolRef)
      .map(keyOf),
  );
  return controller;
}

function keyOf(obj: KubeObject): ObjectKey {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}
