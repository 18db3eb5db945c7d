// PodDisruptionBudget arithmetic as the disruption controller does it, and the explanation of a zero
// budget: structural (the spec can never allow an eviction) versus effective (pods are unhealthy now).

import type { IntOrString, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { isReady, isTerminal, isTerminating, podRef, schedulingMessage, unreadyReason } from './pod-state.js';
import type { PdbExplanation, PendingPod, UnreadyPod } from './types.js';
import { scaledValue } from '../runtime/index.js';

function isPercent(value: IntOrString | undefined): value is string {
  return typeof value === 'string' && value.endsWith('%');
}

/**
 * The rule that makes this budget allow no voluntary eviction whatever the pods' health, or undefined.
 * `expectedPods` is the workload's scale (or the PDB's `status.expectedPods`) when known.
 */
export function structuralZeroReason(
  pdb: V1PodDisruptionBudget,
  expectedPods: number | undefined,
): string | undefined {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    if (scaledValue(maxUnavailable, Math.max(expectedPods ?? 1, 1)) === 0)
      return `maxUnavailable is ${maxUnavailable}`;
    if (expectedPods === 0) return 'it selects no pods that a controller scales (expectedPods 0)';
    return undefined;
  }
  if (minAvailable === undefined || minAvailable === null) return undefined;
  if (minAvailable === '100%') return 'minAvailable is 100%';
  if (expectedPods === undefined) return undefined;
  if (isPercent(minAvailable)) {
    if (expectedPods === 0) return 'it selects no pods that a controller scales (expectedPods 0)';
    const desired = scaledValue(minAvailable, expectedPods) ?? 0;
    if (desired >= expectedPods)
      return `minAvailable ${minAvailable} of ${expectedPods} pods rounds up to ${desired}`;
    return undefined;
  }
  const desired = scaledValue(minAvailable, expectedPods) ?? 0;
  if (expectedPods > 0 && desired >= expectedPods) {
    return `minAvailable ${desired} equals or exceeds the ${expectedPods} pods it selects`;
  }
  return undefined;
}

/** Selected pods that do not count as healthy, split into Pending (with the scheduler's word) and the rest. */
export function unhealthyPods(selected: V1Pod[]): { unready: UnreadyPod[]; pending: PendingPod[] } {
  const unready: UnreadyPod[] = [];
  const pending: PendingPod[] = [];
  for (const pod of selected) {
    if (isTerminal(pod)) continue;
    if (pod.status?.phase === 'Pending' && !isTerminating(pod)) {
      const entry: PendingPod = { pod: podRef(pod) };
      const message = schedulingMessage(pod);
      if (message) entry.schedulingMessage = message;
      pending.push(entry);
    } else if (!isReady(pod) || isTerminating(pod)) {
      const entry: UnreadyPod = { pod: podRef(pod), reason: unreadyReason(pod) };
      if (pod.spec?.nodeName) entry.node = pod.spec.nodeName;
      unready.push(entry);
    }
  }
  return { unready, pending };
}

function intOrStringText(value: IntOrString | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** Everything a user needs to see about one budget that blocks an eviction. `selected`: the pods it selects. */
export function explainPdb(pdb: V1PodDisruptionBudget, selected: V1Pod[]): PdbExplanation {
  const status = pdb.status;
  const structural = structuralZeroReason(pdb, status?.expectedPods);
  const { unready, pending } = unhealthyPods(selected);
  let zero: PdbExplanation['zero'] = 'Unknown';
  if (structural) zero = 'Structural';
  else if (status && (status.disruptionsAllowed ?? 0) > 0) zero = 'None';
  else if (status) zero = 'Effective';
  const explanation: PdbExplanation = {
    namespace: pdb.metadata?.namespace ?? '',
    name: pdb.metadata?.name ?? '',
    zero,
    unreadyPods: unready,
    pendingPods: pending,
  };
  const minAvailable = intOrStringText(pdb.spec?.minAvailable);
  const maxUnavailable = intOrStringText(pdb.spec?.maxUnavailable);
  if (minAvailable !== undefined) explanation.minAvailable = minAvailable;
  if (maxUnavailable !== undefined) explanation.maxUnavailable = maxUnavailable;
  if (pdb.spec?.unhealthyPodEvictionPolicy)
    explanation.unhealthyPodEvictionPolicy = pdb.spec.unhealthyPodEvictionPolicy;
  if (structural) explanation.structuralReason = structural;
  if (status) {
    explanation.expectedPods = status.expectedPods;
    explanation.desiredHealthy = status.desiredHealthy;
    explanation.currentHealthy = status.currentHealthy;
    explanation.disruptionsAllowed = status.disruptionsAllowed;
  }
  return explanation;
}
