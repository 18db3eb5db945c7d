// Waits Azure dictates (Retry-After and its millisecond variants), parsed and bounded: Node fires
// timers longer than 2^31−1 ms after 1 ms, and a wait from outside must never stall a key forever.

/** Bounds on a wait that Azure dictates (Retry-After): Node fires timers past 2^31−1 ms after 1 ms. */
export const MIN_RETRY_AFTER_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** Wait after a 429 that names no time. */
export const DEFAULT_THROTTLE_RETRY_MS = 10_000;

/** Clamps a wait that Azure asked for into [MIN_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS]. */
export function boundRetryAfter(ms: number): number {
  if (!Number.isFinite(ms)) return DEFAULT_THROTTLE_RETRY_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, Math.round(ms)));
}

/** Headers as the SDK exposes them (`HttpHeaders.get`) or as a plain record. */
export type HeaderBag = { get(name: string): string | undefined } | Record<string, string | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | undefined }).get(name);
  }
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key !== undefined ? record[key] : undefined;
}

/** Retry-After in ms from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or HTTP date). */
export function retryAfterFromHeaders(
  headers: HeaderBag | undefined,
  nowMs = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(header(headers, name));
    if (header(headers, name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}
