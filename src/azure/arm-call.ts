// Runs one adapter call against the SDK: records what the wire showed, classifies a failure once, and
// counts the call. Every ARM request the operator makes goes through here.

import { performance } from 'node:perf_hooks';
import { classifyArmError, type ArmCallDescription } from './arm-errors.js';
import { withCallRecord, type ArmCallRecord } from './call-context.js';
import { resultOf, type ArmCallMetrics } from './call-metrics.js';

export interface ArmCallSpec extends ArmCallDescription {
  /** Metric label: `managedClusters.get`, `agentPools.put`, `operations.poll`, … */
  operation: string;
}

/** Runs `fn`; resolves with its value and the wire record, or throws the classified error. */
export async function armCall<T>(
  metrics: ArmCallMetrics | undefined,
  spec: ArmCallSpec,
  fn: () => Promise<T>,
): Promise<{ value: T; record: ArmCallRecord }> {
  const started = performance.now();
  const outcome = await withCallRecord(fn);
  const finish = (result: ReturnType<typeof resultOf>): void =>
    metrics?.record({
      operation: spec.operation,
      result,
      durationMs: performance.now() - started,
      httpRequests: outcome.record.httpRequests,
    });
  if ('error' in outcome) {
    const classified = classifyArmError(outcome.error, spec, outcome.record.error);
    finish(resultOf(classified));
    throw classified;
  }
  finish('ok');
  return { value: outcome.value, record: outcome.record };
}
