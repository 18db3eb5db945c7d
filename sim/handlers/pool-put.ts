// PUT agentPools/{name}: create (201) or update (200), long-running. An update may scale, change
// settings, upgrade the version (surge), move to a snapshot, or start/stop the pool via powerState.
import { randomUUID } from 'node:crypto';
import { aksErrors } from '../aks-errors.js';
import { clusterKey, poolId } from '../arm-ids.js';
import { assertNotBusy, assertRunning } from '../cluster-guards.js';
import { provisionPool, upgradePool } from '../cluster-work.js';
import { checkPutPreconditions } from '../conditional.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { isObject, num, str, type JsonObject } from '../json.js';
import { putAcceptedHeaders } from '../lro.js';
import type { Operation, RunContext } from '../operation-engine.js';
import {
  checkEphemeralDisk,
  checkImmutablePoolFields,
  poolCount,
  poolSpecFromRequest,
  renderPool,
  surgeNodes,
} from '../pool-model.js';
import { checkPoolSettings } from '../pool-settings.js';
import { assertQuota, type VcpuDemand } from '../quota-check.js';
import { touch, type ClusterRecord, type PoolRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { assertSameFamily, assertSnapshotIsNewer, snapshotOf } from '../snapshot-rules.js';
import { checkNewPoolSubnets, checkSubnetSizes, otherPools, type SubnetCheckInput } from '../subnet-rules.js';
import { checkPoolVersion, resolvePoolVersion } from '../version-rules.js';
import { bodyObject, findPool, requireCluster } from './lookup.js';
import { newPoolRecord } from './pool-profiles.js';

export function putAgentPool(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const body = bodyObject(req);
  const props = isObject(body.properties) ? body.properties : {};
  const name = req.params.agentPoolName ?? '';
  const existing = findPool(cluster, name);
  checkPutPreconditions(req, existing?.eTag);
  assertRunning(cluster, existing ? 'updating agent pool' : 'creating agent pool');
  assertNotBusy(ctx, cluster, name);
  return existing
    ? updatePool(ctx, req, cluster, existing, props)
    : createPool(ctx, req, cluster, name, props);
}

function quotaScope(cluster: ClusterRecord): Parameters<typeof assertQuota>[1] {
  return {
    subscriptionId: cluster.ref.subscriptionId,
    location: cluster.location,
    clusterName: cluster.ref.cluster,
    nodeResourceGroup: str(cluster.spec, 'nodeResourceGroup') ?? '',
  };
}

function createPool(
  ctx: SimContext,
  req: SimRequest,
  cluster: ClusterRecord,
  name: string,
  props: JsonObject,
): SimResponse {
  const pool = newPoolRecord(ctx, {
    name,
    props,
    location: cluster.location,
    controlPlaneVersion: cluster.currentKubernetesVersion,
    defaultMode: 'User',
  });
  checkNewPoolSubnets(subnetCheck(ctx, cluster, name, pool.spec));
  assertQuota(ctx, quotaScope(cluster), [
    { vmSize: str(pool.spec, 'vmSize') ?? '', nodes: num(pool.spec, 'count') ?? 0 },
  ]);
  cluster.pools.set(name.toLowerCase(), pool);
  const op = startPoolOperation(ctx, cluster, pool, 'Creating', async (run) => {
    await run.sleep(ctx.durations.poolCreate);
    await provisionPool(ctx, cluster, pool, run);
  });
  return {
    status: 201,
    body: renderPool(cluster.ref, pool),
    headers: putAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

function updatePool(
  ctx: SimContext,
  req: SimRequest,
  cluster: ClusterRecord,
  pool: PoolRecord,
  props: JsonObject,
): SimResponse {
  const wantPower = isObject(props.powerState) ? str(props.powerState, 'code') : undefined;
  if (wantPower && wantPower !== pool.powerState) return changePower(ctx, req, cluster, pool, wantPower);
  if (pool.powerState === 'Stopped') {
    throw aksErrors.poolStopRequiresRunning(pool.name, pool.provisioningState, pool.powerState);
  }
  checkImmutablePoolFields(pool.spec, props);
  const spec = poolSpecFromRequest(
    { ...pool.spec, ...props },
    {
      vmSizes: ctx.vmSizes,
      defaultMode: str(pool.spec, 'mode') === 'System' ? 'System' : 'User',
    },
  );
  checkEphemeralDisk(spec, ctx.vmSizes);
  checkPoolSettings(spec);
  checkSubnetSizes(subnetCheck(ctx, cluster, pool.name, spec));
  if (spec.mode !== 'System' && pool.spec.mode === 'System' && !otherSystemPool(cluster, pool))
    throw aksErrors.noSystemPool();

  const target = upgradeTarget(ctx, cluster, pool, spec, props);
  const demands: VcpuDemand[] = [];
  const added = (num(spec, 'count') ?? 0) - poolCount(pool);
  if (added > 0) demands.push({ vmSize: str(spec, 'vmSize') ?? '', nodes: added });
  const upgrading =
    target.version !== pool.currentOrchestratorVersion || target.image !== pool.nodeImageVersion;
  if (upgrading) demands.push({ vmSize: str(spec, 'vmSize') ?? '', nodes: surgeNodes(pool) });
  assertQuota(ctx, quotaScope(cluster), demands);

  spec.orchestratorVersion = str(props, 'orchestratorVersion') || target.version;
  pool.spec = spec;
  pool.targetVersion = target.version;
  const op = startPoolOperation(ctx, cluster, pool, upgrading ? 'Upgrading' : 'Updating', async (run) => {
    await run.sleep(ctx.durations.poolUpdate);
    if (upgrading) await upgradePool(ctx, cluster, pool, target, run);
    else await provisionPool(ctx, cluster, pool, run);
  });
  return {
    status: 200,
    body: renderPool(cluster.ref, pool),
    headers: putAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

/** The version and node image an update moves the pool to (version change or a newer snapshot). */
function upgradeTarget(
  ctx: SimContext,
  cluster: ClusterRecord,
  pool: PoolRecord,
  spec: JsonObject,
  props: JsonObject,
): { version: string; image: string } {
  const snapshot = snapshotOf(ctx, spec);
  const snapshotChanged =
    snapshot && JSON.stringify(props.creationData) !== JSON.stringify(pool.spec.creationData);
  if (snapshot && snapshotChanged) {
    assertSameFamily(ctx, snapshot, str(spec, 'vmSize') ?? '');
    assertSnapshotIsNewer(pool, snapshot);
  }
  const requested = snapshotChanged
    ? str(snapshot.properties, 'kubernetesVersion')
    : str(props, 'orchestratorVersion');
  const version = resolvePoolVersion(
    ctx.versions,
    cluster.location,
    requested || pool.targetVersion,
    cluster.currentKubernetesVersion,
    pool.currentOrchestratorVersion,
  );
  checkPoolVersion({
    pool: pool.name,
    controlPlaneVersion: cluster.currentKubernetesVersion,
    current: pool.currentOrchestratorVersion,
    target: version,
  });
  const image = snapshotChanged
    ? (str(snapshot.properties, 'nodeImageVersion') ?? pool.nodeImageVersion)
    : pool.nodeImageVersion;
  return { version, image };
}

function subnetCheck(
  ctx: SimContext,
  cluster: ClusterRecord,
  name: string,
  pool: JsonObject,
): SubnetCheckInput {
  return {
    networks: ctx.store.networks,
    networkProfile: isObject(cluster.spec.networkProfile) ? cluster.spec.networkProfile : {},
    pool,
    poolName: name,
    others: otherPools(cluster.pools.values(), name),
  };
}

function otherSystemPool(cluster: ClusterRecord, pool: PoolRecord): boolean {
  return [...cluster.pools.values()].some((p) => p !== pool && p.spec.mode === 'System');
}

/** Start or stop a pool through powerState; only a Running+Succeeded User pool can stop. */
function changePower(
  ctx: SimContext,
  req: SimRequest,
  cluster: ClusterRecord,
  pool: PoolRecord,
  want: string,
): SimResponse {
  if (want === 'Stopped') {
    if (pool.provisioningState !== 'Succeeded' || pool.powerState !== 'Running') {
      throw aksErrors.poolStopRequiresRunning(pool.name, pool.provisioningState, pool.powerState);
    }
    if (pool.spec.mode === 'System') throw aksErrors.systemPoolStop(pool.name);
    pool.beforeStop = {
      count: num(pool.spec, 'count') ?? 0,
      enableAutoScaling: pool.spec.enableAutoScaling === true,
    };
    pool.spec = { ...pool.spec, count: 0, enableAutoScaling: false };
    pool.powerState = 'Stopped';
  } else if (want === 'Running') {
    const before = pool.beforeStop ?? { count: 1, enableAutoScaling: false };
    assertQuota(ctx, quotaScope(cluster), [{ vmSize: str(pool.spec, 'vmSize') ?? '', nodes: before.count }]);
    pool.spec = { ...pool.spec, count: before.count, enableAutoScaling: before.enableAutoScaling };
    delete pool.beforeStop;
    pool.powerState = 'Running';
  } else {
    throw aksErrors.invalidParameter('powerState.code');
  }
  const op = startPoolOperation(
    ctx,
    cluster,
    pool,
    want === 'Stopped' ? 'Stopping' : 'Starting',
    async (run) => {
      await run.sleep(ctx.durations.poolUpdate);
      await provisionPool(ctx, cluster, pool, run);
    },
  );
  return {
    status: 200,
    body: renderPool(cluster.ref, pool),
    headers: putAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

export function startPoolOperation(
  ctx: SimContext,
  cluster: ClusterRecord,
  pool: PoolRecord,
  label: string,
  run: (run: RunContext) => Promise<void>,
  name = 'agentPools.createOrUpdate',
): Operation {
  pool.provisioningState = label;
  pool.eTag = randomUUID();
  touch(pool.systemData, new Date());
  return ctx.engine.start({
    name,
    label,
    subscriptionId: cluster.ref.subscriptionId,
    location: cluster.location,
    resourceId: poolId({ ...cluster.ref, pool: pool.name }),
    lockKey: clusterKey(cluster.ref),
    pool: pool.name,
    run,
    finish: (outcome) => {
      if (cluster.pools.get(pool.name.toLowerCase()) === pool) pool.provisioningState = outcome;
    },
  });
}
