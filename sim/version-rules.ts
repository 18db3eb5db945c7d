// AKS version rules: control plane moves one minor at a time along offered upgrades; a pool is never
// newer than the control plane and at most 3 minors older (2 before 1.28); versions must be offered.
import { aksErrors } from './aks-errors.js';
import { compareVersions, minorOf, parseVersion } from './kube-version.js';
import type { VersionCatalogue } from './version-catalogue.js';

/** Minors a pool may lag behind the control plane. */
export function maxSkew(controlPlaneVersion: string): number {
  const cp = parseVersion(controlPlaneVersion);
  return cp && cp.major === 1 && cp.minor < 28 ? 2 : 3;
}

/** Throws unless `to` is the current version or an offered upgrade of `from`. */
export function checkControlPlaneUpgrade(
  catalogue: VersionCatalogue,
  location: string,
  from: string,
  to: string,
): void {
  if (to === from) return;
  const offered = catalogue.upgrades(location, from);
  if (!offered.includes(to)) {
    throw aksErrors.upgradeNotAllowed(from, to, [...offered].sort(compareVersions).reverse());
  }
}

export interface PoolVersionCheck {
  pool: string;
  controlPlaneVersion: string;
  /** The pool's running version, when it exists. */
  current?: string;
  target: string;
}

/** Throws when a pool at `target` would be newer than the control plane, too old, or a downgrade. */
export function checkPoolVersion(input: PoolVersionCheck): void {
  const { pool, controlPlaneVersion: cp, current, target } = input;
  const t = parseVersion(target);
  const c = parseVersion(cp);
  if (!t || !c) return;
  if (t.minor > c.minor || t.major > c.major) {
    throw aksErrors.poolNewerThanControlPlane(target, cp, 'Minor', t.minor, c.minor);
  }
  if (t.minor === c.minor && (t.patch ?? 0) > (c.patch ?? 0)) {
    throw aksErrors.poolNewerThanControlPlane(target, cp, 'Patch', t.patch ?? 0, c.patch ?? 0);
  }
  const skew = maxSkew(cp);
  if (c.minor - t.minor > skew) throw aksErrors.poolTooOld(target, cp, skew);
  if (current && compareVersions(target, current) < 0)
    throw aksErrors.poolDowngradeNotAllowed(pool, current, target);
}

/** Resolves a pool's requested version (`''` → control plane) and checks it is offered. */
export function resolvePoolVersion(
  catalogue: VersionCatalogue,
  location: string,
  requested: string | undefined,
  controlPlaneVersion: string,
  current?: string,
): string {
  if (!requested) return current ?? controlPlaneVersion;
  if (requested === controlPlaneVersion || requested === current) return requested;
  // Re-sending the running minor as an alias does not move the patch.
  if (current && !parseVersion(requested)?.patch && requested === minorOf(current)) return current;
  const resolved = catalogue.resolve(location, requested);
  if (!resolved) throw aksErrors.poolVersionNotSupported(requested);
  // A minor alias equal to the control plane's minor means "the control plane's patch".
  if (!parseVersion(requested)?.patch && requested === minorOf(controlPlaneVersion))
    return controlPlaneVersion;
  return resolved;
}
