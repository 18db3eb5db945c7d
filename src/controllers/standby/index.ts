// Public surface of the standby controller: scales a NodePool's standby pool out when the pool cannot
// add nodes and pods wait, and drains it back when the pool recovers.
export { createStandbyController, type StandbyControllerOptions } from './controller.js';
export { StandbyReconciler, type StandbyReconcilerOptions } from './reconciler.js';
export { standbyProblem } from './standby-ref.js';
export { StandbyAnnotation } from './standby-annotations.js';
export { StandbyReason } from '../../api/index.js';
export { StandbyPhase, decideStandby, type StandbyDecision, type StandbyFacts } from './decide.js';
export { quotaFamily, standbyHeadroom, type QuotaUsageSource } from './standby-quota.js';
export { KubeStandbyWorkloads, type StandbyWorkload, type StandbyWorkloads } from './workload-cluster.js';
