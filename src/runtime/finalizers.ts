// Adds or removes one finalizer with a merge patch that carries the resourceVersion, so a concurrent
// change to the list (another controller's finalizer) fails with a conflict instead of being overwritten.
import type { CustomObjectClient } from './custom-resource.js';
import { classifyKubeError, isNotFound } from './errors.js';
import { keyString, objectKey, type KubeObject } from './reconciler.js';

/** The part of CustomObjectClient finalizer updates use. */
export type FinalizerClient = Pick<CustomObjectClient, 'kind' | 'mergePatch'>;

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** True while the object is being deleted (deletionTimestamp set). */
export function isBeingDeleted(obj: KubeObject): boolean {
  return Boolean(obj.metadata?.deletionTimestamp);
}

async function patchFinalizers(
  client: FinalizerClient,
  obj: KubeObject,
  finalizers: string[],
  signal?: AbortSignal,
): Promise<boolean> {
  const key = objectKey(obj);
  const resourceVersion = obj.metadata?.resourceVersion;
  if (!resourceVersion) throw new Error(`cannot patch finalizers of ${keyString(key)}: no resourceVersion`);
  try {
    await client.mergePatch(key, { metadata: { resourceVersion, finalizers } }, signal);
    return true;
  } catch (err: unknown) {
    // The object is gone: there is no finalizer left to add or remove.
    if (isNotFound(err)) return false;
    throw classifyKubeError(err, `patch finalizers of ${client.kind.plural} ${keyString(key)}`);
  }
}

/** Adds `finalizer` unless present. Returns true when it patched (false when present or the object is gone). Throws ConflictError when `obj` is stale. */
export async function ensureFinalizer(
  client: FinalizerClient,
  obj: KubeObject,
  finalizer: string,
  signal?: AbortSignal,
): Promise<boolean> {
  if (hasFinalizer(obj, finalizer)) return false;
  return patchFinalizers(client, obj, [...(obj.metadata?.finalizers ?? []), finalizer], signal);
}

/** Removes `finalizer` if present. Returns true when it patched (false when absent or the object is gone). Throws ConflictError when `obj` is stale. */
export async function removeFinalizer(
  client: FinalizerClient,
  obj: KubeObject,
  finalizer: string,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!hasFinalizer(obj, finalizer)) return false;
  const rest = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  return patchFinalizers(client, obj, rest, signal);
}
