// Agent pool actions: DELETE (drains the nodes honouring PDBs unless ignore-pod-disruption-budget=true;
// a drain still blocked at the timeout fails it with PodDrainFailure), node-image upgrade (optionally
// to a snapshot named by the AKSSnapshotId header), abort, and deleteMachines.
import { aksErrors } from '../aks-errors.js';
import { clusterId, clusterKey } from '../arm-ids.js';
import { assertNotBusy, assertRunning } from '../cluster-guards.js';
import { provisionPool, upgradePool } from '../cluster-work.js';
import { checkIfMatch } from '../conditional.js';
import { header, type SimRequest, type SimResponse } from '../http-types.js';
import { num, str, strings } from '../json.js';
import { actionAcceptedHeaders } from '../lro.js';
import { renderPool, surgeNodes } from '../pool-model.js';
import { assertQuota } from '../quota-check.js';
import type { SimContext } from '../sim-context.js';
import { assertSameFamily, assertSnapshotImageIsNewer, findSnapshot } from '../snapshot-rules.js';
import { abortOperation } from './cluster-actions.js';
import { bodyObject, clusterRefOf, findPool, requireCluster, requirePool } from './lookup.js';
import { startPoolOperation } from './pool-put.js';

export function deleteAgentPool(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = ctx.store.getCluster(clusterRefOf(req));
  const pool = cluster ? findPool(cluster, req.params.agentPoolName ?? '') : undefined;
  checkIfMatch(req, pool?.eTag);
  if (!cluster || !pool) return { status: 204 };
  assertRunning(cluster, 'deleting agent pool');
  const running = ctx.engine.running(clusterKey(cluster.ref));
  if (running?.pool === pool.name && running.name === 'agentPools.delete') {
    return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, running, ctx.lro) };
  }
  // Deleting a pool preempts an operation on that same pool; anything else holds the cluster.
  if (running && running.pool === pool.name) ctx.engine.preempt(running);
  else assertNotBusy(ctx, cluster, pool.name);
  if (
    pool.spec.mode === 'System' &&
    ![...cluster.pools.values()].some((p) => p !== pool && p.spec.mode === 'System')
  ) {
    throw aksErrors.noSystemPool();
  }
  // AKS drains the pool's nodes honouring PDBs, or deletes their pods regardless with this parameter.
  const ignorePodDisruptionBudget = req.query.get('ignore-pod-disruption-budget')?.toLowerCase() === 'true';
  const op = startPoolOperation(
    ctx,
    cluster,
    pool,
    'Deleting',
    async (run) => {
      if (running) await running.done;
      pool.provisioningState = 'Deleting';
      await run.sleep(ctx.durations.poolDelete);
      await ctx.dataPlane.deletePool(clusterId(cluster.ref), pool.name, run.signal, {
        ignorePodDisruptionBudget,
      });
      cluster.pools.delete(pool.name.toLowerCase());
    },
    'agentPools.delete',
  );
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}

export function upgradeNodeImageVersion(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const pool = requirePool(cluster, req);
  checkIfMatch(req, pool.eTag);
  assertRunning(cluster, 'upgrading node image');
  assertNotBusy(ctx, cluster, pool.name);
  const snapshotId = header(req, 'aksSnapshotId');
  let image = ctx.nodeImages.latest(str(pool.spec, 'osSKU'), str(pool.spec, 'osType'), ctx.clock.now());
  if (snapshotId) {
    const snapshot = findSnapshot(ctx, snapshotId);
    assertSameFamily(ctx, snapshot, str(pool.spec, 'vmSize') ?? '');
    assertSnapshotImageIsNewer(pool, snapshot);
    image = str(snapshot.properties, 'nodeImageVersion') ?? image;
    pool.spec = { ...pool.spec, creationData: { sourceResourceId: snapshotId } };
  }
  assertQuota(
    ctx,
    {
      subscriptionId: cluster.ref.subscriptionId,
      location: cluster.location,
      clusterName: cluster.ref.cluster,
      nodeResourceGroup: str(cluster.spec, 'nodeResourceGroup') ?? '',
    },
    image !== pool.nodeImageVersion
      ? [{ vmSize: str(pool.spec, 'vmSize') ?? '', nodes: surgeNodes(pool) }]
      : [],
  );
  const op = startPoolOperation(
    ctx,
    cluster,
    pool,
    'UpgradingNodeImageVersion',
    async (run) => {
      if (image !== pool.nodeImageVersion) {
        await upgradePool(ctx, cluster, pool, { version: pool.currentOrchestratorVersion, image }, run);
      } else {
        await run.sleep(ctx.durations.poolUpdate);
      }
    },
    'agentPools.upgradeNodeImageVersion',
  );
  return {
    status: 202,
    body: renderPool(cluster.ref, pool),
    headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro),
  };
}

export function abortPoolOperation(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const pool = requirePool(cluster, req);
  const running = ctx.engine.running(clusterKey(cluster.ref));
  if (!running || running.pool !== pool.name || running.name === 'agentPools.delete') {
    throw aksErrors.nothingToAbort(`agent pool ${pool.name}`);
  }
  return abortOperation(ctx, req, cluster, running);
}

export function deleteMachines(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const pool = requirePool(cluster, req);
  assertRunning(cluster, 'deleting machines');
  assertNotBusy(ctx, cluster, pool.name);
  const names = strings(bodyObject(req), 'machineNames') ?? [];
  if (names.length === 0)
    throw aksErrors.invalidParameter('machineNames', 'machineNames must name at least one machine.');
  const count = num(pool.spec, 'count') ?? 0;
  if (names.length > count) {
    throw aksErrors.invalidParameter(
      'machineNames',
      `Agent pool ${pool.name} has ${count} machines; cannot delete ${names.length}.`,
    );
  }
  pool.spec = { ...pool.spec, count: count - names.length };
  const op = startPoolOperation(
    ctx,
    cluster,
    pool,
    'Updating',
    async (run) => {
      await run.sleep(ctx.durations.deleteMachines);
      await provisionPool(ctx, cluster, pool, run);
    },
    'agentPools.deleteMachines',
  );
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}
