// Condition types and reasons of NodePool (the common ones plus pool-specific ones).
import { ConditionType, Reason } from './conditions.js';

export const NodePoolConditionType = {
  ...ConditionType,
  /** True while a drain cannot go on (a PDB, a pod stuck terminating, an unmanaged pod); the message names the pods. */
  DrainBlocked: 'DrainBlocked',
  /** True when Azure differs from the spec because of a change made outside the operator; see status.drift. */
  DriftDetected: 'DriftDetected',
  /** True when the agent pool and its cluster are provisioned and powered on; what needs the pool's nodes waits for it, not Ready. */
  Running: 'Running',
  /** Whether a declared spec.nodeImage.policy can hold beside the cluster's AKS node OS channel (set once the channel is known). */
  NodeImagePolicy: 'NodeImagePolicy',
} as const;
export type NodePoolConditionType = (typeof NodePoolConditionType)[keyof typeof NodePoolConditionType];

export const NodePoolReason = {
  ...Reason,
  /** The ManagedCluster named by clusterRef does not exist yet or is not provisioned. */
  WaitingForCluster: 'WaitingForCluster',
  /** orchestratorVersion is above the control plane; waits until the control plane has been upgraded. */
  WaitingForControlPlane: 'WaitingForControlPlane',
  /** The cluster is stopped; nothing changes until it runs again (Ready True when it was stopped as asked and the pool's spec was applied before). */
  ClusterStopped: 'ClusterStopped',
  /** The pool is stopped as asked: Ready True, Running False. */
  PoolStopped: 'PoolStopped',
  /** Running True: the agent pool and its cluster are provisioned and powered on. */
  PoolRunning: 'PoolRunning',
  /** The Kubernetes version of the nodes is being upgraded (AKS surge). */
  Upgrading: 'Upgrading',
  /** The node image is being upgraded. */
  UpgradingNodeImage: 'UpgradingNodeImage',
  /** Azure has a value the spec wants different for a field AKS fixes when the pool is created. */
  ImmutableFieldDiffers: 'ImmutableFieldDiffers',
  /** An annotation an UpgradePlan or the standby controller sets has a value that cannot be used. */
  InvalidUpgradeAnnotation: 'InvalidUpgradeAnnotation',
  /** A System pool's VM size is below what AKS requires of a System pool. */
  SystemPoolVMSizeTooSmall: 'SystemPoolVMSizeTooSmall',
  /** A Spot pool cannot be stopped (AKS refuses it). */
  SpotPoolCannotBeStopped: 'SpotPoolCannotBeStopped',
  /** A stopped pool cannot keep the autoscaler on (AKS refuses it). */
  AutoscalerEnabledOnStoppedPool: 'AutoscalerEnabledOnStoppedPool',
  /** A Windows pool needs Azure CNI; the cluster uses kubenet. */
  WindowsRequiresAzureCNI: 'WindowsRequiresAzureCNI',
  /** podSubnetID is set but the cluster does not run Azure CNI with dynamic IP allocation (kubenet, overlay or none). */
  PodSubnetRequiresAzureCNI: 'PodSubnetRequiresAzureCNI',
  /** vnetSubnetID is in another VNet than the subnets of the cluster's other NodePools; AKS keeps a cluster in one VNet. */
  SubnetInAnotherVNet: 'SubnetInAnotherVNet',
  /** vnetSubnetID or podSubnetID names a subnet (or VNet) that does not exist (AKS code). */
  SubnetNotFound: 'SubnetNotFound',
  /** vnetSubnetID is delegated to a service; AKS puts nodes only in undelegated subnets (AKS code). */
  SubnetIsDelegated: 'SubnetIsDelegated',
  /** The subnet has fewer free addresses than the pool reserves at its largest, surge included (AKS code). */
  InsufficientSubnetSize: 'InsufficientSubnetSize',
  /** Another NodePool of the namespace names the same agent pool of the same cluster. */
  DuplicatePoolName: 'DuplicatePoolName',
  /** Drift was found and is being put back (driftPolicy Revert). */
  RevertingDrift: 'RevertingDrift',
  /** The node count is changing. */
  Scaling: 'Scaling',
  /** The pool is being started. */
  Starting: 'Starting',
  /** The pool is being stopped. */
  Stopping: 'Stopping',
  /** A blue/green replacement is running; see status.blueGreen. */
  Replacing: 'Replacing',
  /** An eviction was refused by a PodDisruptionBudget (DrainBlocked True). */
  BlockedByPodDisruptionBudget: 'BlockedByPodDisruptionBudget',
  /** A pod is still present long after its deletion started (DrainBlocked True). */
  PodStuckTerminating: 'PodStuckTerminating',
  /** A pod without a controller would be lost by eviction; the operator does not evict it (DrainBlocked True). */
  UnmanagedPod: 'UnmanagedPod',
  /** In status.upgrade.blockedBy: a PDB whose spec allows no eviction (maxUnavailable 0, minAvailable 100% or all replicas). */
  StructuralZeroBudget: 'StructuralZeroBudget',
  /** In status.upgrade.blockedBy: a PDB that could allow evictions but allows none now (unready or Pending pods). */
  EffectiveZeroBudget: 'EffectiveZeroBudget',
  /** In status.upgrade.blockedBy: a pod selected by a blocking PDB is not Ready, so the PDB allows no eviction. */
  PodUnready: 'PodUnready',
  /** In status.upgrade.blockedBy: an evicted pod's replacement is Pending, so the PDB allows no eviction. */
  ReplacementPending: 'ReplacementPending',
  /** In status.upgrade.blockedBy: a pod whose Deployment the drain rolled (rollouts Allowed); its surge replaces it. */
  WorkloadRolled: 'WorkloadRolled',
  /** The blue/green twin's name is used by another agent pool; set spec.blueGreen.twinAzureName. */
  TwinPoolNameTaken: 'TwinPoolNameTaken',
  /** The blue/green twin failed to provision (or its create was refused); the old pool serves again (Stalled). */
  TwinFailed: 'TwinFailed',
  /** The blue/green twin disappeared during the replacement; the old pool serves again (Stalled). */
  TwinLost: 'TwinLost',
  /** The twin's nodes or the workloads moved to it are not Ready within the drain timeout; the old pool is kept (Stalled). */
  ReplacementNotServing: 'ReplacementNotServing',
  /** Reconciling: a blue/green replacement rolls back on request (abort-replacement annotation): twin drained back and deleted. */
  RollingBackReplacement: 'RollingBackReplacement',
  /** Stalled: an upgrade would start a blue/green replacement, but the abort-replacement annotation holds it. */
  ReplacementHeld: 'ReplacementHeld',
  /** Warning event: the abort-replacement annotation came after the old pool's deletion started; the replacement finished. */
  AbortTooLate: 'AbortTooLate',
  /** The node image named by the node-image-target annotation is not the newest AKS offers the pool. */
  NodeImageNotOffered: 'NodeImageNotOffered',
  /** NodeImagePolicy True: the cluster's node OS channel leaves node images to the operator (None or Unmanaged). */
  NodeImagePolicyInEffect: 'NodeImagePolicyInEffect',
  /** NodeImagePolicy False: the cluster's node OS channel moves node images too (Pinned or Latest under NodeImage or SecurityPatch). */
  NodeImageChannelConflict: 'NodeImageChannelConflict',
  /** A node was not drained within the drain timeout. */
  DrainTimeout: 'DrainTimeout',
  /** No drain is blocked (DrainBlocked False). */
  NotBlocked: 'NotBlocked',
  /** The VM size's cache is smaller than osDiskSizeGB for an Ephemeral OS disk (AKS code). */
  VMCacheSizeTooSmall: 'VMCacheSizeTooSmall',
  /** The node version is outside the skew AKS allows against the control plane (AKS code). */
  NodePoolMcVersionIncompatible: 'NodePoolMcVersionIncompatible',
  /** The VM size is not offered in the region or zones (AKS code). */
  SKUNotAvailable: 'SKUNotAvailable',
  /** Azure could not allocate the VMs (AKS code). */
  AllocationFailed: 'AllocationFailed',
  /** The NodePoolSnapshot named by snapshotRef or nodeImage.snapshotRef does not exist or is not Ready. */
  SnapshotNotReady: 'SnapshotNotReady',
  /** The NodePoolSnapshot was taken from a VM size of another family than the pool's; AKS uses a snapshot only within its family. */
  SnapshotVMFamilyMismatch: 'SnapshotVMFamilyMismatch',
  /** Azure has values the spec does not (DriftDetected True). */
  DriftFound: 'DriftFound',
  /** Azure matches the spec (DriftDetected False). */
  NoDrift: 'NoDrift',
  /** Deleting the last System pool of a cluster is refused; add another System pool first. */
  LastSystemPool: 'LastSystemPool',
  /** AKS stopped the agent pool DELETE because a PodDisruptionBudget blocked the drain (named in the message); retried with backoff (DrainBlocked True). */
  DeleteBlockedByPodDisruptionBudget: 'DeleteBlockedByPodDisruptionBudget',
} as const;
export type NodePoolReason = (typeof NodePoolReason)[keyof typeof NodePoolReason];
