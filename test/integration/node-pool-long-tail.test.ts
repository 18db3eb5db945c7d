// Real: the management cluster's API server with the project's CRDs (admission included), the operator
// in-process and the @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator).
// Proves every long-tail pool setting (kubelet and Linux OS config, FIPS, kubelet disk, runtime, MIG GPU
// partitioning and driver, node public IPs from a prefix, host ports, application security groups, placement,
// reservation and dedicated host groups, Trusted Launch and SSH access, Ultra SSD, login message, scale-down
// mode) goes spec → one PUT → held by the simulator → observed, with no
// further write; a declared setting changed in Azure is put back, a released one is left alone, and fixed
// settings that differ stall naming the field and both values, without a write.
import type * as Arm from '@azure/arm-containerservice';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import type { NodePoolSpecInput } from '../../src/api/index.js';
import { WAIT_MS, writeOperations, ReconcileLabel, threeMorePasses } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import { providers } from '../support/arm-ids.js';
import { baseClusterSpec } from '../support/cluster-spec.js';
import { matches } from '../support/matches.js';

const world = useOperatorWorld();
/** A fresh namespace watched by an operator that resyncs every half second. */
const env = (prefix: string) => world.start(prefix, 500);

const ids = (rg: string) => ({
  prefix: `${providers(rg)}/Microsoft.Network/publicIPPrefixes/nodes`,
  asg: `${providers(rg)}/Microsoft.Network/applicationSecurityGroups/gpu`,
  ppg: `${providers(rg)}/Microsoft.Compute/proximityPlacementGroups/ppg1`,
  crg: `${providers(rg)}/Microsoft.Compute/capacityReservationGroups/crg1`,
});

/** An A100 pool partitioned with MIG, declaring every long-tail setting. */
function gpu(rg: string): NodePoolSpecInput {
  return {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_NC24ads_A100_v4',
    count: 1,
    kubeletConfig: { cpuManagerPolicy: 'static', podMaxPids: 4096, allowedUnsafeSysctls: ['net.core.*'] },
    linuxOSConfig: {
      sysctls: { vmMaxMapCount: 262144, netIpv4TcpTwReuse: true },
      transparentHugePageEnabled: 'madvise',
    },
    enableFIPS: true,
    kubeletDiskType: 'Temporary',
    workloadRuntime: 'OCIContainer',
    gpuInstanceProfile: 'MIG2g',
    enableNodePublicIP: true,
    nodePublicIPPrefixID: ids(rg).prefix,
    networkProfile: {
      allowedHostPorts: [{ portStart: 8000, portEnd: 8100, protocol: 'TCP' }],
      applicationSecurityGroups: [ids(rg).asg],
      nodePublicIPTags: [{ ipTagType: 'RoutingPreference', tag: 'Internet' }],
    },
    proximityPlacementGroupID: ids(rg).ppg,
    capacityReservationGroupID: ids(rg).crg,
    scaleDownMode: 'Deallocate',
    securityProfile: { enableVTPM: true, enableSecureBoot: true, sshAccess: 'Disabled' },
    enableUltraSSD: true,
    messageOfTheDay: 'R1BVIG5vZGVz',
    gpuProfile: { driver: 'None' },
  };
}

// Each row: a declared setting and where Azure holds it.
const ROWS: [string, (p: Arm.AgentPool) => unknown, (rg: string) => unknown][] = [
  ['kubeletConfig.cpuManagerPolicy', (p) => p.kubeletConfig?.cpuManagerPolicy, () => 'static'],
  ['kubeletConfig.podMaxPids', (p) => p.kubeletConfig?.podMaxPids, () => 4096],
  ['kubeletConfig.allowedUnsafeSysctls', (p) => p.kubeletConfig?.allowedUnsafeSysctls, () => ['net.core.*']],
  ['linuxOSConfig.sysctls.vmMaxMapCount', (p) => p.linuxOSConfig?.sysctls?.vmMaxMapCount, () => 262144],
  ['linuxOSConfig.sysctls.netIpv4TcpTwReuse', (p) => p.linuxOSConfig?.sysctls?.netIpv4TcpTwReuse, () => true],
  [
    'linuxOSConfig.transparentHugePageEnabled',
    (p) => p.linuxOSConfig?.transparentHugePageEnabled,
    () => 'madvise',
  ],
  ['enableFIPS', (p) => p.enableFips, () => true],
  ['kubeletDiskType', (p) => p.kubeletDiskType, () => 'Temporary'],
  ['workloadRuntime', (p) => p.workloadRuntime, () => 'OCIContainer'],
  ['gpuInstanceProfile', (p) => p.gpuInstanceProfile, () => 'MIG2g'],
  ['enableNodePublicIP', (p) => p.enableNodePublicIP, () => true],
  ['nodePublicIPPrefixID', (p) => p.nodePublicIPPrefixID, (rg) => ids(rg).prefix],
  [
    'networkProfile.allowedHostPorts',
    (p) => p.networkProfile?.allowedHostPorts,
    () => [{ portStart: 8000, portEnd: 8100, protocol: 'TCP' }],
  ],
  [
    'networkProfile.applicationSecurityGroups',
    (p) => p.networkProfile?.applicationSecurityGroups,
    (rg) => [ids(rg).asg],
  ],
  [
    'networkProfile.nodePublicIPTags',
    (p) => p.networkProfile?.nodePublicIPTags,
    () => [{ ipTagType: 'RoutingPreference', tag: 'Internet' }],
  ],
  ['proximityPlacementGroupID', (p) => p.proximityPlacementGroupID, (rg) => ids(rg).ppg],
  ['capacityReservationGroupID', (p) => p.capacityReservationGroupID, (rg) => ids(rg).crg],
  ['scaleDownMode', (p) => p.scaleDownMode, () => 'Deallocate'],
  [
    'securityProfile',
    (p) => p.securityProfile,
    () => ({ enableVtpm: true, enableSecureBoot: true, sshAccess: 'Disabled' }),
  ],
  ['enableUltraSSD', (p) => p.enableUltraSSD, () => true],
  ['messageOfTheDay', (p) => p.messageOfTheDay, () => 'R1BVIG5vZGVz'],
  ['gpuProfile.driver', (p) => p.gpuProfile?.driver, () => 'None'],
];

