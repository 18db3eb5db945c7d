// PodDisruptionBudget arithmetic for pre-flight: which pods a budget selects (policy/v1: `{}` selects all
// pods of the namespace, no selector none) and whether its spec can ever allow an eviction. Selector
// matching and int-or-percent scaling are the runtime's, shared with the drain engine.

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { scaledValue, selectorMatches } from '../runtime/index.js';

export function selects(pdb: V1PodDisruptionBudget, pod: V1Pod): boolean {
  return (
    pdb.metadata?.namespace === pod.metadata?.namespace &&
    selectorMatches(pdb.spec?.selector, pod.metadata?.labels)
  );
}

/** Why the spec can never allow a voluntary eviction with `expectedPods` pods, or undefined. */
export function structuralZeroReason(pdb: V1PodDisruptionBudget, expectedPods: number): string | undefined {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    return scaledValue(maxUnavailable, Math.max(expectedPods, 1)) === 0
      ? `maxUnavailable is ${maxUnavailable}`
      : undefined;
  }
  if (minAvailable === undefined || minAvailable === null) return undefined;
  if (minAvailable === '100%') return 'minAvailable is 100%';
  const desired = scaledValue(minAvailable, expectedPods) ?? 0;
  if (expectedPods > 0 && desired >= expectedPods) {
    return `minAvailable ${minAvailable} requires all ${expectedPods} pods to stay (${desired} ≥ ${expectedPods})`;
  }
  return undefined;
}

/** Whether the budget counts pods through their controllers' scale (maxUnavailable or a percentage). */
export function countsByScale(pdb: V1PodDisruptionBudget): boolean {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  return (
    (maxUnavailable !== undefined && maxUnavailable !== null) ||
    (typeof minAvailable === 'string' && minAvailable.endsWith('%'))
  );
}
