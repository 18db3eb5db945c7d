// The Events an UpgradePlan pass records, from what changed between the status it read and the one it
// reports: stages and clusters starting, finishing, failing or becoming blocked. One event per change.
import {
  ClusterUpgradePhase,
  StagePhase,
  UpgradePlanPhase,
  UpgradePlanReason,
  type ClusterProgress,
  type StageProgress,
  type UpgradePlanStatus,
} from '../../api/index.js';
import { EventType, type EventInput } from '../../runtime/index.js';

/** Reasons of the Normal events (Warnings reuse the condition or blocker reason). */
export const PlanEventReason = {
  /** A stage started its first cluster. */
  StageStarted: 'StageStarted',
  /** Every cluster of a stage finished and its soak ended. */
  StageSucceeded: 'StageSucceeded',
  /** A cluster's first step started. */
  ClusterUpgradeStarted: 'ClusterUpgradeStarted',
  /** The plan asked for one step of a cluster (annotations set). */
  UpgradeStepStarted: 'UpgradeStepStarted',
  /** The plan asked a stopped cluster to run for its upgrade (power-override annotation set). */
  StartedStoppedCluster: 'StartedStoppedCluster',
  /** The plan removed the power override it set: the cluster runs or stops by its spec again. */
  ReleasedPowerOverride: 'ReleasedPowerOverride',
  /** A cluster reached the target. */
  ClusterUpgraded: 'ClusterUpgraded',
  /** Every selected cluster reached the target. */
  PlanSucceeded: 'PlanSucceeded',
  /** A stage stopped after too many failures (Warning). */
  StageFailed: 'StageFailed',
} as const;
export type PlanEventReason = (typeof PlanEventReason)[keyof typeof PlanEventReason];

const normal = (reason: string, message: string): EventInput => ({ type: EventType.Normal, reason, message });
const warning = (reason: string, message: string): EventInput => ({
  type: EventType.Warning,
  reason,
  message,
});

export function planEvents(before: UpgradePlanStatus | undefined, after: UpgradePlanStatus): EventInput[] {
  const events: EventInput[] = [];
  const previous = new Map((before?.stages ?? []).map((s) => [s.name, s]));
  for (const stage of after.stages ?? []) events.push(...stageEvents(previous.get(stage.name), stage));
  if (after.phase !== before?.phase) {
    if (after.phase === UpgradePlanPhase.Succeeded)
      events.push(
        normal(
          PlanEventReason.PlanSucceeded,
          `every selected cluster reached the target (${after.counts?.total ?? 0})`,
        ),
      );
    if (after.phase === UpgradePlanPhase.Failed)
      events.push(
        warning(UpgradePlanReason.MaxFailuresExceeded, `the plan stopped: ${after.progress ?? ''}`),
      );
  }
  return events;
}

function stageEvents(before: StageProgress | undefined, after: StageProgress): EventInput[] {
  const events: EventInput[] = [];
  if (after.startedAt && !before?.startedAt && after.phase !== StagePhase.Skipped)
    events.push(normal(PlanEventReason.StageStarted, `stage ${after.name} started`));
  const old = new Map((before?.clusters ?? []).map((c) => [c.name, c]));
  for (const cluster of after.clusters ?? []) events.push(...clusterEvents(old.get(cluster.name), cluster));
  if (after.phase !== before?.phase) {
    if (after.phase === StagePhase.Succeeded)
      events.push(normal(PlanEventReason.StageSucceeded, `stage ${after.name} succeeded`));
    if (after.phase === StagePhase.Failed)
      events.push(
        warning(PlanEventReason.StageFailed, `stage ${after.name} failed: too many clusters failed`),
      );
  }
  return events;
}

function clusterEvents(before: ClusterProgress | undefined, after: ClusterProgress): EventInput[] {
  const events: EventInput[] = [];
  if (after.startedAt && !before?.startedAt)
    events.push(
      normal(PlanEventReason.ClusterUpgradeStarted, `cluster ${after.name} started: ${after.step ?? ''}`),
    );
  const changed = after.phase !== before?.phase || after.blocker?.reason !== before.blocker?.reason;
  if (!changed) return events;
  if (after.phase === ClusterUpgradePhase.Succeeded)
    events.push(
      normal(
        PlanEventReason.ClusterUpgraded,
        `cluster ${after.name} reached the target (${after.currentVersion ?? ''})`,
      ),
    );
  if (after.phase === ClusterUpgradePhase.Failed)
    events.push(
      warning(
        after.blocker?.reason ?? 'ClusterUpgradeFailed',
        `cluster ${after.name} failed: ${after.blocker?.message ?? ''}`,
      ),
    );
  if (after.phase === ClusterUpgradePhase.Blocked)
    events.push(
      warning(
        after.blocker?.reason ?? 'Blocked',
        `cluster ${after.name} is blocked: ${after.blocker?.message ?? ''}`,
      ),
    );
  return events;
}
