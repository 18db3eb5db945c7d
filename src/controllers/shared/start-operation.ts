// The act step of every reconciler: start one Azure operation, record it in status.lastOperation with
// the generation it serves, say so in Reconciling and a Normal event, and come back to poll it. A write
// Azure refuses outright is recorded too, so the same generation is not written again.
import type { LastOperation, OperationType } from '../../api/index.js';
import type { OperationHandle } from '../../azure/index.js';
import { isInvalidSpecError, type KubeObject, type Result } from '../../runtime/index.js';
import type { ControllerContext } from './controller-context.js';
import { refusedOperation, startedOperation } from './last-operation.js';
import { RUNNING_REASON, startedEvent } from './operation-words.js';
import { requestedBy } from './requested-by.js';
import type { ReportedStatus, StatusReport } from './status-report.js';

export interface StartInput<S extends ReportedStatus & { lastOperation?: LastOperation }> {
  ctx: ControllerContext;
  obj: KubeObject;
  report: StatusReport<S>;
  generation: number;
  type: OperationType;
  /** What the operation does, for the condition and the event. */
  what: string;
  /** Reconciling reason while it runs; the operation type's by default. */
  reason?: string;
  /** ARM ID, for the log. */
  id: string;
  start: (signal: AbortSignal) => Promise<OperationHandle>;
  signal: AbortSignal;
}

export async function startAzureOperation<S extends ReportedStatus & { lastOperation?: LastOperation }>(
  input: StartInput<S>,
): Promise<Result> {
  const { ctx, report, type } = input;
  const requested = requestedBy(input.obj);
  const stamp = (op: LastOperation): LastOperation => (requested ? { ...op, requestedBy: requested } : op);
  let handle: OperationHandle;
  try {
    handle = await input.start(input.signal);
  } catch (err: unknown) {
    if (isInvalidSpecError(err))
      report.draft.lastOperation = stamp(refusedOperation(type, input.generation, ctx.clock.now(), err));
    throw err;
  }
  report.draft.lastOperation = stamp(startedOperation(type, handle, input.generation));
  report.progress({
    state: 'reconciling',
    reason: input.reason ?? RUNNING_REASON[type],
    message: input.what,
  });
  ctx.logger.info(
    { name: input.obj.metadata?.name, operation: type, id: input.id },
    'started Azure operation',
  );
  void ctx.events.event(
    input.obj,
    { type: 'Normal', reason: startedEvent(type), message: input.what },
    input.signal,
  );
  return { requeueAfterMs: ctx.pollIntervalMs };
}
