// status.lastOperation: the Azure operation most recently started for an object, with the generation it
// serves. While it runs, its poller state is kept there so a restarted operator polls it instead of
// starting it again.
import {
  decodeOperationHandle,
  encodeOperationHandle,
  operationIdOf,
  type OperationHandle,
} from '../../azure/index.js';
import type { LastOperation, OperationType } from '../../api/index.js';
import {
  ConditionStatus,
  getCondition,
  kubeTime,
  StandardCondition,
  type Condition,
} from '../../runtime/index.js';
import { azureErrorOf } from './error-progress.js';

/** Largest poller state kept in status (the CRD's limit). */
const MAX_POLLER_STATE = 8192;

/** The record of an operation just started. */
export function startedOperation(
  type: OperationType,
  handle: OperationHandle,
  generation: number,
): LastOperation {
  const pollerState = encodeOperationHandle(handle);
  const startedAt = kubeTime(Date.parse(handle.startedAt) || Date.now());
  const op: LastOperation = { type, startedAt, result: 'InProgress', generation };
  const id = operationIdOf(handle);
  if (id) op.operationID = id;
  // A state too large for status is dropped: the next reconcile then observes the resource instead.
  if (pollerState.length <= MAX_POLLER_STATE) op.pollerState = pollerState;
  return op;
}

/** The same record with a new poller state (the operation moved its status URL). */
export function withHandle(op: LastOperation, handle: OperationHandle): LastOperation {
  const pollerState = encodeOperationHandle(handle);
  return pollerState.length <= MAX_POLLER_STATE ? { ...op, pollerState } : op;
}

/** The handle of an operation still running, when status has one that can be read. */
export function inFlightHandle(op: LastOperation | undefined): OperationHandle | undefined {
  if (op?.result !== 'InProgress' || !op.pollerState) return undefined;
  return decodeOperationHandle(op.pollerState);
}

/** The record of an operation that ended. */
export function finishedOperation(
  op: LastOperation,
  result: 'Succeeded' | 'Failed' | 'Canceled',
  nowMs: number,
  error?: unknown,
): LastOperation {
  const { pollerState: _dropped, ...rest } = op;
  const out: LastOperation = { ...rest, result, finishedAt: kubeTime(nowMs) };
  if (error !== undefined) out.error = azureErrorOf(error);
  else delete out.error;
  return out;
}

/** The record of a write Azure refused outright (it never became an operation). */
export function refusedOperation(
  type: OperationType,
  generation: number,
  nowMs: number,
  error: unknown,
): LastOperation {
  const at = kubeTime(nowMs);
  return { type, startedAt: at, finishedAt: at, result: 'Failed', generation, error: azureErrorOf(error) };
}

/**
 * Whether Azure refused this generation for a reason only a spec change can fix: the last operation
 * failed at this generation (and these request annotations, see requestedBy) and the object is
 * Stalled by that failure (the condition's reason is its code). Writes are then not retried. A stall
 * of another cause at the same generation (a resource lock after an operation that failed for want of
 * capacity, say) holds nothing: its writes go on with its backoff.
 */
export function isStalledByAzure(
  status: { lastOperation?: LastOperation; conditions?: Condition[] } | undefined,
  generation: number | undefined,
  requested?: string,
): boolean {
  const op = status?.lastOperation;
  if (op?.result !== 'Failed' || op.generation !== generation) return false;
  // New request annotations (an UpgradePlan's next target, a retry) count as a spec change.
  if (op.requestedBy !== requested) return false;
  const stalled = getCondition(status?.conditions, StandardCondition.Stalled);
  return (
    stalled?.status === ConditionStatus.True &&
    stalled.observedGeneration === generation &&
    stalled.reason === op.error?.code
  );
}
