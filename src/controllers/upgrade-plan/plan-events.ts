// The Events an UpgradePlan pass records, from what changed between the status it read and the one it
// reports: stages and clusters starting, finishing, failing or becoming blocked, steps done, the plan
// paused, resumed, aborted or ended. One event per change.
import {
  ClusterUpgradePhase,
  PlanEventReason,
  StagePhase,
  UpgradePlanPhase,
  UpgradePlanReason,
  type ClusterProgress,
  type StageProgress,
  type UpgradePlanStatus,
} from '../../api/index.js';
import { EventType, type EventInput } from '../../runtime/index.js';
import { abortSummary } from './plan-conditions.js';

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
    if (after.phase === UpgradePlanPhase.Paused)
      events.push(normal(PlanEventReason.PlanPaused, 'spec.paused is true: nothing new starts'));
    if (before?.phase === UpgradePlanPhase.Paused && after.phase !== UpgradePlanPhase.Aborted)
      events.push(normal(PlanEventReason.PlanResumed, `resumed: ${after.progress ?? ''}`));
    if (after.phase === UpgradePlanPhase.Aborted)
      events.push(normal(PlanEventReason.PlanAborted, abortSummary(after.stages ?? [])));
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
    if (after.phase === StagePhase.WaitingForApproval)
      events.push(
        normal(
          PlanEventReason.StageWaitingForApproval,
          after.message ?? `stage ${after.name} waits for its name in spec.approvals`,
        ),
      );
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
  const isStepDone =
    before?.step !== undefined &&
    after.step !== before.step &&
    after.phase !== ClusterUpgradePhase.Failed &&
    after.phase !== ClusterUpgradePhase.Succeeded;
  if (isStepDone)
    events.push(
      normal(
        PlanEventReason.UpgradeStepCompleted,
        `cluster ${after.name}: ${before.step ?? ''} done; next: ${after.step ?? 'none'}`,
      ),
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
        after.blocker?.reason ?? PlanEventReason.ClusterUpgradeFailed,
        `cluster ${after.name} failed: ${after.blocker?.message ?? ''}`,
      ),
    );
  if (after.phase === ClusterUpgradePhase.Blocked)
    events.push(
      warning(
        after.blocker?.reason ?? PlanEventReason.ClusterBlocked,
        `cluster ${after.name} is blocked: ${after.blocker?.message ?? ''}`,
      ),
    );
  return events;
}
