// A cluster's outbound type against its pools' subnets, through the real SDK client: user-defined routing
// and a user-assigned NAT gateway need the user's subnet, a managed NAT gateway refuses one, and
// user-defined routing needs the standard load balancer. Real: SDK, TLS, HTTP. Simulated: AKS, Network.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { createVNet } from './testing/networks.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from './testing/sdk-client.js';
import { clusterModel, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-egress';
let sim: Simulator;
let client: Arm.ContainerServiceClient;
let subnet: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  const ids = await createVNet(sim, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-network',
    name: 'hub',
    location: 'eastus',
    addressPrefixes: ['10.30.0.0/16'],
    subnets: [{ name: 'nodes', addressPrefix: '10.30.0.0/22' }],
  });
  subnet = ids.nodes ?? '';
});
afterAll(() => sim.close());

function cluster(
  outboundType: string,
  options: { subnet?: string; loadBalancerSku?: string } = {},
): Arm.ManagedCluster {
  const model = clusterModel({
    pools: [
      {
        name: 'system',
        count: 1,
        vmSize: 'Standard_D4s_v3',
        mode: 'System',
        ...(options.subnet ? { vnetSubnetID: options.subnet } : {}),
      },
    ],
  });
  model.networkProfile = {
    outboundType: outboundType as Arm.OutboundType,
    ...(options.loadBalancerSku ? { loadBalancerSku: options.loadBalancerSku as Arm.LoadBalancerSku } : {}),
  };
  return model;
}

function stored(name: string): boolean {
  return (
    sim.store.getCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, cluster: name }) !== undefined
  );
}

it.each(['userDefinedRouting', 'userAssignedNATGateway'])(
  'refuses outboundType %s without a subnet of the user, and creates it in one',
  async (outboundType) => {
    const name = outboundType.toLowerCase().slice(0, 12);
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, name, cluster(outboundType), FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain(`OutboundType ${outboundType} requires a custom virtual network`);
    expect(stored(name)).toBe(false);
    const created = await client.managedClusters.createOrUpdate(
      RG,
      name,
      cluster(outboundType, { subnet }),
      FAST_POLL,
    );
    expect(created.networkProfile?.outboundType).toBe(outboundType);
    expect(created.agentPoolProfiles?.[0]?.vnetSubnetID).toBe(subnet);
  },
);

it("refuses a managed NAT gateway for pools in a subnet of the user, and creates it in AKS's network", async () => {
  const err = await thrown(
    client.managedClusters.createOrUpdate(RG, 'natgw', cluster('managedNATGateway', { subnet }), FAST_POLL),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(err.message).toContain('managedNATGateway is only supported with the managed virtual network');
  expect(stored('natgw')).toBe(false);
  const created = await client.managedClusters.createOrUpdate(
    RG,
    'natgw',
    cluster('managedNATGateway'),
    FAST_POLL,
  );
  expect(created.networkProfile?.natGatewayProfile?.managedOutboundIPProfile?.count).toBe(1);
});

it('refuses user-defined routing behind a basic load balancer', async () => {
  const err = await thrown(
    client.managedClusters.createOrUpdate(
      RG,
      'udrbasic',
      cluster('userDefinedRouting', { subnet, loadBalancerSku: 'basic' }),
      FAST_POLL,
    ),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(err.message).toContain('requires loadBalancerSku standard');
  expect(stored('udrbasic')).toBe(false);
});

it("refuses moving a cluster of AKS's network to user-defined routing, and one of the user's to a managed NAT gateway", async () => {
  await client.managedClusters.createOrUpdate(RG, 'managedvnet', cluster('loadBalancer'), FAST_POLL);
  const toUdr = await thrown(
    client.managedClusters.createOrUpdate(RG, 'managedvnet', cluster('userDefinedRouting'), FAST_POLL),
  );
  expect(toUdr).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  const toNat = await client.managedClusters.createOrUpdate(
    RG,
    'managedvnet',
    cluster('managedNATGateway'),
    FAST_POLL,
  );
  expect(toNat.networkProfile?.outboundType).toBe('managedNATGateway');

  await client.managedClusters.createOrUpdate(
    RG,
    'customvnet',
    cluster('loadBalancer', { subnet }),
    FAST_POLL,
  );
  const toManagedNat = await thrown(
    client.managedClusters.createOrUpdate(
      RG,
      'customvnet',
      cluster('managedNATGateway', { subnet }),
      FAST_POLL,
    ),
  );
  expect(toManagedNat).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  const toUserNat = await client.managedClusters.createOrUpdate(
    RG,
    'customvnet',
    cluster('userAssignedNATGateway', { subnet }),
    FAST_POLL,
  );
  expect(toUserNat.networkProfile?.outboundType).toBe('userAssignedNATGateway');
});
