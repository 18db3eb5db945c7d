// Turns a failed reconcile into conditions and, once per change of reason, a Warning event.
import {
  getCondition,
  StandardCondition,
  type Condition,
  type EventRecorder,
  type KubeObject,
} from '../../runtime/index.js';
import { progressForError } from './error-progress.js';
import type { ReportedStatus, StatusReport } from './status-report.js';

export interface FailureInput<S extends ReportedStatus> {
  obj: KubeObject & { status?: { conditions?: Condition[] } };
  report: StatusReport<S>;
  err: unknown;
  events: EventRecorder;
}

export function reportFailure<S extends ReportedStatus>(input: FailureInput<S>): void {
  const progress = progressForError(input.err);
  if (!progress) return;
  input.report.progress(progress);
  const type = progress.state === 'stalled' ? StandardCondition.Stalled : StandardCondition.Reconciling;
  const before = getCondition(input.obj.status?.conditions, type);
  if (before?.status === 'True' && before.reason === progress.reason) return;
  void input.events.event(input.obj, {
    type: 'Warning',
    reason: progress.reason,
    message: progress.message ?? '',
  });
}
