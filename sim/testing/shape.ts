// Compares a response body with an official example's body by shape: every field the example has must
// be present with the same JSON type (recursively). Values are not compared: examples use fake data.

/** Keys whose children are data (versions, identity ids, tag names), not fields. */
const MAP_KEYS = new Set(['patchVersions', 'userAssignedIdentities', 'tags', 'nodeLabels']);
/** Optional booleans whose absence means false. */
const OPTIONAL_FLAGS = new Set(['isPreview', 'isDefault', 'default']);

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function shapeMismatches(
  example: unknown,
  actual: unknown,
  path = '',
  ignore: Set<string> = new Set(),
): string[] {
  if (ignore.has(path)) return [];
  const ek = kind(example);
  const ak = kind(actual);
  if (ek !== ak) return [`${path || '(root)'}: expected ${ek}, got ${ak}`];
  if (ek === 'array') {
    const e = example as unknown[];
    const a = actual as unknown[];
    if (e.length > 0 && a.length === 0) return [`${path}: expected a non-empty array`];
    return e.flatMap((item, i) => shapeMismatches(item, a[Math.min(i, a.length - 1)], `${path}[]`, ignore));
  }
  if (ek !== 'object') return [];
  const e = example as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const key = path.split('.').pop() ?? '';
  if (MAP_KEYS.has(key)) {
    const values = Object.values(a);
    if (Object.keys(e).length > 0 && values.length === 0) return [`${path}: expected entries`];
    return Object.values(e).flatMap((v) => shapeMismatches(v, values[0], `${path}.*`, ignore));
  }
  const out: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in a) || a[k] === undefined) {
      if (!OPTIONAL_FLAGS.has(k) && !ignore.has(p)) out.push(`${p}: missing`);
      continue;
    }
    out.push(...shapeMismatches(v, a[k], p, ignore));
  }
  return out;
}

/** Read-only fields a body must carry whatever the example shows. */
export function missingReadOnly(body: unknown, fields: string[]): string[] {
  return fields.filter((f) => {
    let cur: unknown = body;
    for (const part of f.split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    return cur === undefined;
  });
}
