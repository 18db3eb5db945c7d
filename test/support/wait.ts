// Polls a condition until it holds or a deadline passes; the failure names what was awaited and what was
// last seen, so a red test explains itself.
import { inspect } from 'node:util';

export interface WaitOptions<T> {
  timeoutMs: number;
  intervalMs?: number;
  /** What is awaited, e.g. `node n1 to become Ready`. */
  message: string;
  /** When the probed value is good enough; default: truthy. */
  until?: (value: T) => boolean;
  signal?: AbortSignal;
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly lastObserved: unknown,
  ) {
    super(message);
  }
}

function describe(observed: { value?: unknown; error?: unknown } | undefined): string {
  if (!observed) return 'nothing (the probe never completed)';
  if ('error' in observed) {
    const err = observed.error;
    return `error ${err instanceof Error ? `${err.name}: ${err.message}` : inspect(err)}`;
  }
  return inspect(observed.value, { depth: 4, breakLength: 120 });
}

/**
 * Calls `probe` every `intervalMs` until `until(value)` holds and returns that value. A probe that throws
 * (e.g. NotFound before an object exists) counts as not yet. Throws WaitTimeoutError at the deadline.
 */
export async function waitFor<T>(probe: () => Promise<T> | T, options: WaitOptions<T>): Promise<T> {
  const until = options.until ?? ((value: T) => Boolean(value));
  const intervalMs = options.intervalMs ?? 100;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let last: { value?: unknown; error?: unknown } | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await probe();
      last = { value };
      if (until(value)) return value;
    } catch (error: unknown) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(
        `timed out after ${Date.now() - started} ms waiting for ${options.message}; last observed: ${describe(last)}`,
        last && 'error' in last ? last.error : last?.value,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
