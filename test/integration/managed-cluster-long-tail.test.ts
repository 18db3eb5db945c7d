// Real: the management cluster's API server with the project's CRDs (admission included), the operator
// in-process and the @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator).
// Proves every long-tail cluster setting (autoscaler profile, KEDA and VPA, managed Prometheus, cost
// analysis, application routing, Istio, CSI drivers, node resource group and its lockdown, Linux and Windows
// admin accounts, HTTP proxy, Azure Policy, the System pool's host settings) goes spec → PUT body → stored by the simulator → observed, with no
// further write; a declared setting changed in Azure is put back, a released one is left alone, and a fixed
// one that differs stalls naming the field and both values.
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

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFleet ops@example';
const ZONE = (rg: string) => `${providers(rg)}/Microsoft.Network/dnszones/apps.example.com`;

/** A cluster declaring every long-tail setting. */
function longTail(rg: string): ManagedClusterSpecInput {
  return {
    ...baseClusterSpec(rg),
    systemPool: {
      vmSize: 'Standard_D4s_v3',
      count: 1,
      enableFIPS: true,
      kubeletConfig: { podMaxPids: 2048 },
      linuxOSConfig: { sysctls: { vmSwappiness: 10 } },
    },
    sku: { tier: 'Standard' },
    autoScalerProfile: {
      'scan-interval': '20s',
      expander: 'least-waste',
      'balance-similar-node-groups': 'true',
      'daemonset-eviction-for-empty-nodes': true,
      'scale-down-utilization-threshold': '0.6',
    },
    workloadAutoScalerProfile: { keda: { enabled: true }, verticalPodAutoscaler: { enabled: true } },
    azureMonitorProfile: {
      metrics: { enabled: true, kubeStateMetrics: { metricLabelsAllowlist: 'pods=[app]' } },
    },
    metricsProfile: { costAnalysis: { enabled: true } },
    ingressProfile: {
      webAppRouting: {
        enabled: true,
        dnsZoneResourceIds: [ZONE(rg)],
        nginx: { defaultIngressControllerType: 'Internal' },
      },
    },
    serviceMeshProfile: {
      mode: 'Istio',
      istio: {
        revisions: ['asm-1-25'],
        components: { ingressGateways: [{ mode: 'Internal', enabled: true }] },
      },
    },
    storageProfile: { blobCSIDriver: { enabled: true }, snapshotController: { enabled: false } },
    nodeResourceGroup: `nodes-${rg}`,
    nodeResourceGroupProfile: { restrictionLevel: 'ReadOnly' },
    linuxProfile: { adminUsername: 'fleetops', ssh: { publicKeys: [{ keyData: SSH_KEY }] } },
    windowsProfile: { adminUsername: 'winops', licenseType: 'Windows_Server', enableCSIProxy: true },
    httpProxyConfig: {
      httpProxy: 'http://proxy.example:3128/',
      httpsProxy: 'http://proxy.example:3129/',
      noProxy: ['.internal.example'],
    },
    addons: { azurePolicy: { enabled: true } },
  };
}

