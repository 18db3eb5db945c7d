// Kubernetes version strings as AKS uses them: `1.33.2` (patch) or `1.33` (minor alias).

export interface KubeVersion {
  major: number;
  minor: number;
  patch?: number;
}

export function parseVersion(v: string): KubeVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const out: KubeVersion = { major: Number(m[1]), minor: Number(m[2]) };
  if (m[3] !== undefined) out.patch = Number(m[3]);
  return out;
}

export function minorOf(v: string): string {
  const p = parseVersion(v);
  return p ? `${p.major}.${p.minor}` : v;
}

/** Orders full versions; a missing patch counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.major - pb.major || pa.minor - pb.minor || (pa.patch ?? 0) - (pb.patch ?? 0);
}

export function minorNumber(v: string): number {
  return parseVersion(v)?.minor ?? 0;
}
