import { instanceOf, nextInstance, nodeName, scaleSetId } from './node-names.js';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';

describe('node names', () => {
  it('gives a cluster one stable 8-digit scale-set id, whatever the ID casing', () => {
    expect(scaleSetId(CLUSTER)).toMatch(/^[1-9]\d{7}$/);
    expect(scaleSetId(CLUSTER.toUpperCase())).toBe(scaleSetId(CLUSTER));
    expect(scaleSetId(CLUSTER.replace('c1', 'c2'))).not.toBe(scaleSetId(CLUSTER));
  });

  it.each([
    [0, 'vmss000000'],
    [9, 'vmss000009'],
    [10, 'vmss00000a'],
    [35, 'vmss00000z'],
    [36, 'vmss000010'],
  ])('names Linux instance %i with the base-36 suffix %s', (instance, suffix) => {
    expect(nodeName({ poolName: 'nodepool1', clusterId: CLUSTER, instance })).toBe(
      `aks-nodepool1-${scaleSetId(CLUSTER)}-${suffix}`,
    );
  });

  it('names Windows nodes after the pool alone', () => {
    expect(nodeName({ poolName: 'npwin', clusterId: CLUSTER, osType: 'Windows', instance: 11 })).toBe(
      'npwin00000b',
    );
  });

  it.each([
    ['aks-nodepool1-12345678-vmss00000a', 10],
    ['aks-nodepool1-12345678-vmss000010', 36],
    ['npwin000002', 2],
    ['kwok-node-0', undefined],
    ['aks-nodepool1-12345678-vmss0001', undefined],
  ])('reads the instance of %s', (name, instance) => {
    expect(instanceOf(name)).toBe(instance);
  });

  it('never hands out an instance number in use or below the floor', () => {
    const names = ['aks-p-12345678-vmss000003', 'aks-p-12345678-vmss000001'];
    expect(nextInstance(names)).toBe(4);
    expect(nextInstance(names, 7)).toBe(7);
    expect(nextInstance([])).toBe(0);
  });
});
