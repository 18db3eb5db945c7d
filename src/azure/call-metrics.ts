// Counts every ARM call by operation and result, times it, and counts HTTP attempts; listeners let a
// benchmark count calls in-process without scraping Prometheus.

import { Counter, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import { isConflictError, isInvalidSpecError, isOperationInProgressError } from '../runtime/index.js';
import { isThrottledError, isTransientError, isAbortError } from '../runtime/index.js';
import {
  isAccessDeniedError,
  isArmBlockedError,
  isArmNotFoundError,
  isCapacityError,
  isOperationFailedError,
  isQuotaExceededError,
} from './arm-error-classes.js';

/** Outcome label of one call; low-cardinality on purpose. */
export type ArmCallResult =
  | 'ok'
  | 'not_found'
  | 'throttled'
  | 'operation_in_progress'
  | 'invalid_spec'
  | 'quota_exceeded'
  | 'capacity'
  | 'access_denied'
  | 'blocked'
  | 'operation_failed'
  | 'conflict'
  | 'transient'
  | 'aborted'
  | 'error';

/** One finished adapter call. */
export interface ArmCallEvent {
  /** `managedClusters.get`, `agentPools.put`, `operations.poll`, … */
  operation: string;
  result: ArmCallResult;
  durationMs: number;
  /** HTTP requests the call sent, SDK retries included. */
  httpRequests: number;
}

export type ArmCallListener = (event: ArmCallEvent) => void;

export const CALLS_METRIC = 'aks_lifecycle_azure_calls_total';
export const CALL_DURATION_METRIC = 'aks_lifecycle_azure_call_duration_seconds';
export const HTTP_REQUESTS_METRIC = 'aks_lifecycle_azure_http_requests_total';
export const BUDGET_WAIT_METRIC = 'aks_lifecycle_azure_budget_wait_seconds';

export interface ArmCallMetricsOptions {
  /** Registry to register on; prom-client's default registry when omitted. */
  registry?: Registry;
}

/** Prometheus metrics and in-process listeners for ARM calls. Metrics are shared per registry. */
export class ArmCallMetrics {
  private readonly calls: Counter<'operation' | 'result'>;
  private readonly duration: Histogram<'operation'>;
  private readonly http: Counter<'method' | 'code'>;
  private readonly budgetWait: Histogram<'class'>;
  private readonly listeners = new Set<ArmCallListener>();

  constructor(options: ArmCallMetricsOptions = {}) {
    const registry = options.registry ?? defaultRegistry;
    this.calls = reuse(registry, CALLS_METRIC, () => {
      return new Counter({
        name: CALLS_METRIC,
        help: 'ARM calls made by the operator, by operation and result',
        labelNames: ['operation', 'result'] as const,
        registers: [registry],
      });
    });
    this.duration = reuse(registry, CALL_DURATION_METRIC, () => {
      return new Histogram({
        name: CALL_DURATION_METRIC,
        help: 'Duration of ARM calls (SDK retries included), by operation',
        labelNames: ['operation'] as const,
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [registry],
      });
    });
    this.http = reuse(registry, HTTP_REQUESTS_METRIC, () => {
      return new Counter({
        name: HTTP_REQUESTS_METRIC,
        help: 'HTTP requests sent to ARM (each SDK retry counts), by method and status code',
        labelNames: ['method', 'code'] as const,
        registers: [registry],
      });
    });
    this.budgetWait = reuse(registry, BUDGET_WAIT_METRIC, () => {
      return new Histogram({
        name: BUDGET_WAIT_METRIC,
        help: "Time HTTP attempts waited for a token of the operator's ARM budget, by class (reads, writes)",
        labelNames: ['class'] as const,
        buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
        registers: [registry],
      });
    });
  }

  /** Records how long one HTTP attempt waited for its ARM budget token. */
  recordBudgetWait(cls: string, waitedMs: number): void {
    this.budgetWait.observe({ class: cls }, waitedMs / 1000);
  }

  /** Records a finished call and tells the listeners. */
  record(event: ArmCallEvent): void {
    this.calls.inc({ operation: event.operation, result: event.result });
    this.duration.observe({ operation: event.operation }, event.durationMs / 1000);
    for (const listener of this.listeners) listener(event);
  }

  /** Records one HTTP attempt (from the pipeline policy). */
  recordHttp(method: string, code: string): void {
    this.http.inc({ method, code });
  }

  /** Adds a listener for finished calls; returns the function that removes it. */
  onCall(listener: ArmCallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// Two ArmCallMetrics on one registry (several factories, tests) share the metric instead of throwing.
function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The result label of a call that threw `err` (already classified). */
export function resultOf(err: unknown): ArmCallResult {
  if (isAbortError(err)) return 'aborted';
  if (isArmNotFoundError(err)) return 'not_found';
  if (isThrottledError(err)) return 'throttled';
  if (isOperationInProgressError(err)) return 'operation_in_progress';
  if (isQuotaExceededError(err)) return 'quota_exceeded';
  if (isInvalidSpecError(err)) return 'invalid_spec';
  if (isCapacityError(err)) return 'capacity';
  if (isAccessDeniedError(err)) return 'access_denied';
  if (isArmBlockedError(err)) return 'blocked';
  if (isOperationFailedError(err)) return 'operation_failed';
  if (isConflictError(err)) return 'conflict';
  if (isTransientError(err)) return 'transient';
  return 'error';
}
