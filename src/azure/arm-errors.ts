// Turns what the ARM SDK throws into the project's error classes, once, where errors enter: RestErrors
// (status + code, flat or wrapped bodies), LRO failures (a plain Error whose message carries the AKS code)
// and credential failures. The class, retry and reason of each known code come from the ARM error
// catalogue; controllers read classes and reasons, never HTTP status codes.

import { Reason } from '../api/index.js';
import {
  BlockedError,
  ConflictError,
  InvalidSpecError,
  isAbortError,
  OperationInProgressError,
  RetryPolicy,
  ThrottledError,
  TransientError,
} from '../runtime/index.js';
import { ArmErrorClass, catalogueEntry, type ArmErrorEntry } from './arm-error-catalogue.js';
import {
  AccessDeniedError,
  ArmBlockedError,
  ArmNotFoundError,
  CapacityError,
  OperationFailedError,
  QuotaExceededError,
  type QuotaDetails,
} from './arm-error-classes.js';
import type { ObservedArmError } from './call-context.js';
import {
  boundRetryAfter,
  DEFAULT_THROTTLE_RETRY_MS,
  retryAfterFromHeaders,
  type HeaderBag,
} from './retry-after.js';

/** What failed, for the message: `cannot <verb> <what>: <code>: <message>`. */
export interface ArmCallDescription {
  verb: string;
  what: string;
}

const LRO_FAILURE = /^The long-running operation has failed(?:\. (\S+?)\. ([\s\S]*))?$/;
const LRO_CANCELED = 'Operation was canceled';
const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** The facts of one failure, whatever shape it arrived in. */
export interface ArmFailure {
  /** HTTP status for synchronous failures; absent for LRO failures and network errors. */
  statusCode?: number;
  code?: string;
  subcode?: string;
  message: string;
  /** The operation was accepted and failed later (an LRO ended Failed). */
  isAsync: boolean;
  retryAfterMs?: number;
  /** Codes of nested `details`, innermost cause last (ARM wraps AKS codes in ResourceOperationFailure). */
  detailCodes: string[];
}

/**
 * Classifies an error thrown by the SDK (or by a credential) into a project error. Errors that are
 * already ours and aborts are returned unchanged. `observed` is the error body the pipeline saw
 * for this call, which carries what the SDK drops (subcode, details).
 */
export function classifyArmError(err: unknown, call: ArmCallDescription, observed?: ObservedArmError): Error {
  if (isProjectError(err) || isAbortError(err)) return err as Error;
  // A credential wraps what its own sources threw (the ServiceAccount token of a workload identity).
  if (isCredentialError(err) && isProjectError(err.cause)) return err.cause as Error;
  const failure = describeFailure(err, observed);
  if (!failure) {
    const text = err instanceof Error ? err.message : String(err);
    return new Error(`cannot ${call.verb} ${call.what}: ${text}`, { cause: err });
  }
  return classifyFailure(failure, call, err);
}

/** Whether the poller reported the operation as canceled (`Error("Operation was canceled")`). */
export function isLroCanceled(err: unknown): boolean {
  return err instanceof Error && err.name === 'Error' && err.message === LRO_CANCELED;
}

function isProjectError(err: unknown): boolean {
  return (
    err instanceof TransientError ||
    err instanceof ThrottledError ||
    err instanceof OperationInProgressError ||
    err instanceof InvalidSpecError ||
    err instanceof ConflictError ||
    err instanceof BlockedError ||
    err instanceof ArmNotFoundError
  );
}

/** Reads status, code and message out of a RestError, an LRO failure or a credential error. */
export function describeFailure(err: unknown, observed?: ObservedArmError): ArmFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const fromBody = observedFacts(observed);
  if (err.name === 'RestError') {
    const rest = err as Error & { statusCode?: unknown; code?: unknown; response?: { headers?: HeaderBag } };
    const code = typeof rest.code === 'string' ? rest.code : undefined;
    const statusCode = typeof rest.statusCode === 'number' ? rest.statusCode : undefined;
    return {
      statusCode,
      code: code ?? fromBody.code,
      subcode: fromBody.subcode,
      message: err.message,
      isAsync: false,
      retryAfterMs: retryAfterFromHeaders(rest.response?.headers),
      detailCodes: fromBody.detailCodes,
    };
  }
  const lro = LRO_FAILURE.exec(err.message);
  if (lro) {
    return {
      code: lro[1] ?? fromBody.code,
      subcode: fromBody.subcode,
      message: lro[2] ?? fromBody.message ?? 'the operation failed without an error body',
      isAsync: true,
      detailCodes: fromBody.detailCodes,
    };
  }
  if (isLroCanceled(err)) {
    return { code: 'Canceled', message: 'the operation was canceled', isAsync: true, detailCodes: [] };
  }
  if (isCredentialError(err)) {
    // Entra ID's refusals carry an AADSTS code in the message; it says more than the error's name.
    const aadsts = /\bAADSTS\d+/.exec(err.message)?.[0];
    return {
      statusCode: 401,
      code: aadsts ?? err.name,
      message: err.message,
      isAsync: false,
      detailCodes: [],
    };
  }
  return undefined;
}

