import { kubectlRefusalsIn } from './kubectl-blocked.js';

describe('kubectlRefusalsIn', () => {
  it("counts kubectl's retried refusals for pods of one namespace only", () => {
    const lines = [
      'node/n1 cordoned',
      'evicting pod single/single-1-abc',
      'evicting pod drain-bench/app-1-xyz',
      `error when evicting pods/"single-1-abc" -n "single" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      `error when evicting pods/"app-1-xyz" -n "drain-bench" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      'evicting pod single/single-1-abc',
      `error when evicting pods/"single-1-abc" -n "single" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      'evicting pod single/single-1-abc',
      `error when evicting pods/"single-1-abc" -n "single": global timeout reached: 30s`,
    ];
    expect(kubectlRefusalsIn(lines, 'single')).toBe(2);
    expect(kubectlRefusalsIn(lines, 'drain-bench')).toBe(1);
  });
});
