// The Leases of one shard set, read in one list and written one by one: a narrow interface (faked in
// unit tests) and its implementation on the API server. Names: `<set>-shard-<n>` and `<set>-replica-<id>`.
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpMethod } from '@kubernetes/client-node';
import { classifyKubeError, isNotFound } from './errors.js';
import { kubeRequest } from './kube-request.js';
import type { LeaseRecord } from './lease-client.js';

export interface NamedLease {
  name: string;
  record: LeaseRecord;
  resourceVersion: string;
}

/** Reads and writes the Leases of a shard set. Writes are conditional on `resourceVersion` (ConflictError). */
export interface ShardLeaseStore {
  /** Every Lease of the set (others in the namespace are left out). */
  list(signal: AbortSignal): Promise<NamedLease[]>;
  /** Creates a Lease; rejects (409) when it exists. */
  create(name: string, record: LeaseRecord, signal: AbortSignal): Promise<NamedLease>;
  update(
    name: string,
    record: LeaseRecord,
    resourceVersion: string,
    signal: AbortSignal,
  ): Promise<NamedLease>;
  /** Deletes a Lease if it is still at `resourceVersion`; absent already is fine. */
  delete(name: string, resourceVersion: string, signal: AbortSignal): Promise<void>;
  /** Human-readable name of the set for logs. */
  readonly description: string;
}

export function shardLeaseName(set: string, shard: number): string {
  return `${set}-shard-${shard}`;
}

/** A replica's membership Lease: the identity made a valid object name. */
export function replicaLeaseName(set: string, identity: string): string {
  const safe = identity
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${set}-replica-${safe}`.slice(0, 253);
}

interface LeaseObject {
  metadata?: { name?: string; resourceVersion?: string };
  spec?: LeaseRecord;
}

/** A ShardLeaseStore for the Leases named `<set>-…` in `namespace`. */
export function kubeShardLeaseStore(kc: KubeConfig, namespace: string, set: string): ShardLeaseStore {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const named = (l: LeaseObject): NamedLease => ({
    name: l.metadata?.name ?? '',
    record: l.spec ?? {},
    resourceVersion: l.metadata?.resourceVersion ?? '',
  });
  const body = (name: string, record: LeaseRecord, resourceVersion?: string): object => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: record,
  });
  const path = (name: string): string => `${collection}/${encodeURIComponent(name)}`;
  return {
    description: `${namespace}/${set}-*`,
    async list(signal) {
      try {
        const list = await kubeRequest<{ items?: LeaseObject[] }>(kc, { path: collection, signal });
        return (list.items ?? []).map(named).filter((l) => l.name.startsWith(`${set}-`));
      } catch (err: unknown) {
        throw classifyKubeError(err, `list leases in ${namespace}`);
      }
    },
    async create(name, record, signal) {
      const method = HttpMethod.POST;
      return named(
        await kubeRequest<LeaseObject>(kc, { method, path: collection, body: body(name, record), signal }),
      );
    },
    async update(name, record, resourceVersion, signal) {
      try {
        const method = HttpMethod.PUT;
        const b = body(name, record, resourceVersion);
        return named(await kubeRequest<LeaseObject>(kc, { method, path: path(name), body: b, signal }));
      } catch (err: unknown) {
        throw classifyKubeError(err, `update lease ${namespace}/${name}`);
      }
    },
    async delete(name, resourceVersion, signal) {
      try {
        await kubeRequest(kc, {
          method: HttpMethod.DELETE,
          path: path(name),
          body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion } },
          signal,
        });
      } catch (err: unknown) {
        if (isNotFound(err)) return;
        throw classifyKubeError(err, `delete lease ${namespace}/${name}`);
      }
    },
  };
}
