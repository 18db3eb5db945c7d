// Names of the pre-flight checks run before each control-plane step and each pool replacement. They are
// API: UpgradePlan.spec.preflight.skip lists them and status reports findings under them.

export const PreflightCheck = {
  /** Kubernetes APIs removed in a release up to the target are still requested (apiserver metrics). */
  RemovedAPIsInUse: 'RemovedAPIsInUse',
  /** Manifests (last-applied configuration, Helm releases, managed fields) still declare removed APIs. */
  RemovedAPIsInManifests: 'RemovedAPIsInManifests',
  /** A PodDisruptionBudget can never allow an eviction (maxUnavailable 0, minAvailable 100 % or all pods). */
  ZeroDisruptionPDB: 'ZeroDisruptionPDB',
  /** A PodDisruptionBudget allows no eviction right now (unready pods); a warning. */
  PDBCurrentlyBlocking: 'PDBCurrentlyBlocking',
  /** A pod is selected by several PDBs, or a PDB is stale or covers unmanaged pods. */
  BrokenPDB: 'BrokenPDB',
  /** Workloads, nodes or APIServices are not healthy before the upgrade; a warning. */
  UnhealthyWorkloads: 'UnhealthyWorkloads',
  /** A failing-closed admission webhook's backend could be evicted entirely. */
  WebhookBackends: 'WebhookBackends',
  /** A node pool would fall outside the version skew AKS allows after the next control-plane step. */
  VersionSkew: 'VersionSkew',
  /** The subscription lacks vCPU quota for surge or twin-pool nodes. */
  QuotaHeadroom: 'QuotaHeadroom',
  /** The subnet lacks free addresses for surge nodes and their pods. */
  SubnetCapacity: 'SubnetCapacity',
  /** The twin pool of a blue/green replacement cannot host the old pool's pods. */
  TwinPoolCapacity: 'TwinPoolCapacity',
  /** Pods whose termination grace period exceeds the drain timeout; a warning. */
  LongTerminationGrace: 'LongTerminationGrace',
  /** Pods without a controller on pools to drain would be lost. */
  UnmanagedPods: 'UnmanagedPods',
  /**
   * The VNet subnets the cluster's nodes and pods take overlap those of another cluster of the plan (the
   * fleet could not route between them), or its service range overlaps its own subnets.
   */
  AddressSpaceOverlap: 'AddressSpaceOverlap',
  /** The cluster or a pool has an Azure operation running, or another plan holds the cluster. */
  ClusterBusy: 'ClusterBusy',
} as const;
export type PreflightCheck = (typeof PreflightCheck)[keyof typeof PreflightCheck];

export const PreflightSeverity = {
  /** Blocks the step. */
  Error: 'Error',
  /** Reported; the step goes on. */
  Warning: 'Warning',
} as const;
export type PreflightSeverity = (typeof PreflightSeverity)[keyof typeof PreflightSeverity];
