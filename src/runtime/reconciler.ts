// The contract between the controller loop and a kind's reconciler: the loop hands over a key, never an
// event; the reconciler returns when to come back, or throws to let backoff decide.

/** Identifies one object. `namespace` is '' for cluster-scoped kinds. */
export interface ObjectKey {
  namespace: string;
  name: string;
}

/** Done (empty), or come back after a wait whose length is known. Failures are thrown. */
export interface Result {
  requeueAfterMs?: number;
}

export interface Reconciler {
  /**
   * Drives the object named by `key` one step towards its spec. Must be safe to repeat; must not
   * sleep; should stop promptly when `signal` aborts (shutdown or the per-reconcile timeout). An
   * object missing from the cache has been deleted: return `{}`.
   */
  reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result>;
}

/** Minimal object shape the runtime reads. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    deletionTimestamp?: string | Date;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  };
}

/** The key of an object: its namespace ('' when cluster-scoped) and name. */
export function objectKey(obj: KubeObject): ObjectKey {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}

/** `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKeyFunc form). */
export function keyString(key: ObjectKey): string {
  return key.namespace ? `${key.namespace}/${key.name}` : key.name;
}

/** Inverse of `keyString`. */
export function parseKey(key: string): ObjectKey {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
