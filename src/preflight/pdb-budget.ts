// PodDisruptionBudget arithmetic for pre-flight: which pods a budget selects (policy/v1: `{}` selects all
// pods of the namespace, no selector none) and whether its spec can ever allow an eviction. The drain
// engine has the same rules for its stuck report; the import rules keep the two folders apart.

import type { IntOrString, V1LabelSelector, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';

export function selectorMatches(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (have[key] !== value) return false;
  for (const req of selector.matchExpressions ?? []) {
    const value = have[req.key];
    const values = req.values ?? [];
    const ok =
      (req.operator === 'In' && value !== undefined && values.includes(value)) ||
      (req.operator === 'NotIn' && (value === undefined || !values.includes(value))) ||
      (req.operator === 'Exists' && value !== undefined) ||
      (req.operator === 'DoesNotExist' && value === undefined);
    if (!ok) return false;
  }
  return true;
}

export function selects(pdb: V1PodDisruptionBudget, pod: V1Pod): boolean {
  return (
    pdb.metadata?.namespace === pod.metadata?.namespace &&
    selectorMatches(pdb.spec?.selector, pod.metadata?.labels)
  );
}

/** Percentages round up, as the disruption controller rounds them. */
export function scaledValue(value: IntOrString | undefined, total: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const pct = /^(\d+)%$/.exec(value);
  if (pct) return Math.ceil((Number(pct[1]) * total) / 100);
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
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
