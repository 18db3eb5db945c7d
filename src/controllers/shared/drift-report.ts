// Reports drift in status: status.drift lists the differing spec paths and DriftDetected says whether
// the operator is putting them back (RevertingDrift) or only reporting them (DriftFound).
import { NodePoolReason } from '../../api/index.js';
import type { Condition } from '../../runtime/index.js';
import { DRIFT_CONDITION } from './drift.js';
import { describeDiffs, diffPaths, type FieldDiff } from './field-diff.js';
import type { StatusReport } from './status-report.js';

interface DriftStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  drift?: string[];
}

export function reportDrift<S extends DriftStatus>(
  report: StatusReport<S>,
  diffs: readonly FieldDiff[],
  isReverting: boolean,
): void {
  const paths = diffPaths(diffs);
  if (paths.length === 0) {
    delete report.draft.drift;
    report.condition({
      type: DRIFT_CONDITION,
      status: 'False',
      reason: NodePoolReason.NoDrift,
      message: 'Azure matches the spec',
    });
    return;
  }
  report.draft.drift = paths;
  report.condition({
    type: DRIFT_CONDITION,
    status: 'True',
    reason: isReverting ? NodePoolReason.RevertingDrift : NodePoolReason.DriftFound,
    message: `Azure differs from the spec: ${describeDiffs(diffs)}${isReverting ? '; putting it back' : '; reported, not reverted'}`,
  });
}

/** Whether `diffs` name other paths than the drift already reported (one event per change). */
export function isNewDrift(previous: readonly string[] | undefined, diffs: readonly FieldDiff[]): boolean {
  const now = diffPaths(diffs);
  const before = [...(previous ?? [])].sort();
  return now.length !== before.length || now.some((p, i) => p !== before[i]);
}

/** The Warning event of drift found (reason DriftFound, as the condition's). */
export function driftEvent(
  diffs: readonly FieldDiff[],
  isRevert: boolean,
): { type: 'Warning'; reason: string; message: string } {
  return {
    type: 'Warning',
    reason: NodePoolReason.DriftFound,
    message: `Azure was changed outside the operator: ${describeDiffs(diffs)}${isRevert ? '; reverting to the spec' : '; reported only'}`,
  };
}
