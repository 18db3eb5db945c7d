// Simulated time: AKS durations (drain timeout, node soak) in minutes, run at a chosen speed so a
// 30-minute drain timeout can take seconds in a test. timeScale = real seconds per simulated second.
import { setTimeout as delay } from 'node:timers/promises';

/** Node runs timers longer than 2^31-1 ms after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

export class SimTime {
  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
      throw new Error(
        `invalid timeScale ${timeScale}: use a positive number (1 = real time, 0.01 = 100x faster)`,
      );
    }
  }

  /** Real milliseconds standing for `minutes` of simulated time. */
  realMs(minutes: number): number {
    return Math.min(Math.round(minutes * 60_000 * this.timeScale), MAX_TIMER_MS);
  }

  /** Real milliseconds for a simulated interval, kept within [minMs, maxMs] of real time. */
  realIntervalMs(simulatedMs: number, bounds: { minMs: number; maxMs: number }): number {
    return Math.min(Math.max(Math.round(simulatedMs * this.timeScale), bounds.minMs), bounds.maxMs);
  }
}

/** Waits `ms` of real time; rejects with the signal's reason when it aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(Math.min(Math.max(ms, 0), MAX_TIMER_MS), undefined, { signal });
}

/** `5m0s`, the way AKS prints soak durations in node events. */
export function formatMinutes(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const hours = Math.floor(totalSeconds / 3600);
  const rest = `${Math.floor((totalSeconds % 3600) / 60)}m${totalSeconds % 60}s`;
  return hours > 0 ? `${hours}h${rest}` : rest;
}
