// Real: the management cluster's API server with the project's CRDs (admission included), the operator
// in-process and the @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator).
// Proves every production setting goes spec → PUT body → stored by the simulator → observed in status,
// with no further write; a declared setting changed in Azure is put back, a released one is left alone,
// and a setting AKS fixes at creation that differs stalls naming the field and both values.
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import {
  SUBSCRIPTION,
  WAIT_MS,
  writeOperations,
  ReconcileLabel,
  threeMorePasses,
} from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import { providers } from '../support/arm-ids.js';
import { baseClusterSpec } from '../support/cluster-spec.js';
import { matches } from '../support/matches.js';
import { changeClusterInAzure } from '../support/out-of-band.js';

const world = useOperatorWorld();
/** A fresh namespace watched by an operator that resyncs every half second. */
const env = (prefix: string) => world.start(prefix, 500);

const ADMINS = '22222222-2222-2222-2222-222222222222';
const TENANT = '33333333-3333-3333-3333-333333333333';

/** A production cluster: every setting of the production API surface declared. */
function production(rg: string): ManagedClusterSpecInput {
  return {
    ...baseClusterSpec(rg),
    sku: { tier: 'Premium' },
    supportPlan: 'AKSLongTermSupport',
    apiServerAccessProfile: {
      enablePrivateCluster: true,
      privateDNSZone: 'system',
      enableVnetIntegration: true,
    },
    publicNetworkAccess: 'Enabled',
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMINS] },
    enableRBAC: true,
    disableLocalAccounts: true,
    oidcIssuerProfile: { enabled: true },
    securityProfile: {
      workloadIdentity: { enabled: true },
      defender: {
        logAnalyticsWorkspaceResourceId: `${providers(rg)}/Microsoft.OperationalInsights/workspaces/w1`,
        securityMonitoring: { enabled: true },
      },
      imageCleaner: { enabled: true, intervalHours: 48 },
    },
    diskEncryptionSetID: `${providers(rg)}/Microsoft.Compute/diskEncryptionSets/des1`,
    upgradeSettings: { overrideSettings: { forceUpgrade: false, until: '2027-01-01T00:00:00Z' } },
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkDataplane: 'cilium',
      networkPolicy: 'cilium',
      ipFamilies: ['IPv4', 'IPv6'],
      outboundType: 'loadBalancer',
      loadBalancerProfile: {
        managedOutboundIPs: { count: 2, countIPv6: 1 },
        allocatedOutboundPorts: 1024,
        idleTimeoutInMinutes: 10,
      },
    },
  };
}

/** A public cluster reached from known ranges, with NAT gateway egress and its own Entra tenant. */
function edge(rg: string): ManagedClusterSpecInput {
  return {
    ...baseClusterSpec(rg),
    apiServerAccessProfile: {
      enablePrivateCluster: false,
      authorizedIPRanges: ['203.0.113.0/24', '198.51.100.7'],
      enableVnetIntegration: true,
      subnetId: `${providers(rg)}/Microsoft.Network/virtualNetworks/vnet1/subnets/apiserver`,
    },
    aadProfile: { managed: true, tenantID: TENANT },
    networkProfile: {
      outboundType: 'managedNATGateway',
      natGatewayProfile: { managedOutboundIPProfile: { count: 2 }, idleTimeoutInMinutes: 10 },
    },
  };
}

const EDGE_ROWS: [string, (c: Arm.ManagedCluster) => unknown, unknown][] = [
  [
    'apiServerAccessProfile.authorizedIPRanges',
    (c) => c.apiServerAccessProfile?.authorizedIPRanges,
    ['203.0.113.0/24', '198.51.100.7/32'],
  ],
  [
    'apiServerAccessProfile.subnetId',
    (c) => c.apiServerAccessProfile?.subnetId,
    expect.stringMatching(/subnets\/apiserver$/),
  ],
  ['aadProfile.tenantID', (c) => c.aadProfile?.tenantID, TENANT],
  ['networkProfile.outboundType', (c) => c.networkProfile?.outboundType, 'managedNATGateway'],
  [
    'networkProfile.natGatewayProfile',
    (c) => c.networkProfile?.natGatewayProfile,
    { managedOutboundIPProfile: { count: 2 }, idleTimeoutInMinutes: 10 },
  ],
  ['networkProfile.loadBalancerProfile', (c) => c.networkProfile?.loadBalancerProfile, undefined],
];

