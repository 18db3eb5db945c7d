// What a failed reconcile tells the user: the error's class decides Reconciling (we retry) or Stalled
// (we wait for a spec change), and the reason names the cause, reusing the AKS code when there is one.
import {
  isAccessDeniedError,
  isCapacityError,
  isOperationFailedError,
  isQuotaExceededError,
  type QuotaExceededError,
} from '../../azure/index.js';
import {
  isAbortError,
  isConflictError,
  isInvalidSpecError,
  isOperationInProgressError,
  isThrottledError,
  isTransientError,
  type Progress,
} from '../../runtime/index.js';

/** The progress to report for `err`, or undefined when it says nothing about the object (conflicts, aborts). */
export function progressForError(err: unknown): Progress | undefined {
  if (isConflictError(err) || isAbortError(err)) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (isQuotaExceededError(err))
    return { state: 'stalled', reason: 'QuotaExceeded', message: quotaMessage(err) };
  if (isInvalidSpecError(err)) return { state: 'stalled', reason: err.reason, message };
  if (isThrottledError(err)) return { state: 'reconciling', reason: 'AzureThrottled', message };
  if (isOperationInProgressError(err))
    return { state: 'reconciling', reason: 'OperationInProgress', message };
  if (isCapacityError(err)) return { state: 'reconciling', reason: err.reason, message };
  if (isAccessDeniedError(err)) return { state: 'reconciling', reason: 'AuthorizationFailed', message };
  if (isOperationFailedError(err)) return { state: 'reconciling', reason: err.reason, message };
  if (isTransientError(err)) return { state: 'reconciling', reason: 'AzureUnavailable', message };
  return { state: 'reconciling', reason: 'ReconcileError', message };
}

/** AKS code and message of an Azure failure, for status.lastOperation.error. */
export function azureErrorOf(err: unknown): { code: string; message: string } {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 4096);
  if (isQuotaExceededError(err)) return { code: 'QuotaExceeded', message };
  if (isInvalidSpecError(err)) return { code: err.reason, message };
  if (isCapacityError(err) || isOperationFailedError(err) || isAccessDeniedError(err))
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