// Each row: a declared setting and where Azure holds it.
const ROWS: [string, (c: Arm.ManagedCluster, rg: string) => unknown, (rg: string) => unknown][] = [
  ['autoScalerProfile.scan-interval', (c) => c.autoScalerProfile?.scanInterval, () => '20s'],
  ['autoScalerProfile.expander', (c) => c.autoScalerProfile?.expander, () => 'least-waste'],
  [
    'autoScalerProfile.balance-similar-node-groups',
    (c) => c.autoScalerProfile?.balanceSimilarNodeGroups,
    () => 'true',
  ],
  [
    'autoScalerProfile.daemonset-eviction-for-empty-nodes',
    (c) => c.autoScalerProfile?.daemonsetEvictionForEmptyNodes,
    () => true,
  ],
  [
    'autoScalerProfile.scale-down-utilization-threshold',
    (c) => c.autoScalerProfile?.scaleDownUtilizationThreshold,
    () => '0.6',
  ],
  ['workloadAutoScalerProfile.keda.enabled', (c) => c.workloadAutoScalerProfile?.keda?.enabled, () => true],
  [
    'workloadAutoScalerProfile.verticalPodAutoscaler.enabled',
    (c) => c.workloadAutoScalerProfile?.verticalPodAutoscaler?.enabled,
    () => true,
  ],
  ['azureMonitorProfile.metrics.enabled', (c) => c.azureMonitorProfile?.metrics?.enabled, () => true],
  [
    'azureMonitorProfile.metrics.kubeStateMetrics.metricLabelsAllowlist',
    (c) => c.azureMonitorProfile?.metrics?.kubeStateMetrics?.metricLabelsAllowlist,
    () => 'pods=[app]',
  ],
  ['metricsProfile.costAnalysis.enabled', (c) => c.metricsProfile?.costAnalysis?.enabled, () => true],
  ['ingressProfile.webAppRouting.enabled', (c) => c.ingressProfile?.webAppRouting?.enabled, () => true],
  [
    'ingressProfile.webAppRouting.dnsZoneResourceIds',
    (c) => c.ingressProfile?.webAppRouting?.dnsZoneResourceIds,
    (rg) => [ZONE(rg)],
  ],
  [
    'ingressProfile.webAppRouting.nginx.defaultIngressControllerType',
    (c) => c.ingressProfile?.webAppRouting?.nginx?.defaultIngressControllerType,
    () => 'Internal',
  ],
  ['serviceMeshProfile.mode', (c) => c.serviceMeshProfile?.mode, () => 'Istio'],
  ['serviceMeshProfile.istio.revisions', (c) => c.serviceMeshProfile?.istio?.revisions, () => ['asm-1-25']],
  [
    'serviceMeshProfile.istio.components.ingressGateways',
    (c) => c.serviceMeshProfile?.istio?.components?.ingressGateways,
    () => [{ mode: 'Internal', enabled: true }],
  ],
  ['storageProfile.blobCSIDriver.enabled', (c) => c.storageProfile?.blobCSIDriver?.enabled, () => true],
  [
    'storageProfile.snapshotController.enabled',
    (c) => c.storageProfile?.snapshotController?.enabled,
    () => false,
  ],
  ['nodeResourceGroup', (c) => c.nodeResourceGroup, (rg) => `nodes-${rg}`],
  [
    'nodeResourceGroupProfile.restrictionLevel',
    (c) => c.nodeResourceGroupProfile?.restrictionLevel,
    () => 'ReadOnly',
  ],
  ['linuxProfile.adminUsername', (c) => c.linuxProfile?.adminUsername, () => 'fleetops'],
  ['linuxProfile.ssh.publicKeys', (c) => c.linuxProfile?.ssh.publicKeys, () => [{ keyData: SSH_KEY }]],
  ['windowsProfile.adminUsername', (c) => c.windowsProfile?.adminUsername, () => 'winops'],
  ['windowsProfile.licenseType', (c) => c.windowsProfile?.licenseType, () => 'Windows_Server'],
  ['windowsProfile.enableCSIProxy', (c) => c.windowsProfile?.enableCSIProxy, () => true],
  ['httpProxyConfig.httpProxy', (c) => c.httpProxyConfig?.httpProxy, () => 'http://proxy.example:3128/'],
  ['httpProxyConfig.httpsProxy', (c) => c.httpProxyConfig?.httpsProxy, () => 'http://proxy.example:3129/'],
  ['httpProxyConfig.noProxy', (c) => c.httpProxyConfig?.noProxy, () => ['.internal.example']],
  ['addons.azurePolicy.enabled', (c) => c.addonProfiles?.azurepolicy?.enabled, () => true],
];

