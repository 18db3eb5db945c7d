// Telling drift from a spec change: Azure differing from the spec is drift (a change made outside the
// operator) only when the operator had already brought Azure to this generation of the spec, as
// status.appliedGeneration records.
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

/** What status holds that says whether a generation was applied. */
export interface AppliedStatus {
  /** The durable record (see appliedGeneration in src/api/common.ts). */
  appliedGeneration?: number;
  conditions?: readonly Condition[];
}

/**
 * Whether the operator had made Azure match this generation: status.appliedGeneration, which a pass that
 * only waits never clears. Objects stored before that field existed fall back to their conditions: Ready,
 * or drift already seen, at this generation.
 */
export function isSpecApplied(status: AppliedStatus | undefined, generation: number | undefined): boolean {
  if (status?.appliedGeneration !== undefined) return status.appliedGeneration === generation;
  const at = (type: string): boolean => {
    const c = getCondition(status?.conditions, type);
    return c?.status === ConditionStatus.True && c.observedGeneration === generation;
  };
  return at(StandardCondition.Ready) || at(DRIFT_CONDITION);
}

/**
 * Carries into the status draft the record of an object stored before appliedGeneration existed, while
 * its conditions still say its generation was applied, so the conditions this pass sets cannot erase it.
 */
export function carryAppliedGeneration(
  draft: { appliedGeneration?: number },
  obj: { metadata?: { generation?: number }; status?: AppliedStatus },
): void {
  const generation = obj.metadata?.generation;
  if (
    draft.appliedGeneration === undefined &&
    generation !== undefined &&
    isSpecApplied(obj.status, generation)
  )
    draft.appliedGeneration = generation;
}
