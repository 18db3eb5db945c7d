// What the controller loop does after a reconcile threw, as one pure decision per error class, so error
// catalogues (the ARM one in azure/) can be checked against what the loop will really do.
import {
  isBlockedError,
  isConflictError,
  isInvalidSpecError,
  isOperationInProgressError,
  isThrottledError,
} from './errors.js';

export const RetryPolicy = {
  /** Our own write lost a race: requeue after a short fixed delay, not counted as a failure. */
  RequeueSoon: 'RequeueSoon',
  /** Waiting, not failing: requeue after the error's retryAfterMs, else the operation poll interval. */
  WaitPollInterval: 'WaitPollInterval',
  /** Throttled: requeue after the Retry-After the other side named (bounded). */
  WaitRetryAfter: 'WaitRetryAfter',
  /** The spec cannot be realised: not retried until the object changes. */
  UntilSpecChanges: 'UntilSpecChanges',
  /** Something outside the spec must change: exponential backoff from 1 s, capped at 5 minutes. */
  BlockedBackoff: 'BlockedBackoff',
  /** Any other failure: per-key exponential backoff from 5 ms, capped (the work queue's rate limiter). */
  Backoff: 'Backoff',
} as const;
export type RetryPolicy = (typeof RetryPolicy)[keyof typeof RetryPolicy];

/** How the controller loop retries after `err`. Aborts are the caller's business (shutdown, timeout). */
export function retryPolicyOf(err: unknown): RetryPolicy {
  if (isConflictError(err)) return RetryPolicy.RequeueSoon;
  if (isOperationInProgressError(err)) return RetryPolicy.WaitPollInterval;
  if (isThrottledError(err)) return RetryPolicy.WaitRetryAfter;
  if (isInvalidSpecError(err)) return RetryPolicy.UntilSpecChanges;
  if (isBlockedError(err)) return RetryPolicy.BlockedBackoff;
  return RetryPolicy.Backoff;
}
