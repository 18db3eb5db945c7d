import {
  boundRetryAfter,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_AFTER_MS,
  retryAfterFromHeaders,
} from './retry-after.js';

describe('retryAfterFromHeaders', () => {
  it.each([
    [{ 'Retry-After': '6' }, 6_000],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'x-ms-retry-after-ms': '1500', 'retry-after': '9' }, 1_500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %p', (headers, expected) => {
    expect(retryAfterFromHeaders(headers, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });

  it('bounds waits into the allowed window', () => {
    expect(boundRetryAfter(0)).toBe(MIN_RETRY_AFTER_MS);
    expect(boundRetryAfter(2 ** 40)).toBe(MAX_RETRY_AFTER_MS);
    expect(boundRetryAfter(4_200)).toBe(4_200);
  });
});
