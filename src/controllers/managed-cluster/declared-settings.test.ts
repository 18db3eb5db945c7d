import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterSpecInput } from '../../api/index.js';
import { managedCluster } from '../testing/objects.js';
import { compareCluster } from './compare.js';
import { desiredClusterForCreate, desiredClusterForUpdate } from './desired.js';

const OWNER = { 'aks-lifecycle-owner': 'ManagedCluster/ns/c1' };
const SUB = '/subscriptions/s/resourceGroups/rg1/providers';

const spec = (extra: Partial<ManagedClusterSpecInput>) => managedCluster({ spec: extra }).spec;

/** What an AKS cluster with many settings of its own answers. */
const observed = (): Arm.ManagedCluster => ({
  location: 'eastus',
  kubernetesVersion: '1.33',
  currentKubernetesVersion: '1.33.4',
  enableRbac: true,
  supportPlan: 'KubernetesOfficial',
  disableLocalAccounts: false,
  apiServerAccessProfile: {
    enablePrivateCluster: true,
    privateDNSZone: 'system',
    enablePrivateClusterPublicFqdn: true,
  },
  aadProfile: { managed: true, enableAzureRbac: false, tenantID: '11111111-1111-1111-1111-111111111111' },
  oidcIssuerProfile: { enabled: true, issuerURL: 'https://eastus.oic.prod-aks.azure.com/t/u/' },
  securityProfile: { imageCleaner: { enabled: true, intervalHours: 48 } },
  networkProfile: {
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    networkDataplane: 'azure',
    outboundType: 'loadBalancer',
    ipFamilies: ['IPv4'],
    loadBalancerProfile: {
      outboundIPs: { publicIPs: [{ id: `${SUB}/Microsoft.Network/publicIPAddresses/ip1` }] },
      idleTimeoutInMinutes: 30,
    },
  },
});

// Each row: a declared setting, the ARM property it lands on, and the value AKS then reports.
const ROWS: [string, Partial<ManagedClusterSpecInput>, (b: Arm.ManagedCluster) => unknown, unknown][] = [
  [
    'authorized IP ranges',
    { apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24'] } },
    (b) => b.apiServerAccessProfile?.authorizedIPRanges,
    ['203.0.113.0/24'],
  ],
  [
    'a private cluster',
    { apiServerAccessProfile: { enablePrivateCluster: true } },
    (b) => b.apiServerAccessProfile?.enablePrivateCluster,
    true,
  ],
  [
    'its private DNS zone',
    { apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'none' } },
    (b) => b.apiServerAccessProfile?.privateDNSZone,
    'none',
  ],
  [
    'API server VNet integration',
    { apiServerAccessProfile: { enableVnetIntegration: true } },
    (b) => b.apiServerAccessProfile?.enableVnetIntegration,
    true,
  ],
  ['public network access', { publicNetworkAccess: 'Enabled' }, (b) => b.publicNetworkAccess, 'Enabled'],
  [
    'Azure RBAC',
    { aadProfile: { managed: true, enableAzureRBAC: true } },
    (b) => b.aadProfile?.enableAzureRbac,
    true,
  ],
  [
    'admin groups',
    { aadProfile: { managed: true, adminGroupObjectIDs: ['22222222-2222-2222-2222-222222222222'] } },
    (b) => b.aadProfile?.adminGroupObjectIDs,
    ['22222222-2222-2222-2222-222222222222'],
  ],
  ['Kubernetes RBAC', { enableRBAC: true }, (b) => b.enableRbac, true],
  [
    'no local accounts',
    { aadProfile: { managed: true }, disableLocalAccounts: true },
    (b) => b.disableLocalAccounts,
    true,
  ],
  ['the OIDC issuer', { oidcIssuerProfile: { enabled: true } }, (b) => b.oidcIssuerProfile?.enabled, true],
  [
    'workload identity',
    { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } },
    (b) => b.securityProfile?.workloadIdentity?.enabled,
    true,
  ],
  [
    'Defender',
    {
      securityProfile: {
        defender: {
          logAnalyticsWorkspaceResourceId: `${SUB}/Microsoft.OperationalInsights/workspaces/w1`,
          securityMonitoring: { enabled: true },
        },
      },
    },
    (b) => b.securityProfile?.defender?.securityMonitoring?.enabled,
    true,
  ],
  [
    'image cleaner',
    { securityProfile: { imageCleaner: { enabled: true, intervalHours: 24 } } },
    (b) => b.securityProfile?.imageCleaner?.intervalHours,
    24,
  ],
  [
    'a disk encryption set',
    { diskEncryptionSetID: `${SUB}/Microsoft.Compute/diskEncryptionSets/des1` },
    (b) => b.diskEncryptionSetID,
    `${SUB}/Microsoft.Compute/diskEncryptionSets/des1`,
  ],
  [
    'long-term support',
    { sku: { tier: 'Premium' }, supportPlan: 'AKSLongTermSupport' },
    (b) => b.supportPlan,
    'AKSLongTermSupport',
  ],
  [
    'an upgrade override',
    { upgradeSettings: { overrideSettings: { forceUpgrade: true, until: '2027-01-01T00:00:00Z' } } },
    (b) => b.upgradeSettings?.overrideSettings?.until?.toISOString(),
    '2027-01-01T00:00:00.000Z',
  ],
  [
    'the cilium dataplane',
    {
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataplane: 'cilium',
        networkPolicy: 'cilium',
      },
    },
    (b) => b.networkProfile?.networkDataplane,
    'cilium',
  ],
  [
    'dual stack',
    { networkProfile: { ipFamilies: ['IPv4', 'IPv6'] } },
    (b) => b.networkProfile?.ipFamilies,
    ['IPv4', 'IPv6'],
  ],
  [
    'managed egress IPs',
    { networkProfile: { loadBalancerProfile: { managedOutboundIPs: { count: 2 } } } },
    (b) => b.networkProfile?.loadBalancerProfile?.managedOutboundIPs?.count,
    2,
  ],
  [
    'a managed NAT gateway',
    {
      networkProfile: {
        outboundType: 'managedNATGateway',
        natGatewayProfile: { managedOutboundIPProfile: { count: 2 } },
      },
    },
    (b) => b.networkProfile?.natGatewayProfile?.managedOutboundIPProfile?.count,
    2,
  ],
];

