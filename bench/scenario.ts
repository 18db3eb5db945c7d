// What a benchmark scenario is: a named, time-bounded run that returns figures, each printed beside its
// target. Scenarios register their teardown on the context so it runs even when they fail or time out.

export interface Figure {
  /** What is measured, e.g. `drain wall time: ours / parallel kubectl drain`. */
  figure: string;
  /** The measured value with its unit, as printed. */
  measured: string;
  /** The target in words (`≤ 0.2×`); absent for figures printed for information. */
  target?: string;
  /** Whether the target holds; absent when there is no target. */
  holds?: boolean;
}

export interface ScenarioContext {
  /** Aborted when the scenario's time is up or the run is interrupted. */
  readonly signal: AbortSignal;
  /** Prints a progress line with the time elapsed since the scenario started. */
  progress(message: string): void;
  /** Registers a cleanup; cleanups run last-in first-out after the scenario, whatever its outcome. */
  defer(cleanup: () => Promise<void> | void): void;
  /** Figures printed at once and kept for the summary table (also when the scenario fails later). */
  report(figure: Figure): void;
}

export interface Scenario {
  /** Command-line name: `npm run bench -- <name>`. */
  name: string;
  /** One line saying what it measures. */
  title: string;
  /** Hard bound on the scenario, teardown excluded. */
  timeoutMs: number;
  run(ctx: ScenarioContext): Promise<void>;
}

/** A figure whose target is an upper bound. */
export function atMost(figure: string, value: number, limit: number, format: (n: number) => string): Figure {
  return { figure, measured: format(value), target: `≤ ${format(limit)}`, holds: value <= limit };
}

/** A figure whose target is a lower bound. */
export function atLeast(figure: string, value: number, limit: number, format: (n: number) => string): Figure {
  return { figure, measured: format(value), target: `≥ ${format(limit)}`, holds: value >= limit };
}

export function info(figure: string, measured: string): Figure {
  return { figure, measured };
}
