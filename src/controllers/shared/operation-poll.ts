// The first step of every pass that has an Azure operation in flight: poll it once. Still running →
// come back later; finished → record the result and let the pass go on to observe and decide.
import { Reason } from '../../api/index.js';
import type { LastOperation } from '../../api/index.js';
import type { OperationHandle, OperationOutcome } from '../../azure/index.js';
import {
  getCondition,
  StandardCondition,
  type EventRecorder,
  type KubeObject,
  type Result,
} from '../../runtime/index.js';
import { finishedOperation, inFlightHandle, withHandle } from './last-operation.js';
import { RUNNING_REASON, succeededEvent } from './operation-words.js';
import { isTerminal } from './provisioning-state.js';
import type { ReportedStatus, StatusReport } from './status-report.js';

interface WithLastOperation extends ReportedStatus {
  lastOperation?: LastOperation;
}

export interface PollInput<S extends WithLastOperation> {
  obj: KubeObject;
  report: StatusReport<S>;
  poll(handle: OperationHandle, signal: AbortSignal): Promise<OperationOutcome>;
  events: EventRecorder;
  now: () => number;
  signal: AbortSignal;
}

/** Polls the operation in status.lastOperation, if one runs. Returns a Result while it still runs. */
export async function pollInFlight<S extends WithLastOperation>(
  input: PollInput<S>,
): Promise<Result | undefined> {
  const { report } = input;
  const last = report.draft.lastOperation;
  const handle = inFlightHandle(last);
  if (!last || !handle) return undefined;
  const outcome = await input.poll(handle, input.signal);
  switch (outcome.status) {
    case 'InProgress': {
      report.draft.lastOperation = withHandle(last, outcome.handle);
      const reconciling = getCondition(report.draft.conditions, StandardCondition.Reconciling);
      if (reconciling?.status !== 'True') {
        report.progress({
          state: 'reconciling',
          reason: RUNNING_REASON[last.type],
          message: `${last.type} operation in progress in Azure`,
        });
      }
      return { requeueAfterMs: outcome.pollAfterMs };
    }
    case 'Succeeded':
      report.draft.lastOperation = finishedOperation(last, 'Succeeded', input.now());
      void input.events.event(input.obj, {
        type: 'Normal',
        reason: succeededEvent(last.type),
        message: `Azure finished the ${last.type} operation`,
      });
      return undefined;
    case 'Failed':
      report.draft.lastOperation = finishedOperation(last, 'Failed', input.now(), outcome.error);
      throw outcome.error;
    case 'Canceled':
      report.draft.lastOperation = finishedOperation(last, 'Canceled', input.now());
      void input.events.event(input.obj, {
        type: 'Warning',
        reason: Reason.OperationCanceled,
        message: `the ${last.type} operation was canceled in Azure`,
      });
      return undefined;
    case 'Lost':
      // Azure forgot the operation: what the resource looks like now decides the next step.
      report.draft.lastOperation = finishedOperation(last, 'Canceled', input.now());
      return undefined;
  }
}

/**
 * Closes a lastOperation recorded as running without a readable handle, once Azure shows a terminal
 * provisioningState for the resource (or the resource is gone).
 */
export function settleUntracked<S extends WithLastOperation>(
  report: StatusReport<S>,
  provisioningState: string | undefined,
  nowMs: number,
): void {
  const last = report.draft.lastOperation;
  if (last?.result !== 'InProgress' || inFlightHandle(last)) return;
  if (provisioningState !== undefined && !isTerminal(provisioningState)) return;
  const result =
    provisioningState === 'Failed' ? 'Failed' : provisioningState === 'Canceled' ? 'Canceled' : 'Succeeded';
  report.draft.lastOperation = finishedOperation(last, result, nowMs);
}
