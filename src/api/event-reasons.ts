// Reasons of the Normal events the controllers record (Warning events reuse the condition reasons).
// Events are API too: users, dashboards and alerts match on them.
export const EventReason = {
  /** The finalizer let the object go; the message says why Azure was left as it is (Orphan, release, not ours). */
  Released: 'Released',
  /** The Azure cluster is deleted and the object goes. */
  Deleted: 'Deleted',
  /** The DELETE of the Azure resource was sent (deletionPolicy Delete). */
  DeleteStarted: 'DeleteStarted',
  /** The Azure snapshot was deleted. */
  DeletedSnapshot: 'DeletedSnapshot',
  /** An existing cluster was adopted without any write. */
  AdoptedCluster: 'AdoptedCluster',
  /** A blue/green replacement started: the twin pool is being created. */
  BlueGreenStarted: 'BlueGreenStarted',
  /** The old pool's nodes were cordoned for a blue/green replacement. */
  CordonedNodes: 'CordonedNodes',
  /** The twin serves and the old pool is deleted. */
  BlueGreenCompleted: 'BlueGreenCompleted',
  /** The twin failed or vanished: the replacement is rolled back, the old pool serves on. */
  BlueGreenRollingBack: 'BlueGreenRollingBack',
  /** The abort-replacement annotation stopped a blue/green replacement: it rolls back. */
  AbortedReplacement: 'AbortedReplacement',
  /** A replacement rolled back on request: the twin was drained back and deleted, the old pool serves. */
  RolledBackReplacement: 'RolledBackReplacement',
  /** Cordoned nodes were made schedulable again (a replacement rolled back). */
  UncordonedNodes: 'UncordonedNodes',
  /** One node was cordoned for a drain. */
  CordonedNode: 'CordonedNode',
  /** One pod was evicted through the Eviction API. */
  EvictedPod: 'EvictedPod',
  /** One pod was deleted after the drain timed out under onTimeout: Force (opt-in). */
  ForceDeletedPod: 'ForceDeletedPod',
  /** The drain goes on despite something worth knowing (an unmanaged pod, local data); the message says what. */
  DrainWarning: 'DrainWarning',
  /** Every pod of a node that had to go is gone. */
  DrainedNode: 'DrainedNode',
  /** A Deployment whose PDB allowed no eviction was rolled (rollout restart) so its surge replaces the pod (rollouts Allowed, opt-in). */
  RolledWorkload: 'RolledWorkload',
} as const;
export type EventReason = (typeof EventReason)[keyof typeof EventReason];