// Each row: a declared setting and where Azure holds it.
const ROWS: [string, (c: Arm.ManagedCluster) => unknown, unknown][] = [
  ['sku.tier', (c) => c.sku?.tier, 'Premium'],
  ['supportPlan', (c) => c.supportPlan, 'AKSLongTermSupport'],
  [
    'apiServerAccessProfile.enablePrivateCluster',
    (c) => c.apiServerAccessProfile?.enablePrivateCluster,
    true,
  ],
  ['apiServerAccessProfile.privateDNSZone', (c) => c.apiServerAccessProfile?.privateDNSZone, 'system'],
  [
    'apiServerAccessProfile.enableVnetIntegration',
    (c) => c.apiServerAccessProfile?.enableVnetIntegration,
    true,
  ],
  ['publicNetworkAccess', (c) => c.publicNetworkAccess, 'Enabled'],
  ['aadProfile.managed', (c) => c.aadProfile?.managed, true],
  ['aadProfile.enableAzureRBAC', (c) => c.aadProfile?.enableAzureRbac, true],
  ['aadProfile.adminGroupObjectIDs', (c) => c.aadProfile?.adminGroupObjectIDs, [ADMINS]],
  ['enableRBAC', (c) => c.enableRbac, true],
  ['disableLocalAccounts', (c) => c.disableLocalAccounts, true],
  ['oidcIssuerProfile.enabled', (c) => c.oidcIssuerProfile?.enabled, true],
  ['securityProfile.workloadIdentity.enabled', (c) => c.securityProfile?.workloadIdentity?.enabled, true],
  [
    'securityProfile.defender.securityMonitoring.enabled',
    (c) => c.securityProfile?.defender?.securityMonitoring?.enabled,
    true,
  ],
  [
    'securityProfile.defender.logAnalyticsWorkspaceResourceId',
    (c) => c.securityProfile?.defender?.logAnalyticsWorkspaceResourceId,
    expect.stringMatching(/workspaces\/w1$/),
  ],
  ['securityProfile.imageCleaner.intervalHours', (c) => c.securityProfile?.imageCleaner?.intervalHours, 48],
  ['diskEncryptionSetID', (c) => c.diskEncryptionSetID, expect.stringMatching(/diskEncryptionSets\/des1$/)],
  [
    'upgradeSettings.overrideSettings.until',
    (c) => c.upgradeSettings?.overrideSettings?.until?.toISOString(),
    '2027-01-01T00:00:00.000Z',
  ],
  [
    'upgradeSettings.overrideSettings.forceUpgrade',
    (c) => c.upgradeSettings?.overrideSettings?.forceUpgrade,
    false,
  ],
  ['networkProfile.networkDataplane', (c) => c.networkProfile?.networkDataplane, 'cilium'],
  ['networkProfile.networkPolicy', (c) => c.networkProfile?.networkPolicy, 'cilium'],
  ['networkProfile.ipFamilies', (c) => c.networkProfile?.ipFamilies, ['IPv4', 'IPv6']],
  ['networkProfile.outboundType', (c) => c.networkProfile?.outboundType, 'loadBalancer'],
  [
    'networkProfile.loadBalancerProfile.managedOutboundIPs',
    (c) => c.networkProfile?.loadBalancerProfile?.managedOutboundIPs,
    { count: 2, countIPv6: 1 },
  ],
  [
    'networkProfile.loadBalancerProfile.allocatedOutboundPorts',
    (c) => c.networkProfile?.loadBalancerProfile?.allocatedOutboundPorts,
    1024,
  ],
  [
    'networkProfile.loadBalancerProfile.idleTimeoutInMinutes',
    (c) => c.networkProfile?.loadBalancerProfile?.idleTimeoutInMinutes,
    10,
  ],
];

