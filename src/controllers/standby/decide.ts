// What the standby controller does next, from plain facts: scale the standby out when pods for the
// active pool wait too long and the pool cannot grow; once the pool has recovered for as long, drain the
// standby and give its count back; stop draining if capacity is lost again. Pure: tests pin it here.
import { cannotGrow, hasRecovered, shortfall, type ActiveCapacity } from './active-capacity.js';
import type { PendingSummary } from './pool-fit.js';

export const StandbyPhase = {
  /** The standby is not in use. */
  Idle: 'Idle',
  /** The standby was scaled out and serves pods the active pool could not take. */
  Active: 'Active',
  /** The active pool recovered; the standby's nodes are being drained before it scales in. */
  Draining: 'Draining',
} as const;
export type StandbyPhase = (typeof StandbyPhase)[keyof typeof StandbyPhase];

export interface StandbyFacts {
  nowMs: number;
  /** spec.standby.pendingPodThresholdSeconds in ms: how long pods wait, and how long recovery must hold. */
  thresholdMs: number;
  /** How often to look again while nothing changes. */
  pollIntervalMs: number;
  active: ActiveCapacity;
  pending: PendingSummary;
  /** Count asked of the standby pool now (0: none). */
  asked: number;
  /** Azure already runs the standby at the count asked (it grows no further before that). */
  isStandbyApplied: boolean;
  activeSinceMs?: number;
  recoveredSinceMs?: number;
  drainingSinceMs?: number;
}

export type StandbyDecision =
  | { action: 'wait'; phase: StandbyPhase; requeueAfterMs: number }
  | { action: 'scaleOut'; count: number; message: string }
  | { action: 'markRecovered' }
  | { action: 'clearRecovered' }
  | { action: 'startDrain' }
  | { action: 'drain' }
  | { action: 'abortDrain'; message: string };

export function standbyPhase(
  f: Pick<StandbyFacts, 'asked' | 'activeSinceMs' | 'drainingSinceMs'>,
): StandbyPhase {
  if (f.drainingSinceMs !== undefined) return StandbyPhase.Draining;
  if (f.activeSinceMs !== undefined || f.asked > 0) return StandbyPhase.Active;
  return StandbyPhase.Idle;
}

/** Ms the longest-waiting pod has been unschedulable, or undefined when none waits. */
function pendingForMs(f: StandbyFacts): number | undefined {
  return f.pending.oldestSinceMs === undefined ? undefined : f.nowMs - f.pending.oldestSinceMs;
}

function isPendingTooLong(f: StandbyFacts): boolean {
  const waited = pendingForMs(f);
  return waited !== undefined && waited >= f.thresholdMs;
}

/** Requeue at the poll interval, or sooner when a threshold runs out before it (one already past is no reason to hurry). */
function waitUntil(f: StandbyFacts, phase: StandbyPhase, dueMs?: number): StandbyDecision {
  const untilDue = dueMs === undefined || dueMs <= f.nowMs ? f.pollIntervalMs : dueMs - f.nowMs;
  return { action: 'wait', phase, requeueAfterMs: Math.min(f.pollIntervalMs, untilDue) };
}

function describeNeed(f: StandbyFacts): string {
  const a = f.active;
  const why = a.capacityError
    ? `Azure reports ${a.capacityError}`
    : `${a.ready} of ${a.desired} nodes are Ready and no operation is adding more`;
  const waited = Math.round((pendingForMs(f) ?? 0) / 1000);
  return `${f.pending.count} pod(s) have been unschedulable for ${waited}s and the pool cannot add nodes (${why})`;
}

export function decideStandby(f: StandbyFacts): StandbyDecision {
  const phase = standbyPhase(f);
  const pendingDue =
    f.pending.oldestSinceMs === undefined ? undefined : f.pending.oldestSinceMs + f.thresholdMs;
  switch (phase) {
    case StandbyPhase.Idle: {
      if (isPendingTooLong(f) && cannotGrow(f.active)) {
        const count = shortfall(f.active);
        return { action: 'scaleOut', count, message: describeNeed(f) };
      }
      return waitUntil(f, phase, pendingDue);
    }
    case StandbyPhase.Active: {
      const isRecovered = hasRecovered(f.active) && f.pending.count === 0;
      if (isRecovered) {
        if (f.recoveredSinceMs === undefined) return { action: 'markRecovered' };
        const due = f.recoveredSinceMs + f.thresholdMs;
        return f.nowMs >= due ? { action: 'startDrain' } : waitUntil(f, phase, due);
      }
      if (f.recoveredSinceMs !== undefined) return { action: 'clearRecovered' };
      if (isPendingTooLong(f) && cannotGrow(f.active)) {
        const count = Math.max(f.asked, shortfall(f.active));
        // Ask for more only once the last ask reached Azure: usage and quota then reflect it.
        if (count > f.asked && f.isStandbyApplied)
          return { action: 'scaleOut', count, message: describeNeed(f) };
      }
      return waitUntil(f, phase, pendingDue);
    }
    case StandbyPhase.Draining: {
      if (!hasRecovered(f.active) || isPendingTooLong(f)) {
        const a = f.active;
        const why = isPendingTooLong(f)
          ? `${f.pending.count} pod(s) have been unschedulable for longer than the threshold`
          : a.capacityError
            ? `Azure reports ${a.capacityError}`
            : `only ${a.ready} of ${a.desired} nodes are Ready`;
        return {
          action: 'abortDrain',
          message: `the active pool lost capacity again (${why}); standby kept in service`,
        };
      }
      return { action: 'drain' };
    }
  }
}