function isCredentialError(err: unknown): err is Error {
  return err instanceof Error && CREDENTIAL_ERROR_NAMES.has(err.name);
}

function observedFacts(observed?: ObservedArmError): {
  code?: string;
  subcode?: string;
  message?: string;
  detailCodes: string[];
} {
  if (!observed) return { detailCodes: [] };
  return {
    code: observed.code,
    subcode: observed.subcode || undefined,
    message: observed.message,
    detailCodes: observed.details.map((d) => d.code).filter((c): c is string => !!c),
  };
}

function classifyFailure(f: ArmFailure, call: ArmCallDescription, cause: unknown): Error {
  // ARM wraps the AKS cause in ResourceOperationFailure; the innermost known code says more.
  const code = effectiveCode(f);
  const label = f.subcode ? `${code} (${f.subcode})` : code;
  const message = `cannot ${call.verb} ${call.what}: ${label}: ${f.message}`;
  return build(entryFor(f, code), { failure: f, message, cause });
}

/** The catalogue row for a failure, after the rules that read the message rather than the code. */
function entryFor(f: ArmFailure, code: string): ArmErrorEntry {
  const as = unlisted(code);
  if (f.statusCode === 429) return as(ArmErrorClass.Throttled, Reason.AzureThrottled);
  // AKS wraps quota in OperationNotAllowed (or a bare 400); the message is what tells.
  if (isQuotaMessage(f.message)) return as(ArmErrorClass.QuotaExceeded, Reason.QuotaExceeded);
  if (f.statusCode === 503 && f.retryAfterMs !== undefined)
    return as(ArmErrorClass.Throttled, Reason.AzureThrottled);
  if (f.statusCode === 409 && mentionsRunningOperation(f.message)) {
    return as(ArmErrorClass.Busy, Reason.OperationInProgress);
  }
  // The operator never adds a pool through a cluster PUT: it sends back the pools Azure had when it read
  // the cluster. A pool AKS calls new was deleted since (its delete ended between the read and the
  // write, e.g. while the PUT waited out a Retry-After): wait like for any operation, then read again.
  if (f.statusCode === 400 && isPoolUnknownToCluster(f.message))
    return as(ArmErrorClass.Busy, Reason.OperationInProgress);
  if (code === 'OperationNotAllowed') {
    // Refused for the state the cluster or pool is in right now (stopped, still provisioning): a state
    // that changes on its own or by another object's spec, so waited out rather than held as a bad spec.
    if (f.statusCode !== undefined && isStateRefusal(f.message))
      return as(ArmErrorClass.Busy, Reason.OperationInProgress);
    if (f.isAsync) {
      return mentionsRunningOperation(f.message)
        ? as(ArmErrorClass.Busy, Reason.OperationInProgress)
        : as(ArmErrorClass.InvalidSpec);
    }
  }
  return catalogueEntry(code, f.statusCode) ?? fallbackEntry(f, code);
}

/** What a code the catalogue does not know becomes, by its status. */
function fallbackEntry(f: ArmFailure, code: string): ArmErrorEntry {
  const as = unlisted(code);
  const status = f.statusCode;
  if (status === undefined) {
    // No status and not an LRO result: the request never got an answer (connection refused, reset, timeout).
    return f.isAsync
      ? as(ArmErrorClass.OperationFailed)
      : as(ArmErrorClass.Transient, Reason.AzureUnavailable);
  }
  // A 409 that is neither busy nor known: something holds the resource that we cannot see; never spin on it.
  if (status === 409) return as(ArmErrorClass.Blocked, Reason.AzureConflict);
  if (status === 412) return as(ArmErrorClass.Stale, '');
  if (status === 404) return as(ArmErrorClass.NotFound);
  if (status === 401) return as(ArmErrorClass.Blocked, Reason.AuthenticationFailed);
  if (status === 403) return as(ArmErrorClass.Blocked, Reason.AuthorizationFailed);
  if (status === 408 || status >= 500) return as(ArmErrorClass.Transient, Reason.AzureUnavailable);
  return as(ArmErrorClass.InvalidSpec);
}

/** Builds a row for `code` that the catalogue does not hold (or holds for another status). */
function unlisted(code: string): (cls: ArmErrorClass, reason?: string) => ArmErrorEntry {
  return (cls, reason = code) => ({ code, class: cls, retry: RETRY_OF_CLASS[cls], reason });
}

