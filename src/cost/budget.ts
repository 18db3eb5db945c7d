// The monthly budget of a ManagedCluster: whether the month projection passes spec.cost.monthlyBudget.
// Pure; the controller turns the verdict into the OverBudget condition and a Warning event.
import { ManagedClusterReason } from '../api/index.js';

export interface BudgetVerdict {
  isOver: boolean | undefined;
  reason: ManagedClusterReason;
  message: string;
}

export function judgeBudget(o: {
  budget: number;
  currency: string;
  /** Undefined when no estimate could be made. */
  projectedMonth: number | undefined;
  missing?: readonly string[];
}): BudgetVerdict {
  if (o.projectedMonth === undefined)
    return {
      isOver: undefined,
      reason: ManagedClusterReason.PricesUnavailable,
      message: `no list price is known for ${o.missing?.join(', ') || 'this cluster'}; the month cannot be projected`,
    };
  const projected = `${o.projectedMonth.toFixed(2)} ${o.currency}`;
  const budget = `${o.budget} ${o.currency}`;
  return o.projectedMonth > o.budget
    ? {
        isOver: true,
        reason: ManagedClusterReason.ProjectionOverBudget,
        message: `the month is projected at ${projected}, over the monthly budget of ${budget}; stop the cluster more hours, scale in, or raise spec.cost.monthlyBudget`,
      }
    : {
        isOver: false,
        reason: ManagedClusterReason.ProjectionWithinBudget,
        message: `the month is projected at ${projected}, within the monthly budget of ${budget}`,
      };
}
