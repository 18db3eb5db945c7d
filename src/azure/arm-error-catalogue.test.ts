import { RestError } from '@azure/arm-containerservice';
import { Reason } from '../api/index.js';
import {
  ConflictError,
  InvalidSpecError,
  isBlockedError,
  OperationInProgressError,
  RetryPolicy,
  retryPolicyOf,
  ThrottledError,
  TransientError,
} from '../runtime/index.js';
import {
  ARM_ERROR_CATALOGUE,
  ArmErrorClass,
  catalogueEntry,
  conditionReasonOf,
  type ArmErrorEntry,
} from './arm-error-catalogue.js';
import {
  AccessDeniedError,
  ArmBlockedError,
  ArmNotFoundError,
  CapacityError,
  OperationFailedError,
  QuotaExceededError,
} from './arm-error-classes.js';
import { classifyArmError } from './arm-errors.js';

const CALL = { verb: 'update', what: 'managed cluster c1' };
/** A message that none of the message rules (busy, quota, stopped cluster) reads anything into. */
const MESSAGE = 'Refused.';

type ErrorClass = abstract new (...args: never[]) => Error;
const CLASS: Record<ArmErrorClass, ErrorClass> = {
  Throttled: ThrottledError,
  Busy: OperationInProgressError,
  InvalidSpec: InvalidSpecError,
  QuotaExceeded: QuotaExceededError,
  Capacity: CapacityError,
  Blocked: ArmBlockedError,
  NotFound: ArmNotFoundError,
  Stale: ConflictError,
  Transient: TransientError,
  OperationFailed: OperationFailedError,
};

/** The status a row without one is tried with: what AKS answers synchronously for its kind of code. */
function statusFor(entry: ArmErrorEntry): number {
  if (entry.status !== undefined) return entry.status;
  if (entry.class === ArmErrorClass.Transient) return 500;
  if (entry.class === ArmErrorClass.OperationFailed) return 409;
  return 400;
}

const rows = ARM_ERROR_CATALOGUE.map((e) => [`${e.code} (${e.status ?? 'any status'})`, e] as const);

describe('the ARM error catalogue', () => {
  it.each(rows)('%s: answered synchronously, has its class, retry and reason', (_name, entry) => {
    const status = statusFor(entry);
    const classified = classifyArmError(
      new RestError(MESSAGE, { statusCode: status, code: entry.code }),
      CALL,
    );
    expect(classified).toBeInstanceOf(CLASS[entry.class]);
    expect(retryPolicyOf(classified)).toBe(entry.retry);
    expect(conditionReasonOf(classified) ?? '').toBe(entry.reason);
    expect(classified.message).toBe(`cannot update managed cluster c1: ${entry.code}: ${MESSAGE}`);
  });

  const asyncRows = rows.filter(([, e]) => e.status === undefined);
  it.each(asyncRows)(
    '%s: as the code of a failed operation, has the same class and reason',
    (_name, entry) => {
      const failed = new Error(`The long-running operation has failed. ${entry.code}. ${MESSAGE}`);
      const classified = classifyArmError(failed, CALL);
      expect(classified).toBeInstanceOf(CLASS[entry.class]);
      expect(retryPolicyOf(classified)).toBe(entry.retry);
      expect(conditionReasonOf(classified)).toBe(entry.reason);
    },
  );

  it('holds each code once per status, so a lookup is never ambiguous', () => {
    const keys = ARM_ERROR_CATALOGUE.map((e) => `${e.code}/${e.status ?? '*'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('backs off every error that is neither waiting, a stale write nor a broken rule', () => {
    const waiting = new Set<ArmErrorClass>([
      ArmErrorClass.Throttled,
      ArmErrorClass.Busy,
      ArmErrorClass.Stale,
    ]);
    const spec = new Set<ArmErrorClass>([ArmErrorClass.InvalidSpec, ArmErrorClass.QuotaExceeded]);
    for (const entry of ARM_ERROR_CATALOGUE) {
      if (waiting.has(entry.class) || spec.has(entry.class)) continue;
      expect([RetryPolicy.Backoff, RetryPolicy.BlockedBackoff]).toContain(entry.retry);
    }
  });

  it('names every block from outside the spec with a documented API reason', () => {
    const apiReasons = new Set<string>(Object.values(Reason));
    const blocked = ARM_ERROR_CATALOGUE.filter((e) => e.class === ArmErrorClass.Blocked);
    expect(blocked.map((e) => e.code)).toEqual(
      expect.arrayContaining([
        'ScopeLocked',
        'AuthorizationFailed',
        'LinkedAuthorizationFailed',
        'RequestDisallowedByPolicy',
        'InvalidAuthenticationToken',
        'SubscriptionNotFound',
        'MissingSubscriptionRegistration',
        'ReadOnlyDisabledSubscription',
        'NoRegisteredProviderFound',
      ]),
    );
    for (const entry of blocked) expect(apiReasons).toContain(entry.reason);
    expect(apiReasons).toContain(catalogueEntry('ResourceGroupNotFound', 404)?.reason);
  });

  it('tells OperationNotAllowed apart by status: 409 waits for the running operation, 400 is a broken rule', () => {
    expect(catalogueEntry('OperationNotAllowed', 409)?.class).toBe(ArmErrorClass.Busy);
    expect(catalogueEntry('OperationNotAllowed', 400)?.class).toBe(ArmErrorClass.InvalidSpec);
  });

  it('reports a 401 or 403 block as access denied, and anything else blocked as a plain block', () => {
    const denied = classifyArmError(
      new RestError(MESSAGE, { statusCode: 403, code: 'RequestDisallowedByPolicy' }),
      CALL,
    );
    expect(denied).toBeInstanceOf(AccessDeniedError);
    const locked = classifyArmError(new RestError(MESSAGE, { statusCode: 409, code: 'ScopeLocked' }), CALL);
    expect(locked).not.toBeInstanceOf(AccessDeniedError);
    expect(isBlockedError(locked)).toBe(true);
    expect((locked as ArmBlockedError).code).toBe('ScopeLocked');
  });

  it.each([
    ['an unknown 409', 409, Reason.AzureConflict, RetryPolicy.BlockedBackoff],
    ['an unknown 403', 403, Reason.AuthorizationFailed, RetryPolicy.BlockedBackoff],
    ['an unknown 401', 401, Reason.AuthenticationFailed, RetryPolicy.BlockedBackoff],
    ['an unknown 5xx', 502, Reason.AzureUnavailable, RetryPolicy.Backoff],
  ])('falls back on the status for %s', (_name, status, reason, retry) => {
    const classified = classifyArmError(
      new RestError(MESSAGE, { statusCode: status, code: 'SomethingNew' }),
      CALL,
    );
    expect(conditionReasonOf(classified)).toBe(reason);
    expect(retryPolicyOf(classified)).toBe(retry);
  });
});
