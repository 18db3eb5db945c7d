// Public surface of the controllers: the ManagedCluster and NodePool controllers and what wiring needs
// to build them (context, Azure access, workload node counting).
export { createAksControllers, type AksControllers, type AksControllersOptions } from './aks-controllers.js';
export { fleetShards, type FleetShards, type FleetShardsOptions } from './fleet-shards.js';
export { DEFAULT_POLL_INTERVAL_MS, type ControllerContext } from './shared/controller-context.js';
export {
  AzureAccessResolver,
  EVERY_NAMESPACE,
  SecretKey,
  type AccessRequest,
  type AzureAccess,
  type AzureAccessConfig,
  type SecretReader,
} from './shared/azure-access.js';
export { kubeSecretReader } from './shared/kube-secrets.js';
export {
  DEFAULT_IDENTITY_SERVICE_ACCOUNT,
  kubeServiceAccountTokens,
} from './shared/service-account-tokens.js';
export {
  KubeWorkloadNodes,
  AGENT_POOL_LABEL,
  type NodeCounts,
  type WorkloadNodes,
} from './shared/workload-nodes.js';
export { ManagedClusterReconciler, CLUSTER_CONDITION_TYPES } from './managed-cluster/reconciler.js';
export { NodePoolReconciler, POOL_CONDITION_TYPES } from './node-pool/reconciler.js';
export { vmSizeFacts, type VmSizeFacts } from './shared/vm-sizes.js';
export {
  evaluatePowerSchedule,
  type PowerScheduleSpec,
  type ScheduledPower,
} from './shared/power-schedule.js';
export {
  createStandbyController,
  StandbyAnnotation,
  StandbyReason,
  type QuotaUsageSource,
  type StandbyControllerOptions,
} from './standby/index.js';
export {
  createUpgradePlanController,
  PlanEventReason,
  UpgradePlanReconciler,
  type UpgradePlanControllerOptions,
} from './upgrade-plan/index.js';