describe('ManagedCluster production settings', () => {
  it('sends every declared setting in one PUT, holds it in Azure, reports it, and writes nothing more', async () => {
    const { objects, operator, rg } = await env('mc-settings');
    await objects.createCluster('prod', production(rg));
    await objects.createCluster('edge', edge(rg));
    const mc = await objects.clusterReady('prod');
    await objects.clusterReady('edge');
    const prod = await world.azure.managedClusters.get(rg, 'prod');
    expect(ROWS.filter(([, read, want]) => !matches(read(prod), want)).map(([path]) => path)).toEqual([]);
    const edgeAzure = await world.azure.managedClusters.get(rg, 'edge');
    expect(
      EDGE_ROWS.filter(([, read, want]) => !matches(read(edgeAzure), want)).map(([path]) => path),
    ).toEqual([]);
    expect(mc.status?.settings).toEqual({
      skuTier: 'Premium',
      supportPlan: 'AKSLongTermSupport',
      upgradeChannel: 'none',
      nodeOSUpgradeChannel: 'NodeImage',
      identityType: 'SystemAssigned',
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      networkDataplane: 'cilium',
      outboundType: 'loadBalancer',
      privateCluster: true,
      privateFQDN: expect.stringMatching(/\.privatelink\.eastus\.azmk8s\.io$/),
      entraIdManaged: true,
      localAccountsDisabled: true,
      oidcIssuerURL: expect.stringMatching(/^https:\/\/eastus\.oic\.prod-aks\.azure\.com\//),
    });
    const settled = await objects.cluster('prod');
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.createOrUpdate',
    ]);
    const after = await objects.cluster('prod');
    expect(after.status?.drift ?? []).toEqual([]);
    // No status write either: the object is as it was before those passes.
    expect(after.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it('puts back a declared setting changed in Azure, and leaves a released one as Azure has it', async () => {
    const { objects, operator, rg } = await env('mc-release');
    await objects.createCluster('c1', {
      ...baseClusterSpec(rg),
      apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24'] },
      securityProfile: { imageCleaner: { enabled: true, intervalHours: 48 } },
    });
    await objects.clusterReady('c1');
    const outOfBand = (change: Partial<Arm.ManagedCluster>) =>
      changeClusterInAzure(world.azure, { rg, name: 'c1' }, change);
    await outOfBand({ apiServerAccessProfile: { authorizedIPRanges: ['198.51.100.7/32'] } });
    await waitFor(() => world.azure.managedClusters.get(rg, 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the authorized ranges to be put back',
      until: (c) => c.apiServerAccessProfile?.authorizedIPRanges?.join() === '203.0.113.0/24',
    });
    expect(writeOperations(world.sim, rg)).toHaveLength(3);

    // Released: removed from the spec, so no write now and no drift when Azure changes it later.
    await objects.patch('cluster', 'c1', { spec: { apiServerAccessProfile: null } });
    await objects.clusterReady('c1');
    await outOfBand({ apiServerAccessProfile: { authorizedIPRanges: ['192.0.2.0/24'] } });
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(writeOperations(world.sim, rg)).toHaveLength(4);
    expect(
      (await world.azure.managedClusters.get(rg, 'c1')).apiServerAccessProfile?.authorizedIPRanges,
    ).toEqual(['192.0.2.0/24']);
    expect((await objects.cluster('c1')).status?.drift ?? []).toEqual([]);
  });

  it('stalls an adopted cluster whose fixed setting differs, naming the field and both values, without writing', async () => {
    const { objects, rg } = await env('mc-fixed');
    await world.azure.managedClusters.createOrUpdate(
      rg,
      'public1',
      {
        location: 'eastus',
        kubernetesVersion: '1.33',
        dnsPrefix: 'public1',
        agentPoolProfiles: [{ name: 'nodepool1', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
      },
      FAST_POLL,
    );
    await objects.createCluster('public1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      adoption: {
        resourceID: `${providers(rg)}/Microsoft.ContainerService/managedClusters/public1`,
      },
      apiServerAccessProfile: { enablePrivateCluster: true },
    });
    const mc = await objects.waitForCondition('cluster', 'public1', {
      type: 'Stalled',
      status: 'True',
      reason: 'ImmutableFieldDiffers',
    });
    const message = mc.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toContain('spec.apiServerAccessProfile.enablePrivateCluster (Azure false, spec true)');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});
