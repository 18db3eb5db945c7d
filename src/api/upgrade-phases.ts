// Phases of an upgrade, shared by UpgradePlan status and the upgrade summary on ManagedCluster status.

export const UpgradePlanPhase = {
  /** Accepted; no cluster started yet. */
  Pending: 'Pending',
  /** At least one stage is running. */
  Progressing: 'Progressing',
  /** spec.paused is true; running Azure operations finish, nothing new starts. */
  Paused: 'Paused',
  /** The next stage needs its name in spec.approvals. */
  WaitingForApproval: 'WaitingForApproval',
  /** Outside every maintenance window. */
  WaitingForWindow: 'WaitingForWindow',
  /** Every selected cluster reached the target. */
  Succeeded: 'Succeeded',
  /** failurePolicy stopped the plan. */
  Failed: 'Failed',
  /** spec.abort is true; blue/green replacements the plan started roll back (or finish, when too late). */
  Aborting: 'Aborting',
  /** spec.abort is true; the plan will not continue. */
  Aborted: 'Aborted',
} as const;
export type UpgradePlanPhase = (typeof UpgradePlanPhase)[keyof typeof UpgradePlanPhase];

export const StagePhase = {
  Pending: 'Pending',
  WaitingForApproval: 'WaitingForApproval',
  Progressing: 'Progressing',
  /** Every cluster done; waiting soakMinutes before the next stage. */
  Soaking: 'Soaking',
  Succeeded: 'Succeeded',
  /** failurePolicy stopped the stage. */
  Failed: 'Failed',
  /** A failure elsewhere or an abort stopped the plan before this stage ran. */
  Skipped: 'Skipped',
} as const;
export type StagePhase = (typeof StagePhase)[keyof typeof StagePhase];

export const ClusterUpgradePhase = {
  Pending: 'Pending',
  /** Running pre-flight checks. */
  Preflight: 'Preflight',
  /** Upgrading the control plane, one minor version per step. */
  UpgradingControlPlane: 'UpgradingControlPlane',
  /** Upgrading node pools (surge or blue/green). */
  UpgradingNodePools: 'UpgradingNodePools',
  /** Applying a spec change a specChanges plan released (one object at a time). */
  ApplyingChanges: 'ApplyingChanges',
  /** Waiting for something the user can fix (a PDB, a failed pre-flight check); see blocker. */
  Blocked: 'Blocked',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  /** The plan was aborted and the blue/green replacements it had started here were rolled back. */
  RolledBack: 'RolledBack',
  /** Left out, e.g. a stopped cluster with preflight.stoppedClusters: Skip. */
  Skipped: 'Skipped',
} as const;
export type ClusterUpgradePhase = (typeof ClusterUpgradePhase)[keyof typeof ClusterUpgradePhase];