const RETRY_OF_CLASS: Record<ArmErrorClass, RetryPolicy> = {
  Throttled: RetryPolicy.WaitRetryAfter,
  Busy: RetryPolicy.WaitPollInterval,
  InvalidSpec: RetryPolicy.UntilSpecChanges,
  QuotaExceeded: RetryPolicy.UntilSpecChanges,
  Capacity: RetryPolicy.Backoff,
  Blocked: RetryPolicy.BlockedBackoff,
  NotFound: RetryPolicy.Backoff,
  Stale: RetryPolicy.RequeueSoon,
  Transient: RetryPolicy.Backoff,
  OperationFailed: RetryPolicy.Backoff,
};

/** The project error for a catalogue row. */
function build(entry: ArmErrorEntry, e: { failure: ArmFailure; message: string; cause: unknown }): Error {
  const { failure: f, message } = e;
  const options = { cause: e.cause };
  const reason = entry.reason;
  switch (entry.class) {
    case ArmErrorClass.Throttled:
      return new ThrottledError(message, { ...options, retryAfterMs: throttleDelayMs(f) });
    case ArmErrorClass.Busy:
      return new OperationInProgressError(message, options);
    case ArmErrorClass.InvalidSpec:
      return new InvalidSpecError(message, { ...options, reason: reasonOf(f, reason) });
    case ArmErrorClass.QuotaExceeded:
      return new QuotaExceededError(message, { ...options, quota: parseQuotaDetails(f.message) });
    case ArmErrorClass.Capacity:
      return new CapacityError(message, { ...options, reason });
    case ArmErrorClass.Blocked: {
      const blocked = { ...options, reason, code: entry.code };
      return f.statusCode === 401 || f.statusCode === 403
        ? new AccessDeniedError(message, blocked)
        : new ArmBlockedError(message, blocked);
    }
    case ArmErrorClass.NotFound:
      return new ArmNotFoundError(message, { ...options, reason });
    case ArmErrorClass.Stale:
      return new ConflictError(message, options);
    case ArmErrorClass.Transient:
      return new TransientError(message, options);
    case ArmErrorClass.OperationFailed:
      return new OperationFailedError(message, { ...options, reason });
  }
}

/** The code to act on: the top-level one, unless ARM's generic wrapper hides a more specific AKS code. */
function effectiveCode(f: ArmFailure): string {
  const generic = new Set(['ResourceOperationFailure', 'DeploymentFailed', 'Conflict']);
  if (f.code && !generic.has(f.code)) return f.code;
  const inner = f.detailCodes.at(-1);
  return inner ?? f.code ?? (f.statusCode !== undefined ? `HTTP${f.statusCode}` : 'Unknown');
}

/** CamelCase reason for a Stalled condition: the subcode when AKS gives one (it is the specific rule). */
function reasonOf(f: ArmFailure, code: string): string {
  return f.subcode && /^[A-Za-z][A-Za-z0-9]*$/.test(f.subcode) ? f.subcode : code;
}

function mentionsRunningOperation(message: string): boolean {
  return /in progress|another operation|in-progress operation/i.test(message);
}

function isPoolUnknownToCluster(message: string): boolean {
  return /A new agent pool was introduced/i.test(message);
}

function isStateRefusal(message: string): boolean {
  return /Provisioning State\(\w*\) and Power State\(\w*\)/i.test(message);
}

function isQuotaMessage(message: string): boolean {
  return /exceeding approved .+ quota/i.test(message);
}

/** Reads the quota name and figures out of an AKS/Compute QuotaExceeded message, when present. */
export function parseQuotaDetails(message: string): QuotaDetails | undefined {
  const name = /exceeding approved (.+?) quota/i.exec(message)?.[1];
  if (!name) return undefined;
  const num = (label: string): number | undefined => {
    const m = new RegExp(`${label}:\\s*(\\d+)`, 'i').exec(message);
    return m?.[1] !== undefined ? Number(m[1]) : undefined;
  };
  const details: QuotaDetails = { name };
  const location = /Location:\s*([^,.\s]+)/i.exec(message)?.[1];
  if (location) details.location = location;
  const fields = {
    limit: num('Current Limit'),
    usage: num('Current Usage'),
    requested: num('Additional Required'),
    newLimitRequired: num('New Limit Required'),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) details[key as keyof typeof fields] = value;
  }
  return details;
}

function throttleDelayMs(f: ArmFailure): number {
  if (f.retryAfterMs !== undefined) return boundRetryAfter(f.retryAfterMs);
  // ARM's message names the wait when the header is missing: "Please try again after '6' seconds."
  const seconds = /try again after '?(\d+)'? seconds/i.exec(f.message)?.[1];
  if (seconds !== undefined) return boundRetryAfter(Number(seconds) * 1000);
  return DEFAULT_THROTTLE_RETRY_MS;
}
