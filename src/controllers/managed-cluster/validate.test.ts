import { managedCluster } from '../testing/objects.js';
import { validateCluster } from './validate.js';

describe('validateCluster', () => {
  it.each([
    [
      'an ephemeral System pool disk larger than the cache',
      { systemPool: { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral' as const, osDiskSizeGB: 128 } },
      'VMCacheSizeTooSmall',
    ],
    [
      'a System pool on a 1-vCPU size',
      { systemPool: { vmSize: 'Standard_B1s' } },
      'SystemPoolVMSizeTooSmall',
    ],
    [
      'an azureName that is not the adopted cluster',
      {
        azureName: 'other',
        adoption: {
          resourceID:
            '/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/old',
        },
      },
      'AdoptionNameMismatch',
    ],
    [
      'the cilium dataplane without Azure CNI overlay',
      {
        networkProfile: {
          networkPlugin: 'azure' as const,
          networkDataplane: 'cilium' as const,
          networkPolicy: 'cilium' as const,
        },
      },
      'NetworkPolicyNotSupported',
    ],
  ])('refuses %s', (_what, spec, reason) => {
    expect(validateCluster(managedCluster({ spec }))?.reason).toBe(reason);
  });

  it('ignores the System pool of an adopted cluster (it is never created)', () => {
    const mc = managedCluster({
      spec: {
        systemPool: { vmSize: 'Standard_B1s' },
        adoption: {
          resourceID:
            '/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1',
        },
      },
    });
    expect(validateCluster(mc)).toBeUndefined();
  });
});
