// The managed-cluster family of ARM calls: the narrow interface controllers use, and its SDK adapter.
// Writes start long-running operations and return handles; nothing here waits for Azure to finish.

import type * as Arm from '@azure/arm-containerservice';
import { call, callOrAbsent, nowOf, withSignal, type AdapterContext } from './adapter-context.js';
import { startOperation, type OperationHandle } from './operation-handle.js';
import { describeResource, parseResourceId } from './resource-id.js';

/** Preconditions of a write: the ETag it was based on, or create-only. */
export type WriteConditions = Pick<WriteOptions, 'ifMatch' | 'ifNoneMatch'>;

export interface WriteOptions {
  /** Only write when the resource's eTag is this (412 → ConflictError otherwise). */
  ifMatch?: string;
  /** `*`: only create, never overwrite a resource that exists (412 → ConflictError otherwise). PUT only. */
  ifNoneMatch?: '*';
  signal?: AbortSignal;
}

/**
 * ARM calls on managed clusters. IDs are full ARM IDs. Every method throws classified project errors
 * (OperationInProgressError, InvalidSpecError, ThrottledError, TransientError, …), never RestError.
 */
export interface ManagedClustersArm {
  /** Reads the cluster. Read-only. Absent (cluster or resource group) → undefined. */
  get(id: string, signal?: AbortSignal): Promise<Arm.ManagedCluster | undefined>;
  /**
   * PUTs the whole cluster body (create or update). Writes; repeating the same body is harmless.
   * Returns once Azure accepted it; poll the handle for the outcome.
   */
  put(
    id: string,
    body: Arm.ManagedCluster,
    options?: WriteOptions,
  ): Promise<OperationHandle<'managedCluster.put'>>;
  /** Replaces the cluster's tags (keys not given are removed). Writes; idempotent. */
  patchTags(
    id: string,
    tags: Record<string, string>,
    options?: WriteOptions,
  ): Promise<OperationHandle<'managedCluster.patchTags'>>;
  /** Deletes the cluster. Writes; idempotent. Already absent → undefined (nothing to wait for). */
  delete(id: string, options?: WriteOptions): Promise<OperationHandle<'managedCluster.delete'> | undefined>;
  /** Starts a stopped cluster. Writes. */
  start(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.start'>>;
  /** Stops a running cluster (only start and delete are allowed while stopped). Writes. */
  stop(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.stop'>>;
  /** Aborts the operation running on the cluster. Writes. */
  abort(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.abort'>>;
  /** Versions the control plane and pools may upgrade to. Read-only. Absent → undefined. */
  getUpgradeProfile(id: string, signal?: AbortSignal): Promise<Arm.ManagedClusterUpgradeProfile | undefined>;
  /**
   * The admin kubeconfig (YAML text). Read-only, but returns a secret: never log it. Absent → undefined.
   * A cluster with local accounts disabled refuses it (400 BadRequest → InvalidSpecError).
   */
  listAdminCredential(id: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The user kubeconfig (YAML text): with AKS-managed Entra ID its user is kubelogin's exec plugin, no
   * secret; otherwise a client certificate, so never log it. Read-only. Absent → undefined.
   */
  listUserCredential(id: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Kubernetes versions AKS offers in a region. Read-only. */
  listKubernetesVersions(
    scope: { subscriptionId: string; location: string },
    signal?: AbortSignal,
  ): Promise<Arm.KubernetesVersion[]>;
}

/** ManagedClustersArm over the real SDK. */
export class SdkManagedClustersArm implements ManagedClustersArm {
  constructor(private readonly ctx: AdapterContext) {}

  private target(id: string) {
    const ref = parseResourceId(id, 'managedCluster');
    const client = () => this.ctx.clientFor(ref.subscriptionId).managedClusters;
    return { ref, what: describeResource(ref), client, rg: ref.resourceGroup, name: ref.clusterName };
  }

  async get(id: string, signal?: AbortSignal): Promise<Arm.ManagedCluster | undefined> {
    const t = this.target(id);
    return callOrAbsent(this.ctx, { operation: 'managedClusters.get', verb: 'read', what: t.what }, () =>
      t.client().get(t.rg, t.name, withSignal(signal)),
    );
  }

  async put(
    id: string,
    body: Arm.ManagedCluster,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.put'>> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.put', verb: 'create or update', what: t.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(
        t.client().createOrUpdate(t.rg, t.name, body, {
          ...withSignal(options.signal),
          ...ifMatch(options),
          ...(options.ifNoneMatch ? { ifNoneMatch: options.ifNoneMatch } : {}),
        }),
        { kind: 'managedCluster.put', resourceId: id, now: nowOf(this.ctx) },
      ),
    );
    return started.handle;
  }

  async patchTags(
    id: string,
    tags: Record<string, string>,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.patchTags'>> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.patchTags', verb: 'update the tags of', what: t.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(
        t.client().updateTags(t.rg, t.name, { tags }, { ...withSignal(options.signal), ...ifMatch(options) }),
        { kind: 'managedCluster.patchTags', resourceId: id, now: nowOf(this.ctx) },
      ),
    );
    return started.handle;
  }

  async delete(
    id: string,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.delete'> | undefined> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.delete', verb: 'delete', what: t.what };
    const started = await callOrAbsent(this.ctx, spec, () =>
      startOperation(
        t.client().delete(t.rg, t.name, { ...withSignal(options.signal), ...ifMatch(options) }),
        {
          kind: 'managedCluster.delete',
          resourceId: id,
          now: nowOf(this.ctx),
        },
      ),
    );
    // 204 (absent) or a delete finished in its first answer: nothing to wait for.
    return started && !started.isDone ? started.handle : undefined;
  }

  async start(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.start'>> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.start', verb: 'start', what: t.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(t.client().start(t.rg, t.name, withSignal(signal)), {
        kind: 'managedCluster.start',
        resourceId: id,
        now: nowOf(this.ctx),
      }),
    );
    return started.handle;
  }

  async stop(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.stop'>> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.stop', verb: 'stop', what: t.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(t.client().stop(t.rg, t.name, withSignal(signal)), {
        kind: 'managedCluster.stop',
        resourceId: id,
        now: nowOf(this.ctx),
      }),
    );
    return started.handle;
  }

