// The cluster settings AKS refuses in combination or out of range, through the real SDK client: each
// create is refused with InvalidParameter naming the property and stores nothing; the fixed body is
// created. Real: SDK, TLS, HTTP. Simulated: AKS.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient, type CapturedResponse } from './testing/sdk-client.js';
import { clusterModel, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-rules';
let sim: Simulator;
let client: Arm.ContainerServiceClient;
let responses: CapturedResponse[];

beforeAll(async () => {
  sim = await startTestSimulator();
  ({ client, responses } = sdkClient(sim));
});
afterAll(() => sim.close());

const ZONE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones`;

type Settings = Partial<Arm.ManagedCluster>;

const CASES: Array<[string, string, Settings, Settings]> = [
  [
    'managed Entra ID on a cluster without Kubernetes RBAC',
    'aadProfile.managed',
    { enableRbac: false, aadProfile: { managed: true } },
    { enableRbac: true, aadProfile: { managed: true } },
  ],
  [
    'Azure RBAC without managed Entra ID',
    'aadProfile.enableAzureRBAC',
    { aadProfile: { enableAzureRbac: true } },
    { aadProfile: { managed: true, enableAzureRbac: true } },
  ],
  [
    'overlay mode with kubenet',
    'networkProfile.networkPluginMode',
    { networkProfile: { networkPlugin: 'kubenet', networkPluginMode: 'overlay' } },
    { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' } },
  ],
  [
    'the cilium dataplane with kubenet',
    'networkProfile.networkDataplane',
    { networkProfile: { networkPlugin: 'kubenet', networkDataplane: 'cilium' } },
    { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'cilium' } },
  ],
  [
    'private DNS zone none without the public FQDN',
    'apiServerAccessProfile.privateDNSZone',
    {
      apiServerAccessProfile: {
        enablePrivateCluster: true,
        privateDNSZone: 'none',
        enablePrivateClusterPublicFqdn: false,
      },
    },
    { apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'none' } },
  ],
  [
    'a private DNS zone not named privatelink.<region>.azmk8s.io',
    'apiServerAccessProfile.privateDNSZone',
    { apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: `${ZONE}/example.com` } },
    {
      apiServerAccessProfile: {
        enablePrivateCluster: true,
        privateDNSZone: `${ZONE}/team1.privatelink.eastus.azmk8s.io`,
      },
    },
  ],
  [
    'more than 100 managed outbound IPs',
    'networkProfile.loadBalancerProfile.managedOutboundIPs.count',
    { networkProfile: { loadBalancerProfile: { managedOutboundIPs: { count: 101 } } } },
    { networkProfile: { loadBalancerProfile: { managedOutboundIPs: { count: 100 } } } },
  ],
  [
    'an outbound idle timeout under 4 minutes',
    'networkProfile.loadBalancerProfile.idleTimeoutInMinutes',
    { networkProfile: { loadBalancerProfile: { idleTimeoutInMinutes: 3 } } },
    { networkProfile: { loadBalancerProfile: { idleTimeoutInMinutes: 4 } } },
  ],
  [
    'allocated outbound ports not a multiple of 8',
    'networkProfile.loadBalancerProfile.allocatedOutboundPorts',
    { networkProfile: { loadBalancerProfile: { allocatedOutboundPorts: 1001 } } },
    { networkProfile: { loadBalancerProfile: { allocatedOutboundPorts: 1000 } } },
  ],
  [
    'more than 16 managed NAT gateway IPs',
    'networkProfile.natGatewayProfile.managedOutboundIPProfile.count',
    {
      networkProfile: {
        outboundType: 'managedNATGateway',
        natGatewayProfile: { managedOutboundIPProfile: { count: 17 } },
      },
    },
    {
      networkProfile: {
        outboundType: 'managedNATGateway',
        natGatewayProfile: { managedOutboundIPProfile: { count: 16 } },
      },
    },
  ],
];

it.each(CASES.map(([what, property, refused, accepted], i) => ({ what, property, refused, accepted, i })))(
  'refuses $what, naming $property',
  async ({ property, refused, accepted, i }) => {
    const name = `c${i}`;
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, name, { ...clusterModel(), ...refused }, FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(responses.at(-1)?.body).toMatchObject({ code: 'InvalidParameter', target: property });
    expect(
      sim.store.getCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, cluster: name }),
    ).toBeUndefined();
    const created = await client.managedClusters.createOrUpdate(
      RG,
      name,
      { ...clusterModel(), ...accepted },
      FAST_POLL,
    );
    expect(created.provisioningState).toBe('Succeeded');
  },
);
