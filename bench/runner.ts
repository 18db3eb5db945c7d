// Runs one scenario inside its time bound: progress lines with elapsed time, figures printed as they come,
// and the scenario's cleanups run last-in first-out whether it finished, failed or ran out of time.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Figure, Scenario, ScenarioContext } from './scenario.js';

/** After a timeout, how long the scenario may take to unwind on its own before cleanups run anyway. */
const UNWIND_GRACE_MS = 15_000;
/** Bound on each cleanup, so one stuck teardown cannot hold the run. */
const CLEANUP_TIMEOUT_MS = 60_000;

export interface ScenarioOutcome {
  scenario: Scenario;
  figures: Figure[];
  elapsedMs: number;
  error?: unknown;
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause === undefined ? '' : ` (cause: ${describeError(err.cause)})`;
  return `${err.message}${cause}`;
}

export function formatFigure(f: Figure): string {
  const target = f.target === undefined ? '' : `   target ${f.target}   ${f.holds ? 'holds' : 'MISSED'}`;
  return `  ${f.figure}: ${f.measured}${target}`;
}

async function runCleanups(
  cleanups: (() => Promise<void> | void)[],
  log: (m: string) => void,
): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await Promise.race([
        Promise.resolve().then(cleanup),
        sleep(CLEANUP_TIMEOUT_MS, undefined, { ref: false }).then(() => {
          throw new Error(`cleanup did not finish within ${CLEANUP_TIMEOUT_MS / 1000} s`);
        }),
      ]);
    } catch (err: unknown) {
      log(`cleanup failed: ${describeError(err)}`);
    }
  }
}

export async function runScenario(scenario: Scenario, parent: AbortSignal): Promise<ScenarioOutcome> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const log = (message: string): void => console.log(`[${scenario.name} +${elapsed()}] ${message}`);
  const figures: Figure[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const ctx: ScenarioContext = {
    signal: controller.signal,
    progress: log,
    defer: (cleanup) => cleanups.push(cleanup),
    report: (figure) => {
      figures.push(figure);
      console.log(formatFigure(figure));
    },
  };

  const bound =
    scenario.timeoutMs >= 60_000 ? `${scenario.timeoutMs / 60_000} min` : `${scenario.timeoutMs / 1000} s`;
  console.log(`\n=== ${scenario.name}: ${scenario.title} (bound ${bound}) ===`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${scenario.name} timed out after ${scenario.timeoutMs / 1000} s`);
      controller.abort(err);
      reject(err);
    }, scenario.timeoutMs);
  });
  const running = Promise.resolve().then(() => scenario.run(ctx));
  let error: unknown;
  try {
    await Promise.race([running, timedOut]);
  } catch (err: unknown) {
    error = err;
    log(`FAILED: ${describeError(err)}`);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
    // Ends watches and loops the scenario left running; harmless after a normal finish.
    if (!controller.signal.aborted) controller.abort(new Error(`${scenario.name} finished`));
    await Promise.race([running.catch(() => undefined), sleep(UNWIND_GRACE_MS, undefined, { ref: false })]);
    await runCleanups(cleanups, log);
  }
  log(error === undefined ? 'done' : 'torn down after failure');
  return {
    scenario,
    figures,
    elapsedMs: performance.now() - started,
    ...(error === undefined ? {} : { error }),
  };
}
