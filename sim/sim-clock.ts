// Simulated time: runs `1 / timeScale` times faster than the wall clock and can be advanced by hand,
// so node-image releases and operation durations play out in seconds instead of days.

export interface SimClockOptions {
  /** Real seconds per simulated second (0.01: a 4-minute create takes 2.4 s). */
  timeScale: number;
  /** Simulated time at start; defaults to the wall clock. */
  startMs?: number;
  /** Wall clock, injectable for tests. */
  realNow?: () => number;
}

export class SimClock {
  readonly timeScale: number;
  private readonly realNow: () => number;
  private readonly realStart: number;
  private readonly simStart: number;
  private advancedMs = 0;

  constructor(options: SimClockOptions) {
    if (!(options.timeScale > 0)) throw new Error(`timeScale must be > 0, got ${options.timeScale}`);
    this.timeScale = options.timeScale;
    this.realNow = options.realNow ?? Date.now;
    this.realStart = this.realNow();
    this.simStart = options.startMs ?? this.realStart;
  }

  /** Simulated now, in ms since the epoch. */
  now(): number {
    return this.simStart + (this.realNow() - this.realStart) / this.timeScale + this.advancedMs;
  }

  advance(ms: number): void {
    this.advancedMs += ms;
  }

  /** Real milliseconds that a simulated duration takes. */
  realMs(simulatedMs: number): number {
    return simulatedMs * this.timeScale;
  }

  /** Waits a simulated duration; rejects with the signal's reason when aborted. */
  sleep(simulatedMs: number, signal: AbortSignal): Promise<void> {
    return abortableDelay(this.realMs(simulatedMs), signal);
  }
}

/** Node runs timers longer than 2^31-1 ms after 1 ms, so long waits are clamped. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    function done(): void {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
