// PUT managedClusters/{name}: create (201, Creating) or update (200, Updating/Upgrading), both long-running.
// Enforces the version rules, the pool-version rule of cluster PUTs, immutable fields and quota.
import { randomBytes, randomUUID } from 'node:crypto';
import { aksErrors } from '../aks-errors.js';
import { clusterId, clusterKey } from '../arm-ids.js';
import { assertNotBusy, assertRunning } from '../cluster-guards.js';
import { checkClusterSettings } from '../cluster-settings.js';
import { checkIdentityAndTier, clusterVersionFor, poolUpdatesFromProfiles } from './cluster-update-plan.js';
import {
  checkImmutableClusterFields,
  clusterSpecFromRequest,
  identityWithIds,
  renderCluster,
} from '../cluster-model.js';
import { clusterShape, provisionPool, upgradePool } from '../cluster-work.js';
import { checkPutPreconditions } from '../conditional.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { isObject, num, str, type JsonObject } from '../json.js';
import { putAcceptedHeaders } from '../lro.js';
import type { Outcome } from '../operation-engine.js';
import { assertQuota } from '../quota-check.js';
import { newSystemData, touch, type ClusterRecord, type PoolRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { bodyObject, clusterRefOf, tagsOf } from './lookup.js';
import { checkOutboundType, checkOutboundTypeChange } from '../outbound-rules.js';
import { checkNewPoolSubnets } from '../subnet-rules.js';
import { newPoolRecord } from './pool-profiles.js';

export function putCluster(ctx: SimContext, req: SimRequest): SimResponse {
  const body = bodyObject(req);
  const ref = clusterRefOf(req);
  const location = str(body, 'location');
  if (!location) throw aksErrors.badRequest('The location property is required for this definition.');
  const existing = ctx.store.getCluster(ref);
  checkPutPreconditions(req, existing?.eTag);
  return existing ? updateCluster(ctx, req, existing, body) : createCluster(ctx, req, body, location);
}

function createCluster(ctx: SimContext, req: SimRequest, body: JsonObject, location: string): SimResponse {
  const ref = clusterRefOf(req);
  const props = isObject(body.properties) ? body.properties : {};
  checkIdentityAndTier(body, props);
  const version = ctx.versions.resolve(location, str(props, 'kubernetesVersion'));
  if (!version) throw aksErrors.clusterVersionNotSupported(str(props, 'kubernetesVersion') ?? '');
  const profiles = Array.isArray(props.agentPoolProfiles) ? props.agentPoolProfiles.filter(isObject) : [];
  const pools = profiles.map((p) =>
    newPoolRecord(ctx, {
      name: str(p, 'name') ?? '',
      props: p,
      location,
      controlPlaneVersion: version,
      defaultMode: 'System',
    }),
  );
  if (!pools.some((p) => p.spec.mode === 'System')) throw aksErrors.noSystemPool();
  const spec = clusterSpecFromRequest(props, { ...ref, name: ref.cluster, location });
  checkClusterSettings(spec);
  const networkProfile = isObject(spec.networkProfile) ? spec.networkProfile : {};
  pools.forEach((p, i) =>
    checkNewPoolSubnets({
      networks: ctx.store.networks,
      networkProfile,
      pool: p.spec,
      poolName: p.name,
      others: pools.slice(0, i),
    }),
  );
  checkOutboundType(
    networkProfile,
    pools.map((p) => p.spec),
  );
  assertQuota(
    ctx,
    {
      subscriptionId: ref.subscriptionId,
      location,
      clusterName: ref.cluster,
      nodeResourceGroup: str(spec, 'nodeResourceGroup') ?? '',
    },
    pools.map((p) => ({ vmSize: str(p.spec, 'vmSize') ?? '', nodes: num(p.spec, 'count') ?? 0 })),
  );
  const cluster: ClusterRecord = {
    ref,
    location,
    spec,
    targetVersion: version,
    currentKubernetesVersion: version,
    provisioningState: 'Creating',
    powerState: 'Running',
    eTag: randomUUID(),
    fqdnLabel: randomBytes(4).toString('hex'),
    pools: new Map(pools.map((p) => [p.name.toLowerCase(), p])),
    systemData: newSystemData(new Date()),
  };
  setEnvelope(cluster, body);
  createDefaults(cluster);
  ctx.store.putCluster(cluster);
  const op = ctx.engine.start({
    name: 'managedClusters.createOrUpdate',
    label: 'Creating',
    subscriptionId: ref.subscriptionId,
    location,
    resourceId: clusterId(ref),
    lockKey: clusterKey(ref),
    run: async (run) => {
      await run.sleep(ctx.durations.clusterCreate);
      await ctx.dataPlane.ensureCluster(clusterShape(cluster), run.signal);
      for (const pool of cluster.pools.values()) await provisionPool(ctx, cluster, pool, run);
    },
    finish: (outcome) => finishCluster(cluster, [...cluster.pools.values()], outcome),
  });
  return {
    status: 201,
    body: renderCluster(cluster),
    headers: putAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

function updateCluster(
  ctx: SimContext,
  req: SimRequest,
  cluster: ClusterRecord,
  body: JsonObject,
): SimResponse {
  const props = isObject(body.properties) ? body.properties : {};
  const location = str(body, 'location') ?? cluster.location;
  assertRunning(cluster, 'updating');
  assertNotBusy(ctx, cluster);
  checkImmutableClusterFields(cluster, props, location);
  checkIdentityAndTier(body, props);
  const nextSpec = clusterSpecFromRequest(
    { ...cluster.spec, ...props },
    { ...cluster.ref, name: cluster.ref.cluster, location },
    cluster.spec,
  );
  checkClusterSettings(nextSpec, cluster.spec);
  checkOutboundTypeChange(
    cluster.spec,
    nextSpec,
    [...cluster.pools.values()].map((p) => p.spec),
  );
  const target = clusterVersionFor(ctx, cluster, str(props, 'kubernetesVersion'));
  const plan = poolUpdatesFromProfiles(ctx, cluster, props, target);
  assertQuota(
    ctx,
    {
      subscriptionId: cluster.ref.subscriptionId,
      location: cluster.location,
      clusterName: cluster.ref.cluster,
      nodeResourceGroup: str(cluster.spec, 'nodeResourceGroup') ?? '',
    },
    plan.demands,
  );

  // Accepted: record the goal state, then let the operation converge on it.
  cluster.spec = nextSpec;
  setEnvelope(cluster, body, cluster.identity);
  const upgradingControlPlane = target !== cluster.currentKubernetesVersion;
  cluster.targetVersion = target;
  cluster.provisioningState = upgradingControlPlane ? 'Upgrading' : 'Updating';
  cluster.eTag = randomUUID();
  touch(cluster.systemData, new Date());
  for (const change of plan.changes) {
    change.pool.spec = change.spec;
    change.pool.targetVersion = change.targetVersion;
    change.pool.provisioningState =
      change.targetVersion !== change.pool.currentOrchestratorVersion ? 'Upgrading' : 'Updating';
  }
  for (const pool of cluster.pools.values()) pool.eTag = randomUUID();
  const touched = plan.changes.map((c) => c.pool);

  const op = ctx.engine.start({
    name: 'managedClusters.createOrUpdate',
    label: cluster.provisioningState,
    subscriptionId: cluster.ref.subscriptionId,
    location: cluster.location,
    resourceId: clusterId(cluster.ref),
    lockKey: clusterKey(cluster.ref),
    run: async (run) => {
      await run.sleep(ctx.durations.clusterUpdate);
      if (upgradingControlPlane) {
        await run.sleep(ctx.durations.controlPlaneUpgrade);
        cluster.currentKubernetesVersion = target;
      }
      await ctx.dataPlane.ensureCluster(clusterShape(cluster), run.signal);
      for (const change of plan.changes) {
        if (change.targetVersion !== change.pool.currentOrchestratorVersion) {
          await upgradePool(
            ctx,
            cluster,
            change.pool,
            { version: change.targetVersion, image: change.pool.nodeImageVersion },
            run,
          );
        } else {
          await provisionPool(ctx, cluster, change.pool, run);
        }
      }
    },
    finish: (outcome) => finishCluster(cluster, touched, outcome),
  });
  return {
    status: 200,
    body: renderCluster(cluster),
    headers: putAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

function setEnvelope(cluster: ClusterRecord, body: JsonObject, existingIdentity?: JsonObject): void {
  const tags = tagsOf(body);
  if (tags) cluster.tags = tags;
  else delete cluster.tags;
  if (isObject(body.sku)) cluster.sku = body.sku;
  const identity = identityWithIds(isObject(body.identity) ? body.identity : undefined, existingIdentity);
  if (identity) cluster.identity = identity;
}

/** What AKS sets on create when the body leaves it out: the Free tier and a system-assigned identity. */
function createDefaults(cluster: ClusterRecord): void {
  cluster.sku ??= { name: 'Base', tier: 'Free' };
  const sp = isObject(cluster.spec.servicePrincipalProfile)
    ? str(cluster.spec.servicePrincipalProfile, 'clientId')
    : undefined;
  if (!cluster.identity && (sp === undefined || sp === 'msi'))
    cluster.identity = identityWithIds({ type: 'SystemAssigned' });
}

/** Terminal state of a cluster operation, mirrored on the pools it touched. */
export function finishCluster(cluster: ClusterRecord, pools: PoolRecord[], outcome: Outcome): void {
  cluster.provisioningState = outcome;
  for (const pool of pools) pool.provisioningState = outcome;
}
