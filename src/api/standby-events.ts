// Event reasons of the standby controller, recorded on the active NodePool (users and alerts match on
// them).
export const StandbyReason = {
  /** Pods stayed Pending while the active pool could not add nodes; the standby pool was scaled out. */
  ScaledOutStandby: 'ScaledOutStandby',
  /** The active pool has all its nodes again and nothing is Pending; the standby's nodes are being drained. */
  DrainingStandby: 'DrainingStandby',
  /** The standby's nodes were drained and its count given back (the pool scales in to its spec). */
  ReleasedStandby: 'ReleasedStandby',
  /** The active pool lost capacity again while the standby drained; the drain stopped, nodes uncordoned. */
  StandbyDrainAborted: 'StandbyDrainAborted',
  /** The standby's VM family lacks the vCPU quota for the nodes wanted; the message names the shortfall. */
  StandbyQuotaShortfall: 'StandbyQuotaShortfall',
  /** spec.standby.poolRef names no usable pool (missing, itself, another cluster, a System pool). */
  StandbyPoolInvalid: 'StandbyPoolInvalid',
  /** The standby pool lacks labels or taints of the active pool, so pods meant for it may not fit there. */
  StandbyPoolMismatch: 'StandbyPoolMismatch',
  /** An eviction from a standby node is refused (a PodDisruptionBudget, an unmanaged pod); the drain waits. */
  StandbyDrainBlocked: 'StandbyDrainBlocked',
} as const;
export type StandbyReason = (typeof StandbyReason)[keyof typeof StandbyReason];
