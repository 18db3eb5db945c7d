// Cluster settings through the real SDK client: the rules AKS refuses with its own codes (whatever sent
// the request), the defaults it fills in on create, and a GET after a PUT echoing every declared setting.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, sdkClient } from './testing/sdk-client.js';
import { clusterModel, createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-settings';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
});
afterAll(() => sim.close());

const put = (name: string, extra: Partial<Arm.ManagedCluster>) =>
  client.managedClusters.createOrUpdate(RG, name, { ...clusterModel(), ...extra }, FAST_POLL);

describe('AKS refuses', () => {
  it.each<[string, string, Partial<Arm.ManagedCluster>, string]>([
    [
      'cilium policy without the cilium dataplane',
      'NetworkPolicyNotSupported',
      { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: 'cilium' } },
      'Network Policy cilium requires NetworkDataplane cilium',
    ],
    [
      'the cilium dataplane with calico',
      'BadRequest',
      { networkProfile: { networkPlugin: 'azure', networkDataplane: 'cilium', networkPolicy: 'calico' } },
      'Cilium dataplane requires network policy cilium.',
    ],
    [
      'authorized IP ranges on a private cluster',
      'InvalidParameter',
      { apiServerAccessProfile: { enablePrivateCluster: true, authorizedIPRanges: ['203.0.113.0/24'] } },
      'Private cluster cannot be enabled with AuthorizedIPRanges.',
    ],
    [
      'disableLocalAccounts without managed Entra ID',
      'BadRequest',
      { disableLocalAccounts: true },
      'disableLocalAccounts can only be set on Azure AD integration enabled cluster',
    ],
    [
      'workload identity without the OIDC issuer',
      'InvalidParameter',
      { securityProfile: { workloadIdentity: { enabled: true } } },
      'Enabling workload identity requires enabling OIDC issuer profile.',
    ],
    [
      'AKSLongTermSupport on the Standard tier',
      'BadRequest',
      { sku: { name: 'Base', tier: 'Standard' }, supportPlan: 'AKSLongTermSupport' },
      'AKSLongTermSupport support plan can only be enabled with the Premium tier',
    ],
  ])('%s with 400 %s', async (_what, code, extra, message) => {
    const name = `bad${Math.random().toString(36).slice(2, 8)}`;
    const err = await thrown(put(name, extra));
    expect(err).toMatchObject({ statusCode: 400, code });
    expect(err.message).toContain(message);
    // Refused before anything was created.
    expect((await thrown(client.managedClusters.get(RG, name))).statusCode).toBe(404);
  });

  it('turning an OIDC issuer off', async () => {
    const mc = await put('oidcoff', { oidcIssuerProfile: { enabled: true } });
    const err = await thrown(put('oidcoff', { ...mc, oidcIssuerProfile: { enabled: false } }));
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('making a private cluster public', async () => {
    const mc = await put('stayprivate', { apiServerAccessProfile: { enablePrivateCluster: true } });
    const err = await thrown(
      put('stayprivate', { ...mc, apiServerAccessProfile: { enablePrivateCluster: false } }),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'PropertyChangeNotAllowed' });
  });
});

describe('AKS fills in', () => {
  it('the issuer URL, the private DNS zone and private FQDN, Azure RBAC off and the dataplane', async () => {
    const mc = await put('filled', {
      apiServerAccessProfile: { enablePrivateCluster: true },
      aadProfile: { managed: true },
      oidcIssuerProfile: { enabled: true },
      networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' },
    });
    expect(mc.oidcIssuerProfile?.issuerURL).toMatch(
      /^https:\/\/eastus\.oic\.prod-aks\.azure\.com\/[-0-9a-f]+\/[-0-9a-f]+\/$/,
    );
    expect(mc.apiServerAccessProfile).toMatchObject({
      privateDNSZone: 'system',
      enablePrivateClusterPublicFqdn: true,
    });
    expect(mc.privateFqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);
    expect(mc.aadProfile).toEqual({ managed: true, enableAzureRbac: false });
    expect(mc.networkProfile).toMatchObject({ networkDataplane: 'azure', outboundType: 'loadBalancer' });
    // A later PUT keeps what AKS computed.
    const again = await put('filled', { ...mc, tags: { a: 'b' } });
    expect(again.oidcIssuerProfile?.issuerURL).toBe(mc.oidcIssuerProfile?.issuerURL);
    expect(again.privateFqdn).toBe(mc.privateFqdn);
  });

  it('no public FQDN for a private cluster that turns it off', async () => {
    const mc = await put('nopublic', {
      apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFqdn: false },
    });
    expect(mc.fqdn).toBeUndefined();
    expect(mc.privateFqdn).toEqual(expect.any(String));
  });

  it('a managed NAT gateway with one IP, and no load balancer profile', async () => {
    const mc = await put('natgw', { networkProfile: { outboundType: 'managedNATGateway' } });
    expect(mc.networkProfile?.natGatewayProfile).toMatchObject({
      managedOutboundIPProfile: { count: 1 },
      idleTimeoutInMinutes: 4,
    });
    expect(mc.networkProfile?.loadBalancerProfile).toBeUndefined();
  });

  it('a single authorized address as a /32 range', async () => {
    const mc = await put('ranges', {
      apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.7', '198.51.100.0/24'] },
    });
    expect(mc.apiServerAccessProfile?.authorizedIPRanges).toEqual(['203.0.113.7/32', '198.51.100.0/24']);
  });
});

it('echoes every declared setting on a GET after the PUT', async () => {
  const declared: Partial<Arm.ManagedCluster> = {
    sku: { name: 'Base', tier: 'Premium' },
    supportPlan: 'AKSLongTermSupport',
    enableRbac: true,
    disableLocalAccounts: true,
    publicNetworkAccess: 'Enabled',
    diskEncryptionSetID: '/subscriptions/s/resourceGroups/k/providers/Microsoft.Compute/diskEncryptionSets/d',
    aadProfile: {
      managed: true,
      enableAzureRbac: true,
      adminGroupObjectIDs: ['22222222-2222-2222-2222-222222222222'],
    },
    apiServerAccessProfile: {
      enablePrivateCluster: true,
      privateDNSZone: 'none',
      enableVnetIntegration: true,
    },
    oidcIssuerProfile: { enabled: true },
    securityProfile: {
      workloadIdentity: { enabled: true },
      imageCleaner: { enabled: true, intervalHours: 24 },
    },
    upgradeSettings: { overrideSettings: { forceUpgrade: true, until: new Date('2027-01-01T00:00:00Z') } },
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkDataplane: 'cilium',
      networkPolicy: 'cilium',
      ipFamilies: ['IPv4', 'IPv6'],
      outboundType: 'loadBalancer',
      loadBalancerProfile: { managedOutboundIPs: { count: 2 }, idleTimeoutInMinutes: 10 },
    },
  };
  await put('echo', declared);
  const got = await client.managedClusters.get(RG, 'echo');
  expect(got).toMatchObject(declared);
});

it('creates with the defaults of createCluster untouched by these settings', async () => {
  const mc = await createCluster(client, RG, 'plain');
  expect(mc).toMatchObject({ disableLocalAccounts: false, oidcIssuerProfile: { enabled: false } });
  expect(mc.privateFqdn).toBeUndefined();
  expect(mc.aadProfile).toBeUndefined();
});
