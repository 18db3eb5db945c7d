// Pre-flight P4–P6 and S21/S22: budgets that allow no disruption by their spec (error), budgets at zero
// right now because pods are unhealthy (warning), pods selected by several budgets (error), budgets
// over pods no controller scales (error) and budgets the controller has not observed yet (warning).

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { countsByScale, selects, structuralZeroReason } from './pdb-budget.js';

export interface PdbCheckInput {
  pdbs: V1PodDisruptionBudget[];
  /** Pods of the namespaces the budgets live in. */
  pods: V1Pod[];
  /** Scale of the workload behind each budget (`namespace/pdb` → replicas) when known beyond PDB status. */
  expectedPods?: Record<string, number>;
}

const pdbName = (pdb: V1PodDisruptionBudget): string =>
  `${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}`;
const podName = (pod: V1Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
const isLive = (pod: V1Pod): boolean => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
const hasController = (pod: V1Pod): boolean =>
  pod.metadata?.ownerReferences?.some((o) => o.controller) ?? false;
const isHealthy = (pod: V1Pod): boolean =>
  !pod.metadata?.deletionTimestamp &&
  (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);

function unhealthyText(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return `${podName(pod)} (Terminating)`;
  if (pod.status?.phase === 'Pending') {
    const sched = pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    return `${podName(pod)} (Pending${sched?.message ? `: ${sched.message}` : ''})`;
  }
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting?.reason)?.state?.waiting
    ?.reason;
  return `${podName(pod)}${pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ''} (not Ready${waiting ? `: ${waiting}` : ''})`;
}

function checkOne(
  pdb: V1PodDisruptionBudget,
  selected: V1Pod[],
  input: PdbCheckInput,
  overlaps: boolean,
): Finding[] {
  const name = pdbName(pdb);
  const subject = `PodDisruptionBudget ${name}`;
  const expected =
    input.expectedPods?.[name] ?? pdb.status?.expectedPods ?? selected.filter(hasController).length;
  if (selected.length > 0 && countsByScale(pdb) && selected.every((p) => !hasController(p))) {
    const message = `PDB ${name} uses ${pdb.spec?.maxUnavailable !== undefined ? 'maxUnavailable' : 'a percentage'} over pods no controller scales (${selected.map(podName).join(', ')}): its budget can never be positive; use an integer minAvailable or manage the pods with a controller`;
    return [{ severity: Severity.Error, reason: FindingReason.PDBSelectsUnmanagedPods, subject, message }];
  }
  const structural = structuralZeroReason(pdb, expected);
  if (structural) {
    const message = `PDB ${name} allows no voluntary disruption (${structural}): no node it covers can be drained; relax the PDB or scale the workload up`;
    return [{ severity: Severity.Error, reason: FindingReason.StructuralZeroPDB, subject, message }];
  }
  const findings: Finding[] = [];
  if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
    findings.push({
      severity: Severity.Warning,
      reason: FindingReason.PDBNotObserved,
      subject,
      message: `PDB ${name} changed and the disruption controller has not observed it yet`,
    });
  } else if (pdb.status && (pdb.status.disruptionsAllowed ?? 0) === 0 && selected.length > 0 && !overlaps) {
    // (An overlapping PDB is left out: the disruption controller keeps only one PDB per pod up to date,
    // so its zero may be stale; MultiplePDBs reports the real problem.)
    const unhealthy = selected.filter((p) => !isHealthy(p));
    const why = unhealthy.length > 0 ? `; unhealthy: ${unhealthy.map(unhealthyText).join(', ')}` : '';
    const message = `PDB ${name} allows 0 disruptions now (needs ${pdb.status.desiredHealthy ?? '?'} healthy, has ${pdb.status.currentHealthy ?? '?'})${why}; drains will wait until these pods are Ready`;
    findings.push({ severity: Severity.Warning, reason: FindingReason.TransientZeroPDB, subject, message });
  }
  return findings;
}

function multipleBudgets(input: PdbCheckInput): Finding[] {
  const findings: Finding[] = [];
  for (const pod of input.pods.filter(isLive)) {
    const matching = input.pdbs.filter((pdb) => selects(pdb, pod));
    if (matching.length < 2) continue;
    const names = matching.map(pdbName).sort();
    findings.push({
      severity: Severity.Error,
      reason: FindingReason.MultiplePDBs,
      subject: `Pod ${podName(pod)}`,
      message: `pod ${podName(pod)} is selected by ${names.length} PDBs (${names.join(', ')}); the Eviction API refuses such pods, so a drain would block: make exactly one PDB select it`,
    });
  }
  return findings;
}

export function checkPdbs(input: PdbCheckInput): Finding[] {
  const perBudget = input.pdbs.flatMap((pdb) => {
    const selected = input.pods.filter((p) => isLive(p) && selects(pdb, p));
    const overlaps = selected.some((pod) => input.pdbs.some((other) => other !== pdb && selects(other, pod)));
    return checkOne(pdb, selected, input, overlaps);
  });
  return [...perBudget, ...multipleBudgets(input)];
}
