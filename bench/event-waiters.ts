// Waits on conditions over state that watch events change: each waiter is re-checked at every event
// (the owner calls `notify`) and fails at its deadline or when its signal aborts.

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export class EventWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves once `check` holds; rejects after `timeoutMs` naming `what`. */
  waitUntil(check: () => boolean, what: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: Error): void => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const waiter: Waiter = { check, resolve: () => finish() };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const onAbort = (): void => finish(new Error(`aborted while waiting for ${what}`));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Re-checks every waiter; call after each event. */
  notify(): void {
    for (const waiter of [...this.waiters]) if (waiter.check()) waiter.resolve();
  }
}
