// What a failed reconcile tells the user: the error's class decides Reconciling (we retry) or Stalled
// (we wait for a spec change or for someone outside to act), and the reason names the cause, from the
// ARM error catalogue or the AKS code.
import { Reason } from '../../api/index.js';
import {
  conditionReasonOf,
  isArmBlockedError,
  isArmNotFoundError,
  isCapacityError,
  isOperationFailedError,
  isQuotaExceededError,
  type QuotaExceededError,
} from '../../azure/index.js';
import {
  isAbortError,
  isBlockedError,
  isConflictError,
  isInvalidSpecError,
  isOperationInProgressError,
  isThrottledError,
  type Progress,
} from '../../runtime/index.js';

/** The progress to report for `err`, or undefined when it says nothing about the object (conflicts, aborts). */
export function progressForError(err: unknown): Progress | undefined {
  if (isConflictError(err) || isAbortError(err)) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (isQuotaExceededError(err))
    return { state: 'stalled', reason: Reason.QuotaExceeded, message: quotaMessage(err) };
  // A spec Azure refuses waits for a spec change; a block from outside (a lock, a role, a policy, the
  // subscription) waits for someone to act, retried with a slow backoff so the fix is noticed.
  const isStalled = isInvalidSpecError(err) || isBlockedError(err);
  const reason = conditionReasonOf(err) ?? Reason.ReconcileError;
  return { state: isStalled ? 'stalled' : 'reconciling', reason, message };
}

/** AKS code and message of an Azure failure, for status.lastOperation.error. */
export function azureErrorOf(err: unknown): { code: string; message: string } {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 4096);
  if (isQuotaExceededError(err)) return { code: 'QuotaExceeded', message };
  if (isInvalidSpecError(err)) return { code: err.reason, message };
  if (isArmBlockedError(err)) return { code: err.code, message };
  if (isCapacityError(err) || isOperationFailedError(err) || isArmNotFoundError(err))
    return { code: err.reason, message };
  if (isOperationInProgressError(err)) return { code: 'OperationNotAllowed', message };
  if (isThrottledError(err)) return { code: 'Throttled', message };
  return { code: err instanceof Error ? err.name : 'Error', message };
}

function quotaMessage(err: QuotaExceededError): string {
  const q = err.quota;
  if (!q) return err.message;
  const figures = [
    q.limit !== undefined ? `limit ${q.limit}` : undefined,
    q.usage !== undefined ? `usage ${q.usage}` : undefined,
    q.requested !== undefined ? `${q.requested} more needed` : undefined,
  ].filter(Boolean);
  const where = q.location ? ` in ${q.location}` : '';
  const detail = figures.length > 0 ? ` (${figures.join(', ')})` : '';
  return `Azure quota ${q.name}${where} would be exceeded${detail}; raise the quota or ask for fewer nodes. ${err.message}`;
}