  async abort(id: string, signal?: AbortSignal): Promise<OperationHandle<'managedCluster.abort'>> {
    const t = this.target(id);
    const spec = { operation: 'managedClusters.abort', verb: 'abort the running operation of', what: t.what };
    const started = await call(this.ctx, spec, () =>
      startOperation(t.client().abortLatestOperation(t.rg, t.name, withSignal(signal)), {
        kind: 'managedCluster.abort',
        resourceId: id,
        now: nowOf(this.ctx),
      }),
    );
    return started.handle;
  }

  async getUpgradeProfile(
    id: string,
    signal?: AbortSignal,
  ): Promise<Arm.ManagedClusterUpgradeProfile | undefined> {
    const t = this.target(id);
    const spec = {
      operation: 'managedClusters.getUpgradeProfile',
      verb: 'read the upgrade profile of',
      what: t.what,
    };
    return callOrAbsent(this.ctx, spec, () => t.client().getUpgradeProfile(t.rg, t.name, withSignal(signal)));
  }

  async listAdminCredential(id: string, signal?: AbortSignal): Promise<string | undefined> {
    const t = this.target(id);
    const spec = {
      operation: 'managedClusters.listAdminCredential',
      verb: 'read the admin credential of',
      what: t.what,
    };
    const result = await callOrAbsent(this.ctx, spec, () =>
      t.client().listClusterAdminCredentials(t.rg, t.name, withSignal(signal)),
    );
    const value = result?.kubeconfigs?.[0]?.value;
    // The SDK has already decoded the base64 of the wire into bytes.
    return value ? Buffer.from(value).toString('utf8') : undefined;
  }

  async listUserCredential(id: string, signal?: AbortSignal): Promise<string | undefined> {
    const t = this.target(id);
    const spec = {
      operation: 'managedClusters.listUserCredential',
      verb: 'read the user credential of',
      what: t.what,
    };
    const result = await callOrAbsent(this.ctx, spec, () =>
      t.client().listClusterUserCredentials(t.rg, t.name, withSignal(signal)),
    );
    const value = result?.kubeconfigs?.[0]?.value;
    return value ? Buffer.from(value).toString('utf8') : undefined;
  }

  async listKubernetesVersions(
    scope: { subscriptionId: string; location: string },
    signal?: AbortSignal,
  ): Promise<Arm.KubernetesVersion[]> {
    const spec = {
      operation: 'managedClusters.listKubernetesVersions',
      verb: 'list the Kubernetes versions of',
      what: `region ${scope.location}`,
    };
    const result = await call(this.ctx, spec, () =>
      this.ctx
        .clientFor(scope.subscriptionId)
        .managedClusters.listKubernetesVersions(scope.location, withSignal(signal)),
    );
    return result.values ?? [];
  }
}

function ifMatch(options: WriteOptions): { ifMatch?: string } {
  return options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {};
}
