// Condition types and reasons of ManagedCluster (the common ones plus cluster-specific ones).
import { ConditionType, Reason } from './conditions.js';

export const ManagedClusterConditionType = {
  ...ConditionType,
  /** True when the month projection passes spec.cost.monthlyBudget; set only on clusters that declare one. */
  OverBudget: 'OverBudget',
  /** True when Azure differs from the spec because of a change made outside the operator; see status.drift. */
  DriftDetected: 'DriftDetected',
  /** True when Azure reports the cluster provisioned and powered on (maybe updating); what needs its API server waits for it, not Ready. */
  Running: 'Running',
  /** True when a subnet of the cluster overlaps one of another cluster an UpgradePlan also selects. */
  AddressSpaceOverlap: 'AddressSpaceOverlap',
} as const;
export type ManagedClusterConditionType =
  (typeof ManagedClusterConditionType)[keyof typeof ManagedClusterConditionType];

export const ManagedClusterReason = {
  ...Reason,
  /** OverBudget False: the month projection stays within spec.cost.monthlyBudget. */
  ProjectionWithinBudget: 'ProjectionWithinBudget',
  /** OverBudget True (and a Warning event): the month projection passes spec.cost.monthlyBudget. */
  ProjectionOverBudget: 'ProjectionOverBudget',
  /** OverBudget Unknown: no price is known for a VM size, disk or tier of the cluster, so nothing is projected. */
  PricesUnavailable: 'PricesUnavailable',
  /** The control plane is being upgraded to spec.kubernetesVersion. */
  Upgrading: 'Upgrading',
  /** The cluster is being started (spec.powerState or the schedule); Running is False until it runs. */
  Starting: 'Starting',
  /** The cluster is being stopped (spec.powerState or the schedule); Running is False. */
  Stopping: 'Stopping',
  /** The cluster is stopped as asked: Ready True (False while spec changes wait for the next start), Running False. */
  ClusterStopped: 'ClusterStopped',
  /** Running True: the cluster is provisioned and powered on. */
  ClusterRunning: 'ClusterRunning',
  /** An existing Azure cluster was adopted and matches the spec. */
  Adopted: 'Adopted',
  /** spec.adoption names a cluster that does not exist in Azure. */
  AdoptionTargetNotFound: 'AdoptionTargetNotFound',
  /** Azure has values the spec does not (DriftDetected True). */
  DriftFound: 'DriftFound',
  /** Drift was found and is being put back (driftPolicy Revert). */
  RevertingDrift: 'RevertingDrift',
  /** Azure matches the spec (DriftDetected False). */
  NoDrift: 'NoDrift',
  /** AKS refused a version change: it skips a minor version or is not offered (AKS code reused when known). */
  UpgradeNotAllowed: 'UpgradeNotAllowed',
  /** AKS refused the control-plane upgrade because removed APIs were used recently (UpgradeBlockedOnDeprecatedAPIUsage). */
  UpgradeBlockedOnDeprecatedAPIUsage: 'UpgradeBlockedOnDeprecatedAPIUsage',
  /** The NodePoolSnapshot named by systemPool.snapshotRef does not exist or is not Ready. */
  SnapshotNotReady: 'SnapshotNotReady',
  /** The NodePoolSnapshot was taken from a VM size of another family than the System pool's. */
  SnapshotVMFamilyMismatch: 'SnapshotVMFamilyMismatch',
  /** Azure has a value the spec wants different for a field AKS cannot change on an existing cluster. */
  ImmutableFieldDiffers: 'ImmutableFieldDiffers',
  /** An annotation an UpgradePlan sets (target, strategy, power override) has a value that cannot be used. */
  InvalidUpgradeAnnotation: 'InvalidUpgradeAnnotation',
  /** The System pool's VM size is below what AKS requires of a System pool. */
  SystemPoolVMSizeTooSmall: 'SystemPoolVMSizeTooSmall',
  /** The network policy needs a network plugin or dataplane the spec does not have. */
  NetworkPolicyNotSupported: 'NetworkPolicyNotSupported',
  /** spec.powerSchedule has a cron expression or time zone that cannot be read. */
  InvalidPowerSchedule: 'InvalidPowerSchedule',
  /** adoption.resourceID names a cluster whose name is not this object's Azure name. */
  AdoptionNameMismatch: 'AdoptionNameMismatch',
  /** NodePools still exist for the cluster; deletion waits for them. */
  WaitingForNodePools: 'WaitingForNodePools',
  /** AddressSpaceOverlap True: a subnet of the cluster overlaps a subnet of another cluster of one of its plans. */
  CidrOverlap: 'CidrOverlap',
  /** AddressSpaceOverlap False: no subnet of the cluster overlaps those of the other clusters of its plans. */
  NoCidrOverlap: 'NoCidrOverlap',
  /** AddressSpaceOverlap Unknown: a subnet of the cluster or of another cluster of its plans cannot be read. */
  SubnetUnreadable: 'SubnetUnreadable',
} as const;
export type ManagedClusterReason = (typeof ManagedClusterReason)[keyof typeof ManagedClusterReason];
