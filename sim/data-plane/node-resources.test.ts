import { DEFAULT_VM_RESOURCES, nodeResources, vmResources } from './node-resources.js';

describe('node resources', () => {
  it.each([
    ['Standard_DS2_v2', 2, 7],
    ['standard_b2s', 2, 4],
    ['Standard_D4s_v5', 4, 16],
    ['Standard_D8ds_v5', 8, 32],
    ['Standard_E16as_v4', 16, 128],
    ['Standard_F8s_v2', 8, 16],
    ['Standard_Unknown', DEFAULT_VM_RESOURCES.vCpus, DEFAULT_VM_RESOURCES.memoryGiB],
  ])('%s has %i vCPUs and %i GiB', (vmSize, vCpus, memoryGiB) => {
    expect(vmResources(vmSize)).toEqual({ vCpus, memoryGiB });
  });

  it('offers the scheduler less than the VM has: kubelet reservations and eviction threshold', () => {
    const { capacity, allocatable } = nodeResources({ vmSize: 'Standard_D4s_v5', maxPods: 30 });
    expect(capacity).toMatchObject({ cpu: '4', memory: '16384Mi', pods: '30' });
    expect(allocatable).toMatchObject({ cpu: '3860m', memory: `${16384 - (20 * 30 + 150)}Mi`, pods: '30' });
  });
});
