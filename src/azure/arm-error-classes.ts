// The ARM layer's own error classes, beside the runtime's: quota, capacity, access, blocks from outside the
// spec, failed operations and absence. Each extends the runtime class whose retry behaviour it needs and
// carries the Azure code.

import { Reason } from '../api/index.js';
import { BlockedError, InvalidSpecError, TransientError } from '../runtime/index.js';

export interface ArmErrorOptions {
  cause?: unknown;
}

/** Quota figures AKS puts in a QuotaExceeded message, when it does. */
export interface QuotaDetails {
  /** e.g. `standardBSFamily Cores`, `Total Regional Cores`. */
  name: string;
  location?: string;
  limit?: number;
  usage?: number;
  /** Additional cores the operation needed. */
  requested?: number;
  /** The smallest limit that would let the operation through. */
  newLimitRequired?: number;
}

// The runtime's classes type `name` as a literal, so a subclass cannot redeclare it; assign instead.
function rename(error: Error, name: string): void {
  (error as { name: string }).name = name;
}

/** The subscription's quota does not cover the request; reason `QuotaExceeded`. No retry until the spec changes. */
export class QuotaExceededError extends InvalidSpecError {
  readonly quota?: QuotaDetails;
  constructor(message: string, options: ArmErrorOptions & { quota?: QuotaDetails; field?: string }) {
    super(message, { ...options, reason: Reason.QuotaExceeded });
    rename(this, 'QuotaExceededError');
    if (options.quota) this.quota = options.quota;
  }
}

/**
 * Azure has no capacity for the VM size / zone asked for (`AllocationFailed`, `ZonalAllocationFailed`,
 * `SkuNotAvailable`, `OverconstrainedAllocationRequest`, …). Retried with backoff (capacity comes back),
 * `reason` is the Azure code for the condition; changing VM size or zones is the user's way out.
 */
export class CapacityError extends TransientError {
  readonly reason: string;
  constructor(message: string, options: ArmErrorOptions & { reason: string }) {
    super(message, options);
    rename(this, 'CapacityError');
    this.reason = options.reason;
  }
}

/**
 * Azure refused the request for a reason outside the spec that will not pass by itself: a resource lock
 * (`ScopeLocked`), Azure Policy (`RequestDisallowedByPolicy`), a subscription that is missing, disabled or
 * not registered for the resource provider. Retried with a slow capped backoff; `reason` is the condition
 * reason from the ARM error catalogue, `code` the ARM code as Azure sent it.
 */
export class ArmBlockedError extends BlockedError {
  override readonly name: string = 'ArmBlockedError';
  readonly code: string;
  constructor(message: string, options: ArmErrorOptions & { reason: string; code: string }) {
    super(message, options);
    this.code = options.code;
  }
}

/** The credential was refused (401), lacks a role (403), or no token could be obtained. Blocked: fixing it happens outside the spec. */
export class AccessDeniedError extends ArmBlockedError {
  override readonly name: string = 'AccessDeniedError';
}

/**
 * An accepted long-running operation ended `Failed` for a reason that is not a broken rule of the
 * spec (`UpgradeFailed` on a blocked drain, internal errors, preemption). AKS resumes on the next PUT,
 * so it is retried with backoff; `reason` is the AKS code for the condition.
 */
export class OperationFailedError extends TransientError {
  readonly reason: string;
  constructor(message: string, options: ArmErrorOptions & { reason: string }) {
    super(message, options);
    rename(this, 'OperationFailedError');
    this.reason = options.reason;
  }
}

/** ARM answered 404: the resource (or its parent, or its resource group) does not exist. */
export class ArmNotFoundError extends Error {
  override readonly name = 'ArmNotFoundError';
  /** `ResourceNotFound`, `ResourceGroupNotFound`, `NotFound`, … */
  readonly reason: string;
  constructor(message: string, options: ArmErrorOptions & { reason: string }) {
    super(message, options);
    this.reason = options.reason;
  }
}

export const isQuotaExceededError = (e: unknown): e is QuotaExceededError => e instanceof QuotaExceededError;
export const isCapacityError = (e: unknown): e is CapacityError => e instanceof CapacityError;
export const isArmBlockedError = (e: unknown): e is ArmBlockedError => e instanceof ArmBlockedError;
export const isAccessDeniedError = (e: unknown): e is AccessDeniedError => e instanceof AccessDeniedError;
export const isOperationFailedError = (e: unknown): e is OperationFailedError =>
  e instanceof OperationFailedError;
export const isArmNotFoundError = (e: unknown): e is ArmNotFoundError => e instanceof ArmNotFoundError;
