// The minimal Microsoft.Network through plain HTTPS: VNets and subnets held and read back in ARM's shapes,
// Network's own refusals, and AKS's subnet rules refused with AKS's codes through the real SDK client.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { armRequest, createVNet, vnetPath } from './testing/networks.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from './testing/sdk-client.js';
import { clusterModel, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-net';
let sim: Simulator;
let client: Arm.ContainerServiceClient;
let ids: Record<string, string>;

const VNET = { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-network', name: 'prod', location: 'eastus' };

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  ids = await createVNet(sim, {
    ...VNET,
    addressPrefixes: ['10.10.0.0/16'],
    subnets: [
      { name: 'system', addressPrefix: '10.10.0.0/22' },
      { name: 'nodes', addressPrefix: '10.10.4.0/24' },
      { name: 'pods', addressPrefix: '10.10.16.0/20' },
      { name: 'tiny', addressPrefix: '10.10.5.0/28' },
      { name: 'webapps', addressPrefix: '10.10.6.0/24', delegatedTo: 'Microsoft.Web/serverFarms' },
    ],
  });
  const other = await createVNet(sim, {
    ...VNET,
    name: 'test',
    addressPrefixes: ['10.20.0.0/16'],
    subnets: [{ name: 'nodes', addressPrefix: '10.20.0.0/24' }],
  });
  ids.otherVNet = other.nodes ?? '';
});
afterAll(() => sim.close());

describe('Microsoft.Network', () => {
  it('answers a VNet and its subnets in ARM shapes after the PUT', async () => {
    const vnet = await armRequest(sim, 'GET', vnetPath(VNET));
    expect(vnet.status).toBe(200);
    expect(vnet.body).toMatchObject({
      id: vnetPath(VNET),
      type: 'Microsoft.Network/virtualNetworks',
      properties: {
        provisioningState: 'Succeeded',
        addressSpace: { addressPrefixes: ['10.10.0.0/16'] },
        subnets: expect.arrayContaining([expect.objectContaining({ name: 'nodes' })]) as unknown,
      },
    });
    const subnet = await armRequest(sim, 'GET', `${vnetPath(VNET)}/subnets/webapps`);
    expect(subnet.body).toMatchObject({
      id: ids.webapps,
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: '10.10.6.0/24',
        delegations: [{ properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
      },
    });
  });

  it.each([
    ['a missing subnet', 'GET', `${vnetPath(VNET)}/subnets/none`, undefined, 404, 'NotFound'],
    ['a missing VNet', 'GET', vnetPath({ ...VNET, name: 'none' }), undefined, 404, 'ResourceNotFound'],
    [
      'a subnet outside the VNet',
      'PUT',
      `${vnetPath(VNET)}/subnets/outside`,
      { properties: { addressPrefix: '10.99.0.0/24' } },
      400,
      'NetcfgSubnetRangeOutsideVnet',
    ],
    [
      'a subnet overlapping another',
      'PUT',
      `${vnetPath(VNET)}/subnets/overlap`,
      { properties: { addressPrefix: '10.10.4.128/25' } },
      400,
      'NetcfgSubnetRangesOverlap',
    ],
  ])('refuses %s', async (_what, method, path, body, status, code) => {
    const answer = await armRequest(sim, method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code } });
  });
});

