// Project error classes the controller loop acts on, and classification of Kubernetes API errors into them.
// Controllers never look at HTTP status codes: they throw (or rethrow) these.

interface ErrorOptions {
  cause?: unknown;
}

/** Worth retrying with backoff: network failure, 5xx, timeout. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The other side asked us to slow down; retry after `retryAfterMs`. */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
  readonly retryAfterMs: number;
  constructor(message: string, options: ErrorOptions & { retryAfterMs: number }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Another operation on the resource is running; come back after `retryAfterMs` (or the controller's poll interval). */
export class OperationInProgressError extends Error {
  override readonly name = 'OperationInProgressError';
  readonly retryAfterMs?: number;
  constructor(message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** The spec cannot be realised as written; no retry until the user changes it. */
export class InvalidSpecError extends Error {
  override readonly name = 'InvalidSpecError';
  /** Field path the problem is in, when known (`spec.osDiskSizeGB`). */
  readonly field?: string;
  /** CamelCase reason for the Stalled condition (an upstream error code or ours). */
  readonly reason: string;
  constructor(message: string, options: ErrorOptions & { reason: string; field?: string }) {
    super(message, options);
    this.reason = options.reason;
    if (options.field !== undefined) this.field = options.field;
  }
}

/** Our write lost an optimistic-concurrency race (409 on a Kubernetes write); requeue quickly. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Something outside the spec refuses the work and will not pass by itself: a resource lock, a missing
 * permission, a policy that denies the request, a disabled subscription. Retried with a slow, capped
 * exponential backoff, so the fix is noticed without a spec change; `reason` names the cause.
 */
export class BlockedError extends Error {
  override readonly name: string = 'BlockedError';
  /** CamelCase reason for the Stalled condition (`ResourceLocked`, `AuthorizationFailed`, …). */
  readonly reason: string;
  constructor(message: string, options: ErrorOptions & { reason: string }) {
    super(message, options);
    this.reason = options.reason;
  }
}

export const isTransientError = (e: unknown): e is TransientError => e instanceof TransientError;
export const isThrottledError = (e: unknown): e is ThrottledError => e instanceof ThrottledError;
export const isOperationInProgressError = (e: unknown): e is OperationInProgressError =>
  e instanceof OperationInProgressError;
export const isInvalidSpecError = (e: unknown): e is InvalidSpecError => e instanceof InvalidSpecError;
export const isConflictError = (e: unknown): e is ConflictError => e instanceof ConflictError;
export const isBlockedError = (e: unknown): e is BlockedError => e instanceof BlockedError;

/** Whether this is an abort (our signal fired), which is not a failure of the work itself. */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}

/** HTTP status of a Kubernetes API error (client-node `ApiException.code`, or a watch error's `statusCode`). */
export function kubeStatusCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, statusCode } = e as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** The object (or its namespace) does not exist. */
export const isNotFound = (e: unknown): boolean => kubeStatusCode(e) === 404;
/** The resourceVersion asked for is too old (410 Gone / Expired): relist. */
export const isGone = (e: unknown): boolean => kubeStatusCode(e) === 410;
/** A create found the object already there. */
export const isAlreadyExists = (e: unknown): boolean =>
  kubeStatusCode(e) === 409 && kubeStatusReason(e) === 'AlreadyExists';

/** `reason` of the metav1.Status carried by an API error (`Conflict`, `AlreadyExists`, `NotFound`…). */
export function kubeStatusReason(e: unknown): string | undefined {
  const status = kubeStatusBody(e);
  return typeof status?.reason === 'string' ? status.reason : undefined;
}

interface StatusBody {
  reason?: unknown;
  message?: unknown;
  details?: { retryAfterSeconds?: unknown };
}

function kubeStatusBody(e: unknown): StatusBody | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const body = (e as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null) return body as StatusBody;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : undefined;
    } catch {
      // Not JSON: an HTML or plain-text error page; there is no Status to read.
      return undefined;
    }
  }
  return undefined;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function isNetworkError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    if (cur instanceof TypeError && cur.message === 'fetch failed') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Default wait when a 429 carries no Retry-After. */
export const DEFAULT_THROTTLE_RETRY_MS = 1000;

function retryAfterMsOf(e: unknown): number {
  const headers = (e as { headers?: Record<string, string> }).headers;
  const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const seconds =
    header !== undefined ? Number(header) : Number(kubeStatusBody(e)?.details?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_THROTTLE_RETRY_MS;
}

function describe(e: unknown): string {
  const message = kubeStatusBody(e)?.message;
  if (typeof message === 'string') return message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns an error from a Kubernetes API call into a project error: 409 → ConflictError, 429 →
 * ThrottledError, 5xx / network → TransientError. Anything else (404, 400, 403, our own classes,
 * aborts) is returned unchanged: callers test 404 with `isNotFound` where absence is expected.
 * `what` completes the message: `cannot ${what}: …`.
 */
export function classifyKubeError(e: unknown, what = 'call the Kubernetes API'): unknown {
  if (e instanceof TransientError || e instanceof ThrottledError || e instanceof ConflictError) return e;
  if (e instanceof InvalidSpecError || e instanceof OperationInProgressError) return e;
  if (isAbortError(e)) return e;
  const code = kubeStatusCode(e);
  const message = `cannot ${what}: ${describe(e)}`;
  if (code === 409 && kubeStatusReason(e) !== 'AlreadyExists')
    return new ConflictError(message, { cause: e });
  if (code === 429) return new ThrottledError(message, { cause: e, retryAfterMs: retryAfterMsOf(e) });
  if (code !== undefined && code >= 500) return new TransientError(message, { cause: e });
  if (code === undefined && isNetworkError(e)) return new TransientError(message, { cause: e });
  return e;
}
