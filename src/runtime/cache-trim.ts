// What the informer cache keeps of an object's bookkeeping. managedFields and kubectl's
// last-applied-configuration are much of a small object's size, and controllers read one thing from them:
// which spec fields a user's apply declared. So the cache keeps the Apply entries of managedFields with
// only their `f:spec` part, and of the last-applied configuration only its spec; everything else goes.

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  fieldsV1?: Record<string, unknown>;
}

interface Bookkeeping {
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
}

/** An Apply entry reduced to the spec fields it declares; undefined for any other entry. */
function declaredSpec(entry: ManagedFieldsEntry): ManagedFieldsEntry | undefined {
  const spec = entry.fieldsV1?.['f:spec'];
  if (entry.operation !== 'Apply' || spec === undefined) return undefined;
  return {
    ...(entry.manager !== undefined ? { manager: entry.manager } : {}),
    operation: entry.operation,
    fieldsV1: { 'f:spec': spec },
  };
}

/** The last-applied configuration reduced to its spec; unchanged when it is not a JSON object. */
function appliedSpec(lastApplied: string): string {
  try {
    const applied = JSON.parse(lastApplied) as unknown;
    if (applied === null || typeof applied !== 'object' || Array.isArray(applied)) return lastApplied;
    const spec = (applied as { spec?: unknown }).spec;
    return JSON.stringify(spec === undefined ? {} : { spec });
  } catch {
    return lastApplied;
  }
}

/** `obj` as the cache keeps it (mutated in place: it comes fresh from the wire). */
export function trimForCache<T>(obj: T): T {
  const metadata = (obj as { metadata?: Bookkeeping } | undefined)?.metadata;
  if (!metadata) return obj;
  if (metadata.managedFields) {
    const kept = metadata.managedFields.map(declaredSpec).filter((e) => e !== undefined);
    if (kept.length > 0) metadata.managedFields = kept;
    else delete metadata.managedFields;
  }
  const lastApplied = metadata.annotations?.[LAST_APPLIED];
  if (metadata.annotations && lastApplied !== undefined) {
    metadata.annotations[LAST_APPLIED] = appliedSpec(lastApplied);
  }
  return obj;
}
