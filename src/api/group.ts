// API group, version, kinds, plurals and the well-known names (finalizer, annotations, labels) that
// controllers, the chart and users share.

export const GROUP = 'aks.lifecycle.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}` as const;

export const Kind = {
  ManagedCluster: 'ManagedCluster',
  NodePool: 'NodePool',
  NodePoolSnapshot: 'NodePoolSnapshot',
  UpgradePlan: 'UpgradePlan',
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Resource (plural) names, as used in API paths and RBAC rules. */
export const Plural = {
  ManagedCluster: 'managedclusters',
  NodePool: 'nodepools',
  NodePoolSnapshot: 'nodepoolsnapshots',
  UpgradePlan: 'upgradeplans',
} as const satisfies Record<Kind, string>;
export type Plural = (typeof Plural)[keyof typeof Plural];

/** Held on every object whose Azure resource the operator may still have to delete. */
export const FINALIZER = `${GROUP}/finalizer`;

export const Annotation = {
  /** `Revert` or `Report`: overrides spec.driftPolicy (ManagedCluster) or the owning cluster's policy (NodePool) for this object. */
  DriftPolicy: `${GROUP}/drift-policy`,
  /** Kubernetes version an UpgradePlan asks of a ManagedCluster or NodePool; the higher of it and the spec applies. */
  UpgradeTarget: `${GROUP}/upgrade-target`,
  /** `Surge` or `BlueGreen`: overrides spec.upgradeStrategy of a NodePool for the upgrade asked. */
  UpgradeStrategy: `${GROUP}/upgrade-strategy`,
  /** A NodePoolSnapshot name: asks a NodePool to move to the snapshot's node image (and version). */
  UpgradeSnapshot: `${GROUP}/upgrade-snapshot`,
  /** Minutes: the per-node drain limit of a blue/green replacement an UpgradePlan asks (its spec.drain). */
  DrainTimeoutMinutes: `${GROUP}/drain-timeout-minutes`,
  /** Nodes drained at once in a blue/green replacement an UpgradePlan asks (its spec.drain.concurrency). */
  DrainBatchSize: `${GROUP}/drain-batch-size`,
  /** Wait, CordonOnly or Force: what a blue/green drain an UpgradePlan asks does at its timeout (its spec.drain.onTimeout). */
  DrainOnTimeout: `${GROUP}/drain-on-timeout`,
  /** Allowed or Never: whether a blue/green drain an UpgradePlan asks may roll opted-in Deployments (its spec.drain.rollouts). */
  DrainRollouts: `${GROUP}/drain-rollouts`,
  /** A node image version, or `latest`: asks a node-image-only upgrade of a NodePool. */
  NodeImageTarget: `${GROUP}/node-image-target`,
  /** The UpgradePlan that set the upgrade annotations (another plan leaves the object alone). */
  UpgradePlan: `${GROUP}/upgrade-plan`,
  /**
   * On a NodePool, who asks (any value; an UpgradePlan writes its name): a blue/green replacement that has
   * not started deleting its old pool rolls back (old nodes uncordoned, twin drained back and deleted), one
   * past that point finishes, and no new replacement starts while it is set. Remove it to allow them again.
   */
  AbortReplacement: `${GROUP}/abort-replacement`,
  /** `Running` on a ManagedCluster: keeps it running over spec.powerState and its schedule (an UpgradePlan starting a stopped cluster). */
  PowerOverride: `${GROUP}/power-override`,
  /** On a standby NodePool: the node count the operator scaled it out to (the spec's count otherwise). */
  StandbyCount: `${GROUP}/standby-count`,
  /** On a NodePool with a standby: when its standby was scaled out (ISO time); absent while idle. */
  StandbyActiveSince: `${GROUP}/standby-active-since`,
  /** On a NodePool with a standby: since when it has had all its nodes and no Pending pods (ISO time). */
  StandbyRecoveredSince: `${GROUP}/standby-recovered-since`,
  /** On a NodePool with a standby: when the drain of the standby back to 0 started (ISO time). */
  StandbyDrainingSince: `${GROUP}/standby-draining-since`,
  /**
   * Any new value retries a write Azure refused, without a spec change (e.g. once quota was raised). On an
   * UpgradePlan: retries its Failed clusters with the same settings (the value is passed on to their objects).
   */
  Retry: `${GROUP}/retry`,
  /** The full ARM ID of the object's Azure resource, fixed when it was created or adopted; every later call acts on it. */
  AzureResourceId: `${GROUP}/azure-resource-id`,
  /** `true` on an object that took an existing Azure resource it did not create: its deletionPolicy defaults to Orphan. */
  Adopted: `${GROUP}/adopted`,
  /** `true`: the finalizer lets the object go without touching Azure (when it cannot reach or no longer owns the resource). */
  Release: `${GROUP}/release`,
  /** An UpgradePlan with target.specChanges: it holds new spec generations of this object until its stage opens. */
  ChangesHeldBy: `${GROUP}/changes-held-by`,
  /** The spec generation the holding UpgradePlan released: generations above it wait (see ChangesHeldBy). */
  ReleasedGeneration: `${GROUP}/released-generation`,
  /** The stage of the holding UpgradePlan the object belongs to, for its ChangeHeld message. */
  ChangesStage: `${GROUP}/changes-stage`,
} as const;
export type Annotation = (typeof Annotation)[keyof typeof Annotation];

/** Every kind of the group is listed under `kubectl get aks`. */
export const CATEGORY = 'aks';
