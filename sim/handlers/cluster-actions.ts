// Cluster actions: DELETE (preempts a running operation), start, stop, abort, PATCH tags and the
// credential listings that hand out the data plane's kubeconfigs.
import { randomUUID } from 'node:crypto';
import { aksErrors } from '../aks-errors.js';
import { clusterId, clusterKey } from '../arm-ids.js';
import { assertNotBusy, assertRunning } from '../cluster-guards.js';
import { assertStaticCredentialAllowed } from '../local-accounts.js';
import { renderCluster } from '../cluster-model.js';
import { checkIfMatch } from '../conditional.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { actionAcceptedHeaders } from '../lro.js';
import { OperationStatus, type Operation, type RunContext } from '../operation-engine.js';
import { poolShape } from '../pool-model.js';
import { touch, type ClusterRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { finishCluster } from './cluster-put.js';
import { bodyObject, clusterRefOf, requireCluster, tagsOf } from './lookup.js';

export function deleteCluster(ctx: SimContext, req: SimRequest): SimResponse {
  const ref = clusterRefOf(req);
  const cluster = ctx.store.getCluster(ref);
  checkIfMatch(req, cluster?.eTag);
  if (!cluster) return { status: 204 };
  const running = ctx.engine.running(clusterKey(ref));
  if (running?.name === 'managedClusters.delete') {
    return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, running, ctx.lro) };
  }
  if (running) ctx.engine.preempt(running);
  cluster.provisioningState = 'Deleting';
  for (const pool of cluster.pools.values()) pool.provisioningState = 'Deleting';
  const op = startClusterOperation(ctx, cluster, {
    name: 'managedClusters.delete',
    label: 'Deleting',
    run: async (run) => {
      if (running) {
        await running.done;
        // The preempted operation recorded its own end; the cluster is still being deleted.
        cluster.provisioningState = 'Deleting';
        for (const pool of cluster.pools.values()) pool.provisioningState = 'Deleting';
      }
      await run.sleep(ctx.durations.clusterDelete);
      await ctx.dataPlane.deleteCluster(clusterId(cluster.ref), run.signal);
      ctx.store.deleteCluster(cluster.ref);
    },
  });
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}

export function startCluster(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  checkIfMatch(req, cluster.eTag);
  assertNotBusy(ctx, cluster);
  if (cluster.powerState !== 'Stopped') {
    throw aksErrors.badRequest(
      `managed cluster is in Provisioning State(${cluster.provisioningState}) and Power State(${cluster.powerState}), starting cannot be performed`,
    );
  }
  markWrite(cluster, 'Starting');
  const op = startClusterOperation(ctx, cluster, {
    name: 'managedClusters.start',
    label: 'Starting',
    run: async (run) => {
      await run.sleep(ctx.durations.clusterStart);
      // Pools stopped on their own (they remember their count) stay stopped.
      for (const pool of cluster.pools.values()) pool.powerState = pool.beforeStop ? 'Stopped' : 'Running';
      cluster.powerState = 'Running';
      const shapes = [...cluster.pools.values()].map((p) => poolShape(p));
      await ctx.dataPlane.startCluster(clusterId(cluster.ref), shapes, run.signal);
    },
  });
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}

export function stopCluster(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  checkIfMatch(req, cluster.eTag);
  assertNotBusy(ctx, cluster);
  assertRunning(cluster, 'stopping');
  markWrite(cluster, 'Stopping');
  const op = startClusterOperation(ctx, cluster, {
    name: 'managedClusters.stop',
    label: 'Stopping',
    run: async (run) => {
      await run.sleep(ctx.durations.clusterStop);
      await ctx.dataPlane.stopCluster(clusterId(cluster.ref), run.signal);
      cluster.powerState = 'Stopped';
      for (const pool of cluster.pools.values()) pool.powerState = 'Stopped';
    },
  });
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}

/** Aborts the operation running on the cluster (or one of its pools); 409 when nothing runs. */
export function abortClusterOperation(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const running = ctx.engine.running(clusterKey(cluster.ref));
  if (!running || running.name === 'managedClusters.delete')
    throw aksErrors.nothingToAbort(`managed cluster ${cluster.ref.cluster}`);
  return abortOperation(ctx, req, cluster, running);
}

/** Moves the target to Canceling; the abort operation succeeds once the target has stopped. */
export function abortOperation(
  ctx: SimContext,
  req: SimRequest,
  cluster: ClusterRecord,
  target: Operation,
): SimResponse {
  const resource = target.pool ? cluster.pools.get(target.pool.toLowerCase()) : cluster;
  if (resource) resource.provisioningState = 'Canceling';
  ctx.engine.abort(target);
  const op = ctx.engine.start({
    name: target.pool ? 'agentPools.abortLatestOperation' : 'managedClusters.abortLatestOperation',
    label: 'Canceling',
    subscriptionId: cluster.ref.subscriptionId,
    location: cluster.location,
    resourceId: target.resourceId,
    lockKey: `abort/${target.id}`,
    run: async (run) => {
      await target.done;
      await run.sleep(ctx.durations.abort);
      if (target.status !== OperationStatus.Canceled) throw aksErrors.nothingToAbort(target.resourceId);
    },
    finish: () => {},
  });
  return { status: 202, headers: actionAcceptedHeaders(req.baseUrl, op, ctx.lro) };
}

/** PATCH tags: synchronous 200 with the full body; tags are replaced, not merged. */
export function updateClusterTags(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  checkIfMatch(req, cluster.eTag);
  assertRunning(cluster, 'updating');
  assertNotBusy(ctx, cluster);
  const tags = tagsOf(bodyObject(req));
  if (tags) cluster.tags = tags;
  else delete cluster.tags;
  cluster.eTag = randomUUID();
  touch(cluster.systemData, new Date());
  return { status: 200, body: renderCluster(cluster) };
}

export async function listCredentials(
  ctx: SimContext,
  req: SimRequest,
  role: 'admin' | 'user',
): Promise<SimResponse> {
  const cluster = requireCluster(ctx, req);
  if (role === 'admin') assertStaticCredentialAllowed(cluster);
  const creds = await ctx.dataPlane.credentials(clusterId(cluster.ref));
  const kubeconfig = role === 'admin' ? creds.adminKubeconfig : creds.userKubeconfig;
  return {
    status: 200,
    body: {
      kubeconfigs: [
        {
          name: role === 'admin' ? 'clusterAdmin' : 'clusterUser',
          value: Buffer.from(kubeconfig).toString('base64'),
        },
      ],
    },
  };
}

function markWrite(cluster: ClusterRecord, state: string): void {
  cluster.provisioningState = state;
  cluster.eTag = randomUUID();
  for (const pool of cluster.pools.values()) {
    pool.provisioningState = state;
    pool.eTag = randomUUID();
  }
  touch(cluster.systemData, new Date());
}

interface ClusterOperation {
  name: string;
  label: string;
  run: (run: RunContext) => Promise<void>;
}

function startClusterOperation(ctx: SimContext, cluster: ClusterRecord, input: ClusterOperation): Operation {
  return ctx.engine.start({
    ...input,
    subscriptionId: cluster.ref.subscriptionId,
    location: cluster.location,
    resourceId: clusterId(cluster.ref),
    lockKey: clusterKey(cluster.ref),
    finish: (outcome) => {
      if (input.name === 'managedClusters.delete' && outcome === OperationStatus.Succeeded) return;
      finishCluster(cluster, [...cluster.pools.values()], outcome);
    },
  });
}
