// The one Lease a leader elector reads and writes: a narrow interface (faked in unit tests) and its
// implementation on the API server, in raw JSON so renewTime keeps the six fractional digits MicroTime needs.
import type { KubeConfig } from '@kubernetes/client-node';
import { classifyKubeError, isNotFound } from './errors.js';
import { kubeRequest } from './kube-request.js';

/** spec of a Lease. Times are metav1.MicroTime strings. */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface ObservedLease {
  record: LeaseRecord;
  resourceVersion: string;
}

/** Reads and writes the one Lease an elector uses. */
export interface LeaseClient {
  /** The lease, or undefined when it does not exist. */
  get(signal: AbortSignal): Promise<ObservedLease | undefined>;
  /** Creates the lease; rejects (409) when someone else created it first. */
  create(record: LeaseRecord, signal: AbortSignal): Promise<ObservedLease>;
  /** Replaces the lease if it is still at `resourceVersion`; rejects with ConflictError otherwise. */
  update(record: LeaseRecord, resourceVersion: string, signal: AbortSignal): Promise<ObservedLease>;
  /** Human-readable lease name for logs. */
  readonly description: string;
}

interface LeaseObject {
  metadata?: { resourceVersion?: string };
  spec?: LeaseRecord;
}

/** A LeaseClient for `namespace/name` on the API server. */
export function kubeLeaseClient(kc: KubeConfig, namespace: string, name: string): LeaseClient {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const path = `${collection}/${encodeURIComponent(name)}`;
  const observed = (l: LeaseObject): ObservedLease => ({
    record: l.spec ?? {},
    resourceVersion: l.metadata?.resourceVersion ?? '',
  });
  const body = (record: LeaseRecord, resourceVersion?: string): object => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: record,
  });
  return {
    description: `${namespace}/${name}`,
    async get(signal) {
      try {
        return observed(await kubeRequest<LeaseObject>(kc, { path, signal }));
      } catch (err: unknown) {
        if (isNotFound(err)) return undefined;
        throw classifyKubeError(err, `read lease ${namespace}/${name}`);
      }
    },
    async create(record, signal) {
      const created = await kubeRequest<LeaseObject>(kc, {
        method: 'POST',
        path: collection,
        body: body(record),
        signal,
      });
      return observed(created);
    },
    async update(record, resourceVersion, signal) {
      try {
        return observed(
          await kubeRequest<LeaseObject>(kc, {
            method: 'PUT',
            path,
            body: body(record, resourceVersion),
            signal,
          }),
        );
      } catch (err: unknown) {
        throw classifyKubeError(err, `update lease ${namespace}/${name}`);
      }
    },
  };
}