describe('declared cluster settings', () => {
  it.each(ROWS)('puts %s in the create body', (_what, extra, read, value) => {
    expect(read(desiredClusterForCreate(spec(extra), { ownerTags: OWNER }))).toEqual(value);
  });

  it.each(ROWS)(
    'puts %s in the update body, and finds nothing to change once Azure has it',
    (_what, extra, read, value) => {
      const s = spec(extra);
      const body = desiredClusterForUpdate(s, observed(), OWNER);
      expect(read(body)).toEqual(value);
      const after = { ...body, currentKubernetesVersion: '1.33.4' };
      expect(compareCluster(s, after).filter((d) => d.path !== 'spec.kubernetesVersion')).toEqual([]);
    },
  );

  it('keeps every setting the spec leaves out as Azure has it', () => {
    const body = desiredClusterForUpdate(
      spec({ aadProfile: { managed: true, enableAzureRBAC: true } }),
      observed(),
      OWNER,
    );
    const azure = observed();
    expect(body.aadProfile).toEqual({ ...azure.aadProfile, enableAzureRbac: true });
    expect(body.apiServerAccessProfile).toEqual(azure.apiServerAccessProfile);
    expect(body.oidcIssuerProfile).toEqual(azure.oidcIssuerProfile);
    expect(body.securityProfile).toEqual(azure.securityProfile);
    expect(body.networkProfile).toEqual(azure.networkProfile);
  });

  it('compares nothing the spec leaves out', () => {
    expect(
      compareCluster(spec({}), {
        ...observed(),
        disableLocalAccounts: true,
        publicNetworkAccess: 'Disabled',
      }),
    ).toEqual([]);
  });

  it('reports a declared setting changed in Azure as drift to write back', () => {
    const s = spec({ aadProfile: { managed: true }, disableLocalAccounts: true });
    expect(compareCluster(s, observed())).toContainEqual({
      path: 'spec.disableLocalAccounts',
      action: 'update',
      azure: 'false',
      wanted: 'true',
    });
  });

  it('names the field and both values when a setting AKS fixes at creation differs', () => {
    const s = spec({ apiServerAccessProfile: { enablePrivateCluster: false } });
    expect(compareCluster(s, observed())).toEqual([
      {
        path: 'spec.apiServerAccessProfile.enablePrivateCluster',
        action: 'immutable',
        azure: 'true',
        wanted: 'false',
      },
    ]);
  });

  it("names fields the SDK spells otherwise by the spec's (AKS's REST) names", () => {
    const s = spec({
      enableRBAC: false,
      aadProfile: { managed: true, enableAzureRBAC: true },
      apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false },
    });
    const diffs = compareCluster(s, observed());
    expect(diffs).toHaveLength(3);
    expect(diffs).toEqual(
      expect.arrayContaining([
        { path: 'spec.aadProfile.enableAzureRBAC', action: 'update', azure: 'false', wanted: 'true' },
        { path: 'spec.enableRBAC', action: 'immutable', azure: 'true', wanted: 'false' },
        {
          path: 'spec.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
          action: 'update',
          azure: 'true',
          wanted: 'false',
        },
      ]),
    );
    const body = desiredClusterForUpdate(s, observed(), OWNER);
    expect(body.enableRbac).toBe(false);
    expect(body.aadProfile?.enableAzureRbac).toBe(true);
    expect(body.apiServerAccessProfile?.enablePrivateClusterPublicFqdn).toBe(false);
    expect(body).not.toHaveProperty('enableRBAC');
  });

  it('treats an OIDC issuer Azure has on and the spec wants off as fixed', () => {
    const diffs = compareCluster(spec({ oidcIssuerProfile: { enabled: false } }), observed());
    expect(diffs).toEqual([
      expect.objectContaining({ path: 'spec.oidcIssuerProfile.enabled', action: 'immutable' }),
    ]);
  });

  it('reads a single authorized address as the /32 range AKS reports', () => {
    const s = spec({ apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.7'] } });
    const azure = { ...observed(), apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.7/32'] } };
    expect(compareCluster(s, azure)).toEqual([]);
  });

  it('sends one source of egress IPs, and no load balancer profile with NAT gateway egress', () => {
    const managed = desiredClusterForUpdate(
      spec({ networkProfile: { loadBalancerProfile: { managedOutboundIPs: { count: 2 } } } }),
      observed(),
      OWNER,
    );
    expect(managed.networkProfile?.loadBalancerProfile).toEqual({
      managedOutboundIPs: { count: 2 },
      idleTimeoutInMinutes: 30,
    });
    const nat = desiredClusterForUpdate(
      spec({ networkProfile: { outboundType: 'managedNATGateway' } }),
      observed(),
      OWNER,
    );
    expect(nat.networkProfile?.loadBalancerProfile).toBeUndefined();
  });
});
