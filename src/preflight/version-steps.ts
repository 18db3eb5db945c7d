// Pre-flight P9 and the upgrade path: control plane first, one minor at a time (AKS refuses skipping a
// minor), node pools lifted first only when the next control-plane minor would leave them outside the
// skew window (3 minors from 1.28, 2 before), never above the control plane, never downgraded.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { compareMinor, compareVersions, formatVersion, parseVersion } from './kube-version.js';
import type { KubeVersion } from './kube-version.js';

export interface CurrentVersions {
  controlPlane: string;
  pools: { name: string; version: string }[];
}

export type VersionStep =
  | { kind: 'ControlPlane'; from: string; to: string }
  | { kind: 'NodePool'; pool: string; from: string; to: string };

export interface VersionPlan {
  steps: VersionStep[];
  /** Errors mean no plan (steps is empty). */
  findings: Finding[];
}

export interface PlanOptions {
  /** LTS to LTS may skip minors when AKS offers it; otherwise one minor per control-plane step. */
  allowMinorSkip?: boolean;
}

/** How far pools may lag a control plane at `minor` (AKS: 3 from 1.28, 2 before). */
export function allowedSkew(v: KubeVersion): number {
  return v.major === 1 && v.minor < 28 ? 2 : 3;
}

/** The latest offered patch of a minor, or the exact version when the target names a patch. */
function pick(available: KubeVersion[], minor: KubeVersion): KubeVersion | undefined {
  if (minor.patch !== undefined) return available.find((v) => compareVersions(v, minor) === 0);
  return available
    .filter((v) => compareMinor(v, minor) === 0)
    .sort(compareVersions)
    .pop();
}

function refuse(reason: Finding['reason'], subject: string, message: string): VersionPlan {
  return { steps: [], findings: [{ severity: Severity.Error, reason, subject, message }] };
}

export function planVersionSteps(
  current: CurrentVersions,
  target: string,
  available: string[],
  options: PlanOptions = {},
): VersionPlan {
  const cp = parseVersion(current.controlPlane);
  const want = parseVersion(target);
  const offered = available.map(parseVersion);
  const sameMinor = compareMinor(want, cp) === 0;
  const isDowngrade =
    compareMinor(want, cp) < 0 || (sameMinor && want.patch !== undefined && compareVersions(want, cp) < 0);
  if (isDowngrade) {
    return refuse(
      FindingReason.VersionDowngrade,
      'control plane',
      `target ${target} is older than the control plane's ${current.controlPlane}; AKS cannot downgrade`,
    );
  }
  const cpMinors: KubeVersion[] = [];
  if (sameMinor && want.patch !== undefined && compareVersions(want, cp) > 0) cpMinors.push(want);
  for (let minor = cp.minor + 1; minor <= want.minor; minor++) {
    if (options.allowMinorSkip && minor < want.minor) continue;
    cpMinors.push(minor === want.minor ? want : { major: want.major, minor });
  }
  const steps: VersionStep[] = [];
  const pools = new Map(current.pools.map((p) => [p.name, parseVersion(p.version)]));
  let cpNow = cp;
  for (const minor of cpMinors) {
    const next = pick(offered, minor);
    if (!next) {
      return refuse(
        FindingReason.VersionNotAvailable,
        'control plane',
        `no offered version for ${formatVersion(minor)} (offered: ${available.join(', ') || 'none'}); the upgrade to ${target} goes one minor at a time`,
      );
    }
    for (const [pool, version] of pools) {
      if (next.minor - version.minor <= allowedSkew(next)) continue;
      // Lift the pool to the control plane's current version: a pool may skip minors but never pass the control plane.
      steps.push({ kind: 'NodePool', pool, from: formatVersion(version), to: formatVersion(cpNow) });
      pools.set(pool, cpNow);
    }
    steps.push({ kind: 'ControlPlane', from: formatVersion(cpNow), to: formatVersion(next) });
    cpNow = next;
  }
  // Pools end at the control plane's version: never above it.
  const poolTarget = cpNow;
  for (const [pool, version] of pools) {
    if (compareVersions(version, poolTarget) >= 0) continue; // never downgrade a pool
    steps.push({ kind: 'NodePool', pool, from: formatVersion(version), to: formatVersion(poolTarget) });
  }
  return { steps, findings: [] };
}
