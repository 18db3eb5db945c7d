// How a blue/green replacement an UpgradePlan had started ended after the plan was aborted (the plan
// sets the NodePool's abort-replacement annotation on it).
export const ReplacementAbortOutcome = {
  /** Still running: rolling back, or finishing because the abort came too late. */
  InProgress: 'InProgress',
  /** Rolled back: the twin was drained back and deleted, the old pool serves. */
  RolledBack: 'RolledBack',
  /** The old pool's deletion had started: the replacement finished (the NodePool's AbortTooLate event). */
  FinishedTooLate: 'FinishedTooLate',
} as const;
export type ReplacementAbortOutcome = (typeof ReplacementAbortOutcome)[keyof typeof ReplacementAbortOutcome];
