// One pass of a node's drain, safe to repeat and to resume after a restart: read the node, cordon it,
// list its pods again, run them through the filters, evict the survivors (or act on the timeout
// policy) and report every pod. It never waits for pods to go (the next pass sees what is left); with a
// shared BudgetGate it may wait up to `budgetWaitMs` for spent budgets to allow the next eviction.

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { backoffDelayMs } from './backoff.js';
import type { BudgetGate } from './budget-gate.js';
import { holdPods, recordAnswers } from './blocked-pods.js';
import type { PassContext } from './blocked-pods.js';
import { realClock } from '../runtime/index.js';
import type { Clock } from '../runtime/index.js';
import { decideDrainStart, isCordoned, isCordonedByDrain, recordedDrainStart } from './cordon.js';
import type { DrainCluster } from './drain-cluster.js';
import { evictPods } from './evict-pods.js';
import { evictPodsGated } from './gated-evictions.js';
import { forceDelete, recordForced } from './force-delete.js';
import { PdbIndex } from './pdb-index.js';
import { resolveOwners } from './owner-lookup.js';
import type { KnownOwners } from './owner-lookup.js';
import { classifyPod, drainFilters } from './pod-filters.js';
import type { FilterSettings } from './pod-filters.js';
import { rollBlockedPods } from './workload-rollout.js';
import type { RolledWorkloads } from './workload-rollout.js';
import { isCritical, podRef, toDate } from './pod-state.js';
import { BlockReason, DrainPhase, TimeoutPolicy } from './types.js';
import type { DrainReport, PodRef } from './types.js';

export const DEFAULT_NODE_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_POD_CONCURRENCY = 5;
/** A pod still present this long after its deletionTimestamp is reported stuck terminating. */
export const DEFAULT_STUCK_TERMINATING_AFTER_MS = 60_000;
/** Nothing to gain from retrying a forbidden eviction soon: the user must grant the permission. */
export const STALLED_REQUEUE_MS = 5 * 60_000;

export interface DrainSettings extends FilterSettings {
  /** Grace period for evictions; unset uses each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** Per-node timeout measured from `startedAt`; 0 means none. Default 30 minutes. */
  timeoutMs?: number;
  /** What happens once the timeout has passed. Default Wait. */
  onTimeout?: TimeoutPolicy;
  /** Evictions in flight per node. Default 5. */
  podConcurrency?: number;
  stuckTerminatingAfterMs?: number;
  /** Roll an opted-in Deployment whose budget allows no eviction only because it is at its minimum. Default false. */
  allowRollouts?: boolean;
}

export interface DrainStepOptions extends DrainSettings {
  cluster: DrainCluster;
  clock?: Clock;
  /** When this node's drain started, as persisted by the caller; else the time recorded on the node. */
  startedAt?: string;
  /** The previous pass's report: keeps "blocked since" and backoff across passes. */
  previous?: DrainReport;
  /** Jitter source for the backoff (tests pass a constant). */
  random?: () => number;
  /**
   * Per-PDB limiter shared with the other nodes being drained: caps evictions in flight under each budget
   * at what its status allows. Without it every pod is tried and the server refuses what it must.
   */
  budgets?: BudgetGate;
  /**
   * With a live `budgets`: how long this pass may wait for spent budgets to allow again, from the last
   * eviction under a budget its pods wait on. Default 0.
   */
  budgetWaitMs?: number;
  /** With a live `budgets`: the pass stops waiting this long after it started. Default: the node's timeout. */
  passLimitMs?: number;
  /** Told of every pod the server accepted to evict, as it happens (the report comes at the pass's end). */
  onEvicted?: (pod: PodRef) => void;
  /** Told, once the pass knows the node's pods and before it evicts any, of its report so far (a copy). */
  onPodsKnown?: (report: DrainReport) => void;
  /**
   * Controllers already seen to exist during this drain, shared across passes (and nodes) to spare the
   * reads; found ones are added. Without it every pass reads every controller.
   */
  knownOwners?: KnownOwners;
  /** Deployments this drain rolled, shared across passes and nodes so each is rolled once. */
  rolledWorkloads?: RolledWorkloads;
}

export interface DrainStepResult {
  report: DrainReport;
  /** The node needs no more passes: drained, gone, or quarantined by the timeout policy. */
  isDone: boolean;
  /** When to come back (0 when done). */
  requeueAfterMs: number;
}

function emptyReport(node: string, phase: DrainPhase, startedAt: string, observedAt: string): DrainReport {
  return {
    node,
    phase,
    startedAt,
    observedAt,
    wasCordonedBefore: false,
    cordonedNow: false,
    isUnreachable: false,
    evicted: [],
    skipped: [],
    refused: [],
    terminating: [],
    blocked: [],
    forced: [],
    warnings: [],
    remaining: 0,
    passesWithoutProgress: 0,
  };
}

