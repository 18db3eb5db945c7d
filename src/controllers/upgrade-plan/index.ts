// Public surface of the UpgradePlan controller: the controller and reconciler, and the pure core they
// run on (cluster selection, per-cluster steps, maintenance windows, the stage state machine).
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
export { UPGRADE_PLAN_CONTROLLER, createUpgradePlanController, workloadPreflight } from './controller.js';
export type { UpgradePlanControllerOptions } from './controller.js';
export { PLAN_CONDITION_TYPES, UpgradePlanReconciler } from './reconciler.js';
export type { UpgradePlanReconcilerOptions } from './reconciler.js';
export { KubeAnnotator } from './annotator.js';
export type { ObjectAnnotator } from './annotator.js';
export { AzureOfferedVersions } from './offered-versions.js';
export type { OfferedVersions } from './offered-versions.js';
export { WorkloadPreflight } from './preflight-run.js';
export type { PreflightOutcome, PreflightRequest, PreflightRunner } from './preflight-run.js';
export { PlanEventReason } from '../../api/index.js';
export { observeCluster } from './observe-cluster.js';
export { stepAnnotations } from './step-annotations.js';
export {
  PLAN_CLUSTERS_METRIC,
  PLAN_PHASE_METRIC,
  PLAN_STAGE_PROGRESS_METRIC,
  trackPlanMetrics,
} from './plan-metrics.js';
