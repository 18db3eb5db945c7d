// A clock for tests that drive schedules: real time shifted by an offset, so timers run at their real
// pace while the date is the one a test picks (a few seconds before a scheduled stop, say).
import { realClock, type Clock } from '../../src/runtime/index.js';

export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realClock.sleep(ms, signal);
  }
  /** Makes now() read `iso` minus `beforeMs`. */
  setTo(iso: string, beforeMs: number): void {
    this.offsetMs = Date.parse(iso) - beforeMs - Date.now();
  }
}
