// Kubernetes version strings as specs and AKS write them: `1.33` (a minor alias, AKS picks the
// latest patch) or `1.33.2`. Comparison helpers for "is the spec satisfied" and "is this an upgrade".

export interface KubeVersion {
  major: number;
  minor: number;
  patch?: number;
}

export function parseVersion(v: string | undefined): KubeVersion | undefined {
  if (!v) return undefined;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const out: KubeVersion = { major: Number(m[1]), minor: Number(m[2]) };
  if (m[3] !== undefined) out.patch = Number(m[3]);
  return out;
}

/** Orders versions; a missing patch counts as 0. Unparseable versions compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.major - pb.major || pa.minor - pb.minor || (pa.patch ?? 0) - (pb.patch ?? 0);
}

/** Minor versions from `b` up to `a` (negative when `a` is older); undefined across majors. */
export function minorDistance(a: string, b: string): number | undefined {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb || pa.major !== pb.major) return undefined;
  return pa.minor - pb.minor;
}

/** Whether a running version fulfils a wanted one: same minor for an alias, the exact patch otherwise. */
export function satisfies(wanted: string, running: string | undefined): boolean {
  const w = parseVersion(wanted);
  const r = parseVersion(running);
  if (!w || !r) return false;
  if (w.major !== r.major || w.minor !== r.minor) return false;
  return w.patch === undefined || w.patch === r.patch;
}

/**
 * Whether moving from `running` to `wanted` is an upgrade AKS must perform: a higher minor, or a
 * higher patch when the patch is named. Never true for a lower version (AKS does not downgrade).
 */
export function isUpgrade(wanted: string, running: string | undefined): boolean {
  const w = parseVersion(wanted);
  const r = parseVersion(running);
  if (!w || !r) return false;
  if (w.major !== r.major) return w.major > r.major;
  if (w.minor !== r.minor) return w.minor > r.minor;
  return w.patch !== undefined && w.patch > (r.patch ?? 0);
}

/** Whether `wanted` is below what runs: applying it would be a downgrade. */
export function isDowngrade(wanted: string, running: string | undefined): boolean {
  return !satisfies(wanted, running) && !isUpgrade(wanted, running) && parseVersion(running) !== undefined;
}