describe('NodePool long-tail settings', () => {
  it('sends every declared setting in one PUT, holds it in Azure, and writes nothing more', async () => {
    const { objects, operator, rg } = await env('np-long-tail');
    await objects.createCluster('c1', baseClusterSpec(rg));
    await objects.clusterReady('c1');
    await objects.createPool('gpu', gpu(rg));
    await objects.poolReady('gpu');
    const pool = await world.azure.agentPools.get(rg, 'c1', 'gpu');
    expect(ROWS.filter(([, read, want]) => !matches(read(pool), want(rg))).map(([path]) => path)).toEqual([]);
    const settled = await objects.pool('gpu');
    await threeMorePasses(operator, ReconcileLabel.NodePool);
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'agentPools.createOrUpdate',
    ]);
    const after = await objects.pool('gpu');
    expect(after.status?.drift ?? []).toEqual([]);
    expect(after.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it('puts back a scale-down mode changed in Azure, and leaves released host ports as Azure has them', async () => {
    const { objects, operator, rg } = await env('np-tail-drift');
    await objects.createCluster('c1', baseClusterSpec(rg));
    await objects.clusterReady('c1');
    await objects.createPool('web', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D4s_v3',
      count: 1,
      scaleDownMode: 'Deallocate',
      networkProfile: { allowedHostPorts: [{ portStart: 80, portEnd: 80, protocol: 'TCP' }] },
      hostGroupID: `${providers(rg)}/Microsoft.Compute/hostGroups/hosts1`,
    });
    await objects.poolReady('web');
    expect((await world.azure.agentPools.get(rg, 'c1', 'web')).hostGroupID).toMatch(/hostGroups\/hosts1$/);
    const outOfBand = async (change: Partial<Arm.AgentPool>): Promise<void> => {
      const current = await world.azure.agentPools.get(rg, 'c1', 'web');
      await world.azure.agentPools.createOrUpdate(rg, 'c1', 'web', { ...current, ...change }, FAST_POLL);
    };
    await outOfBand({ scaleDownMode: 'Delete' });
    await waitFor(() => world.azure.agentPools.get(rg, 'c1', 'web'), {
      timeoutMs: WAIT_MS,
      message: 'the scale-down mode to be put back',
      until: (p) => p.scaleDownMode === 'Deallocate',
    });
    expect(writeOperations(world.sim, rg)).toHaveLength(4);

    // Released: removed from the spec, so no write now and no drift when Azure changes it later.
    await objects.patch('pool', 'web', { spec: { networkProfile: null } });
    await objects.poolReady('web');
    const ports = [{ portStart: 443, portEnd: 443, protocol: 'TCP' }];
    await outOfBand({ networkProfile: { allowedHostPorts: ports } });
    await threeMorePasses(operator, ReconcileLabel.NodePool);
    expect(writeOperations(world.sim, rg)).toHaveLength(5);
    expect((await world.azure.agentPools.get(rg, 'c1', 'web')).networkProfile?.allowedHostPorts).toEqual(
      ports,
    );
    expect((await objects.pool('web')).status?.drift ?? []).toEqual([]);
  });

  it('stalls a System NodePool whose fixed FIPS image and kubelet disk differ from its pool, naming both values, without writing', async () => {
    const { objects, rg } = await env('np-tail-fixed');
    await objects.createCluster('c1', baseClusterSpec(rg));
    await objects.clusterReady('c1');
    await objects.createPool('system', {
      clusterRef: { name: 'c1' },
      mode: 'System',
      vmSize: 'Standard_D4s_v3',
      count: 1,
      enableFIPS: true,
      kubeletDiskType: 'Temporary',
    });
    const np = await objects.waitForCondition('pool', 'system', {
      type: 'Stalled',
      status: 'True',
      reason: 'ImmutableFieldDiffers',
    });
    const message = np.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toContain('spec.enableFIPS (Azure false, spec true)');
    expect(message).toContain('spec.kubeletDiskType (Azure OS, spec Temporary)');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});
