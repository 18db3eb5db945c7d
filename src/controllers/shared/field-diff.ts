// One difference between the spec and what Azure has, and what the operator can do about it. Compare
// functions return lists of these; decide turns them into at most one Azure call.

export const DiffAction = {
  /** Replace the resource's tags (a cheap PATCH for clusters). */
  Tags: 'tags',
  /** PUT the resource with the spec's value. */
  Update: 'update',
  /** A Kubernetes version upgrade (PUT), gated by AKS's ordering rules. */
  Upgrade: 'upgrade',
  /** AKS cannot change it on an existing resource; the spec must follow Azure or a new resource is needed. */
  Immutable: 'immutable',
  /** Differs, but applying the spec would be wrong (a downgrade): reported, never written. */
  ReportOnly: 'reportOnly',
} as const;
export type DiffAction = (typeof DiffAction)[keyof typeof DiffAction];

export interface FieldDiff {
  /** Spec path, e.g. spec.tags or spec.count. */
  path: string;
  action: DiffAction;
  /** Azure's value and the spec's, for messages. */
  azure?: string;
  wanted?: string;
}

/** Map equality (absent = empty). */
export function sameMap(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const ea = Object.entries(a ?? {});
  const eb = b ?? {};
  return ea.length === Object.keys(eb).length && ea.every(([k, v]) => eb[k] === v);
}

/** Set equality of string lists (absent = empty). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const sa = new Set(a ?? []);
  const sb = new Set(b ?? []);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

export function sameText(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** Paths of the diffs, for status.drift and messages. */
export function diffPaths(diffs: readonly FieldDiff[]): string[] {
  return [...new Set(diffs.map((d) => d.path))].sort();
}

/** `spec.count (Azure 5, spec 3), spec.tags` */
export function describeDiffs(diffs: readonly FieldDiff[]): string {
  return diffs
    .map((d) =>
      d.azure !== undefined || d.wanted !== undefined
        ? `${d.path} (Azure ${d.azure ?? 'unset'}, spec ${d.wanted ?? 'unset'})`
        : d.path,
    )
    .join(', ');
}

export function show(v: unknown): string {
  if (v === undefined) return 'unset';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
