// Fault injection knobs: added latency, a fraction of requests answered 429 or 5xx, operations that
// hang until aborted, and operations that fail with a chosen code. Changed at run time by tests.

export interface OperationFailure {
  /** Regular expression matched against the operation name (`agentPools.createOrUpdate`). */
  match: string;
  code: string;
  message: string;
  /** How many operations to fail; absent: every match. */
  times?: number;
}

export interface FaultConfig {
  latencyMs: number;
  /** Fraction (0..1) of ARM requests answered 429. */
  throttleRate: number;
  /** Fraction (0..1) of ARM requests answered 500 (odd draws) or 503 (even draws). */
  serverErrorRate: number;
  /** Limits latency and the rates to operations matching this regular expression. */
  match?: string;
  /** Operations (regular expressions) that never finish until aborted or preempted. */
  hangOperations: string[];
  failOperations: OperationFailure[];
}

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  hangOperations: [],
  failOperations: [],
};

export type RequestFault = { kind: 'throttle' } | { kind: 'serverError'; status: 500 | 503 } | undefined;

export class Faults {
  private config: FaultConfig = structuredClone(NO_FAULTS);
  private readonly compiled = new Map<string, RegExp>();

  constructor(private readonly random: () => number = Math.random) {}

  configure(partial: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...partial };
    for (const re of [
      this.config.match,
      ...this.config.hangOperations,
      ...this.config.failOperations.map((f) => f.match),
    ]) {
      if (re !== undefined) this.regex(re); // fail fast on a bad expression
    }
  }

  reset(): void {
    this.config = structuredClone(NO_FAULTS);
  }

  settings(): FaultConfig {
    return structuredClone(this.config);
  }

  private regex(source: string): RegExp {
    let re = this.compiled.get(source);
    if (!re) {
      re = new RegExp(source);
      this.compiled.set(source, re);
    }
    return re;
  }

  private applies(operation: string): boolean {
    return this.config.match === undefined || this.regex(this.config.match).test(operation);
  }

  latencyFor(operation: string): number {
    return this.config.latencyMs > 0 && this.applies(operation) ? this.config.latencyMs : 0;
  }

  /** Decides whether this request is answered with an injected 429 or 5xx. */
  requestFault(operation: string): RequestFault {
    const { throttleRate, serverErrorRate } = this.config;
    if ((throttleRate <= 0 && serverErrorRate <= 0) || !this.applies(operation)) return undefined;
    const draw = this.random();
    if (draw < throttleRate) return { kind: 'throttle' };
    if (draw < throttleRate + serverErrorRate)
      return { kind: 'serverError', status: this.random() < 0.5 ? 500 : 503 };
    return undefined;
  }

  shouldHang(operation: string): boolean {
    return this.config.hangOperations.some((re) => this.regex(re).test(operation));
  }

  /** The failure to inject into this operation, consuming one of its `times`. */
  takeFailure(operation: string): { code: string; message: string } | undefined {
    const f = this.config.failOperations.find(
      (x) => (x.times === undefined || x.times > 0) && this.regex(x.match).test(operation),
    );
    if (!f) return undefined;
    if (f.times !== undefined) f.times -= 1;
    return { code: f.code, message: f.message };
  }
}
