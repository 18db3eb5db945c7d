// Real: the management cluster with the CRDs (admission accepts every spec below), the operator
// in-process. Simulated: Azure (the AKS simulator, logging every request). Proves that NodePool specs
// admission cannot catch, but AKS or the operator's rules would refuse (an ephemeral OS disk bigger than
// the VM cache among them, a pod subnet outside Azure CNI, a subnet in another VNet than the cluster's, a
// subnet missing, delegated or too small, read through Microsoft.Network),
// each get a named condition while no agent-pool call reaches Azure (the subnet rows, checked when the pool
// is about to be created, after its reads: no agent-pool write).
import type { Simulator } from '../../sim/index.js';
import { createVNet, vnetPath } from '../../sim/testing/networks.js';
import type { ManagedClusterSpecInput, NodePoolSpecInput } from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  requestsFor,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
} from '../support/operator.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

const NETWORK_RG = 'net-invalid-specs';

function subnet(vnet: string, name: string): string {
  return `${vnetPath({ subscriptionId: SUBSCRIPTION, resourceGroup: NETWORK_RG, name: vnet })}/subnets/${name}`;
}

interface Row {
  what: string;
  pool: Partial<NodePoolSpecInput>;
  /** No ManagedCluster at all. */
  withoutCluster?: boolean;
  cluster?: Partial<ManagedClusterSpecInput>;
  /** Another NodePool created first. */
  sibling?: Partial<NodePoolSpecInput>;
  /** The cluster's System pool is in subnet `system` of the VNet `prod` (created first through Microsoft.Network). */
  systemInVNet?: boolean;
  /** Refused when the pool is about to be created: agent-pool reads happen first, never a write. */
  atCreate?: boolean;
  type?: string;
  reason: string;
}

