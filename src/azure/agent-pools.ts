// The agent-pool family of ARM calls: the narrow interface controllers use, and its SDK adapter.
// Writes start long-running operations and return handles; nothing here waits for Azure to finish.

import type * as Arm from '@azure/arm-containerservice';
import { call, callOrAbsent, nowOf, withSignal, type AdapterContext } from './adapter-context.js';
import type { WriteOptions } from './managed-clusters.js';
import { startOperation, type OperationHandle } from './operation-handle.js';
import { describeResource, parseResourceId } from './resource-id.js';

/** Pools per cluster AKS allows; bounds how many list pages we follow. */
const MAX_POOLS_PER_CLUSTER = 100;

export interface DeletePoolOptions extends WriteOptions {
  /** Delete without honouring PodDisruptionBudgets (AKS drains otherwise). */
  ignorePodDisruptionBudget?: boolean;
}

export interface NodeImageUpgradeOptions {
  /** Upgrade to the node image of this node-pool snapshot (sent as the `AKSSnapshotId` header). */
  snapshotId?: string;
  signal?: AbortSignal;
}

/**
 * ARM calls on agent pools. IDs are full ARM IDs. Every method throws classified project errors
 * (OperationInProgressError, InvalidSpecError, ThrottledError, TransientError, …), never RestError.
 */
export interface AgentPoolsArm {
  /** Reads the pool. Read-only. Absent (pool, cluster or resource group) → undefined. */
  get(id: string, signal?: AbortSignal): Promise<Arm.AgentPool | undefined>;
  /** All pools of the cluster. Read-only. Cluster absent → undefined. */
  list(clusterId: string, signal?: AbortSignal): Promise<Arm.AgentPool[] | undefined>;
  /**
   * PUTs the whole pool body (create, update, upgrade, scale, start/stop via powerState). Writes;
   * repeating the same body is harmless. Returns once Azure accepted it.
   */
  put(id: string, body: Arm.AgentPool, options?: WriteOptions): Promise<OperationHandle<'agentPool.put'>>;
  /** Deletes the pool. Writes; idempotent. Already absent → undefined (nothing to wait for). */
  delete(id: string, options?: DeletePoolOptions): Promise<OperationHandle<'agentPool.delete'> | undefined>;
  /** Reimages the pool's nodes with the latest (or the snapshot's) node image. Writes. */
  upgradeNodeImageVersion(
    id: string,
    options?: NodeImageUpgradeOptions,
  ): Promise<OperationHandle<'agentPool.upgradeNodeImageVersion'>>;
  /** Versions and node image this pool may upgrade to. Read-only. Absent → undefined. */
  getUpgradeProfile(id: string, signal?: AbortSignal): Promise<Arm.AgentPoolUpgradeProfile | undefined>;
  /** Kubernetes versions a pool of this cluster may run. Read-only. Cluster absent → undefined. */
  availableVersions(
    clusterId: string,
    signal?: AbortSignal,
  ): Promise<Arm.AgentPoolAvailableVersions | undefined>;
  /** Aborts the operation running on the pool. Writes. */
  abort(id: string, signal?: AbortSignal): Promise<OperationHandle<'agentPool.abort'>>;
}

/** AgentPoolsArm over the real SDK. */
export class SdkAgentPoolsArm implements AgentPoolsArm {
  constructor(private readonly ctx: AdapterContext) {}

  private pool(id: string) {
    const ref = parseResourceId(id, 'agentPool');
    const client = () => this.ctx.clientFor(ref.subscriptionId).agentPools;
    return {
      what: describeResource(ref),
      client,
      rg: ref.resourceGroup,
      cluster: ref.clusterName,
      name: ref.agentPoolName,
    };
  }

  private cluster(clusterId: string) {
    const ref = parseResourceId(clusterId, 'managedCluster');
    const client = () => this.ctx.clientFor(ref.subscriptionId).agentPools;
    return { what: describeResource(ref), client, rg: ref.resourceGroup, cluster: ref.clusterName };
  }

  async get(id: string, signal?: AbortSignal): Promise<Arm.AgentPool | undefined> {
    const p = this.pool(id);
    return callOrAbsent(this.ctx, { operation: 'agentPools.get', verb: 'read', what: p.what }, () =>
      p.client().get(p.rg, p.cluster, p.name, withSignal(signal)),
    );
  }

