import { Annotation, type LastOperation } from '../../api/index.js';
import type { Condition } from '../../runtime/index.js';
import { isStalledByAzure } from './last-operation.js';
import { requestedBy } from './requested-by.js';

const failed = (requested?: string): LastOperation => ({
  type: 'Upgrade',
  startedAt: '2026-01-01T00:00:00Z',
  result: 'Failed',
  generation: 3,
  error: { code: 'QuotaExceeded', message: 'm' },
  ...(requested ? { requestedBy: requested } : {}),
});
const stalled: Condition[] = [
  {
    type: 'Stalled',
    status: 'True',
    reason: 'QuotaExceeded',
    message: 'm',
    lastTransitionTime: '2026-01-01T00:00:00Z',
    observedGeneration: 3,
  },
];

describe('requestedBy', () => {
  it('lists the request annotations an object carries, in a fixed order', () => {
    const obj = {
      metadata: { annotations: { [Annotation.Retry]: '2', [Annotation.UpgradeTarget]: '1.32', other: 'x' } },
    };
    expect(requestedBy(obj)).toBe('upgrade-target=1.32;retry=2');
  });
  it('is undefined without them', () => {
    expect(requestedBy({ metadata: { annotations: { other: 'x' } } })).toBeUndefined();
  });
});

describe('isStalledByAzure with request annotations', () => {
  it('holds while the generation and the request annotations are those Azure refused', () => {
    expect(isStalledByAzure({ lastOperation: failed('retry=1'), conditions: stalled }, 3, 'retry=1')).toBe(
      true,
    );
  });
  it('lets a new retry value or upgrade target through', () => {
    expect(isStalledByAzure({ lastOperation: failed('retry=1'), conditions: stalled }, 3, 'retry=2')).toBe(
      false,
    );
    expect(isStalledByAzure({ lastOperation: failed(), conditions: stalled }, 3, 'upgrade-target=1.32')).toBe(
      false,
    );
  });
});
