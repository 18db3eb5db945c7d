// The clocks of a chaos run: the batch, each step applied once the steps before it were applied and its
// observed preconditions hold; the killer, which SIGKILLs the operator at seeded random moments and starts
// it again after a short seeded delay; and a second killer aimed at the blue/green replacement's steps.
import { applyOperation, type BatchContext, type BatchStep } from './chaos-batch.js';
import { holds } from './chaos-convergence.js';
import type { OperatorProcess } from './chaos-operator.js';
import type { SeededRandom } from './chaos-random.js';
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
  context: BatchContext,
  options: { preconditionTimeoutMs: number },
): Promise<AppliedStep[]> {
  const { objects } = context;
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
    await applyOperation(context, step.operation);
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
  /** The blue/green step the pool was at when the kill aimed at the replacement struck. */
  replacementStep?: string;
}

/** Kill-and-start cycles of one operator, one at a time, whoever asks for them. */
export class KillSwitch {
  private last: Promise<void> = Promise.resolve();
  private aliveSince = Date.now();

  constructor(readonly operator: OperatorProcess) {}

  async start(): Promise<void> {
    await this.operator.start();
    this.aliveSince = Date.now();
  }

  /**
   * Kills the operator (when `strike` still says so once earlier cycles ended) and starts it again
   * after `downMs`, unless `signal` aborted meanwhile. Resolves with the record, or undefined if spared.
   */
  cycle(options: {
    downMs: number;
    signal: AbortSignal;
    strike?: () => Promise<boolean>;
  }): Promise<KillRecord | undefined> {
    const run = async (): Promise<KillRecord | undefined> => {
      if (options.signal.aborted || (options.strike && !(await options.strike()))) return undefined;
      const aliveMs = Date.now() - this.aliveSince;
      await this.operator.kill();
      await sleep(options.downMs, options.signal);
      if (options.signal.aborted) return undefined;
      await this.start();
      return { aliveMs, downMs: options.downMs };
    };
    const result = this.last.then(run);
    this.last = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * Kills the running operator `kills` times, each after it ran a random while, and starts it again.
 * After `signal` aborts it starts nothing more (the caller then kills what runs).
 */
export async function killRepeatedly(
  killSwitch: KillSwitch,
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
    const record = await killSwitch.cycle({ downMs, signal });
    if (record) records.push(record);
  }
  return records;
}

/** Reads which blue/green step a pool is at, or undefined when no replacement runs. */
export type ReplacementProbe = () => Promise<string | undefined>;

/**
 * Picks `kills` of the replacement's `steps` (in their order) at random, and kills the operator once the
 * replacement reached each of them, after a seeded delay; a kill whose moment comes after the replacement
 * ended is spared, and so are the rest.
 */
export async function killDuringReplacement(
  killSwitch: KillSwitch,
  random: SeededRandom,
  options: {
    kills: number;
    /** The replacement's steps in the order they run. */
    steps: readonly string[];
    step: ReplacementProbe;
    startTimeoutMs: number;
    /** Real milliseconds from reaching a chosen step to the kill. */
    delayMs: [number, number];
    downMs: [number, number];
    signal: AbortSignal;
  },
): Promise<KillRecord[]> {
  const { signal, step, steps } = options;
  const order = (s: string | undefined): number => (s === undefined ? -1 : steps.indexOf(s));
  const targets = random
    .shuffle(steps)
    .slice(0, options.kills)
    .sort((a, b) => order(a) - order(b));
  const current = (): Promise<string | undefined> => step().catch(() => undefined);
  await waitFor(current, {
    timeoutMs: options.startTimeoutMs,
    intervalMs: 50,
    message: 'the blue/green replacement to start',
    signal,
  });
  const records: KillRecord[] = [];
  for (const target of targets) {
    // Until the replacement reaches the target (or a later step), or ends.
    const reached = await waitFor(current, {
      timeoutMs: options.startTimeoutMs,
      intervalMs: 50,
      message: `the blue/green replacement to reach ${target}`,
      until: (s) => s === undefined || order(s) >= order(target),
      signal,
    });
    if (reached === undefined) break;
    const downMs = Math.round(random.between(...options.downMs));
    await sleep(Math.round(random.between(...options.delayMs)), signal);
    let at: string | undefined;
    const strike = async (): Promise<boolean> => {
      at = await current();
      return at !== undefined;
    };
    const record = await killSwitch.cycle({ downMs, signal, strike });
    if (!record) break;
    records.push({ ...record, replacementStep: at });
  }
  return records;
}

export interface ChaosPhase {
  applied: AppliedStep[];
  kills: KillRecord[];
  /** Kills aimed at the blue/green replacement that struck while it ran. */
  replacementKills: KillRecord[];
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
  context: BatchContext;
  random: SeededRandom;
  kills: number;
  replacement: { kills: number; steps: readonly string[]; step: ReplacementProbe };
  preconditionTimeoutMs: number;
}): Promise<ChaosPhase> {
  const { faults } = options;
  const killSwitch = new KillSwitch(options.operator);
  const began = Date.now();
  await killSwitch.start();
  faults.start();
  const stopKilling = new AbortController();
  const downMs: [number, number] = [100, 1000];
  const killing = killRepeatedly(killSwitch, options.random.fork(), {
    kills: options.kills,
    aliveMs: [300, 4000],
    downMs,
    signal: stopKilling.signal,
  });
  const replacementKilling = killDuringReplacement(killSwitch, options.random.fork(), {
    ...options.replacement,
    startTimeoutMs: options.preconditionTimeoutMs * 2,
    delayMs: [0, 600],
    downMs,
    signal: stopKilling.signal,
  });
  try {
    const applied = await runBatch(options.steps, options.context, {
      preconditionTimeoutMs: options.preconditionTimeoutMs,
    });
    const [kills, replacementKills] = await Promise.all([killing, replacementKilling]);
    return { applied, kills, replacementKills, durationMs: Date.now() - began };
  } finally {
    stopKilling.abort();
    await Promise.allSettled([killing, replacementKilling]);
    await faults.stop();
  }
}
