// The ARM and AKS error codes the operator knows, in one table: for each code (and HTTP status, where the
// same code means two things) the class it becomes, how the controller loop retries it and the reason the
// user sees. Classification (arm-errors.ts) reads this table; codes absent from it fall back on the status.
import { Reason } from '../api/index.js';
import {
  isAbortError,
  isConflictError,
  isOperationInProgressError,
  isThrottledError,
  isTransientError,
  RetryPolicy,
} from '../runtime/index.js';

/** The project error a row becomes (see arm-error-classes.ts and runtime/errors.ts). */
export const ArmErrorClass = {
  /** ThrottledError: Azure asked us to slow down. */
  Throttled: 'Throttled',
  /** OperationInProgressError: another operation owns the resource right now. */
  Busy: 'Busy',
  /** InvalidSpecError: the spec breaks an AKS rule. */
  InvalidSpec: 'InvalidSpec',
  /** QuotaExceededError: the subscription's quota does not cover the request. */
  QuotaExceeded: 'QuotaExceeded',
  /** CapacityError: Azure has no capacity for the VM size or zone. */
  Capacity: 'Capacity',
  /** ArmBlockedError (AccessDeniedError for 401/403): a lock, a role, a policy, the subscription. */
  Blocked: 'Blocked',
  /** ArmNotFoundError: the resource, or its resource group, does not exist. */
  NotFound: 'NotFound',
  /** ConflictError: a conditional write found the resource changed since it was read. */
  Stale: 'Stale',
  /** TransientError: Azure failed on its side. */
  Transient: 'Transient',
  /** OperationFailedError: an accepted operation ended Failed for a reason AKS resumes from. */
  OperationFailed: 'OperationFailed',
} as const;
export type ArmErrorClass = (typeof ArmErrorClass)[keyof typeof ArmErrorClass];

export interface ArmErrorEntry {
  code: string;
  /** HTTP status the row is for; absent: any status, and a long-running operation that ended Failed. */
  status?: number;
  class: ArmErrorClass;
  retry: RetryPolicy;
  /** Condition reason the user sees; empty when the error says nothing about the object (a stale write). */
  reason: string;
}

const row = (
  cls: ArmErrorClass,
  retry: RetryPolicy,
  status: number | undefined,
  codes: readonly string[],
  reason?: string,
): ArmErrorEntry[] =>
  codes.map((code) => ({
    code,
    ...(status !== undefined ? { status } : {}),
    class: cls,
    retry,
    reason: reason ?? code,
  }));

const C = ArmErrorClass;
const R = RetryPolicy;

/** AKS codes that mean Azure could not find capacity: retry later, or change VM size / zones. */
export const CAPACITY_ERROR_CODES: readonly string[] = [
  'AllocationFailed',
  'ZonalAllocationFailed',
  'SkuNotAvailable',
  'OverconstrainedAllocationRequest',
  'OverconstrainedZonalAllocationRequest',
  'AllocationFailedVMSeriesNotSupported',
];

