// Telling drift from a spec change: Azure differing from the spec is drift (a change made outside the
// operator) only when the operator had already brought Azure to this generation of the spec.
import { Annotation, DriftPolicy } from '../../api/index.js';
import {
  ConditionStatus,
  getCondition,
  StandardCondition,
  type Condition,
  type KubeObject,
} from '../../runtime/index.js';

export const DRIFT_CONDITION = 'DriftDetected';

/** The drift policy for `obj`: its annotation when valid, else `fallback` (the spec's or the cluster's). */
export function effectiveDriftPolicy(
  obj: KubeObject & { metadata?: { annotations?: Record<string, string> } },
  fallback: DriftPolicy,
): DriftPolicy {
  const value = obj.metadata?.annotations?.[Annotation.DriftPolicy];
  return value === DriftPolicy.Report || value === DriftPolicy.Revert ? value : fallback;
}

/** Whether the operator had made Azure match this generation: Ready, or drift already seen, at it. */
export function isSpecApplied(
  conditions: readonly Condition[] | undefined,
  generation: number | undefined,
): boolean {
  const at = (type: string): boolean => {
    const c = getCondition(conditions, type);
    return c?.status === ConditionStatus.True && c.observedGeneration === generation;
  };
  return at(StandardCondition.Ready) || at(DRIFT_CONDITION);
}
