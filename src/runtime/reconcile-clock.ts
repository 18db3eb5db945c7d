// The operator's own time in one reconcile: wall time minus the time it awaited the outside world (Azure
// calls, ARM budget waits, Kubernetes API I/O). Awaits that overlap are counted once: the clock tracks
// whether any is in flight, not a sum. Calls find the running reconcile's clock through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';

/** A finished reconcile's times, in milliseconds. */
export interface ReconcileTimes {
  wallMs: number;
  /** Time during which at least one outside call was in flight. */
  awaitedMs: number;
  /** wallMs - awaitedMs: the operator's own work, and the event loop's queue in front of it. */
  ownMs: number;
}

export class ReconcileClock {
  private readonly startedAt: number;
  private inFlight = 0;
  private awaitingSince = 0;
  private awaitedMs = 0;
  private finished = false;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
  }

  /**
   * Marks the start of an outside wait; the returned function marks its end (once; later calls do
   * nothing). Waits begun or ended after `finish` are ignored: they belong to no reconcile any more.
   */
  beginWait(): () => void {
    if (this.finished) return () => undefined;
    if (this.inFlight++ === 0) this.awaitingSince = this.now();
    let ended = false;
    return () => {
      if (ended || this.finished) return;
      ended = true;
      if (--this.inFlight === 0) this.awaitedMs += this.now() - this.awaitingSince;
    };
  }

  /** Stops the clock; a wait still in flight (a call that never answered) counts until now. */
  finish(): ReconcileTimes {
    const end = this.now();
    if (!this.finished && this.inFlight > 0) this.awaitedMs += end - this.awaitingSince;
    this.finished = true;
    const wallMs = end - this.startedAt;
    return { wallMs, awaitedMs: this.awaitedMs, ownMs: Math.max(0, wallMs - this.awaitedMs) };
  }
}

const storage = new AsyncLocalStorage<ReconcileClock>();

/** Runs `fn` with `clock` as the reconcile clock of everything it calls. */
export function runWithReconcileClock<T>(clock: ReconcileClock, fn: () => Promise<T>): Promise<T> {
  return storage.run(clock, fn);
}

/** Marks the start of an outside wait in the running reconcile, if any; call the result when it ends. */
export function beginOutsideWait(): () => void {
  return storage.getStore()?.beginWait() ?? (() => undefined);
}

/** Awaits `fn`, counting the time as an outside wait of the running reconcile (not its own time). */
export async function awaitOutside<T>(fn: () => Promise<T>): Promise<T> {
  const end = beginOutsideWait();
  try {
    return await fn();
  } finally {
    end();
  }
}
