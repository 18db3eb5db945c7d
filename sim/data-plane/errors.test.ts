import { drainFailedMessage } from './errors.js';

const REASON = "Cannot evict pod as it would violate the pod's disruption budget.";

describe('UpgradeFailed message', () => {
  it('reads as AKS writes it, naming node, pod and PDB', () => {
    const message = drainFailedMessage('aks-np-12345678-vmss000001', {
      namespace: 'shop',
      pod: 'api-7c9d-abc',
      reason: REASON,
      pdb: 'api-pdb',
      unreadyPods: [],
    });
    expect(message).toBe(
      'Drain node aks-np-12345678-vmss000001 failed when evicting pod api-7c9d-abc failed with Too Many Requests error. ' +
        'This is often caused by a restrictive Pod Disruption Budget (PDB) policy. ' +
        'See https://aka.ms/aks/debugdrainfailures. ' +
        "Original error: Cannot evict pod as it would violate the pod's disruption budget.. " +
        'PDB debug info: shop/api-7c9d-abc blocked by pdb api-pdb with 0 unready pods.',
    );
  });

  it('lists the unready pods of the PDB', () => {
    const message = drainFailedMessage('n1', {
      namespace: 'shop',
      pod: 'api-1',
      reason: REASON,
      pdb: 'api-pdb',
      unreadyPods: ['shop/api-2', 'shop/api-3'],
    });
    expect(message).toMatch(/blocked by pdb api-pdb with 2 unready pods: \[shop\/api-2 shop\/api-3\]\.$/);
  });

  it('leaves the debug info out when the refusal names no PDB', () => {
    const message = drainFailedMessage('n1', {
      namespace: 'a',
      pod: 'p',
      reason: 'Too many requests',
      unreadyPods: [],
    });
    expect(message).not.toContain('PDB debug info');
    expect(message).toContain('Original error: Too many requests.');
  });
});
