import {
  ConflictError,
  InvalidSpecError,
  OperationInProgressError,
  ThrottledError,
  TransientError,
  classifyKubeError,
  isAlreadyExists,
  isConflictError,
  isGone,
  isInvalidSpecError,
  isNotFound,
  isOperationInProgressError,
  isThrottledError,
  isTransientError,
} from './errors.js';

/** Shaped like client-node's ApiException. */
function apiException(
  code: number,
  reason: string,
  headers: Record<string, string> = {},
  details?: object,
): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), {
    code,
    body: { kind: 'Status', code, reason, message: `${reason} happened`, ...(details ? { details } : {}) },
    headers,
  });
}

describe('classifyKubeError', () => {
  it.each([
    ['a 409 Conflict on our write becomes ConflictError', apiException(409, 'Conflict'), isConflictError],
    ['a 429 becomes ThrottledError', apiException(429, 'TooManyRequests'), isThrottledError],
    ['a 500 becomes TransientError', apiException(500, 'InternalError'), isTransientError],
    ['a 503 becomes TransientError', apiException(503, 'ServiceUnavailable'), isTransientError],
    ['a 504 timeout becomes TransientError', apiException(504, 'Timeout'), isTransientError],
    [
      'a refused connection becomes TransientError',
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      }),
      isTransientError,
    ],
    [
      'a reset socket becomes TransientError',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      isTransientError,
    ],
  ])('%s', (_name, input, guard) => {
    const classified = classifyKubeError(input, 'update widget w1');
    expect(guard(classified)).toBe(true);
    expect((classified as Error).message).toMatch(/^cannot update widget w1: /);
    expect((classified as Error).cause).toBe(input);
  });

  it.each([
    ['404 (absence is for the caller to judge)', apiException(404, 'NotFound')],
    ['400', apiException(400, 'BadRequest')],
    ['403', apiException(403, 'Forbidden')],
    ['409 AlreadyExists (a create that lost the race)', apiException(409, 'AlreadyExists')],
    ['an abort', new DOMException('aborted', 'AbortError')],
  ])('returns %s unchanged', (_name, input) => {
    expect(classifyKubeError(input)).toBe(input);
  });

  it('keeps an error that is already classified', () => {
    const e = new TransientError('x');
    expect(classifyKubeError(e)).toBe(e);
  });

  it('reads Retry-After from the header', () => {
    const e = classifyKubeError(apiException(429, 'TooManyRequests', { 'retry-after': '7' }));
    expect(isThrottledError(e) && e.retryAfterMs).toBe(7000);
  });

  it('reads retryAfterSeconds from the Status when there is no header', () => {
    const e = classifyKubeError(apiException(429, 'TooManyRequests', {}, { retryAfterSeconds: 3 }));
    expect(isThrottledError(e) && e.retryAfterMs).toBe(3000);
  });

  it('uses the message of the Status body', () => {
    const e = classifyKubeError(apiException(500, 'InternalError')) as Error;
    expect(e.message).toContain('InternalError happened');
  });
});

describe('status helpers', () => {
  it('recognises 404, 410 and AlreadyExists, including a watch error carrying statusCode', () => {
    expect(isNotFound(apiException(404, 'NotFound'))).toBe(true);
    expect(isNotFound(apiException(409, 'Conflict'))).toBe(false);
    expect(isGone(Object.assign(new Error('Gone'), { statusCode: 410 }))).toBe(true);
    expect(isAlreadyExists(apiException(409, 'AlreadyExists'))).toBe(true);
    expect(isAlreadyExists(apiException(409, 'Conflict'))).toBe(false);
    expect(isNotFound('not an error')).toBe(false);
  });
});

describe('error classes', () => {
  it('carry their data, name and cause, and guards tell them apart', () => {
    const cause = new Error('root');
    const errors = [
      new TransientError('t', { cause }),
      new ThrottledError('th', { cause, retryAfterMs: 5 }),
      new OperationInProgressError('op', { retryAfterMs: 9 }),
      new InvalidSpecError('bad', { reason: 'VMCacheSizeTooSmall', field: 'spec.osDiskSizeGB' }),
      new ConflictError('c'),
    ];
    const guards = [
      isTransientError,
      isThrottledError,
      isOperationInProgressError,
      isInvalidSpecError,
      isConflictError,
    ];
    errors.forEach((e, i) => guards.forEach((g, j) => expect(g(e)).toBe(i === j)));
    expect(errors.map((e) => e.name)).toEqual([
      'TransientError',
      'ThrottledError',
      'OperationInProgressError',
      'InvalidSpecError',
      'ConflictError',
    ]);
    expect(errors[0]?.cause).toBe(cause);
    const invalid = errors[3] as InvalidSpecError;
    expect([invalid.reason, invalid.field]).toEqual(['VMCacheSizeTooSmall', 'spec.osDiskSizeGB']);
    expect((errors[1] as ThrottledError).retryAfterMs).toBe(5);
  });
});