function isNodeUnreachable(node: V1Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown';
}

interface Classified {
  toEvict: V1Pod[];
}

function classifyPods(
  pods: V1Pod[],
  options: DrainStepOptions,
  report: DrainReport,
  ctx: Parameters<typeof drainFilters>[1],
): Classified {
  const filters = drainFilters(options, ctx);
  const stuckAfterMs = options.stuckTerminatingAfterMs ?? DEFAULT_STUCK_TERMINATING_AFTER_MS;
  const toEvict: V1Pod[] = [];
  for (const pod of pods) {
    const verdict = classifyPod(pod, filters);
    const ref = podRef(pod);
    if (verdict.action === 'skip') report.skipped.push({ pod: ref, reason: verdict.reason });
    else if (verdict.action === 'refuse')
      report.refused.push({ pod: ref, reason: verdict.reason, message: verdict.message });
    else if (verdict.action === 'wait') {
      const deletion = toDate(pod.metadata?.deletionTimestamp) ?? new Date(ctx.nowMs);
      report.terminating.push({
        pod: ref,
        deletionTimestamp: deletion.toISOString(),
        isStuck: ctx.nowMs > deletion.getTime() + stuckAfterMs,
        finalizers: pod.metadata?.finalizers ?? [],
      });
    } else {
      if (verdict.warning) report.warnings.push({ pod: ref, message: verdict.warning });
      toEvict.push(pod);
    }
  }
  return { toEvict };
}

/** Critical pods wait until no other pod on the node is still to go. */
function splitTiers(toEvict: V1Pod[], terminating: V1Pod[]): { now: V1Pod[]; later: V1Pod[] } {
  const critical = toEvict.filter(isCritical);
  const others = toEvict.filter((p) => !isCritical(p));
  const othersLeaving = others.length > 0 || terminating.some((p) => !isCritical(p));
  return othersLeaving ? { now: others, later: critical } : { now: critical, later: [] };
}

function decidePhase(report: DrainReport, isTimedOut: boolean, policy: TimeoutPolicy): DrainPhase {
  if (report.remaining === 0) return DrainPhase.Drained;
  if (report.blocked.some((b) => b.reason === BlockReason.EvictionForbidden)) return DrainPhase.Stalled;
  if (isTimedOut) return policy === TimeoutPolicy.CordonOnly ? DrainPhase.Quarantined : DrainPhase.TimedOut;
  return DrainPhase.Draining;
}

function requeueDelay(report: DrainReport, random: (() => number) | undefined): number {
  if (report.phase === DrainPhase.Stalled) return STALLED_REQUEUE_MS;
  const retryAfter = Math.max(0, ...report.blocked.map((b) => b.retryAfterMs ?? 0));
  return Math.max(backoffDelayMs(report.passesWithoutProgress, random), retryAfter);
}

/** Evicts the non-critical pods first; critical ones wait until the others are gone. */
async function evictTiers(
  toEvict: V1Pod[],
  terminatingPods: V1Pod[],
  options: DrainStepOptions,
  report: DrainReport,
  ctx: PassContext & { signal: AbortSignal; budgetWaitMs: number; passLimitMs: number; clock: Clock },
): Promise<number> {
  const { now, later } = splitTiers(toEvict, terminatingPods);
  const grace = report.isUnreachable ? 1 : options.gracePeriodSeconds;
  const { onEvicted } = options;
  const settings = {
    concurrency: options.podConcurrency ?? DEFAULT_POD_CONCURRENCY,
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(onEvicted ? { onEvicted: (pod: V1Pod) => onEvicted(podRef(pod)) } : {}),
  };
  const { budgets } = options;
  const gated = {
    gate: budgets,
    budgetWaitMs: ctx.budgetWaitMs,
    passLimitMs: ctx.passLimitMs,
    clock: ctx.clock,
  };
  const answers = budgets
    ? await evictPodsGated(
        options.cluster,
        now,
        { ...settings, ...gated, gate: budgets },
        ctx.index,
        ctx.signal,
      )
    : await evictPods(options.cluster, now, settings, ctx.index, ctx.signal);
  const gone = await recordAnswers(answers, report, ctx);
  if (options.allowRollouts) {
    const rolled = options.rolledWorkloads ?? new Set<string>();
    await rollBlockedPods(report.blocked, now, { ...ctx, cluster: options.cluster, rolled });
  }
  const message = 'evicted after the other pods on the node are gone (critical priority)';
  await holdPods(later, { reason: BlockReason.AwaitingOtherPods, message }, report, ctx);
  return gone;
}

interface ActInput {
  isTimedOut: boolean;
  policy: TimeoutPolicy;
  options: DrainStepOptions;
  report: DrainReport;
  signal: AbortSignal;
  ctx: PassContext;
  /** How long evictions may wait for budgets without any moving, bounded by the node's timeout. */
  budgetWaitMs: number;
  /** How long evictions may wait for budgets at all, bounded by the node's timeout. */
  passLimitMs: number;
  clock: Clock;
}

