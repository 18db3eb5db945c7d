import type { LastOperation } from '../../api/index.js';
import type { Condition } from '../../runtime/index.js';
import { isStalledByAzure } from './last-operation.js';

/** An upgrade at generation 3 that Azure ended Failed with `code`. */
const failed = (code: string): LastOperation => ({
  type: 'Upgrade',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:05:00Z',
  result: 'Failed',
  generation: 3,
  error: { code, message: `${code}: m` },
});
const stalled = (reason: string, observedGeneration: number): Condition[] => [
  {
    type: 'Stalled',
    status: 'True',
    reason,
    message: 'm',
    lastTransitionTime: '2026-01-01T00:00:00Z',
    observedGeneration,
  },
];

describe('isStalledByAzure', () => {
  it.each([
    [
      'holds the generation Azure refused while the object stalls with the refusal',
      'QuotaExceeded',
      'QuotaExceeded',
      3,
      true,
    ],
    [
      'holds nothing once the spec moved past the refused generation',
      'QuotaExceeded',
      'QuotaExceeded',
      4,
      false,
    ],
    [
      'holds nothing when a lock stalls the object after an operation that failed for want of capacity',
      'AllocationFailed',
      'ResourceLocked',
      3,
      false,
    ],
  ])('%s', (_title, code, reason, generation, isHeld) => {
    const status = { lastOperation: failed(code), conditions: stalled(reason, generation) };
    expect(isStalledByAzure(status, generation)).toBe(isHeld);
  });
});
