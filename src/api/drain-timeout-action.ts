// What a blue/green drain does with a node still not drained at its timeout (NodePool
// spec.blueGreen.onDrainTimeout, UpgradePlan spec.drain.onTimeout).
export const DrainTimeoutAction = {
  /** Keep the node cordoned, report the blocking pods, and wait for the user. */
  Wait: 'Wait',
  /** Leave the node cordoned with its remaining pods and go on with the next one. */
  CordonOnly: 'CordonOnly',
  /** Delete the remaining pods, bypassing PodDisruptionBudgets. Explicit opt-in only. */
  Force: 'Force',
} as const;
export type DrainTimeoutAction = (typeof DrainTimeoutAction)[keyof typeof DrainTimeoutAction];
