import { managedCluster, nodePool } from '../testing/objects.js';
import { validatePool } from './validate.js';

const cluster = managedCluster({ status: { currentKubernetesVersion: '1.33.4' } });

describe('validatePool', () => {
  it.each([
    [
      'an ephemeral disk larger than the cache',
      { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral' as const, osDiskSizeGB: 128 },
      'VMCacheSizeTooSmall',
    ],
    [
      'a System pool on a 1-vCPU size',
      { mode: 'System' as const, vmSize: 'Standard_B1s' },
      'SystemPoolVMSizeTooSmall',
    ],
    [
      'a stopped Spot pool',
      { scaleSetPriority: 'Spot' as const, powerState: 'Stopped' as const },
      'SpotPoolCannotBeStopped',
    ],
    [
      'a stopped autoscaled pool',
      { autoscaling: { minCount: 1, maxCount: 3 }, powerState: 'Stopped' as const },
      'AutoscalerEnabledOnStoppedPool',
    ],
    [
      'a pool four minors behind the control plane',
      { orchestratorVersion: '1.29' },
      'NodePoolMcVersionIncompatible',
    ],
  ])('refuses %s', (_what, spec, reason) => {
    const np = nodePool({ spec });
    expect(validatePool({ np, cluster, siblings: [np] })?.reason).toBe(reason);
  });

  it('refuses a Windows pool in a kubenet cluster', () => {
    const kubenet = managedCluster({ spec: { networkProfile: { networkPlugin: 'kubenet' } } });
    const np = nodePool({ name: 'win1', spec: { osType: 'Windows' } });
    expect(validatePool({ np, cluster: kubenet, siblings: [np] })?.reason).toBe('WindowsRequiresAzureCNI');
  });

  const VNET = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks';

  it.each([
    ['kubenet', { networkPlugin: 'kubenet' as const }],
    ['Azure CNI overlay', { networkPlugin: 'azure' as const, networkPluginMode: 'overlay' as const }],
  ])('refuses a pod subnet in a %s cluster', (_what, networkProfile) => {
    const c = managedCluster({ spec: { networkProfile } });
    const np = nodePool({
      spec: { vnetSubnetID: `${VNET}/prod/subnets/nodes`, podSubnetID: `${VNET}/prod/subnets/pods` },
    });
    expect(validatePool({ np, cluster: c, siblings: [np] })?.reason).toBe('PodSubnetRequiresAzureCNI');
  });

  it('reads the network plugin Azure reports when the cluster spec leaves it out', () => {
    const c = managedCluster({ status: { settings: { networkPlugin: 'kubenet' } } });
    const np = nodePool({
      spec: { vnetSubnetID: `${VNET}/prod/subnets/nodes`, podSubnetID: `${VNET}/prod/subnets/pods` },
    });
    expect(validatePool({ np, cluster: c, siblings: [np] })?.reason).toBe('PodSubnetRequiresAzureCNI');
  });

  it("refuses a subnet in another VNet than the cluster's established pools, and only the newcomer", () => {
    const first = nodePool({ name: 'a', spec: { vnetSubnetID: `${VNET}/prod/subnets/one` } });
    const other = nodePool({ name: 'b', spec: { vnetSubnetID: `${VNET}/test/subnets/two` } });
    other.metadata.creationTimestamp = new Date(Date.UTC(2025, 0, 2));
    const same = nodePool({ name: 'c', spec: { vnetSubnetID: `${VNET}/PROD/subnets/three` } });
    same.metadata.creationTimestamp = new Date(Date.UTC(2025, 0, 3));
    const siblings = [first, other, same];
    expect(validatePool({ np: other, cluster, siblings })?.reason).toBe('SubnetInAnotherVNet');
    expect(validatePool({ np: first, cluster, siblings })).toBeUndefined();
    expect(validatePool({ np: same, cluster, siblings })).toBeUndefined();
  });

  it("refuses a subnet in another VNet than the cluster's System pool", () => {
    const c = managedCluster({
      spec: { systemPool: { vmSize: 'Standard_D4s_v5', vnetSubnetID: `${VNET}/prod/subnets/system` } },
    });
    const np = nodePool({ spec: { vnetSubnetID: `${VNET}/test/subnets/nodes` } });
    expect(validatePool({ np, cluster: c, siblings: [np] })?.reason).toBe('SubnetInAnotherVNet');
    const same = nodePool({ spec: { vnetSubnetID: `${VNET}/prod/subnets/nodes` } });
    expect(validatePool({ np: same, cluster: c, siblings: [same] })).toBeUndefined();
  });

  it('refuses the younger of two NodePools naming the same agent pool', () => {
    const older = nodePool({ name: 'a', spec: { azureName: 'pool' } });
    const younger = nodePool({ name: 'b', spec: { azureName: 'pool' } });
    younger.metadata.creationTimestamp = new Date(Date.UTC(2025, 0, 2));
    expect(validatePool({ np: younger, cluster, siblings: [older, younger] })?.reason).toBe(
      'DuplicatePoolName',
    );
    expect(validatePool({ np: older, cluster, siblings: [older, younger] })).toBeUndefined();
  });

  it('keeps the name with the NodePool that already manages the agent pool, whatever the names', () => {
    const managing = nodePool({
      name: 'z',
      spec: { azureName: 'pool' },
      status: { azureResourceID: '/x/agentPools/pool' },
    });
    const newcomer = nodePool({ name: 'a', spec: { azureName: 'pool' } });
    expect(validatePool({ np: newcomer, cluster, siblings: [managing, newcomer] })?.reason).toBe(
      'DuplicatePoolName',
    );
    expect(validatePool({ np: managing, cluster, siblings: [managing, newcomer] })).toBeUndefined();
  });

  it('accepts a pool three minors behind', () => {
    const np = nodePool({ spec: { orchestratorVersion: '1.30' } });
    expect(validatePool({ np, cluster, siblings: [np] })).toBeUndefined();
  });
});
