// Condition types and reasons of UpgradePlan (the common ones plus plan-specific ones).
import { ConditionType, Reason } from './conditions.js';

export const UpgradePlanConditionType = {
  ...ConditionType,
  /** True while clusters are being upgraded or the plan waits for its next step. */
  Progressing: 'Progressing',
  /** True once failurePolicy stopped the stage or the plan. */
  Failed: 'Failed',
  /** False while an Error-severity pre-flight finding blocks a cluster; the message names the checks. */
  PreflightPassed: 'PreflightPassed',
} as const;
export type UpgradePlanConditionType =
  (typeof UpgradePlanConditionType)[keyof typeof UpgradePlanConditionType];

export const UpgradePlanReason = {
  ...Reason,
  /** Every selected cluster reached the target. */
  Completed: 'Completed',
  /** Clusters are being upgraded. */
  Upgrading: 'Upgrading',
  /** spec.paused is true. */
  Paused: 'Paused',
  /** spec.abort is true. */
  Aborted: 'Aborted',
  /** spec.abort is true and blue/green replacements the plan started still roll back or finish. */
  Aborting: 'Aborting',
  /** The next stage waits for its name in spec.approvals. */
  WaitingForApproval: 'WaitingForApproval',
  /** No maintenance window is open. */
  OutsideMaintenanceWindow: 'OutsideMaintenanceWindow',
  /** A finished stage is soaking before the next starts. */
  Soaking: 'Soaking',
  /** The selectors match no ManagedCluster. */
  NoClustersSelected: 'NoClustersSelected',
  /** Another UpgradePlan already holds one of the clusters. */
  ClusterHeldByAnotherPlan: 'ClusterHeldByAnotherPlan',
  /** AKS does not offer the target version for a cluster (region, support window). */
  TargetNotOffered: 'TargetNotOffered',
  /** A stage is approved, but a region of its clusters does not offer the target version yet. */
  TargetNotOfferedInRegion: 'TargetNotOfferedInRegion',
  /** The target is below a cluster's current version. */
  TargetBelowCurrent: 'TargetBelowCurrent',
  /** The NodePoolSnapshot named by target.snapshotRef does not exist or is not Ready. */
  SnapshotNotReady: 'SnapshotNotReady',
  /** Every pre-flight check run passed (PreflightPassed True). */
  ChecksPassed: 'ChecksPassed',
  /** An Error-severity pre-flight finding blocks a cluster (PreflightPassed False). */
  ChecksFailed: 'ChecksFailed',
  /** A drain is blocked by a PodDisruptionBudget. */
  BlockedByPodDisruptionBudget: 'BlockedByPodDisruptionBudget',
  /** More clusters failed than failurePolicy.maxFailures allows (Failed True). */
  MaxFailuresExceeded: 'MaxFailuresExceeded',
  /** The cluster is stopped and left out (preflight.stoppedClusters: Skip). */
  ClusterStopped: 'ClusterStopped',
  /** A specChanges plan's cluster changed again after the run took its generation: skipped, it goes in the next run. */
  ChangedDuringRun: 'ChangedDuringRun',
  /** A specChanges plan finished its run and waits for the next spec change. */
  WaitingForChanges: 'WaitingForChanges',
  /** A node pool's upgrade ended Failed without a Stalled reason of its own. */
  PoolUpgradeFailed: 'PoolUpgradeFailed',
} as const;
export type UpgradePlanReason = (typeof UpgradePlanReason)[keyof typeof UpgradePlanReason];