  async list(clusterId: string, signal?: AbortSignal): Promise<Arm.AgentPool[] | undefined> {
    const c = this.cluster(clusterId);
    const spec = { operation: 'agentPools.list', verb: 'list the agent pools of', what: c.what };
    return callOrAbsent(this.ctx, spec, async () => {
      const pools: Arm.AgentPool[] = [];
      // AKS sends a nextLink even when the next page is empty (recorded in azure-sdk-assets,
      // arm-containerservice recording_agentpools_list_test.json). Its $skipToken is opaque and AKS's page
      // size unknown, so only reading that page tells that it is empty: the iterator follows it.
      for await (const pool of c.client().list(c.rg, c.cluster, withSignal(signal))) {
        pools.push(pool);
        if (pools.length > MAX_POOLS_PER_CLUSTER) break;
      }
      return pools;
    });
  }

  async put(
    id: string,
    body: Arm.AgentPool,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'agentPool.put'>> {
    const p = this.pool(id);
    const spec = { operation: 'agentPools.put', verb: 'create or update', what: p.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(
        p.client().createOrUpdate(p.rg, p.cluster, p.name, body, {
          ...withSignal(options.signal),
          ...(options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {}),
          ...(options.ifNoneMatch ? { ifNoneMatch: options.ifNoneMatch } : {}),
        }),
        { kind: 'agentPool.put', resourceId: id, now: nowOf(this.ctx) },
      ),
    );
    return started.handle;
  }

  async delete(
    id: string,
    options: DeletePoolOptions = {},
  ): Promise<OperationHandle<'agentPool.delete'> | undefined> {
    const p = this.pool(id);
    const spec = { operation: 'agentPools.delete', verb: 'delete', what: p.what };
    const started = await callOrAbsent(this.ctx, spec, () =>
      startOperation(
        p.client().delete(p.rg, p.cluster, p.name, {
          ...withSignal(options.signal),
          ...(options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {}),
          ...(options.ignorePodDisruptionBudget !== undefined
            ? { ignorePodDisruptionBudget: options.ignorePodDisruptionBudget }
            : {}),
        }),
        { kind: 'agentPool.delete', resourceId: id, now: nowOf(this.ctx) },
      ),
    );
    // 204 (absent) or a delete finished in its first answer: nothing to wait for.
    return started && !started.isDone ? started.handle : undefined;
  }

  async upgradeNodeImageVersion(
    id: string,
    options: NodeImageUpgradeOptions = {},
  ): Promise<OperationHandle<'agentPool.upgradeNodeImageVersion'>> {
    const p = this.pool(id);
    const spec = {
      operation: 'agentPools.upgradeNodeImageVersion',
      verb: 'upgrade the node image of',
      what: p.what,
    };
    const requestOptions = options.snapshotId
      ? { requestOptions: { headers: { AKSSnapshotId: options.snapshotId } } }
      : {};
    const started = await call(this.ctx, spec, () =>
      startOperation(
        p.client().upgradeNodeImageVersion(p.rg, p.cluster, p.name, {
          ...withSignal(options.signal),
          ...requestOptions,
        }),
        { kind: 'agentPool.upgradeNodeImageVersion', resourceId: id, now: nowOf(this.ctx) },
      ),
    );
    return started.handle;
  }

  async getUpgradeProfile(
    id: string,
    signal?: AbortSignal,
  ): Promise<Arm.AgentPoolUpgradeProfile | undefined> {
    const p = this.pool(id);
    const spec = {
      operation: 'agentPools.getUpgradeProfile',
      verb: 'read the upgrade profile of',
      what: p.what,
    };
    return callOrAbsent(this.ctx, spec, () =>
      p.client().getUpgradeProfile(p.rg, p.cluster, p.name, withSignal(signal)),
    );
  }

  async availableVersions(
    clusterId: string,
    signal?: AbortSignal,
  ): Promise<Arm.AgentPoolAvailableVersions | undefined> {
    const c = this.cluster(clusterId);
    const spec = {
      operation: 'agentPools.availableVersions',
      verb: 'read the agent pool versions of',
      what: c.what,
    };
    return callOrAbsent(this.ctx, spec, () =>
      c.client().getAvailableAgentPoolVersions(c.rg, c.cluster, withSignal(signal)),
    );
  }

  async abort(id: string, signal?: AbortSignal): Promise<OperationHandle<'agentPool.abort'>> {
    const p = this.pool(id);
    const spec = { operation: 'agentPools.abort', verb: 'abort the running operation of', what: p.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(p.client().abortLatestOperation(p.rg, p.cluster, p.name, withSignal(signal)), {
        kind: 'agentPool.abort',
        resourceId: id,
        now: nowOf(this.ctx),
      }),
    );
    return started.handle;
  }
}
