// How long to wait before the next pass over a node that made no progress: exponential from 1 s to 30 s
// with ±10 % jitter, never sooner than the server's Retry-After. Not kubectl's fixed 5 s.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;
const JITTER = 0.1;

export function backoffDelayMs(passesWithoutProgress: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(passesWithoutProgress, 10));
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const jitter = 1 + (random() * 2 - 1) * JITTER;
  return Math.round(base * jitter);
}
