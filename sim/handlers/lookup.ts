// Reading path parameters and bodies: the cluster, pool or snapshot a request names, or the 404 AKS sends.
import { aksErrors } from '../aks-errors.js';
import type { ClusterRef, SnapshotRef } from '../arm-ids.js';
import type { SimRequest } from '../http-types.js';
import { isObject, type JsonObject } from '../json.js';
import type { ClusterRecord, PoolRecord, SnapshotRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';

export function clusterRefOf(req: SimRequest): ClusterRef {
  return {
    subscriptionId: req.params.subscriptionId ?? '',
    resourceGroup: req.params.resourceGroupName ?? '',
    cluster: req.params.resourceName ?? '',
  };
}

export function snapshotRefOf(req: SimRequest): SnapshotRef {
  return {
    subscriptionId: req.params.subscriptionId ?? '',
    resourceGroup: req.params.resourceGroupName ?? '',
    snapshot: req.params.resourceName ?? '',
  };
}

export function requireCluster(ctx: SimContext, req: SimRequest): ClusterRecord {
  const ref = clusterRefOf(req);
  const cluster = ctx.store.getCluster(ref);
  if (!cluster) throw aksErrors.clusterNotFound(ref.cluster, ref.resourceGroup);
  return cluster;
}

export function findPool(cluster: ClusterRecord, name: string): PoolRecord | undefined {
  return cluster.pools.get(name.toLowerCase());
}

export function requirePool(cluster: ClusterRecord, req: SimRequest): PoolRecord {
  const name = req.params.agentPoolName ?? '';
  const pool = findPool(cluster, name);
  if (!pool) throw aksErrors.poolNotFound(name, cluster.ref.cluster);
  return pool;
}

export function requireSnapshot(ctx: SimContext, req: SimRequest): SnapshotRecord {
  const ref = snapshotRefOf(req);
  const snapshot = ctx.store.getSnapshot(ref);
  if (!snapshot) throw aksErrors.snapshotNotFound(ref.snapshot, ref.resourceGroup);
  return snapshot;
}

export function bodyObject(req: SimRequest): JsonObject {
  if (!isObject(req.body)) throw aksErrors.invalidRequestContent('The request body must be a JSON object');
  return req.body;
}

export function tagsOf(body: JsonObject): Record<string, string> | undefined {
  const tags = body.tags;
  if (!isObject(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return out;
}
