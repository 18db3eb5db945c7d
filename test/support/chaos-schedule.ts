// The two clocks of a chaos run: the batch, each step applied once the steps before it were applied and
// its observed preconditions hold; and the killer, which SIGKILLs the operator at seeded random moments
// and starts it again after a short seeded delay.
import { applyOperation, type BatchStep } from './chaos-batch.js';
import { holds } from './chaos-convergence.js';
import type { OperatorProcess } from './chaos-operator.js';
import type { SeededRandom } from './chaos-random.js';
import type { Objects } from './operator.js';
import { waitFor } from './wait.js';

export interface AppliedStep {
  id: string;
  /** Real milliseconds since the batch began. */
  atMs: number;
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Applies every step as its dependencies allow; rejects naming the step whose precondition never held. */
export async function runBatch(
  steps: BatchStep[],
  objects: Objects,
  options: { preconditionTimeoutMs: number },
): Promise<AppliedStep[]> {
  const began = Date.now();
  const applied: AppliedStep[] = [];
  const done = new Map<string, Promise<void>>();
  // Once one step fails the others apply nothing more.
  const failed = new AbortController();
  const run = async (step: BatchStep): Promise<void> => {
    for (const id of step.after) {
      const before = done.get(id);
      if (!before) throw new Error(`step ${step.id} comes after unknown or later step ${id}`);
      await before;
    }
    if (step.when.length > 0) {
      await waitFor(async () => (await Promise.all(step.when.map((p) => holds(objects, p)))).every(Boolean), {
        timeoutMs: options.preconditionTimeoutMs,
        intervalMs: 250,
        message: `the preconditions of step ${step.id}: ${JSON.stringify(step.when)}`,
        signal: failed.signal,
      });
    }
    await sleep(step.jitterMs, failed.signal);
    failed.signal.throwIfAborted();
    await applyOperation(objects, step.operation);
    applied.push({ id: step.id, atMs: Date.now() - began });
  };
  for (const step of steps) {
    done.set(
      step.id,
      run(step).catch((err: unknown) => {
        failed.abort(err);
        throw err;
      }),
    );
  }
  await Promise.all(done.values());
  return applied;
}

export interface KillRecord {
  /** Real milliseconds the incarnation ran before it was killed. */
  aliveMs: number;
  /** Real milliseconds between the kill and the next start. */
  downMs: number;
}

/**
 * Kills the running operator `kills` times, each after it ran a random while, and starts it again.
 * After `signal` aborts it starts nothing more (the caller then kills what runs).
 */
export async function killRepeatedly(
  operator: OperatorProcess,
  random: SeededRandom,
  options: { kills: number; aliveMs: [number, number]; downMs: [number, number]; signal: AbortSignal },
): Promise<KillRecord[]> {
  const records: KillRecord[] = [];
  const { signal } = options;
  for (let i = 0; i < options.kills && !signal.aborted; i++) {
    const aliveMs = Math.round(random.between(...options.aliveMs));
    const downMs = Math.round(random.between(...options.downMs));
    await sleep(aliveMs, signal);
    if (signal.aborted) break;
    await operator.kill();
    await sleep(downMs, signal);
    if (signal.aborted) break;
    await operator.start();
    records.push({ aliveMs, downMs });
  }
  return records;
}

export interface ChaosPhase {
  applied: AppliedStep[];
  kills: KillRecord[];
  /** Real milliseconds from the first start of the operator to the end of the phase. */
  durationMs: number;
}

/**
 * Starts the operator and the fault windows, then applies the batch while killing the operator; ends
 * when both are done, with the faults cleared and the last incarnation left running.
 */
export async function runChaosPhase(options: {
  operator: OperatorProcess;
  faults: { start(): void; stop(): Promise<void> };
  steps: BatchStep[];
  objects: Objects;
  random: SeededRandom;
  kills: number;
  preconditionTimeoutMs: number;
}): Promise<ChaosPhase> {
  const { operator, faults } = options;
  const began = Date.now();
  await operator.start();
  faults.start();
  const stopKilling = new AbortController();
  const killing = killRepeatedly(operator, options.random, {
    kills: options.kills,
    aliveMs: [300, 4000],
    downMs: [100, 1000],
    signal: stopKilling.signal,
  });
  try {
    const applied = await runBatch(options.steps, options.objects, {
      preconditionTimeoutMs: options.preconditionTimeoutMs,
    });
    return { applied, kills: await killing, durationMs: Date.now() - began };
  } finally {
    stopKilling.abort();
    await killing.catch(() => undefined);
    await faults.stop();
  }
}
