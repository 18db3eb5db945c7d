// Objects stored before the CRDs stopped defaulting Azure-side settings still carry the old defaults. A
// value equal to its old default counts as declared only when the object's own record of what its user
// applied says so; otherwise it is dropped from the spec the operator works from, so it is never written
// or compared. The record read: server-side apply's managed fields (the fields an Apply owns), else
// client-side apply's last-applied-configuration annotation. An object created by a plain create or
// update leaves no such record (the API server credits defaulted fields to the creating manager); its
// values stay declared, as they were when the operator made Azure match them.
import type { V1ManagedFieldsEntry } from '@kubernetes/client-node';

/** A spec path (below `spec`) and the value the CRD used to default it to. */
export interface OldDefault {
  path: readonly string[];
  value: unknown;
}

export const OLD_CLUSTER_DEFAULTS: readonly OldDefault[] = [
  { path: ['sku', 'tier'], value: 'Free' },
  { path: ['identity', 'type'], value: 'SystemAssigned' },
  { path: ['autoUpgradeProfile', 'upgradeChannel'], value: 'none' },
  { path: ['autoUpgradeProfile', 'nodeOSUpgradeChannel'], value: 'NodeImage' },
  { path: ['powerState'], value: 'Running' },
  { path: ['driftPolicy'], value: 'Revert' },
  { path: ['deletionPolicy'], value: 'Delete' },
  { path: ['networkProfile', 'networkPlugin'], value: 'azure' },
  { path: ['networkProfile', 'loadBalancerSku'], value: 'standard' },
];

export const OLD_POOL_DEFAULTS: readonly OldDefault[] = [
  { path: ['mode'], value: 'User' },
  { path: ['osType'], value: 'Linux' },
  { path: ['scaleSetPriority'], value: 'Regular' },
  { path: ['powerState'], value: 'Running' },
  { path: ['upgradeSettings', 'maxSurge'], value: '10%' },
  { path: ['upgradeSettings', 'drainTimeoutInMinutes'], value: 30 },
  { path: ['upgradeSettings', 'nodeSoakDurationInMinutes'], value: 0 },
  { path: ['upgradeSettings', 'undrainableNodeBehavior'], value: 'Schedule' },
  { path: ['nodeImage', 'policy'], value: 'Latest' },
  { path: ['deletionPolicy'], value: 'Delete' },
];

export const OLD_DELETION_DEFAULT: readonly OldDefault[] = [{ path: ['deletionPolicy'], value: 'Delete' }];

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface StoredObject<S> {
  metadata: { annotations?: Record<string, string>; managedFields?: V1ManagedFieldsEntry[] };
  spec: S;
}

/** `obj` with every old default its user did not declare removed from the spec (a copy when any is). */
export function withoutUndeclaredDefaults<S, T extends StoredObject<S>>(
  obj: T,
  defaults: readonly OldDefault[],
): T {
  const declared = declaredPaths(obj);
  if (!declared) return obj;
  let spec: unknown = obj.spec;
  for (const d of defaults) {
    if (valueAt(spec, d.path) !== d.value || declared(d.path)) continue;
    spec = withoutPath(spec, d.path);
  }
  return spec === obj.spec ? obj : { ...obj, spec: spec as S };
}

/** Whether the object's apply record declares a spec path; undefined when it has no apply record. */
function declaredPaths(obj: StoredObject<unknown>): ((path: readonly string[]) => boolean) | undefined {
  const applies = (obj.metadata.managedFields ?? []).filter((m) => m.operation === 'Apply');
  if (applies.length > 0) {
    return (path) => applies.some((m) => hasFieldsPath(m.fieldsV1, ['spec', ...path]));
  }
  const lastApplied = obj.metadata.annotations?.[LAST_APPLIED];
  if (lastApplied) {
    const applied = parseJson(lastApplied);
    if (applied !== undefined) return (path) => valueAt(applied, ['spec', ...path]) !== undefined;
  }
  return undefined;
}

function hasFieldsPath(fields: unknown, path: readonly string[]): boolean {
  let node = fields;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[`f:${key}`];
    if (node === undefined) return false;
  }
  return true;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `value` without the leaf at `path`; a parent left empty goes too. */
function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else {
    const child = withoutPath(copy[head], rest);
    if (child && typeof child === 'object' && Object.keys(child).length === 0) delete copy[head];
    else copy[head] = child;
  }
  return copy;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited annotation that is not JSON is no record of what was applied.
    return undefined;
  }
}