describe('ManagedCluster long-tail settings', () => {
  it('sends every declared setting in one PUT, holds it in Azure, and writes nothing more', async () => {
    const { objects, operator, rg } = await env('mc-long-tail');
    await objects.createCluster('wide', longTail(rg));
    const mc = await objects.clusterReady('wide');
    const azure = await world.azure.managedClusters.get(rg, 'wide');
    expect(
      ROWS.filter(([, read, want]) => !matches(read(azure, rg), want(rg))).map(([path]) => path),
    ).toEqual([]);
    expect(mc.status?.nodeResourceGroup).toBe(`nodes-${rg}`);
    // The System pool is created with its host settings.
    expect(await world.azure.agentPools.get(rg, 'wide', 'system')).toMatchObject({
      enableFips: true,
      kubeletConfig: { podMaxPids: 2048 },
      linuxOSConfig: { sysctls: { vmSwappiness: 10 } },
    });
    const settled = await objects.cluster('wide');
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    const after = await objects.cluster('wide');
    expect(after.status?.drift ?? []).toEqual([]);
    expect(after.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it('puts back a declared autoscaler flag changed in Azure, and leaves a released one as Azure has it', async () => {
    const { objects, operator, rg } = await env('mc-tail-drift');
    await objects.createCluster('c1', {
      ...baseClusterSpec(rg),
      autoScalerProfile: { 'scan-interval': '20s' },
      workloadAutoScalerProfile: { keda: { enabled: true } },
    });
    await objects.clusterReady('c1');
    const outOfBand = (change: Partial<Arm.ManagedCluster>) =>
      changeClusterInAzure(world.azure, { rg, name: 'c1' }, change);
    await outOfBand({ autoScalerProfile: { scanInterval: '60s' } });
    await waitFor(() => world.azure.managedClusters.get(rg, 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the scan interval to be put back',
      until: (c) => c.autoScalerProfile?.scanInterval === '20s',
    });
    expect(writeOperations(world.sim, rg)).toHaveLength(3);

    // Released: removed from the spec, so no write now and no drift when Azure changes it later.
    await objects.patch('cluster', 'c1', { spec: { workloadAutoScalerProfile: null } });
    await objects.clusterReady('c1');
    await outOfBand({ workloadAutoScalerProfile: { keda: { enabled: false } } });
    await threeMorePasses(operator, ReconcileLabel.ManagedCluster);
    expect(writeOperations(world.sim, rg)).toHaveLength(4);
    expect((await world.azure.managedClusters.get(rg, 'c1')).workloadAutoScalerProfile?.keda?.enabled).toBe(
      false,
    );
    expect((await objects.cluster('c1')).status?.drift ?? []).toEqual([]);
  });

  it('stalls an adopted cluster whose node resource group and Linux admin differ, naming both values, without writing', async () => {
    const { objects, rg } = await env('mc-tail-fixed');
    await world.azure.managedClusters.createOrUpdate(
      rg,
      'adopted',
      {
        location: 'eastus',
        kubernetesVersion: '1.33',
        dnsPrefix: 'adopted',
        linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: SSH_KEY }] } },
        agentPoolProfiles: [{ name: 'nodepool1', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
      },
      FAST_POLL,
    );
    await objects.createCluster('adopted', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      adoption: { resourceID: `${providers(rg)}/Microsoft.ContainerService/managedClusters/adopted` },
      nodeResourceGroup: 'nodes-adopted',
      linuxProfile: { adminUsername: 'fleetops', ssh: { publicKeys: [{ keyData: SSH_KEY }] } },
    });
    const mc = await objects.waitForCondition('cluster', 'adopted', {
      type: 'Stalled',
      status: 'True',
      reason: 'ImmutableFieldDiffers',
    });
    const message = mc.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toContain(`spec.nodeResourceGroup (Azure MC_${rg}_adopted_eastus, spec nodes-adopted)`);
    expect(message).toContain('spec.linuxProfile.adminUsername (Azure azureuser, spec fleetops)');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});
