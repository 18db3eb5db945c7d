// What the ManagedCluster and NodePool reconcilers report the same way: drift being put back (an event,
// DriftDetected), the object in sync with its spec (Ready, with drift only reported and one event per
// new drift), a field Azure cannot change, and what an update PUT is about.
import type { EventRecorder, KubeObject } from '../../runtime/index.js';
import { InvalidSpecError } from '../../runtime/index.js';
import { driftEvent, isNewDrift, reportDrift } from './drift-report.js';
import { describeDiffs, type FieldDiff } from './field-diff.js';
import type { ReportedStatus, StatusReport } from './status-report.js';

interface DriftObject extends KubeObject {
  status?: { drift?: string[] };
}

interface DriftStatus extends ReportedStatus {
  drift?: string[];
}

export interface OutcomeInput<S extends DriftStatus> {
  obj: DriftObject;
  report: StatusReport<S>;
  events: EventRecorder;
  signal: AbortSignal;
}

/** Before a write that puts drift back: a Warning event and DriftDetected reverting; else no drift. */
export function noteRevert<S extends DriftStatus>(
  input: OutcomeInput<S>,
  diffs: readonly FieldDiff[],
  isRevert: boolean,
): void {
  if (isRevert) void input.events.event(input.obj, driftEvent(diffs, true), input.signal);
  reportDrift(input.report, isRevert ? diffs : [], isRevert);
}

/**
 * In sync: Ready with `upToDate`, or with `driftFound` when Azure differs only where the policy says
 * report (one Warning event per new set of drifted fields).
 */
export function reportInSync<S extends DriftStatus>(
  input: OutcomeInput<S>,
  drift: readonly FieldDiff[],
  reasons: { upToDate: string; driftFound: string; upToDateMessage: string },
): void {
  if (drift.length > 0 && isNewDrift(input.obj.status?.drift, drift))
    void input.events.event(input.obj, driftEvent(drift, false), input.signal);
  reportDrift(input.report, drift, false);
  input.report.progress(
    drift.length > 0
      ? {
          state: 'ready',
          reason: reasons.driftFound,
          message: `Azure differs from the spec (reported, not reverted): ${describeDiffs(drift)}`,
        }
      : { state: 'ready', reason: reasons.upToDate, message: reasons.upToDateMessage },
  );
}

/** The stall of a spec that wants a field changed that Azure cannot change on an existing resource. */
export function immutableDiffersError(
  d: { diffs: readonly FieldDiff[]; message: string },
  reason: string,
): InvalidSpecError {
  return new InvalidSpecError(d.message, { reason, field: d.diffs[0]?.path ?? 'spec' });
}

/** What an update PUT is about, for status and events. */
export function describeUpdate(diffs: readonly FieldDiff[]): string {
  return diffs.length > 0 ? describeDiffs(diffs) : 'retrying after a failed operation';
}
