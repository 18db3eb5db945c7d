// Kubernetes versions as AKS writes them (`1.33`, `1.33.2`, `v1.33.2`): parse, compare by minor or patch.

export interface KubeVersion {
  major: number;
  minor: number;
  /** Undefined for a `major.minor` alias. */
  patch?: number;
}

export function parseVersion(text: string): KubeVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m)
    throw new Error(`cannot parse Kubernetes version "${text}": expected MAJOR.MINOR or MAJOR.MINOR.PATCH`);
  const version: KubeVersion = { major: Number(m[1]), minor: Number(m[2]) };
  if (m[3] !== undefined) version.patch = Number(m[3]);
  return version;
}

export function formatVersion(v: KubeVersion): string {
  return v.patch === undefined ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}

/** Compares major.minor only. */
export function compareMinor(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** Compares major.minor.patch; a missing patch sorts before every patch of its minor. */
export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return compareMinor(a, b) || (a.patch ?? -1) - (b.patch ?? -1);
}

/** `1.25` ≤ `1.26`: whether an API removed in `removedIn` is gone in `target`. */
export function isAtOrBefore(removedIn: string, target: string): boolean {
  return compareMinor(parseVersion(removedIn), parseVersion(target)) <= 0;
}
