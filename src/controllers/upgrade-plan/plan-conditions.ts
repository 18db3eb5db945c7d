// UpgradePlan conditions from the plan's phase: Ready, Reconciling and Stalled for kstatus (and so
// Argo CD and Flux), plus Progressing and Failed that users watch.
import {
  ClusterUpgradePhase,
  ReplacementAbortOutcome,
  UpgradePlanConditionType,
  UpgradePlanPhase,
  UpgradePlanReason,
} from '../../api/index.js';
import type { ClusterProgress, StageProgress } from '../../api/index.js';
import { ConditionStatus } from '../../runtime/index.js';
import type { ConditionUpdate } from '../../runtime/index.js';

export interface PlanConditionsInput {
  phase: UpgradePlanPhase;
  counts: { total: number; done: number; failed: number; inProgress: number };
  /** The stages, with their clusters. */
  stages?: StageProgress[];
  /** Clusters in phase Blocked, with their blocker. */
  blocked: ClusterProgress[];
  /** Set when a maintenance window cannot be read. */
  windowProblem?: string | undefined;
  /** Set when an approved stage waits for its target to be offered in every region. */
  approvalHold?: string | undefined;
}

type Summary = { ready: boolean; reconciling: boolean; stalled: boolean; reason: string; message: string };

const PHASE_SUMMARY: Record<UpgradePlanPhase, Omit<Summary, 'message'>> = {
  Pending: { ready: false, reconciling: true, stalled: false, reason: UpgradePlanReason.Pending },
  Progressing: { ready: false, reconciling: true, stalled: false, reason: UpgradePlanReason.Upgrading },
  Paused: { ready: false, reconciling: false, stalled: false, reason: UpgradePlanReason.Paused },
  WaitingForApproval: {
    ready: false,
    reconciling: true,
    stalled: false,
    reason: UpgradePlanReason.WaitingForApproval,
  },
  WaitingForWindow: {
    ready: false,
    reconciling: true,
    stalled: false,
    reason: UpgradePlanReason.OutsideMaintenanceWindow,
  },
  Succeeded: { ready: true, reconciling: false, stalled: false, reason: UpgradePlanReason.Completed },
  Failed: { ready: false, reconciling: false, stalled: true, reason: UpgradePlanReason.MaxFailuresExceeded },
  Aborting: { ready: false, reconciling: true, stalled: false, reason: UpgradePlanReason.Aborting },
  Aborted: { ready: false, reconciling: false, stalled: false, reason: UpgradePlanReason.Aborted },
};

function summarize(input: PlanConditionsInput): Summary {
  const { counts } = input;
  const tally = `${counts.done}/${counts.total} clusters at the target, ${counts.inProgress} in progress, ${counts.failed} failed`;
  if (input.windowProblem) {
    return {
      ready: false,
      reconciling: false,
      stalled: true,
      reason: UpgradePlanReason.InvalidSpec,
      message: input.windowProblem,
    };
  }
  if (
    counts.total === 0 &&
    input.phase !== UpgradePlanPhase.Aborted &&
    input.phase !== UpgradePlanPhase.Aborting
  ) {
    const message =
      'the plan and stage selectors match no ManagedCluster of this namespace; check the labels';
    return {
      ready: false,
      reconciling: false,
      stalled: false,
      reason: UpgradePlanReason.NoClustersSelected,
      message,
    };
  }
  if (input.phase === UpgradePlanPhase.Aborted || input.phase === UpgradePlanPhase.Aborting)
    return { ...PHASE_SUMMARY[input.phase], message: abortSummary(input.stages ?? [], input.phase) };
  if (input.phase === UpgradePlanPhase.WaitingForApproval && input.approvalHold) {
    const reason = UpgradePlanReason.TargetNotOfferedInRegion;
    return { ...PHASE_SUMMARY.WaitingForApproval, reason, message: input.approvalHold };
  }
  const blocked = input.blocked.map((c) => `${c.name}: ${c.blocker?.message ?? 'blocked'}`);
  const message = blocked.length ? `${tally}; blocked: ${blocked.join('; ')}` : tally;
  return { ...PHASE_SUMMARY[input.phase], message };
}

const names = (clusters: ClusterProgress[]): string => clusters.map((c) => c.name).join(', ') || 'none';

