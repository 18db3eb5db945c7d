import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterSpecInput } from '../../api/index.js';
import { managedCluster } from '../testing/objects.js';
import { compareCluster } from './compare.js';
import { desiredClusterForCreate, desiredClusterForUpdate } from './desired.js';

const OWNER = { 'aks-lifecycle-owner': 'ManagedCluster/ns/c1' };
const SUB = '/subscriptions/s/resourceGroups/rg1/providers';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7 ops@example';

const spec = (extra: Partial<ManagedClusterSpecInput>) => managedCluster({ spec: extra }).spec;

/** What an AKS cluster answers with its own settings in every long-tail section. */
const observed = (): Arm.ManagedCluster => ({
  location: 'eastus',
  kubernetesVersion: '1.33',
  currentKubernetesVersion: '1.33.4',
  sku: { name: 'Base', tier: 'Standard' },
  nodeResourceGroup: 'MC_rg1_c1_eastus',
  autoScalerProfile: { scanInterval: '10s', expander: 'random', skipNodesWithSystemPods: 'true' },
  storageProfile: {
    diskCSIDriver: { enabled: true },
    fileCSIDriver: { enabled: true },
    snapshotController: { enabled: true },
  },
  metricsProfile: { costAnalysis: { enabled: false } },
  workloadAutoScalerProfile: {},
  linuxProfile: {
    adminUsername: 'azureuser',
    ssh: { publicKeys: [{ keyData: 'ssh-rsa AAAAB3 old@example' }] },
  },
  windowsProfile: { adminUsername: 'winadmin', enableCSIProxy: true },
  httpProxyConfig: { httpProxy: 'http://proxy.example:3128/' },
  addonProfiles: { omsagent: { enabled: false } },
});

// Each row: a declared setting, the ARM property it lands on, and the value AKS then reports.
const ROWS: [string, Partial<ManagedClusterSpecInput>, (b: Arm.ManagedCluster) => unknown, unknown][] = [
  [
    'an autoscaler flag in its REST spelling',
    { autoScalerProfile: { 'scan-interval': '20s', 'balance-similar-node-groups': 'true' } },
    (b) => [b.autoScalerProfile?.scanInterval, b.autoScalerProfile?.balanceSimilarNodeGroups],
    ['20s', 'true'],
  ],
  [
    'the autoscaler expander',
    { autoScalerProfile: { expander: 'least-waste' } },
    (b) => b.autoScalerProfile?.expander,
    'least-waste',
  ],
  [
    'KEDA and VPA',
    { workloadAutoScalerProfile: { keda: { enabled: true }, verticalPodAutoscaler: { enabled: true } } },
    (b) => [
      b.workloadAutoScalerProfile?.keda?.enabled,
      b.workloadAutoScalerProfile?.verticalPodAutoscaler?.enabled,
    ],
    [true, true],
  ],
  [
    'managed Prometheus with kube-state-metrics labels',
    {
      azureMonitorProfile: {
        metrics: { enabled: true, kubeStateMetrics: { metricLabelsAllowlist: 'pods=[app]' } },
      },
    },
    (b) => b.azureMonitorProfile?.metrics?.kubeStateMetrics?.metricLabelsAllowlist,
    'pods=[app]',
  ],
  [
    'cost analysis',
    { sku: { tier: 'Standard' }, metricsProfile: { costAnalysis: { enabled: true } } },
    (b) => b.metricsProfile?.costAnalysis?.enabled,
    true,
  ],
  [
    'application routing with a DNS zone',
    {
      ingressProfile: {
        webAppRouting: {
          enabled: true,
          dnsZoneResourceIds: [`${SUB}/Microsoft.Network/dnszones/example.com`],
          nginx: { defaultIngressControllerType: 'Internal' },
        },
      },
    },
    (b) => [
      b.ingressProfile?.webAppRouting?.enabled,
      b.ingressProfile?.webAppRouting?.nginx?.defaultIngressControllerType,
    ],
    [true, 'Internal'],
  ],
  [
    'the Istio service mesh with an ingress gateway',
    {
      serviceMeshProfile: {
        mode: 'Istio',
        istio: {
          revisions: ['asm-1-25'],
          components: { ingressGateways: [{ mode: 'External', enabled: true }] },
        },
      },
    },
    (b) => [b.serviceMeshProfile?.mode, b.serviceMeshProfile?.istio?.components?.ingressGateways],
    ['Istio', [{ mode: 'External', enabled: true }]],
  ],
  [
    'the blob CSI driver',
    { storageProfile: { blobCSIDriver: { enabled: true } } },
    (b) => b.storageProfile?.blobCSIDriver?.enabled,
    true,
  ],
  [
    'a read-only node resource group',
    { nodeResourceGroupProfile: { restrictionLevel: 'ReadOnly' } },
    (b) => b.nodeResourceGroupProfile?.restrictionLevel,
    'ReadOnly',
  ],
  [
    'a new SSH key',
    { linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: KEY }] } } },
    (b) => b.linuxProfile?.ssh.publicKeys,
    [{ keyData: KEY }],
  ],
  [
    'Azure Hybrid Benefit for Windows',
    { windowsProfile: { adminUsername: 'winadmin', licenseType: 'Windows_Server' } },
    (b) => b.windowsProfile?.licenseType,
    'Windows_Server',
  ],
  [
    'an HTTP proxy',
    { httpProxyConfig: { httpsProxy: 'http://proxy.example:3129/', noProxy: ['.internal'] } },
    (b) => [b.httpProxyConfig?.httpsProxy, b.httpProxyConfig?.noProxy],
    ['http://proxy.example:3129/', ['.internal']],
  ],
  [
    'the Azure Policy add-on',
    { addons: { azurePolicy: { enabled: true } } },
    (b) => b.addonProfiles?.azurepolicy?.enabled,
    true,
  ],
];