const ROWS: Row[] = [
  {
    what: 'an ephemeral OS disk of 128 GiB on Standard_DS2_v2 (86 GiB cache)',
    pool: { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 },
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'an ephemeral OS disk of the default 128 GiB on Standard_F4s_v2 (64 GiB cache)',
    pool: { vmSize: 'Standard_F4s_v2', osDiskType: 'Ephemeral' },
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'an ephemeral OS disk on Standard_B2s (no cache)',
    pool: { vmSize: 'Standard_B2s', osDiskType: 'Ephemeral', osDiskSizeGB: 30 },
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'a System pool on Standard_B1s',
    pool: { mode: 'System', vmSize: 'Standard_B1s', count: 1 },
    reason: 'SystemPoolVMSizeTooSmall',
  },
  {
    what: 'a stopped Spot pool',
    pool: { scaleSetPriority: 'Spot', powerState: 'Stopped' },
    reason: 'SpotPoolCannotBeStopped',
  },
  {
    what: 'a stopped pool with the autoscaler on',
    pool: { count: undefined, autoscaling: { minCount: 1, maxCount: 3 }, powerState: 'Stopped' },
    reason: 'AutoscalerEnabledOnStoppedPool',
  },
  {
    what: 'nodes four minor versions behind the control plane',
    pool: { orchestratorVersion: '1.29' },
    reason: 'NodePoolMcVersionIncompatible',
  },
  {
    what: 'nodes of another major version',
    pool: { orchestratorVersion: '2.0' },
    reason: 'NodePoolMcVersionIncompatible',
  },
  {
    what: 'a Windows pool in a kubenet cluster',
    pool: { osType: 'Windows', azureName: 'win1' },
    cluster: { networkProfile: { networkPlugin: 'kubenet' } },
    reason: 'WindowsRequiresAzureCNI',
  },
  {
    what: 'a pod subnet in a kubenet cluster',
    pool: { vnetSubnetID: subnet('prod', 'nodes'), podSubnetID: subnet('prod', 'pods') },
    cluster: { networkProfile: { networkPlugin: 'kubenet' } },
    reason: 'PodSubnetRequiresAzureCNI',
  },
  {
    what: 'a pod subnet in an Azure CNI overlay cluster',
    pool: { vnetSubnetID: subnet('prod', 'nodes'), podSubnetID: subnet('prod', 'pods') },
    cluster: { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' } },
    reason: 'PodSubnetRequiresAzureCNI',
  },
  {
    what: "a node subnet in another VNet than the System pool's",
    pool: { vnetSubnetID: subnet('test', 'nodes') },
    systemInVNet: true,
    reason: 'SubnetInAnotherVNet',
  },
  {
    what: 'a node subnet that does not exist',
    pool: { vnetSubnetID: subnet('prod', 'none') },
    systemInVNet: true,
    atCreate: true,
    reason: 'SubnetNotFound',
  },
  {
    what: 'a node subnet delegated to another service',
    pool: { vnetSubnetID: subnet('prod', 'webapps') },
    systemInVNet: true,
    atCreate: true,
    reason: 'SubnetIsDelegated',
  },
  {
    what: 'a /28 node subnet for up to 20 nodes',
    pool: { vnetSubnetID: subnet('prod', 'tiny'), count: 1, autoscaling: { minCount: 1, maxCount: 20 } },
    systemInVNet: true,
    atCreate: true,
    reason: 'InsufficientSubnetSize',
  },
  {
    what: 'an agent pool another NodePool already manages',
    pool: { azureName: 'shared' },
    sibling: { azureName: 'shared' },
    reason: 'DuplicatePoolName',
  },
  {
    what: 'a snapshotRef to a NodePoolSnapshot that does not exist',
    pool: { snapshotRef: { name: 'nope' } },
    reason: 'SnapshotNotReady',
  },
  {
    what: 'a nodeImage snapshot that does not exist',
    pool: { nodeImage: { policy: 'Pinned', snapshotRef: { name: 'nope' } } },
    reason: 'SnapshotNotReady',
  },
  {
    what: 'a clusterRef to a ManagedCluster that does not exist',
    pool: { clusterRef: { name: 'nowhere' } },
    withoutCluster: true,
    type: 'Reconciling',
    reason: 'WaitingForCluster',
  },
  {
    what: 'nodes newer than the control plane',
    pool: { orchestratorVersion: '1.34' },
    type: 'Reconciling',
    reason: 'WaitingForControlPlane',
  },
];

const isPoolCall = (e: { operation: string; path: string }): boolean =>
  e.operation.startsWith('agentPools.') || e.path.toLowerCase().includes('/agentpools/');

describe('NodePool specs refused before any agent-pool call', () => {
  it.each(ROWS.map((r) => [r.what, r] as const))('%s', async (_what, row) => {
    ns = await createTestNamespace(managementKubeConfig(), 'np-invalid');
    objects = new Objects(ns.name);
    operator = await new TestOperator({ sim, namespaces: [ns.name] }).start();
    const rg = `rg-${ns.name}`;
    if (row.systemInVNet) {
      await createVNet(sim, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: NETWORK_RG,
        name: 'prod',
        location: 'eastus',
        addressPrefixes: ['10.40.0.0/16'],
        subnets: [
          { name: 'system', addressPrefix: '10.40.0.0/22' },
          { name: 'tiny', addressPrefix: '10.40.4.0/28' },
          { name: 'webapps', addressPrefix: '10.40.5.0/24', delegatedTo: 'Microsoft.Web/serverFarms' },
        ],
      });
    }
    if (!row.withoutCluster) {
      await objects.createCluster('c1', {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        location: 'eastus',
        kubernetesVersion: '1.33',
        systemPool: {
          vmSize: 'Standard_D4s_v3',
          count: 1,
          ...(row.systemInVNet ? { vnetSubnetID: subnet('prod', 'system') } : {}),
        },
        ...row.cluster,
      });
      await objects.clusterReady('c1');
    }
    if (row.sibling) {
      await objects.createPool('first', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        ...row.sibling,
      });
      await objects.poolReady('first');
    }
    const before = requestsFor(sim, rg).filter(isPoolCall).length;
    await objects.createPool('bad', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D4s_v3',
      count: 1,
      ...row.pool,
    } as NodePoolSpecInput);
    const np = await objects.waitForCondition('pool', 'bad', {
      type: row.type ?? 'Stalled',
      status: 'True',
      reason: row.reason,
    });
    expect(np.status?.conditions?.find((c) => c.type === (row.type ?? 'Stalled'))?.message).not.toBe('');
    const poolCalls = requestsFor(sim, rg).filter(isPoolCall).slice(before);
    expect(row.atCreate ? poolCalls.filter((e) => e.method !== 'GET') : poolCalls).toEqual([]);
    if (row.withoutCluster) expect(requestsFor(sim, rg)).toEqual([]);
  });
});
