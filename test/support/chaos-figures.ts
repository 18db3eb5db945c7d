// The figures of a chaos run and the bounds its Azure calls must stay within, derived from the work
// Azure actually did (operations run, their durations) and the restarts, not from measured timings.
import type { AuditFigures } from './chaos-audit.js';
import type { KillRecord } from './chaos-schedule.js';
import type { WorkloadFigures } from './chaos-workload.js';

/** Azure reads one reconcile of an object may need (object, operation, upgrade profile, credentials, …). */
export const OBSERVE_READS = 6;
/** Reads per poll interval while an Azure operation runs (its status, and the resource). */
export const READS_PER_POLL = 3;
/** Objects that may wait on one cluster's operation at once (the cluster and its pools). */
export const WAITERS_PER_OPERATION = 3;

export interface AzureOperationRecord {
  status: string;
  startTime: Date;
  endTime?: Date;
}

export interface CallBounds {
  writes: number;
  reads: number;
  /** Writes refused with 409 because another operation runs: retried once per poll interval at most. */
  busyRefusals: number;
  /** Poll intervals needed to follow every Azure operation to its end. */
  polls: number;
  failedOperations: number;
}

/**
 * Writes: one per operation of the batch; one more for each write Azure refused and each Azure
 * operation that failed (the retry); per restart at most one repeated write per object.
 * Reads: following every Azure operation at the poll interval, a full observe of every object at each
 * start and after each accepted write, and one more read per refused call (its retry). A refused call
 * buys one call, not a whole observe: otherwise, with a fifth of all calls refused, a loop of reads
 * would buy its own allowance and pass. Busy refusals get their own bound, since a write retried at
 * once against a busy cluster would buy its own allowance too.
 */
export function callBounds(work: {
  plannedOperations: number;
  objects: number;
  starts: number;
  pollIntervalMs: number;
  operations: AzureOperationRecord[];
  calls: AuditFigures;
  refusedWrites: number;
}): CallBounds {
  const failedOperations = work.operations.filter((o) => o.status === 'Failed').length;
  const polls = work.operations.reduce((n, o) => {
    const ms = (o.endTime ?? new Date()).getTime() - o.startTime.getTime();
    return n + 1 + Math.ceil(ms / work.pollIntervalMs);
  }, 0);
  // Busy, throttled and failing answers; a 404 is an observation (not created yet), not a refusal.
  const refusedCalls = Object.entries(work.calls.byStatus)
    .filter(([status]) => status === '409' || status === '429' || Number(status) >= 500)
    .reduce((n, [, count]) => n + count, 0);
  const acceptedWrites = work.calls.writes - work.refusedWrites;
  return {
    busyRefusals: WAITERS_PER_OPERATION * polls,
    writes: work.plannedOperations + work.refusedWrites + failedOperations + (work.starts - 1) * work.objects,
    reads:
      READS_PER_POLL * polls + OBSERVE_READS * (work.starts * work.objects + acceptedWrites) + refusedCalls,
    polls,
    failedOperations,
  };
}

export interface ChaosFigures {
  kills: KillRecord[];
  startupMs: readonly number[];
  calls: AuditFigures;
  bounds: CallBounds;
  refusedWrites: Record<string, number>;
  windows: Record<string, number>;
  foreignOperations: number;
  duplicates: number;
  unaskedDeletes: number;
  /** The blue/green replacement on the data-plane cluster. */
  blueGreen: {
    replacementKills: KillRecord[];
    workload: WorkloadFigures;
    /** Times Azure answered 201 to the twin's create. */
    twinCreates: number;
  };
  chaosMs: number;
  /** Real milliseconds after the chaos phase until every object converged, or the wait gave up. */
  convergeMs: number;
  hasConverged: boolean;
}

/** Lines to print: enough to compare runs and to see what a failing run went through. */
export function formatFigures(f: ChaosFigures): string[] {
  const byKind = Object.entries(f.calls.byOperation).sort(([a], [b]) => a.localeCompare(b));
  const status = (code: string): number => f.calls.byStatus[code] ?? 0;
  return [
    `kills: ${f.kills.length} (ran ms ${f.kills.map((k) => k.aliveMs).join(',')}; down ms ${f.kills.map((k) => k.downMs).join(',')})`,
    `operator startup ms: ${f.startupMs.join(',')}`,
    `operator calls: ${f.calls.total} (reads ${f.calls.reads}, bound ${f.bounds.reads}; writes ${f.calls.writes}, bound ${f.bounds.writes}); poll intervals of Azure operations: ${f.bounds.polls}; the test's own calls: ${f.calls.foreign}`,
    `calls by kind: ${byKind.map(([op, n]) => `${op}=${n}`).join(' ')}`,
    `answers: 429=${status('429')} 5xx=${status('500') + status('503')} 409=${status('409')} all=${JSON.stringify(f.calls.byStatus)}`,
    `refused writes: ${JSON.stringify(f.refusedWrites)}`,
    `fault windows: ${JSON.stringify(f.windows)}; foreign operations: ${f.foreignOperations}; failed Azure operations: ${f.bounds.failedOperations}`,
    `duplicate creates: ${f.duplicates}; unasked deletes: ${f.unaskedDeletes}`,
    `blue/green: kills during the replacement: ${f.blueGreen.replacementKills.length} (at steps ${f.blueGreen.replacementKills.map((k) => k.replacementStep ?? '?').join(',')}); twin creates: ${f.blueGreen.twinCreates}`,
    `blue/green workload: PDB violations ${f.blueGreen.workload.violations}; fewest Ready pods ${f.blueGreen.workload.minReady}; pods evicted ${f.blueGreen.workload.podsGone}; pod events watched ${f.blueGreen.workload.events}; watch reopened ${f.blueGreen.workload.rewatches}`,
    `chaos phase ${f.chaosMs} ms; ${f.hasConverged ? 'converged' : 'NOT converged'} ${f.convergeMs} ms after it`,
  ];
}
