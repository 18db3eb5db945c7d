// The signal code the controller runs once per reconcile (and leader election every renew), a million
// times, with the heap measured after a full GC every 100,000 calls: the slope, in bytes per call, says
// whether each call leaves something behind on the process-lifetime signals it links to.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { linkedAbort, realClock } from '../src/runtime/index.js';
import { atMost, info, type Scenario } from './scenario.js';
import { slope } from './stats.js';

const CALLS = 1_000_000;
const SAMPLE_EVERY = 100_000;
/** A leak of one byte per call is 1 MB per million reconciles; below that the slope is noise. */
const TARGET_BYTES_PER_CALL = 1;
const RECONCILE_TIMEOUT_MS = 60_000;

/** One call of a process's per-reconcile signal code, given the signals that live as long as it. */
type SignalCode = (lifetime: AbortSignal[]) => void;

/** What src/runtime/controller.ts runs per reconcile: one linked controller, released in finally. */
const linkedPerReconcile: SignalCode = (lifetime) => {
  const reconcileAbort = linkedAbort(lifetime);
  const timer = new AbortController();
  realClock.sleep(RECONCILE_TIMEOUT_MS, timer.signal).then(
    () => reconcileAbort.abort(new DOMException('reconcile timed out', 'TimeoutError')),
    () => undefined,
  );
  try {
    void reconcileAbort.signal.aborted; // the reconcile would run here
  } finally {
    timer.abort();
    reconcileAbort.release();
  }
};

/** The code before: AbortSignal.any over the process-lifetime signals and the reconcile's timeout. */
const anyPerReconcile: SignalCode = (lifetime) => {
  const timeout = new AbortController();
  const signal = AbortSignal.any([...lifetime, timeout.signal]);
  const timer = new AbortController();
  realClock.sleep(RECONCILE_TIMEOUT_MS, timer.signal).then(
    () => timeout.abort(new DOMException('reconcile timed out', 'TimeoutError')),
    () => undefined,
  );
  try {
    void signal.aborted;
  } finally {
    timer.abort();
  }
};

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap bytes each call leaves behind after GC, over `calls` calls sampled every SAMPLE_EVERY. */
export async function heapSlope(code: SignalCode, calls = CALLS, signal?: AbortSignal): Promise<number> {
  const gc = exposedGc();
  const lifetime = [new AbortController().signal, new AbortController().signal];
  const settledHeap = async (): Promise<number> => {
    // Let the aborted sleeps settle and WeakRefs made in the last job clear before collecting.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    return process.memoryUsage().heapUsed;
  };
  const points: Array<[number, number]> = [[0, await settledHeap()]];
  for (let done = 0; done < calls;) {
    signal?.throwIfAborted();
    for (let i = 0; i < SAMPLE_EVERY; i++) code(lifetime);
    done += SAMPLE_EVERY;
    points.push([done, await settledHeap()]);
  }
  return slope(points);
}

const bytesPerCall = (n: number): string => `${n.toFixed(2)} B/call`;

export const reconcileSignalScenario: Scenario = {
  name: 'reconcile-signal',
  title: 'heap slope of the per-reconcile signal code over a million calls',
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    ctx.progress(`per-reconcile signal code (linked controller), ${CALLS.toLocaleString('en')} calls`);
    const linked = await heapSlope(linkedPerReconcile, CALLS, ctx.signal);
    ctx.report(
      atMost(
        `per-reconcile signal heap slope (Node ${process.versions.node})`,
        linked,
        TARGET_BYTES_PER_CALL,
        bytesPerCall,
      ),
    );
    ctx.progress(`the code before (AbortSignal.any), ${CALLS.toLocaleString('en')} calls`);
    const any = await heapSlope(anyPerReconcile, CALLS, ctx.signal);
    ctx.report(
      info(`AbortSignal.any heap slope, the code before (Node ${process.versions.node})`, bytesPerCall(any)),
    );
  },
};