/** Every code the operator tells apart. Order does not matter: a row with a status wins over one without. */
export const ARM_ERROR_CATALOGUE: readonly ArmErrorEntry[] = [
  ...row(
    C.Throttled,
    R.WaitRetryAfter,
    429,
    ['SubscriptionRequestsThrottled', 'TooManyRequests'],
    Reason.AzureThrottled,
  ),
  // One code, two meanings: 409 is "another operation is running", 400 is a broken rule (a minor skip).
  ...row(
    C.Busy,
    R.WaitPollInterval,
    409,
    ['OperationNotAllowed', 'AnotherOperationInProgress', 'OperationInProgress'],
    Reason.OperationInProgress,
  ),
  ...row(C.InvalidSpec, R.UntilSpecChanges, 400, ['OperationNotAllowed', 'BadRequest']),
  ...row(C.InvalidSpec, R.UntilSpecChanges, undefined, [
    'VMCacheSizeTooSmall',
    'NodePoolMcVersionIncompatible',
    'AgentPoolK8sVersionNotSupported',
    'K8sVersionNotSupported',
    'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
    'PropertyChangeNotAllowed',
    'InvalidParameter',
    'InvalidParameterValue',
    'ValidationError',
    'UnsatisfiablePDB',
    'InvalidResourceId',
    'InvalidResourceName',
    'InvalidRequestContent',
    'LinkedInvalidPropertyId',
  ]),
  ...row(C.QuotaExceeded, R.UntilSpecChanges, undefined, ['QuotaExceeded']),
  ...row(C.Capacity, R.Backoff, undefined, CAPACITY_ERROR_CODES),
  // Outside the spec: someone has to lift a lock, grant a role, exempt a policy or fix the subscription.
  ...row(C.Blocked, R.BlockedBackoff, 409, ['ScopeLocked'], Reason.ResourceLocked),
  ...row(C.Blocked, R.BlockedBackoff, 403, ['AuthorizationFailed']),
  ...row(C.Blocked, R.BlockedBackoff, 403, ['LinkedAuthorizationFailed']),
  ...row(C.Blocked, R.BlockedBackoff, 403, ['RequestDisallowedByPolicy']),
  ...row(
    C.Blocked,
    R.BlockedBackoff,
    401,
    [
      'InvalidAuthenticationToken',
      'InvalidAuthenticationTokenTenant',
      'InvalidAuthenticationTokenAudience',
      'ExpiredAuthenticationToken',
      'AuthenticationFailed',
      // No token at all: what @azure/identity throws before any request (its error names).
      'CredentialUnavailableError',
      'AuthenticationError',
      'AggregateAuthenticationError',
      'AuthenticationRequiredError',
    ],
    Reason.AuthenticationFailed,
  ),
  // Entra ID found no federated credential of the identity that trusts the presented token (issuer,
  // audience, subject): the namespace is not one the identity was granted to.
  ...row(
    C.Blocked,
    R.BlockedBackoff,
    401,
    ['AADSTS70021', 'AADSTS700211', 'AADSTS700212', 'AADSTS700213', 'AADSTS7002138'],
    Reason.FederatedIdentityRefused,
  ),
  ...row(C.Blocked, R.BlockedBackoff, 404, ['SubscriptionNotFound']),
  ...row(C.Blocked, R.BlockedBackoff, 409, ['MissingSubscriptionRegistration']),
  ...row(C.Blocked, R.BlockedBackoff, 409, ['ReadOnlyDisabledSubscription']),
  // The api-version the operator sends is not one ARM serves for the type: the operator's configuration.
  ...row(C.Blocked, R.BlockedBackoff, 400, ['NoRegisteredProviderFound']),
  // Absence: a read answers "not there"; a write that meets it backs off with the code as reason.
  ...row(C.NotFound, R.Backoff, 404, ['ResourceNotFound', 'NotFound']),
  ...row(C.NotFound, R.Backoff, 404, ['ResourceGroupNotFound']),
  ...row(C.Stale, R.RequeueSoon, 412, ['PreConditionFailed', 'PreconditionFailed'], ''),
  ...row(
    C.Transient,
    R.Backoff,
    undefined,
    ['InternalServerError', 'ServiceUnavailable', 'GatewayTimeout'],
    Reason.AzureUnavailable,
  ),
  // Accepted, then Failed: AKS resumes on the next PUT (a drain blocked by a PDB, an internal error).
  ...row(C.OperationFailed, R.Backoff, undefined, [
    'UpgradeFailed',
    'PodDrainFailure',
    'NotLatestOperation',
    'Canceled',
  ]),
];

/** The row for `code` answered with `status` (undefined for a failed long-running operation). */
export function catalogueEntry(code: string, status: number | undefined): ArmErrorEntry | undefined {
  let anyStatus: ArmErrorEntry | undefined;
  for (const entry of ARM_ERROR_CATALOGUE) {
    if (entry.code !== code) continue;
    if (entry.status === status) return entry;
    if (entry.status === undefined) anyStatus = entry;
  }
  return anyStatus;
}

/**
 * The condition reason for an error a reconcile threw: the reason it carries (the catalogue's, or the AKS
 * code), else its class's. Undefined for errors that say nothing about the object (stale writes, aborts).
 */
export function conditionReasonOf(err: unknown): string | undefined {
  if (isConflictError(err) || isAbortError(err)) return undefined;
  const carried = err instanceof Error ? (err as { reason?: unknown }).reason : undefined;
  if (typeof carried === 'string' && carried) return carried;
  if (isThrottledError(err)) return Reason.AzureThrottled;
  if (isOperationInProgressError(err)) return Reason.OperationInProgress;
  if (isTransientError(err)) return Reason.AzureUnavailable;
  return undefined;
}
