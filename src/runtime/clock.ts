// Injected time: reconcilers, queues and leader election read time and wait through a Clock so tests
// can drive time by hand (ManualClock) instead of sleeping.

/** Longest delay a Node timer honours; longer ones fire after 1 ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Source of time and of interruptible waits. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` (bounded to MAX_TIMER_DELAY_MS); rejects with the signal's reason when the
   * signal aborts first (immediately when it is already aborted).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Clamps a delay that may come from outside (Retry-After, schedules) to what a timer can honour. */
export function boundDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_DELAY_MS : 0;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_DELAY_MS);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Wall-clock time and real timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, boundDelay(ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/** A clock that moves only when a test calls `advance` or `set`. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.current + boundDelay(ms),
        seq: this.seq++,
        resolve: () => resolve(),
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of sleeps not yet due. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Earliest pending wake-up time, if any. */
  nextWakeAt(): number | undefined {
    return this.sleepers.reduce<number | undefined>(
      (min, s) => (min === undefined || s.at < min ? s.at : min),
      undefined,
    );
  }

  /**
   * Moves time forward, waking due sleepers in time order and letting the code they resume run
   * (including sleeps it starts that fall due within the same advance).
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      this.sleepers = this.sleepers.filter((s) => s !== due);
      due.resolve();
    }
    this.current = target;
    await settle();
  }
}

/** Lets pending promise continuations and immediates run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
