import { Annotation } from '../../../api/index.js';
import { nodePool } from '../../testing/objects.js';
import { isStatusLost } from './recovery.js';

const ANCHOR = {
  [Annotation.AzureResourceId]:
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1/agentPools/user1',
};

describe('isStatusLost', () => {
  it('does not ask Azure for a pool that has recorded no Azure pool yet (new, or waiting for its cluster)', () => {
    expect(isStatusLost(nodePool())).toBe(false);
    expect(isStatusLost(nodePool({ status: { observedGeneration: 1, conditions: [] } }))).toBe(false);
  });

  it('asks Azure when a recorded pool has a status that names no active pool (wiped, or only conditions)', () => {
    expect(isStatusLost(nodePool({ annotations: ANCHOR }))).toBe(true);
    expect(
      isStatusLost(nodePool({ annotations: ANCHOR, status: { observedGeneration: 3, conditions: [] } })),
    ).toBe(true);
  });

  it('trusts a status that names the active pool or a running replacement', () => {
    expect(isStatusLost(nodePool({ annotations: ANCHOR, status: { activePoolName: 'user1b' } }))).toBe(false);
    expect(
      isStatusLost(
        nodePool({
          annotations: ANCHOR,
          status: {
            blueGreen: { twinPoolName: 'user1b', phase: 'Draining', startedAt: '2026-01-01T00:00:00Z' },
          },
        }),
      ),
    ).toBe(false);
  });
});
