// Pre-flight P7: workloads not at their desired ready count before an upgrade starts (a drain would make
// them worse and their PDBs are likely at zero).

import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface WorkloadInput {
  deployments?: V1Deployment[];
  statefulSets?: V1StatefulSet[];
  daemonSets?: V1DaemonSet[];
}

const name = (o: { metadata?: { namespace?: string; name?: string } }): string =>
  `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

function finding(
  kind: string,
  obj: { metadata?: { namespace?: string; name?: string } },
  detail: string,
): Finding {
  return {
    severity: Severity.Warning,
    reason: FindingReason.UnhealthyWorkload,
    subject: `${kind} ${name(obj)}`,
    message: `${kind} ${name(obj)} ${detail}; fix it before upgrading, or its pods may block the drain`,
  };
}

export function checkWorkloadHealth(input: WorkloadInput): Finding[] {
  const findings: Finding[] = [];
  for (const d of input.deployments ?? []) {
    const want = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    const available = d.status?.availableReplicas ?? 0;
    const stalled = d.status?.conditions?.find((c) => c.type === 'Progressing' && c.status === 'False');
    if (ready < want || available < want)
      findings.push(finding('Deployment', d, `has ${ready}/${want} ready replicas (${available} available)`));
    else if (stalled)
      findings.push(
        finding('Deployment', d, `is not progressing (${stalled.reason ?? 'Progressing=False'})`),
      );
  }
  for (const s of input.statefulSets ?? []) {
    const want = s.spec?.replicas ?? 1;
    const ready = s.status?.readyReplicas ?? 0;
    if (ready < want) findings.push(finding('StatefulSet', s, `has ${ready}/${want} ready replicas`));
  }
  for (const ds of input.daemonSets ?? []) {
    const unavailable = ds.status?.numberUnavailable ?? 0;
    if (unavailable > 0)
      findings.push(
        finding(
          'DaemonSet',
          ds,
          `has ${unavailable} unavailable pods of ${ds.status?.desiredNumberScheduled ?? '?'}`,
        ),
      );
  }
  return findings;
}
