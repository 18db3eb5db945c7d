import { ManagedClusterReason } from '../api/index.js';
import { judgeBudget } from './budget.js';

describe('monthly budget', () => {
  it.each([
    [1200, 1000, true, ManagedClusterReason.ProjectionOverBudget],
    [800, 1000, false, ManagedClusterReason.ProjectionWithinBudget],
    [1000, 1000, false, ManagedClusterReason.ProjectionWithinBudget],
  ])('a projection of %d against a budget of %d is over: %s (%s)', (projected, budget, isOver, reason) => {
    expect(judgeBudget({ budget, currency: 'USD', projectedMonth: projected })).toMatchObject({
      isOver,
      reason,
    });
  });

  it('says which prices are missing when nothing can be projected', () => {
    const verdict = judgeBudget({
      budget: 10,
      currency: 'USD',
      projectedMonth: undefined,
      missing: ['X in y'],
    });
    expect(verdict).toMatchObject({ isOver: undefined, reason: ManagedClusterReason.PricesUnavailable });
    expect(verdict.message).toContain('X in y');
  });
});
