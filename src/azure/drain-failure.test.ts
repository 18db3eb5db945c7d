import { OperationFailedError } from './arm-error-classes.js';
import { parsePdbDrainFailure, pdbDrainFailureOf } from './drain-failure.js';

const BLOCKED =
  'Drain node aks-user1-12345678-vmss000001 failed when evicting pod api-7c9d-abc failed with Too Many Requests error. ' +
  'This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. ' +
  "Original error: Cannot evict pod as it would violate the pod's disruption budget.. " +
  'PDB debug info: shop/api-7c9d-abc blocked by pdb api-pdb with 0 unready pods.';

describe('parsePdbDrainFailure', () => {
  it.each([
    [
      'names node, pod, namespace and PDB from the PDB debug info',
      BLOCKED,
      { node: 'aks-user1-12345678-vmss000001', namespace: 'shop', pod: 'api-7c9d-abc', pdb: 'api-pdb' },
    ],
    [
      'reads the PDB when unready pods are listed',
      'Drain node n1 failed when evicting pod api-1 failed with Too Many Requests error. PDB debug info: shop/api-1 blocked by pdb api-pdb with 1 unready pods: [shop/api-2].',
      { node: 'n1', namespace: 'shop', pod: 'api-1', pdb: 'api-pdb' },
    ],
    [
      'names the pod without debug info',
      'Drain node n1 failed when evicting pod api-1 failed with Too Many Requests error. Original error: x.',
      { node: 'n1', pod: 'api-1' },
    ],
  ])('%s', (_name, message, expected) => {
    expect(parsePdbDrainFailure(message)).toEqual({ ...expected, message });
  });

  it('is undefined for a drain that timed out on terminating pods', () => {
    expect(
      parsePdbDrainFailure(
        'Drain node n1 failed: timed out after 30 minutes waiting for pods to terminate: [a/b]. See https://aka.ms/aks/debugdrainfailures.',
      ),
    ).toBeUndefined();
  });
});

describe('pdbDrainFailureOf', () => {
  it.each([
    ['a PodDrainFailure operation', 'PodDrainFailure', true],
    ['an UpgradeFailed operation', 'UpgradeFailed', true],
    ['another failed operation with the same text', 'InternalOperationError', false],
  ])('%s', (_name, reason, isBlock) => {
    const err = new OperationFailedError(`cannot delete agent pool user1: ${reason}: ${BLOCKED}`, { reason });
    expect(pdbDrainFailureOf(err)?.pdb).toBe(isBlock ? 'api-pdb' : undefined);
  });

  it('is undefined for errors that are not failed operations', () => {
    expect(pdbDrainFailureOf(new Error(BLOCKED))).toBeUndefined();
  });
});
