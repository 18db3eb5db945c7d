import type { NodePoolSnapshot } from '../../api/index.js';
import { resolveSnapshot, type SnapshotLookup } from './snapshot-ref.js';

const READY = [
  { type: 'Ready', status: 'True' as const, reason: 'Ready', message: '', lastTransitionTime: '' },
];
const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/snapshots/snap';

function lookup(status: NodePoolSnapshot['status']): SnapshotLookup {
  return {
    get: ({ name }) =>
      name === 'snap'
        ? ({ metadata: { name, namespace: 'team' }, spec: {}, status } as unknown as NodePoolSnapshot)
        : undefined,
  };
}

describe('resolveSnapshot', () => {
  const taken = lookup({ azureResourceID: ID, vmSize: 'Standard_D8s_v3', conditions: READY });

  it.each([
    ['the same size', 'Standard_D8s_v3'],
    ['a larger size of the family', 'Standard_D16s_v3'],
    ['no size to compare', undefined],
  ])('gives the ARM ID for %s', (_what, vmSize) => {
    expect(resolveSnapshot(taken, 'team', { name: 'snap' }, 'spec.snapshotRef', vmSize)).toEqual({
      snapshotId: ID,
    });
  });

  it('refuses a pool of another VM family, naming both sizes and families, without waiting', () => {
    const problem = resolveSnapshot(taken, 'team', { name: 'snap' }, 'spec.snapshotRef', 'Standard_E8s_v3');
    expect(problem).toMatchObject({ reason: 'SnapshotVMFamilyMismatch', field: 'spec.snapshotRef' });
    expect(problem).not.toHaveProperty('isWaiting');
    expect((problem as { message: string }).message).toMatch(
      /Standard_D8s_v3 \(family Dsv3\).*Standard_E8s_v3 \(family Esv3\)/,
    );
  });

  it('leaves sizes it cannot read to Azure', () => {
    expect(resolveSnapshot(taken, 'team', { name: 'snap' }, 'spec.snapshotRef', 'custom-size')).toEqual({
      snapshotId: ID,
    });
  });

  it('waits for a snapshot not Ready and stalls on one that does not exist', () => {
    const pending = lookup({ vmSize: 'Standard_D8s_v3' });
    expect(resolveSnapshot(pending, 'team', { name: 'snap' }, 'f', 'Standard_E8s_v3')).toMatchObject({
      reason: 'SnapshotNotReady',
      isWaiting: true,
    });
    expect(resolveSnapshot(pending, 'team', { name: 'gone' }, 'f')).toMatchObject({
      reason: 'SnapshotNotReady',
    });
    expect(resolveSnapshot(pending, 'team', { name: 'gone' }, 'f')).not.toHaveProperty('isWaiting');
  });
});
