// Pre-flight VersionSkew: after a control-plane step, every agent pool of the cluster (those the
// operator manages and those it does not) must stay within the minors AKS lets pools lag the control
// plane, or AKS refuses the step.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { compareVersions, parseVersion } from './kube-version.js';
import { allowedSkew } from './version-steps.js';

export interface VersionSkewInput {
  /** Control-plane version after the step. */
  controlPlane: string;
  /** Every agent pool of the cluster and the version its nodes run. */
  pools: { name: string; version: string }[];
}

export function checkVersionSkew(input: VersionSkewInput): Finding[] {
  const cp = parseVersion(input.controlPlane);
  const skew = allowedSkew(cp);
  const findings: Finding[] = [];
  for (const pool of input.pools) {
    const version = parseVersion(pool.version);
    const behind = cp.minor - version.minor;
    if (version.major === cp.major && behind <= skew && compareVersions(version, cp) <= 0) continue;
    const lowest = `${cp.major}.${cp.minor - skew}`;
    findings.push({
      severity: Severity.Error,
      reason: FindingReason.PoolOutsideSkew,
      subject: `agent pool ${pool.name}`,
      message:
        behind > skew
          ? `agent pool ${pool.name} runs ${pool.version}, more than ${skew} minors behind the control plane's ${input.controlPlane} after the step, which AKS refuses; upgrade the pool to ${lowest} or later first (give it a NodePool the plan selects, or upgrade it in Azure)`
          : `agent pool ${pool.name} runs ${pool.version}, newer than the control plane's ${input.controlPlane}; AKS never lets a pool pass the control plane`,
    });
  }
  return findings;
}
