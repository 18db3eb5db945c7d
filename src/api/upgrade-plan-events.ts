// Event reasons of the UpgradePlan controller, recorded on the plan: one per step a plan takes (a stage or
// cluster starting and finishing, a step asked and done, pause, resume, abort, retry). Warnings reuse the
// condition or blocker reason; users, dashboards and alerts match on these.
export const PlanEventReason = {
  /** A stage started its first cluster. */
  StageStarted: 'StageStarted',
  /** Every cluster of a stage finished and its soak ended. */
  StageSucceeded: 'StageSucceeded',
  /** A stage waits for its name in spec.approvals. */
  StageWaitingForApproval: 'StageWaitingForApproval',
  /** A cluster's first step started. */
  ClusterUpgradeStarted: 'ClusterUpgradeStarted',
  /** The plan asked for one step of a cluster (annotations set). */
  UpgradeStepStarted: 'UpgradeStepStarted',
  /** A step of a cluster finished and the next one is due. */
  UpgradeStepCompleted: 'UpgradeStepCompleted',
  /** The plan asked a stopped cluster to run for its upgrade (power-override annotation set). */
  StartedStoppedCluster: 'StartedStoppedCluster',
  /** The plan removed the power override it set: the cluster runs or stops by its spec again. */
  ReleasedPowerOverride: 'ReleasedPowerOverride',
  /** A cluster reached the target. */
  ClusterUpgraded: 'ClusterUpgraded',
  /** Every selected cluster reached the target. */
  PlanSucceeded: 'PlanSucceeded',
  /** spec.paused became true: nothing new starts. */
  PlanPaused: 'PlanPaused',
  /** spec.paused became false: the plan goes on where it stopped. */
  PlanResumed: 'PlanResumed',
  /** spec.abort became true: the message names the clusters finished and those left. */
  PlanAborted: 'PlanAborted',
  /** After spec.abort: the plan asked a NodePool's running blue/green replacement to roll back (abort-replacement annotation). */
  AbortedReplacement: 'AbortedReplacement',
  /** After spec.abort: a replacement ended (rolled back or finished too late); the plan removed its annotations from the NodePool. */
  ReleasedNodePool: 'ReleasedNodePool',
  /** A new aks.lifecycle.dev/retry value on the plan sent its failed clusters back to work. */
  RetriedFailedClusters: 'RetriedFailedClusters',
  /** A stage stopped after too many failures (Warning). */
  StageFailed: 'StageFailed',
  /** A cluster failed without a reason of its own (Warning; usually the blocker's reason is used). */
  ClusterUpgradeFailed: 'ClusterUpgradeFailed',
  /** A cluster became blocked without a reason of its own (Warning; usually the blocker's reason is used). */
  ClusterBlocked: 'ClusterBlocked',
} as const;
export type PlanEventReason = (typeof PlanEventReason)[keyof typeof PlanEventReason];
