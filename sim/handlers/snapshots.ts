// Snapshots (synchronous): PUT captures an agent pool's image, version, OS and VM size in the pool's
// region; GET, list, PATCH tags (replaced) and DELETE (200, or 204 when absent).
import { aksErrors } from '../aks-errors.js';
import { parsePoolId, snapshotId } from '../arm-ids.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { isObject, str, type JsonObject } from '../json.js';
import { page } from '../paging.js';
import { newSystemData, touch, type SnapshotRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { bodyObject, findPool, requireSnapshot, snapshotRefOf, tagsOf } from './lookup.js';

export function renderSnapshot(s: SnapshotRecord): JsonObject {
  const body: JsonObject = {
    id: snapshotId(s.ref),
    name: s.ref.snapshot,
    type: 'Microsoft.ContainerService/snapshots',
    location: s.location,
    systemData: { ...s.systemData },
    properties: s.properties,
  };
  if (s.tags) body.tags = s.tags;
  return body;
}

export function putSnapshot(ctx: SimContext, req: SimRequest): SimResponse {
  const body = bodyObject(req);
  const ref = snapshotRefOf(req);
  const location = str(body, 'location');
  if (!location) throw aksErrors.badRequest('The location property is required for this definition.');
  const existing = ctx.store.getSnapshot(ref);
  if (existing) {
    if (existing.location.toLowerCase() !== location.toLowerCase()) {
      throw aksErrors.locationChange(ref.snapshot, existing.location, location, ref.resourceGroup);
    }
    const tags = tagsOf(body);
    if (tags) existing.tags = tags;
    else delete existing.tags;
    touch(existing.systemData, new Date());
    return { status: 200, body: renderSnapshot(existing) };
  }
  const props = isObject(body.properties) ? body.properties : {};
  const creation = isObject(props.creationData) ? props.creationData : {};
  const sourceId = str(creation, 'sourceResourceId') ?? '';
  const poolRef = parsePoolId(sourceId);
  const cluster = poolRef ? ctx.store.getCluster(poolRef) : undefined;
  const pool = cluster && poolRef ? findPool(cluster, poolRef.pool) : undefined;
  if (!cluster || !pool) {
    throw aksErrors.invalidParameter(
      'properties.creationData.sourceResourceId',
      `The source agent pool ${sourceId || '(none)'} of the snapshot was not found.`,
    );
  }
  // A snapshot is created in its source pool's region.
  if (cluster.location.toLowerCase() !== location.toLowerCase()) {
    throw aksErrors.invalidParameter(
      'location',
      `The snapshot location ${location} must be the location ${cluster.location} of its source agent pool ${pool.name}.`,
    );
  }
  const record: SnapshotRecord = {
    ref,
    location,
    properties: {
      creationData: { sourceResourceId: sourceId },
      snapshotType: 'NodePool',
      kubernetesVersion: pool.currentOrchestratorVersion,
      nodeImageVersion: pool.nodeImageVersion,
      osType: str(pool.spec, 'osType') ?? 'Linux',
      osSku: str(pool.spec, 'osSKU') ?? 'Ubuntu',
      vmSize: str(pool.spec, 'vmSize') ?? '',
      enableFIPS: pool.spec.enableFIPS === true,
    },
    systemData: newSystemData(new Date()),
  };
  const tags = tagsOf(body);
  if (tags) record.tags = tags;
  ctx.store.putSnapshot(record);
  return { status: 201, body: renderSnapshot(record) };
}

export function getSnapshot(ctx: SimContext, req: SimRequest): SimResponse {
  return { status: 200, body: renderSnapshot(requireSnapshot(ctx, req)) };
}

export function listSnapshots(ctx: SimContext, req: SimRequest): SimResponse {
  const items = ctx.store
    .listSnapshots(req.params.subscriptionId ?? '', req.params.resourceGroupName)
    .map(renderSnapshot);
  return { status: 200, body: page(req, items, { pageSize: ctx.paging.snapshotPageSize }) };
}

export function updateSnapshotTags(ctx: SimContext, req: SimRequest): SimResponse {
  const snapshot = requireSnapshot(ctx, req);
  const tags = tagsOf(bodyObject(req));
  if (tags) snapshot.tags = tags;
  else delete snapshot.tags;
  touch(snapshot.systemData, new Date());
  return { status: 200, body: renderSnapshot(snapshot) };
}

export function deleteSnapshot(ctx: SimContext, req: SimRequest): SimResponse {
  return { status: ctx.store.deleteSnapshot(snapshotRefOf(req)) ? 200 : 204 };
}
