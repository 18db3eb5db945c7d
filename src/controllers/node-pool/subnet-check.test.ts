import type { Subnet } from '../../azure/index.js';
import { FakeAzure } from '../../azure/testing/fake-azure.js';
import { managedCluster, nodePool } from '../testing/objects.js';
import { checkPoolSubnets } from './subnet-check.js';

const VNET = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/prod';
const azureCni = managedCluster({ spec: { networkProfile: { networkPlugin: 'azure' } } });

function azureWith(...subnets: [name: string, prefix: string, delegations?: string[]][]): FakeAzure {
  const azure = new FakeAzure();
  for (const [name, prefix, delegations] of subnets) {
    const s: Subnet = {
      id: `${VNET}/subnets/${name}`,
      addressPrefixes: [prefix],
      delegations: delegations ?? [],
    };
    azure.subnets.byId.set(s.id.toLowerCase(), s);
  }
  return azure;
}

const check = (azure: FakeAzure, spec: Parameters<typeof nodePool>[0], cluster = azureCni) =>
  checkPoolSubnets({
    spec: nodePool(spec).spec,
    cluster,
    subnets: azure.subnets,
    signal: new AbortController().signal,
  });

describe('checkPoolSubnets', () => {
  const azure = azureWith(
    ['nodes', '10.0.0.0/24'],
    ['pods', '10.0.16.0/20'],
    ['tiny', '10.0.1.0/28'],
    ['webapps', '10.0.2.0/24', ['Microsoft.Web/serverFarms']],
  );

  it.each<[string, Parameters<typeof nodePool>[0], string]>([
    [
      'a node subnet that does not exist',
      { spec: { vnetSubnetID: `${VNET}/subnets/none` } },
      'SubnetNotFound',
    ],
    [
      'a pod subnet that does not exist',
      { spec: { vnetSubnetID: `${VNET}/subnets/nodes`, podSubnetID: `${VNET}/subnets/none` } },
      'SubnetNotFound',
    ],
    ['a delegated node subnet', { spec: { vnetSubnetID: `${VNET}/subnets/webapps` } }, 'SubnetIsDelegated'],
    [
      'a node subnet smaller than (nodes + surge) × (maxPods + 1) under Azure CNI',
      { spec: { vnetSubnetID: `${VNET}/subnets/nodes`, count: 4, maxPods: 60 } },
      'InsufficientSubnetSize',
    ],
    [
      "a node subnet smaller than the autoscaler's maximum",
      {
        spec: {
          vnetSubnetID: `${VNET}/subnets/tiny`,
          count: undefined,
          autoscaling: { minCount: 1, maxCount: 20 },
        },
      },
      'InsufficientSubnetSize',
    ],
  ])('names %s', async (_what, spec, reason) => {
    expect((await check(azure, spec))?.reason).toBe(reason);
  });

  it.each<[string, Parameters<typeof nodePool>[0], ReturnType<typeof managedCluster>]>([
    ['no subnet at all', { spec: {} }, azureCni],
    [
      'a pod subnet, which takes the pod addresses off the node subnet',
      {
        spec: {
          vnetSubnetID: `${VNET}/subnets/nodes`,
          podSubnetID: `${VNET}/subnets/pods`,
          count: 3,
          maxPods: 60,
        },
      },
      azureCni,
    ],
    [
      'an overlay cluster, whose pods take no subnet address',
      { spec: { vnetSubnetID: `${VNET}/subnets/nodes`, count: 4, maxPods: 250 } },
      managedCluster({ spec: { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' } } }),
    ],
  ])('accepts %s', async (_what, spec, cluster) => {
    expect(await check(azure, spec, cluster)).toBeUndefined();
  });
});