describe('long-tail cluster settings', () => {
  it.each(ROWS)('puts %s in the create body', (_what, extra, read, value) => {
    expect(read(desiredClusterForCreate(spec(extra), { ownerTags: OWNER }))).toEqual(value);
  });

  it.each(ROWS)(
    'puts %s in the update body, and finds nothing to change once Azure has it',
    (_what, extra, read, value) => {
      const s = spec(extra);
      const body = desiredClusterForUpdate(s, observed(), OWNER);
      expect(read(body)).toEqual(value);
      expect(compareCluster(s, body).filter((d) => d.path !== 'spec.kubernetesVersion')).toEqual([]);
    },
  );

  it('creates the System pool with its FIPS image, kubelet and OS tuning, kubelet disk and placement groups', () => {
    const ppg = `${SUB}/Microsoft.Compute/proximityPlacementGroups/ppg1`;
    const s = spec({
      systemPool: {
        vmSize: 'Standard_D4s_v5',
        enableFIPS: true,
        kubeletConfig: { podMaxPids: 2048 },
        linuxOSConfig: { swapFileSizeMB: 1024 },
        kubeletDiskType: 'Temporary',
        proximityPlacementGroupID: ppg,
      },
    });
    expect(desiredClusterForCreate(s, { ownerTags: OWNER }).agentPoolProfiles?.[0]).toMatchObject({
      enableFips: true,
      kubeletConfig: { podMaxPids: 2048 },
      linuxOSConfig: { swapFileSizeMB: 1024 },
      kubeletDiskType: 'Temporary',
      proximityPlacementGroupID: ppg,
    });
  });

  it('keeps the autoscaler flags, drivers and proxy settings the spec leaves out as Azure has them', () => {
    const s = spec({
      autoScalerProfile: { 'scan-interval': '20s' },
      storageProfile: { blobCSIDriver: { enabled: true } },
      httpProxyConfig: { httpsProxy: 'http://proxy.example:3129/' },
    });
    const body = desiredClusterForUpdate(s, observed(), OWNER);
    expect(body.autoScalerProfile).toEqual({ ...observed().autoScalerProfile, scanInterval: '20s' });
    expect(body.storageProfile).toEqual({ ...observed().storageProfile, blobCSIDriver: { enabled: true } });
    expect(body.httpProxyConfig?.httpProxy).toBe('http://proxy.example:3128/');
  });

  it('compares nothing of the long tail the spec leaves out', () => {
    expect(compareCluster(spec({}), observed())).toEqual([]);
  });

  it("names an autoscaler flag changed in Azure by the spec's REST spelling", () => {
    const s = spec({ autoScalerProfile: { 'skip-nodes-with-system-pods': 'false' } });
    expect(compareCluster(s, observed())).toEqual([
      {
        path: 'spec.autoScalerProfile.skip-nodes-with-system-pods',
        action: 'update',
        azure: 'true',
        wanted: 'false',
      },
    ]);
  });

  it('names the node resource group and the admin users AKS fixes at creation, with both values', () => {
    const s = spec({
      nodeResourceGroup: 'nodes-c1',
      linuxProfile: {
        adminUsername: 'ops',
        ssh: { publicKeys: [{ keyData: 'ssh-rsa AAAAB3 old@example' }] },
      },
      windowsProfile: { adminUsername: 'winops' },
    });
    expect(compareCluster(s, observed())).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.nodeResourceGroup',
          action: 'immutable',
          azure: 'MC_rg1_c1_eastus',
          wanted: 'nodes-c1',
        },
        { path: 'spec.linuxProfile.adminUsername', action: 'immutable', azure: 'azureuser', wanted: 'ops' },
        {
          path: 'spec.windowsProfile.adminUsername',
          action: 'immutable',
          azure: 'winadmin',
          wanted: 'winops',
        },
      ]),
    );
  });

  it('never sends or compares a Windows admin password: AKS keeps the one it has', () => {
    const s = spec({ windowsProfile: { adminUsername: 'winadmin', enableCSIProxy: true } });
    const body = desiredClusterForUpdate(s, observed(), OWNER);
    expect(body.windowsProfile).not.toHaveProperty('adminPassword');
    expect(compareCluster(s, observed())).toEqual([]);
  });

  it('reports the Azure Policy add-on turned off in Azure under its spec name', () => {
    const s = spec({ addons: { azurePolicy: { enabled: true } } });
    const azure = { ...observed(), addonProfiles: { azurepolicy: { enabled: false } } };
    expect(compareCluster(s, azure)).toEqual([
      { path: 'spec.addons.azurePolicy.enabled', action: 'update', azure: 'false', wanted: 'true' },
    ]);
  });
});
