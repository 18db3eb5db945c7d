// Public surface of the pre-flight checks: pure functions from plain data to findings, the removed-API
// table loader, and the read-only gatherer that collects their inputs from a workload cluster.

export { FindingReason, Severity } from './findings.js';
export type { Finding } from './findings.js';
export { compareMinor, compareVersions, formatVersion, parseVersion } from './kube-version.js';
export type { KubeVersion } from './kube-version.js';
export {
  DEFAULT_TABLE_URL,
  RemovedApiTableError,
  isRemovedApiTableError,
  loadRemovedApiTable,
  parseRemovedApiTable,
} from './deprecated-api-table.js';
export type { RemovedApi } from './deprecated-api-table.js';
export {
  findRemovedApiRequests,
  findRemovedApis,
  parseDeprecatedApiMetrics,
  removalsFor,
  resourceOf,
} from './removed-apis.js';
export type { ObservedObject } from './removed-apis.js';
export { checkPdbs } from './pdb-checks.js';
export type { PdbCheckInput } from './pdb-checks.js';
export { checkWorkloadHealth } from './workload-health.js';
export type { WorkloadInput } from './workload-health.js';
export { REGIONAL_VCPUS, checkQuotaHeadroom, extraNodes } from './quota.js';
export type { PoolCapacityInput, QuotaUsage } from './quota.js';
export { allowedSkew, planVersionSteps } from './version-steps.js';
export type { CurrentVersions, PlanOptions, VersionPlan, VersionStep } from './version-steps.js';
export { checkClusterState } from './cluster-state.js';
export type { ClusterState } from './cluster-state.js';
export { findCidrOverlaps, parseCidr } from './cidr-overlap.js';
export type { ClusterNetworks } from './cidr-overlap.js';
export { POOL_LABELS, checkPoolPods } from './pool-pods.js';
export type { PoolPodsInput } from './pool-pods.js';
export { checkVersionSkew } from './version-skew.js';
export type { VersionSkewInput } from './version-skew.js';
export { checkWebhookBackends } from './webhook-backends.js';
export type { AdmissionWebhook, WebhookBackendsInput } from './webhook-backends.js';
export { checkTwinCapacity } from './twin-capacity.js';
export type { TwinCapacityInput } from './twin-capacity.js';
export { parseQuantity } from './resource-quantity.js';
export { checkSubnetCapacity, RESERVED_PER_SUBNET, usableAddresses } from './subnet-capacity.js';
export type { SubnetCapacityInput, SubnetUse } from './subnet-capacity.js';
export { gatherAdmissionWebhooks, gatherPoolWorkload } from './pool-gatherer.js';
export type { PoolWorkload } from './pool-gatherer.js';
export {
  LAST_APPLIED_ANNOTATION,
  discoverServedApis,
  gatherDeclaredApiVersions,
  gatherPdbInputs,
  gatherWorkloads,
  listingFor,
  readApiServerMetrics,
} from './gatherer.js';
export type { GatherOptions, ServedResource } from './gatherer.js';