/** The blue/green replacements of the clusters that ended `outcome`, as `cluster/pool`. */
const replacements = (clusters: ClusterProgress[], outcome: ReplacementAbortOutcome): string[] =>
  clusters.flatMap((c) =>
    (c.abortedReplacements ?? []).filter((r) => r.outcome === outcome).map((r) => `${c.name}/${r.pool}`),
  );

/**
 * What an aborted plan finished, what still runs to its end, what it rolled back (blue/green replacements
 * it had running) or could not, and what it left; while the abort is still ending (`Aborting`), it says so.
 */
export function abortSummary(
  stages: StageProgress[],
  phase: typeof UpgradePlanPhase.Aborting | typeof UpgradePlanPhase.Aborted = UpgradePlanPhase.Aborted,
): string {
  const all = stages.flatMap((s) => s.clusters ?? []);
  const finished = all.filter((c) => c.phase === ClusterUpgradePhase.Succeeded);
  const failed = all.filter((c) => c.phase === ClusterUpgradePhase.Failed);
  const rolledBackClusters = all.filter((c) => c.phase === ClusterUpgradePhase.RolledBack);
  const running = all.filter(
    (c) =>
      c.phase === ClusterUpgradePhase.UpgradingControlPlane ||
      c.phase === ClusterUpgradePhase.UpgradingNodePools ||
      c.phase === ClusterUpgradePhase.ApplyingChanges,
  );
  const done = new Set([...finished, ...failed, ...running, ...rolledBackClusters]);
  const left = all.filter((c) => !done.has(c) && c.phase !== ClusterUpgradePhase.Skipped);
  const state = phase === UpgradePlanPhase.Aborting ? 'aborting, ending what runs' : 'aborted';
  const parts = [`${state}: finished: ${names(finished)}`];
  if (running.length > 0)
    parts.push(`started (a step already asked runs to its end, no new one starts): ${names(running)}`);
  const rollingBack = replacements(all, ReplacementAbortOutcome.InProgress);
  const rolledBack = replacements(all, ReplacementAbortOutcome.RolledBack);
  const tooLate = replacements(all, ReplacementAbortOutcome.FinishedTooLate);
  if (rollingBack.length > 0)
    parts.push(`replacements still rolling back or finishing: ${rollingBack.join(', ')}`);
  if (rolledBack.length > 0) parts.push(`replacements rolled back: ${rolledBack.join(', ')}`);
  if (tooLate.length > 0) parts.push(`replacements finished (abort too late): ${tooLate.join(', ')}`);
  if (failed.length > 0) parts.push(`failed: ${names(failed)}`);
  parts.push(`not upgraded: ${names(left)}`);
  return `${parts.join('; ')}; abort cannot be undone: create a new UpgradePlan for the rest`;
}

const status = (b: boolean): ConditionStatus => (b ? ConditionStatus.True : ConditionStatus.False);

/** The plan's condition updates; reasons are from the API, messages say what to do. */
export function planConditions(input: PlanConditionsInput): ConditionUpdate[] {
  const s = summarize(input);
  const hasBlocked = input.blocked.some((c) => c.phase === ClusterUpgradePhase.Blocked);
  const progressingReason = hasBlocked ? (input.blocked[0]?.blocker?.reason ?? s.reason) : s.reason;
  return [
    { type: UpgradePlanConditionType.Ready, status: status(s.ready), reason: s.reason, message: s.message },
    {
      type: UpgradePlanConditionType.Reconciling,
      status: status(s.reconciling),
      reason: s.reason,
      message: s.reconciling ? s.message : '',
    },
    {
      type: UpgradePlanConditionType.Stalled,
      status: status(s.stalled),
      reason: s.reason,
      message: s.stalled ? s.message : '',
    },
    {
      type: UpgradePlanConditionType.Progressing,
      status: status(s.reconciling),
      reason: progressingReason,
      message: s.message,
    },
    {
      type: UpgradePlanConditionType.Failed,
      status: status(input.phase === UpgradePlanPhase.Failed),
      reason: input.phase === UpgradePlanPhase.Failed ? UpgradePlanReason.MaxFailuresExceeded : s.reason,
      message: input.phase === UpgradePlanPhase.Failed ? s.message : '',
    },
  ];
}
