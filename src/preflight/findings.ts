// What a pre-flight check returns: plain findings with a severity, a reason a controller can put in a
// condition, and a message that says what is wrong and what to change.

export const Severity = {
  /** The plan must not start (unless the user overrides). */
  Error: 'Error',
  /** The plan may start; the user should know. */
  Warning: 'Warning',
  /** Not now: the cluster is busy; check again later. */
  Retry: 'Retry',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export const FindingReason = {
  RemovedApiInUse: 'RemovedApiInUse',
  DeprecatedAddonApiInUse: 'DeprecatedAddonApiInUse',
  StructuralZeroPDB: 'StructuralZeroPDB',
  PDBSelectsUnmanagedPods: 'PDBSelectsUnmanagedPods',
  TransientZeroPDB: 'TransientZeroPDB',
  MultiplePDBs: 'MultiplePDBs',
  PDBNotObserved: 'PDBNotObserved',
  UnhealthyWorkload: 'UnhealthyWorkload',
  QuotaExceeded: 'QuotaExceeded',
  VersionDowngrade: 'VersionDowngrade',
  VersionNotAvailable: 'VersionNotAvailable',
  ClusterStopped: 'ClusterStopped',
  ClusterBusy: 'ClusterBusy',
  CidrOverlap: 'CidrOverlap',
  InvalidCidr: 'InvalidCidr',
  LongGracePeriod: 'LongGracePeriod',
  PinnedToPool: 'PinnedToPool',
  LocalVolumePinned: 'LocalVolumePinned',
  UnmanagedPod: 'UnmanagedPod',
  PoolOutsideSkew: 'PoolOutsideSkew',
  WebhookBackendDrained: 'WebhookBackendDrained',
  TwinPoolTooSmall: 'TwinPoolTooSmall',
  QuotaUnreadable: 'QuotaUnreadable',
  SubnetFull: 'SubnetFull',
  SubnetUnreadable: 'SubnetUnreadable',
} as const;
export type FindingReason = (typeof FindingReason)[keyof typeof FindingReason];

export interface Finding {
  severity: Severity;
  reason: FindingReason;
  message: string;
  /** What the finding is about, e.g. `PodDisruptionBudget shop/api-pdb` or `cluster c1`. */
  subject: string;
}
