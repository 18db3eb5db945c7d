// Builds the NodePoolSnapshot controller: its reconciler over the three caches, and the watches that
// bring a snapshot back when its NodePool or that pool's ManagedCluster changes (e.g. becomes Ready), or
// when an object using the snapshot changes (a deletion may wait for it).
import type { ManagedCluster, NodePool, NodePoolSnapshot } from '../../api/index.js';
import type { AzureArm } from '../../azure/index.js';
import {
  Controller,
  type Clock,
  type CustomObjectClient,
  type Informer,
  type Logger,
  type Metrics,
  type ObjectKey,
  type StatusWriter,
} from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { isSpecOrMetaChange } from '../shared/predicates.js';
import type { ExternalSnapshot } from './external.js';
import { clusterSnapshotRefs, poolSnapshotRefs } from './in-use.js';
import { NodePoolSnapshotReconciler } from './reconciler.js';

export const NODE_POOL_SNAPSHOT_CONTROLLER = 'nodepoolsnapshot';

export interface NodePoolSnapshotControllerOptions {
  ctx: ControllerContext;
  snapshots: Informer<NodePoolSnapshot>;
  pools: Informer<NodePool>;
  clusters: Informer<ManagedCluster>;
  /** Client of the NodePoolSnapshot kind (finalizers). */
  objects: CustomObjectClient;
  /** Status writer of the NodePoolSnapshot kind. */
  statusWriter: StatusWriter;
  external?: (arm: AzureArm) => ExternalSnapshot;
  /** Names the controller in logs and metrics; one per watched namespace needs distinct names. */
  name?: string;
  workers?: number;
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
}

export function createNodePoolSnapshotController(
  o: NodePoolSnapshotControllerOptions,
): Controller<NodePoolSnapshot> {
  const reconciler = new NodePoolSnapshotReconciler({
    ctx: o.ctx,
    snapshots: o.snapshots,
    pools: o.pools,
    clusters: o.clusters,
    objects: o.objects,
    statusWriter: o.statusWriter,
    ...(o.external ? { external: o.external } : {}),
  });
  const controller = new Controller<NodePoolSnapshot>({
    name: o.name ?? NODE_POOL_SNAPSHOT_CONTROLLER,
    informer: o.snapshots,
    reconciler,
    // Our own status writes need no reconcile; resyncs still come.
    updatePredicate: isSpecOrMetaChange,
    operationPollIntervalMs: o.ctx.pollIntervalMs,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  controller.watches(o.pools, (pool) => {
    const namespace = pool.metadata.namespace ?? '';
    return [
      ...snapshotsOfPool(o.snapshots, namespace, pool.metadata.name ?? ''),
      ...keys(namespace, poolSnapshotRefs(pool)),
    ];
  });
  controller.watches(o.clusters, (cluster) => {
    const namespace = cluster.metadata.namespace ?? '';
    const sources = o.pools
      .list(namespace)
      .filter((p) => p.spec.clusterRef.name === cluster.metadata.name)
      .flatMap((p) => snapshotsOfPool(o.snapshots, namespace, p.metadata.name ?? ''));
    return [...sources, ...keys(namespace, clusterSnapshotRefs(cluster))];
  });
  return controller;
}

function keys(namespace: string, names: string[]): ObjectKey[] {
  return names.map((name) => ({ namespace, name }));
}

/** Snapshots of the namespace whose nodePoolRef names `poolName`. */
function snapshotsOfPool(
  snapshots: Informer<NodePoolSnapshot>,
  namespace: string,
  poolName: string,
): ObjectKey[] {
  return snapshots
    .list(namespace)
    .filter((s) => s.spec.nodePoolRef?.name === poolName)
    .map((s) => ({ namespace, name: s.metadata.name ?? '' }));
}
