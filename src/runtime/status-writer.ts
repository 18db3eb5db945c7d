// Writes an object's status through the status subresource, conditionally on the resourceVersion it was
// computed from, and only when something other than a timestamp changed: steady state writes nothing.
import { classifyKubeError, isNotFound } from './errors.js';
import type { CustomObjectClient } from './custom-resource.js';
import { keyString, objectKey, type KubeObject } from './reconciler.js';

/** Fields whose change alone does not justify a write. */
export const DEFAULT_IGNORED_STATUS_FIELDS: readonly string[] = ['lastTransitionTime'];

/** Deep equality of two JSON values, skipping properties named in `ignored` at any depth. */
export function sameIgnoring(a: unknown, b: unknown, ignored: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameIgnoring(v, b[i], ignored));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Absent and undefined are alike: JSON drops undefined.
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => !ignored.has(k)));
  for (const k of keys) if (!sameIgnoring(ra[k], rb[k], ignored)) return false;
  return true;
}

/** Whether writing `next` over `current` would change more than ignored fields. */
export function statusChanged(
  current: unknown,
  next: unknown,
  ignoredFields = DEFAULT_IGNORED_STATUS_FIELDS,
): boolean {
  return !sameIgnoring(current ?? {}, next ?? {}, new Set(ignoredFields));
}

export interface StatusWriterOptions {
  /** Status fields ignored when deciding whether to write (default: lastTransitionTime). */
  ignoredFields?: readonly string[];
}

/** The part of CustomObjectClient the writer uses. */
export type StatusClient = Pick<CustomObjectClient, 'kind' | 'replaceStatus'>;

export class StatusWriter {
  private readonly ignored: readonly string[];

  constructor(
    private readonly client: StatusClient,
    options: StatusWriterOptions = {},
  ) {
    this.ignored = options.ignoredFields ?? DEFAULT_IGNORED_STATUS_FIELDS;
  }

  /**
   * Replaces the status of `obj` (as read, with its resourceVersion) by `status` if it differs.
   * Returns true when it wrote; false when nothing changed or the object no longer exists.
   * Throws ConflictError when the object changed since `obj` was read (requeue and recompute).
   */
  async write<S>(obj: KubeObject & { status?: unknown }, status: S, signal?: AbortSignal): Promise<boolean> {
    if (!statusChanged(obj.status, status, this.ignored)) return false;
    const key = objectKey(obj);
    if (!obj.metadata?.resourceVersion)
      throw new Error(`cannot write status of ${keyString(key)}: no resourceVersion`);
    try {
      await this.client.replaceStatus(key, { ...obj, status }, signal);
      return true;
    } catch (err: unknown) {
      // Deleted meanwhile: there is no status left to report on.
      if (isNotFound(err)) return false;
      throw classifyKubeError(err, `write status of ${this.client.kind.plural} ${keyString(key)}`);
    }
  }
}
