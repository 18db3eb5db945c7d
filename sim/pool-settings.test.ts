// Long-tail pool and cluster settings through the real SDK client: the combinations AKS refuses with its
// own codes, the settings it fixes at creation, and a GET after a PUT echoing each declared setting.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, sdkClient } from './testing/sdk-client.js';
import { clusterModel, createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-pool-settings';
const SUB = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers`;
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'c1');
});
afterAll(() => sim.close());

const pool = (name: string, extra: Partial<Arm.AgentPool>) =>
  client.agentPools.createOrUpdate(
    RG,
    'c1',
    name,
    { vmSize: 'Standard_D4s_v3', count: 1, mode: 'User', ...extra },
    FAST_POLL,
  );

describe('AKS refuses a pool with', () => {
  it.each<[string, Partial<Arm.AgentPool>, string]>([
    [
      'a node public IP prefix without node public IPs',
      { nodePublicIPPrefixID: `${SUB}/Microsoft.Network/publicIPPrefixes/p1` },
      'NodePublicIPPrefixID can only be set when EnableNodePublicIP is true.',
    ],
    [
      'scale-down mode Deallocate on Spot VMs',
      { scaleSetPriority: 'Spot', scaleDownMode: 'Deallocate' },
      'ScaleDownMode Deallocate is not supported for Spot node pools.',
    ],
    [
      'a GPU instance profile on a size without MIG GPUs',
      { vmSize: 'Standard_NC6s_v3', gpuInstanceProfile: 'MIG1g' },
      'needs a MIG-capable GPU size',
    ],
    [
      'pod sandboxing on Ubuntu',
      { workloadRuntime: 'KataVmIsolation', osSKU: 'Ubuntu' },
      'WorkloadRuntime KataVmIsolation is only supported with OSSKU AzureLinux',
    ],
  ])('%s, as InvalidParameter', async (_what, extra, message) => {
    const name = `bad${Math.random().toString(36).slice(2, 8)}`;
    const err = await thrown(pool(name, extra));
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain(message);
    expect((await thrown(client.agentPools.get(RG, 'c1', name))).statusCode).toBe(404);
  });

  it('a FIPS image or kubelet setting changed after creation, as PropertyChangeNotAllowed', async () => {
    const created = await pool('fixed', { enableFips: false, kubeletConfig: { podMaxPids: 1024 } });
    for (const change of [{ enableFips: true }, { kubeletConfig: { podMaxPids: 2048 } }]) {
      const err = await thrown(pool('fixed', { ...created, ...change }));
      expect(err).toMatchObject({ statusCode: 400, code: 'PropertyChangeNotAllowed' });
    }
  });
});

describe('AKS holds', () => {
  it('every long-tail pool setting, echoed on a GET', async () => {
    const settings: Partial<Arm.AgentPool> = {
      vmSize: 'Standard_NC24ads_A100_v4',
      gpuInstanceProfile: 'MIG2g',
      enableFips: true,
      kubeletDiskType: 'Temporary',
      workloadRuntime: 'OCIContainer',
      scaleDownMode: 'Deallocate',
      enableNodePublicIP: true,
      nodePublicIPPrefixID: `${SUB}/Microsoft.Network/publicIPPrefixes/p1`,
      kubeletConfig: { cpuManagerPolicy: 'static', podMaxPids: 4096 },
      linuxOSConfig: { sysctls: { vmMaxMapCount: 262144 }, transparentHugePageEnabled: 'never' },
      networkProfile: { allowedHostPorts: [{ portStart: 80, portEnd: 81, protocol: 'TCP' }] },
      proximityPlacementGroupID: `${SUB}/Microsoft.Compute/proximityPlacementGroups/g1`,
      capacityReservationGroupID: `${SUB}/Microsoft.Compute/capacityReservationGroups/r1`,
    };
    await pool('gpu', settings);
    expect(await client.agentPools.get(RG, 'c1', 'gpu')).toMatchObject(settings);
  });

  it('cost analysis only on the Standard or Premium tier', async () => {
    const put = (name: string, tier: string) =>
      client.managedClusters.createOrUpdate(
        RG,
        name,
        {
          ...clusterModel(),
          sku: { name: 'Base', tier },
          metricsProfile: { costAnalysis: { enabled: true } },
        },
        FAST_POLL,
      );
    const err = await thrown(put('freecost', 'Free'));
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain("sku.tier is 'Standard' or 'Premium'");
    expect((await put('stdcost', 'Standard')).metricsProfile?.costAnalysis?.enabled).toBe(true);
  });
});