/** Evict, hold, or (past the timeout) quarantine or force; returns how many pods turned out to be gone. */
async function actOnPods(toEvict: V1Pod[], terminatingPods: V1Pod[], input: ActInput): Promise<number> {
  const { isTimedOut, policy, options, report, signal, ctx } = input;
  if (toEvict.length === 0) return 0;
  if (isTimedOut && policy === TimeoutPolicy.CordonOnly) {
    const message = 'not evicted: the drain timed out and the timeout policy is CordonOnly';
    await holdPods(toEvict, { reason: BlockReason.DrainTimedOut, message }, report, ctx);
    return 0;
  }
  if (isTimedOut && policy === TimeoutPolicy.Force) {
    const deletions = await forceDelete(toEvict, options, { index: ctx.index, signal });
    return recordForced(deletions, report, ctx);
  }
  if (report.refused.length > 0) {
    const refused = report.refused.map((r) => `${r.pod.namespace}/${r.pod.name}`).join(', ');
    const message = `not evicted: the node also holds pods the drain refuses (${refused}); allow or move them first`;
    await holdPods(toEvict, { reason: BlockReason.AwaitingRefusedPods, message }, report, ctx);
    return 0;
  }
  return evictTiers(toEvict, terminatingPods, options, report, {
    ...ctx,
    signal,
    budgetWaitMs: input.budgetWaitMs,
    passLimitMs: input.passLimitMs,
    clock: input.clock,
  });
}

export async function drainStep(
  nodeName: string,
  options: DrainStepOptions,
  signal: AbortSignal,
): Promise<DrainStepResult> {
  const { cluster, previous } = options;
  const clock = options.clock ?? realClock;
  const nowMs = clock.now();
  const nowIso = new Date(nowMs).toISOString();
  const node = await cluster.getNode(nodeName, signal);
  if (!node) {
    const report = emptyReport(
      nodeName,
      DrainPhase.NodeNotFound,
      options.startedAt ?? previous?.startedAt ?? nowIso,
      nowIso,
    );
    return { report, isDone: true, requeueAfterMs: 0 };
  }

  const recorded = recordedDrainStart(node);
  const startedAt = options.startedAt ?? previous?.startedAt ?? recorded ?? nowIso;
  const report = emptyReport(nodeName, DrainPhase.Draining, startedAt, nowIso);
  report.wasCordonedBefore = previous?.wasCordonedBefore ?? (isCordoned(node) && !isCordonedByDrain(node));
  const cordon = decideDrainStart(node, startedAt);
  if (cordon.change) {
    await cluster.patchNode(nodeName, cordon.patch, signal);
    report.cordonedNow = cordon.patch.spec?.unschedulable === true;
  }
  report.isUnreachable = isNodeUnreachable(node);

  const pods = await cluster.listPodsOnNode(nodeName, signal);
  const ownerExists = await resolveOwners(cluster, pods, options.knownOwners, signal);
  const { toEvict } = classifyPods(pods, options, report, {
    ownerExists,
    isNodeUnreachable: report.isUnreachable,
    nowMs,
  });
  const terminatingPods = pods.filter((p) => report.terminating.some((t) => t.pod.uid === p.metadata?.uid));
  report.remaining = toEvict.length + report.refused.length + report.terminating.length;
  if (toEvict.length > 0) options.onPodsKnown?.(structuredClone(report));

  const policy = options.onTimeout ?? TimeoutPolicy.Wait;
  const timeoutMs = options.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
  const isTimedOut = timeoutMs > 0 && nowMs - Date.parse(startedAt) > timeoutMs;
  const ctx: PassContext = { index: new PdbIndex(cluster, signal), previous, nowIso };

  const timeLeftMs = timeoutMs > 0 ? Date.parse(startedAt) + timeoutMs - nowMs : Infinity;
  const gone = await actOnPods(toEvict, terminatingPods, {
    isTimedOut,
    policy,
    options,
    report,
    signal,
    ctx,
    budgetWaitMs: Math.max(0, Math.min(options.budgetWaitMs ?? 0, timeLeftMs)),
    passLimitMs: Math.max(0, Math.min(options.passLimitMs ?? Infinity, timeLeftMs)),
    clock,
  });

  report.remaining -= gone;
  const isProgress =
    report.evicted.length + report.forced.length + gone > 0 ||
    (previous !== undefined && report.remaining < previous.remaining);
  report.passesWithoutProgress = isProgress || !previous ? 0 : previous.passesWithoutProgress + 1;
  report.phase = decidePhase(report, isTimedOut, policy);
  const isDone = report.phase === DrainPhase.Drained || report.phase === DrainPhase.Quarantined;
  return { report, isDone, requeueAfterMs: isDone ? 0 : requeueDelay(report, options.random) };
}
