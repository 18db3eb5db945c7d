// The ManagedCluster condition and reasons of its monthly budget (spec.cost.monthlyBudget).

export const CostConditionType = {
  /** True when the month projection passes spec.cost.monthlyBudget; set only on clusters that declare one. */
  OverBudget: 'OverBudget',
} as const;
export type CostConditionType = (typeof CostConditionType)[keyof typeof CostConditionType];

export const CostReason = {
  /** OverBudget False: the month projection stays within spec.cost.monthlyBudget. */
  ProjectionWithinBudget: 'ProjectionWithinBudget',
  /** OverBudget True (and a Warning event): the month projection passes spec.cost.monthlyBudget. */
  ProjectionOverBudget: 'ProjectionOverBudget',
  /** OverBudget Unknown: no price is known for a VM size, disk or tier of the cluster, so nothing is projected. */
  PricesUnavailable: 'PricesUnavailable',
} as const;
export type CostReason = (typeof CostReason)[keyof typeof CostReason];