describe('AKS subnet rules', () => {
  let cluster = 0;
  /** A new kubenet or Azure CNI cluster whose System pool is in the subnet named, or in AKS's managed VNet. */
  async function newCluster(systemSubnet: string | undefined, plugin: 'kubenet' | 'azure' = 'azure') {
    const name = `c${++cluster}`;
    const model = clusterModel({
      pools: [
        {
          name: 'system',
          count: 2,
          vmSize: 'Standard_D4s_v3',
          mode: 'System',
          ...(systemSubnet ? { vnetSubnetID: systemSubnet } : {}),
        },
      ],
    });
    model.networkProfile = { networkPlugin: plugin };
    await client.managedClusters.createOrUpdate(RG, name, model, FAST_POLL);
    return name;
  }
  const addPool = (clusterName: string, pool: Arm.AgentPool) =>
    client.agentPools.createOrUpdate(
      RG,
      clusterName,
      'user',
      { vmSize: 'Standard_D4s_v3', count: 2, ...pool },
      FAST_POLL,
    );

  it('holds the subnets, host encryption, tags and maxUnavailable and echoes them', async () => {
    const c = await newCluster(ids.system);
    await addPool(c, {
      vnetSubnetID: ids.nodes,
      podSubnetID: ids.pods,
      enableEncryptionAtHost: true,
      tags: { team: 'payments' },
      upgradeSettings: { maxSurge: '0', maxUnavailable: '1' },
    });
    expect(await client.agentPools.get(RG, c, 'user')).toMatchObject({
      vnetSubnetID: ids.nodes,
      podSubnetID: ids.pods,
      enableEncryptionAtHost: true,
      tags: { team: 'payments' },
      upgradeSettings: { maxSurge: '0', maxUnavailable: '1' },
    });
  });

  it('fills in host encryption off and, in a cluster of custom subnets, the first pool’s subnet', async () => {
    const c = await newCluster(ids.system);
    await addPool(c, {});
    expect(await client.agentPools.get(RG, c, 'user')).toMatchObject({
      vnetSubnetID: ids.system,
      enableEncryptionAtHost: false,
    });
  });

  it('refuses changing host encryption of an existing pool', async () => {
    const c = await newCluster(ids.system);
    await addPool(c, {});
    const err = await thrown(addPool(c, { enableEncryptionAtHost: true }));
    expect(err).toMatchObject({ statusCode: 400, code: 'PropertyChangeNotAllowed' });
  });

  it.each<[string, string, string | undefined, 'kubenet' | 'azure', () => Arm.AgentPool, string]>([
    [
      'a subnet that does not exist',
      'SubnetNotFound',
      'system',
      'azure',
      () => ({ vnetSubnetID: `${ids.nodes ?? ''}x` }),
      'Could not find subnet nodesx in vnet prod',
    ],
    [
      'a custom subnet beside a managed one',
      'InvalidParameter',
      undefined,
      'azure',
      () => ({ vnetSubnetID: ids.nodes }),
      'Cannot use a custom subnet because agent pool system is using a managed subnet',
    ],
    [
      'a delegated node subnet',
      'SubnetIsDelegated',
      'system',
      'azure',
      () => ({ vnetSubnetID: ids.webapps }),
      "cannot be used as it's a delegated subnet",
    ],
    [
      'a subnet of another VNet',
      'InvalidParameter',
      'system',
      'azure',
      () => ({ vnetSubnetID: ids.otherVNet }),
      'must use subnets of the same virtual network',
    ],
    [
      'a pod subnet with kubenet',
      'InvalidParameter',
      'system',
      'kubenet',
      () => ({ vnetSubnetID: ids.nodes, podSubnetID: ids.pods }),
      'not kubenet',
    ],
    [
      'a pod subnet without a node subnet of its VNet',
      'InvalidParameter',
      'system',
      'azure',
      () => ({ vnetSubnetID: ids.otherVNet, podSubnetID: ids.pods }),
      'podSubnetID requires vnetSubnetID',
    ],
    [
      'a subnet too small for max pods × (nodes + surge)',
      'InsufficientSubnetSize',
      'system',
      'azure',
      () => ({ vnetSubnetID: ids.tiny, count: 1, maxPods: 30 }),
      'Pre-allocated IPs 62 exceeds IPs available 11 in Subnet Cidr 10.10.5.0/28',
    ],
  ])('refuses %s with 400 %s', async (_what, code, system, plugin, pool, message) => {
    const c = await newCluster(system ? ids[system] : undefined, plugin);
    const err = await thrown(addPool(c, pool()));
    expect(err).toMatchObject({ statusCode: 400, code });
    expect(err.message).toContain(message);
    await expect(client.agentPools.get(RG, c, 'user')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a cluster whose System pool is in a delegated subnet', async () => {
    const err = await thrown(newCluster(ids.webapps));
    expect(err).toMatchObject({ statusCode: 400, code: 'SubnetIsDelegated' });
  });
});
