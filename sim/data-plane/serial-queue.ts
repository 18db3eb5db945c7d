// Runs tasks one after another: a simulated cluster runs one data-plane operation at a time, as AKS runs
// one operation per cluster. A task whose signal aborts while it waits for its turn never starts.

export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => {
      signal.throwIfAborted();
      return task();
    });
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return raceAbort(turn, signal);
  }

  /** Resolves once every task queued so far has finished. */
  async drained(): Promise<void> {
    await this.tail;
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}
