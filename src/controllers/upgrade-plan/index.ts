// Public surface of the UpgradePlan controller's pure core: cluster selection, per-cluster steps,
// maintenance windows and the stage state machine (decide).
export { DEFAULT_STAGE_NAME, SelectionReason, selectClusters, selectsLabels } from './select-clusters.js';
export type { ClusterSelection, LabelledCluster, SelectionFinding, StageMembers } from './select-clusters.js';
export { describeStep, planClusterSteps, poolStrategyFor } from './cluster-steps.js';
export type {
  ClusterStep,
  ClusterStepsInput,
  ClusterStepsPlan,
  ObservedClusterVersions,
  ObservedPool,
  ResolvedTarget,
} from './cluster-steps.js';
export { isWindowProblem, windowStateAt } from './maintenance-windows.js';
export type { WindowProblem, WindowState } from './maintenance-windows.js';
export { planConditions } from './plan-conditions.js';
export type { PlanConditionsInput } from './plan-conditions.js';
export { POLL_INTERVAL_MS, decide } from './plan-progress.js';
export type { Blocker, ObservedCluster, PlanDecision, StartStep } from './plan-progress.js';
