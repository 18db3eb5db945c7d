// Pre-flight gates on the managed cluster itself: a stopped cluster cannot be upgraded, a busy one must
// finish its running operation first (P15), and the target version must be offered in the region.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { compareMinor, compareVersions, parseVersion } from './kube-version.js';

export interface ClusterState {
  name: string;
  /** ARM `powerState.code`: Running or Stopped. */
  powerState?: string;
  provisioningState?: string;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);

export function checkClusterState(cluster: ClusterState): Finding[] {
  const subject = `cluster ${cluster.name}`;
  if (cluster.powerState === 'Stopped') {
    return [
      {
        severity: Severity.Error,
        reason: FindingReason.ClusterStopped,
        subject,
        message: `cluster ${cluster.name} is stopped; start it before upgrading`,
      },
    ];
  }
  if (cluster.provisioningState && !TERMINAL.has(cluster.provisioningState)) {
    return [
      {
        severity: Severity.Retry,
        reason: FindingReason.ClusterBusy,
        subject,
        message: `cluster ${cluster.name} is ${cluster.provisioningState}; AKS runs one operation at a time, so the upgrade waits for it to finish`,
      },
    ];
  }
  return [];
}

/** The target (`1.33` or `1.33.2`) must be among the versions the region offers. */
export function checkVersionAvailable(target: string, available: string[], region: string): Finding[] {
  const want = parseVersion(target);
  const offered = available.map(parseVersion);
  const found = offered.some((v) =>
    want.patch === undefined ? compareMinor(v, want) === 0 : compareVersions(v, want) === 0,
  );
  if (found) return [];
  return [
    {
      severity: Severity.Error,
      reason: FindingReason.VersionNotAvailable,
      subject: `version ${target}`,
      message: `Kubernetes ${target} is not offered in ${region} (offered: ${available.join(', ') || 'none'}); pick an offered version`,
    },
  ];
}
