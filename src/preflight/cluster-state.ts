// Pre-flight gates on the managed cluster itself: a stopped cluster cannot be upgraded, and a busy one
// must finish its running operation first (P15). Whether the region offers the target is version-steps'.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

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
