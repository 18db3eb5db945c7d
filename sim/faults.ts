// Fault injection knobs: added latency, a fraction of requests answered 429 or 5xx, requests answered
// with a chosen ARM error (a resource lock, a missing role, a policy), operations that hang until aborted,
// and operations that fail with a chosen code. Changed at run time by tests.

export interface OperationFailure {
  /** Regular expression matched against the operation name (`agentPools.createOrUpdate`). */
  match: string;
  /** Regular expression matched case-insensitively against the operation's resource ID (one agent pool); absent: any. */
  resource?: string;
  code: string;
  message: string;
  /** How many operations to fail; absent: every match. */
  times?: number;
}

/**
 * Requests answered with a chosen HTTP status and ARM code instead of reaching their handler: a resource
 * lock (409 ScopeLocked), a missing role (403 AuthorizationFailed), a policy (403 RequestDisallowedByPolicy),
 * a subscription that is not registered (409 MissingSubscriptionRegistration), and so on.
 */
export interface RequestError {
  status: number;
  code: string;
  /** `{path}` is replaced by the request's path (the resource ID). */
  message: string;
  /** Regular expression matched against the operation name (`managedClusters.createOrUpdate`); absent: any. */
  match?: string;
  /** Regular expression matched case-insensitively against the request path (a resource ID); absent: any. */
  path?: string;
  /** HTTP methods answered so (`PUT`, `PATCH`, `POST`, `DELETE`, `GET`); absent: every method. */
  methods?: string[];
  /** How many requests to answer so; absent: every match. */
  times?: number;
  /** Lifted this long after it is configured (wall clock): a lock window. Absent: until reset. */
  forMs?: number;
  /** Wall-clock time (ms since the epoch) it is lifted at; set by `configure` from `forMs`. */
  untilMs?: number;
  /** The body's shape: ARM's `{error:{…}}` envelope (default) or AKS's flat body. */
  shape?: 'wrapped' | 'flat';
}

/** What ARM answers a write under a resource lock on `scope` (a resource, resource group or subscription ID). */
export function resourceLock(
  scope: string,
  options: { level?: 'ReadOnly' | 'CanNotDelete'; forMs?: number } = {},
): RequestError {
  const level = options.level ?? 'ReadOnly';
  return {
    status: 409,
    code: 'ScopeLocked',
    message: `The scope '{path}' cannot perform ${level === 'ReadOnly' ? 'write' : 'delete'} operation because following scope(s) are locked: '${scope}'. Please remove the lock and try again.`,
    path: `^${escapeRegExp(scope)}(/|$)`,
    // A ReadOnly lock refuses every write, POST actions included; CanNotDelete refuses deletes.
    methods: level === 'ReadOnly' ? ['PUT', 'PATCH', 'POST', 'DELETE'] : ['DELETE'],
    ...(options.forMs !== undefined ? { forMs: options.forMs } : {}),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface FaultConfig {
  latencyMs: number;
  /** Fraction (0..1) of ARM requests answered 429. */
  throttleRate: number;
  /** Fraction (0..1) of ARM requests answered 500 (odd draws) or 503 (even draws). */
  serverErrorRate: number;
  /** Limits latency and the rates to operations matching this regular expression. */
  match?: string;
  /**
   * Operations (regular expressions) that stay InProgress while listed here: they go on once removed,
   * and fail if aborted or preempted meanwhile.
   */
  hangOperations: string[];
  failOperations: OperationFailure[];
  requestErrors: RequestError[];
}

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  hangOperations: [],
  failOperations: [],
  requestErrors: [],
};

export type RequestFault = { kind: 'throttle' } | { kind: 'serverError'; status: 500 | 503 } | undefined;

export class Faults {
  private config: FaultConfig = structuredClone(NO_FAULTS);
  private readonly compiled = new Map<string, RegExp>();

  constructor(
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  configure(partial: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...partial };
    this.config.requestErrors = this.config.requestErrors.map((e) =>
      e.forMs !== undefined && e.untilMs === undefined ? { ...e, untilMs: this.now() + e.forMs } : e,
    );
    for (const re of [
      this.config.match,
      ...this.config.hangOperations,
      ...this.config.failOperations.map((f) => f.match),
      ...this.config.requestErrors.map((e) => e.match),
    ]) {
      if (re !== undefined) this.regex(re); // fail fast on a bad expression
    }
    for (const e of this.config.requestErrors) if (e.path !== undefined) this.regex(e.path, 'i');
  }

  reset(): void {
    this.config = structuredClone(NO_FAULTS);
  }

  settings(): FaultConfig {
    return structuredClone(this.config);
  }

  private regex(source: string, flags = ''): RegExp {
    const key = `${flags}/${source}`;
    let re = this.compiled.get(key);
    if (!re) {
      re = new RegExp(source, flags);
      this.compiled.set(key, re);
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

  /** The failure to inject into this operation on `resourceId`, consuming one of its `times`. */
  takeFailure(operation: string, resourceId = ''): { code: string; message: string } | undefined {
    const f = this.config.failOperations.find(
      (x) =>
        (x.times === undefined || x.times > 0) &&
        this.regex(x.match).test(operation) &&
        (x.resource === undefined || new RegExp(x.resource, 'i').test(resourceId)),
    );
    if (!f) return undefined;
    if (f.times !== undefined) f.times -= 1;
    return { code: f.code, message: f.message };
  }

  /** The ARM error to answer this request with, consuming one of its `times`; lifted windows are skipped. */
  takeRequestError(request: {
    operation: string;
    method: string;
    path: string;
  }): { status: number; code: string; message: string; shape: 'wrapped' | 'flat' } | undefined {
    const now = this.now();
    const e = this.config.requestErrors.find(
      (x) =>
        (x.times === undefined || x.times > 0) &&
        (x.untilMs === undefined || now < x.untilMs) &&
        (x.match === undefined || this.regex(x.match).test(request.operation)) &&
        (x.path === undefined || this.regex(x.path, 'i').test(request.path)) &&
        (x.methods === undefined || x.methods.some((m) => m.toUpperCase() === request.method)),
    );
    if (!e) return undefined;
    if (e.times !== undefined) e.times -= 1;
    return {
      status: e.status,
      code: e.code,
      message: e.message.replaceAll('{path}', request.path),
      shape: e.shape ?? 'wrapped',
    };
  }
}
