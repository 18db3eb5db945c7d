// Public surface of the API: kinds' types, their schemas, condition types and reasons, group/version
// names, and the CRD builder. Other folders import from here only.

export { API_VERSION, Annotation, CATEGORY, FINALIZER, GROUP, Kind, Plural, VERSION } from './group.js';
export type { ObjectMeta } from './object-meta.js';

export { s, valuesOf } from './schema.js';
export type { AnySchema, Infer, InferInput, Presence, SchemaNode, ValidationRule } from './schema.js';
export { applyDefaults } from './defaults.js';
export { toOpenAPI } from './openapi.js';
export type { OpenAPISchema } from './openapi.js';
export { AGE_COLUMN, buildCrd, crdName, objectSchema, READY_COLUMN } from './crd.js';
export type { CustomResourceDefinition, KindDefinition, PrinterColumn } from './crd.js';
export { KIND_DEFINITIONS } from './kinds.js';

export { ConditionType, Reason } from './conditions.js';
export { AzureTag, OPERATOR_TAG_NAMES, ownerTagValue, parseOwnerTag, type OwnerRef } from './azure-tags.js';
export {
  ConditionStatus,
  DeletionPolicy,
  LabelSelectorOperator,
  OperationResult,
  OperationType,
  PowerState,
} from './common.js';
export type { Condition, LabelSelector, LastOperation, LocalObjectReference } from './common.js';

export {
  CLUSTER_NAME_PATTERN,
  DriftPolicy,
  managedClusterDefinition,
  managedClusterSpec,
  managedClusterStatus,
} from './managed-cluster.js';
export type {
  ManagedCluster,
  ManagedClusterSpec,
  ManagedClusterSpecInput,
  ManagedClusterStatus,
} from './managed-cluster.js';
export { ManagedClusterConditionType, ManagedClusterReason } from './managed-cluster-conditions.js';
export {
  IdentityType,
  NodeOSUpgradeChannel,
  SkuTier,
  SupportPlan,
  UpgradeChannel,
} from './managed-cluster-features.js';
export { PublicNetworkAccess } from './managed-cluster-access.js';
export { autoScalerProfile, Expander } from './managed-cluster-autoscaling.js';
export { LicenseType, RestrictionLevel } from './managed-cluster-node-host.js';
export {
  IstioIngressGatewayMode,
  NginxIngressControllerType,
  ServiceMeshMode,
} from './managed-cluster-traffic.js';
export { IpFamily, NetworkDataplane, NetworkPlugin, NetworkPolicy } from './managed-cluster-network.js';
export { OutboundType } from './managed-cluster-outbound.js';
export { MaintenanceConfigurationName } from './managed-cluster-maintenance.js';
export type { NetworkProfile } from './managed-cluster-network.js';

export {
  nodePoolDefinition,
  nodePoolSpec,
  PoolMode,
  ScaleDownMode,
  SpotEvictionPolicy,
} from './node-pool.js';
export { blockedBy, nodePoolStatus } from './node-pool-status.js';
export type { BlockedBy, NodePoolStatus } from './node-pool-status.js';
export type { NodePool, NodePoolSpec, NodePoolSpecInput } from './node-pool.js';
export { NodePoolConditionType, NodePoolReason } from './node-pool-conditions.js';
export {
  blueGreen,
  BlueGreenPhase,
  NodeImagePolicy,
  PoolUpgradePhase,
  ScaleSetPriority,
  UpgradeStrategy,
} from './node-pool-upgrade.js';
export { OsDiskType, OsSKU, OsType, POOL_NAME_PATTERN, UndrainableNodeBehavior } from './pool-fields.js';
export {
  GPUDriver,
  GPUInstanceProfile,
  KubeletDiskType,
  SshAccess,
  WorkloadRuntime,
} from './node-pool-host.js';
export { PortProtocol } from './node-pool-exposure.js';

export {
  nodePoolSnapshotDefinition,
  NodePoolSnapshotConditionType,
  NodePoolSnapshotReason,
  nodePoolSnapshotSpec,
  nodePoolSnapshotStatus,
  SNAPSHOT_NAME_PATTERN,
} from './node-pool-snapshot.js';
export type {
  NodePoolSnapshot,
  NodePoolSnapshotSpec,
  NodePoolSnapshotSpecInput,
  NodePoolSnapshotStatus,
} from './node-pool-snapshot.js';

export { upgradePlanDefinition, upgradePlanSpec, upgradePlanStatus } from './upgrade-plan.js';
export type {
  AbortedReplacement,
  ClusterProgress,
  PreflightFinding,
  RunGeneration,
  StageProgress,
  UpgradePlan,
  UpgradePlanSpec,
  UpgradePlanSpecInput,
  UpgradePlanStatus,
} from './upgrade-plan.js';
export { UpgradePlanConditionType, UpgradePlanReason } from './upgrade-plan-conditions.js';
export { StandbyReason } from './standby-events.js';
export { PlanEventReason } from './upgrade-plan-events.js';
export { ReplacementAbortOutcome } from './replacement-abort.js';
export { EventReason } from './event-reasons.js';
export { clusterCostSpec, COST_COLUMN, CostSource, costStatus, HOURS_PER_MONTH } from './cost.js';
export type { ClusterCostSpec, CostSavings, CostStatus } from './cost.js';
export { DrainTimeoutAction } from './drain-timeout-action.js';
export { DRAIN_ROLLOUT_ALLOWED, DRAIN_ROLLOUT_ANNOTATION, DrainRollouts } from './drain-rollouts.js';
export { FailureAction, StoppedClusterAction, Weekday } from './upgrade-plan-policies.js';
export { ClusterUpgradePhase, StagePhase, UpgradePlanPhase } from './upgrade-phases.js';
export { PreflightCheck, PreflightSeverity } from './preflight-checks.js';
export { VERSION_PATTERN } from './cel.js';
