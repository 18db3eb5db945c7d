import type { NodePool, NodePoolStatus } from '../../api/index.js';
import { activeCapacity, cannotGrow, hasRecovered, shortfall } from './active-capacity.js';

const pool = (status: NodePoolStatus): NodePool =>
  ({ metadata: { name: 'spot1' }, status }) as unknown as NodePool;
const failed = (code: string): NonNullable<NodePoolStatus['lastOperation']> => ({
  type: 'Scale',
  startedAt: '2026-03-02T10:00:00Z',
  result: 'Failed',
  generation: 2,
  error: { code, message: 'no capacity' },
});

describe('activeCapacity', () => {
  it.each([
    ['AllocationFailed'],
    ['ZonalAllocationFailed'],
    ['OverconstrainedAllocationRequest'],
    ['SkuNotAvailable'],
  ])('reads the capacity code %s of a failed operation', (code) => {
    const c = activeCapacity(pool({ nodes: { desired: 2, ready: 1 }, lastOperation: failed(code) }));
    expect(c).toMatchObject({ desired: 2, ready: 1, capacityError: code });
    expect(cannotGrow(c)).toBe(true);
    expect(hasRecovered(c)).toBe(false);
  });

  it('reads the capacity code from the Reconciling condition between retries', () => {
    const c = activeCapacity(
      pool({
        nodes: { desired: 2, ready: 1 },
        conditions: [
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'ZonalAllocationFailed',
            message: '',
            lastTransitionTime: '2026-03-02T10:00:00Z',
          },
        ],
      }),
    );
    expect(c.capacityError).toBe('ZonalAllocationFailed');
  });

  it('does not take another failure for a capacity error', () => {
    const c = activeCapacity(
      pool({ nodes: { desired: 2, ready: 2 }, lastOperation: failed('QuotaExceeded') }),
    );
    expect(c.capacityError).toBeUndefined();
    expect(hasRecovered(c)).toBe(true);
  });

  it('lets a running operation bring missing nodes', () => {
    const c = activeCapacity(
      pool({
        nodes: { desired: 3, ready: 1 },
        lastOperation: { ...failed('AllocationFailed'), result: 'InProgress' },
      }),
    );
    expect(c).toMatchObject({ isOperationRunning: true });
    expect(c.capacityError).toBeUndefined();
    expect(cannotGrow(c)).toBe(false);
    expect(shortfall(c)).toBe(2);
  });

  it('counts at least one node short when pods wait on a full pool', () => {
    expect(shortfall(activeCapacity(pool({ nodes: { desired: 2, ready: 2 } })))).toBe(1);
  });
});
