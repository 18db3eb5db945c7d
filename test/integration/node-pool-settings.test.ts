// Real: the management cluster's API server with the project's CRDs (admission included), the operator
// in-process and the @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator,
// with a VNet created through its Microsoft.Network API). Proves a NodePool's subnets, host encryption,
// tags and maxUnavailable go spec → one PUT → held by the simulator → observed, with no further write;
// a declared tag changed in Azure is put back while tags others add stay, a released tag is left alone,
// and fixed settings that differ stall naming the field and both values, without a write.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../../sim/index.js';
import { createVNet } from '../../sim/testing/networks.js';
import { FAST_POLL, sdkClient } from '../../sim/testing/sdk-client.js';
import { AzureTag, type ManagedClusterSpecInput, type NodePoolSpecInput } from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
  writeOperations,
  ReconcileLabel,
  threeMorePasses,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
});

afterAll(async () => {
  await sim?.close();
});

interface Env {
  ns: TestNamespace;
  objects: Objects;
  operator: TestOperator;
  rg: string;
  subnets: Record<string, string>;
}
const envs: Env[] = [];

/** A namespace, an operator watching it, and the VNet `prod` (subnets system, nodes, pods) in a group of its own. */
async function env(prefix: string): Promise<Env> {
  const ns = await createTestNamespace(managementKubeConfig(), prefix);
  const operator = new TestOperator({ sim, namespaces: [ns.name], resyncPeriodMs: 500 });
  const rg = `rg-${ns.name}`;
  const subnets = await createVNet(sim, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: `net-${ns.name}`,
    name: 'prod',
    location: 'eastus',
    addressPrefixes: ['10.30.0.0/16'],
    subnets: [
      { name: 'system', addressPrefix: '10.30.0.0/22' },
      { name: 'nodes', addressPrefix: '10.30.4.0/22' },
      { name: 'pods', addressPrefix: '10.30.16.0/20' },
    ],
  });
  const e = { ns, objects: new Objects(ns.name), operator, rg, subnets };
  envs.push(e);
  await operator.start();
  return e;
}

afterEach(async () => {
  for (const e of envs.splice(0)) {
    await e.operator.stop();
    await e.objects.releaseAll();
    await e.ns.delete();
  }
});

/** An Azure CNI cluster (dynamic IP allocation) whose System pool is in the `system` subnet. */
function cluster(e: Env): ManagedClusterSpecInput {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: e.rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    networkProfile: { networkPlugin: 'azure', serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' },
    systemPool: { vmSize: 'Standard_D4s_v3', count: 1, vnetSubnetID: e.subnets.system ?? '' },
  };
}

function web(e: Env): NodePoolSpecInput {
  return {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_D4s_v3',
    count: 2,
    maxPods: 30,
    vnetSubnetID: e.subnets.nodes ?? '',
    podSubnetID: e.subnets.pods ?? '',
    enableEncryptionAtHost: true,
    tags: { team: 'payments' },
    upgradeSettings: { maxSurge: 0, maxUnavailable: '1' },
  };
}

// Each row: a declared setting and where Azure holds it.
const ROWS: [string, (p: Arm.AgentPool, e: Env) => unknown, (e: Env) => unknown][] = [
  ['vnetSubnetID', (p) => p.vnetSubnetID, (e) => e.subnets.nodes],
  ['podSubnetID', (p) => p.podSubnetID, (e) => e.subnets.pods],
  ['enableEncryptionAtHost', (p) => p.enableEncryptionAtHost, () => true],
  ['tags.team', (p) => p.tags?.team, () => 'payments'],
  ['upgradeSettings.maxSurge', (p) => p.upgradeSettings?.maxSurge, () => '0'],
  ['upgradeSettings.maxUnavailable', (p) => p.upgradeSettings?.maxUnavailable, () => '1'],
];

describe('NodePool subnets, host encryption, tags and maxUnavailable', () => {
  it('sends every declared setting in one PUT, holds it in Azure, and writes nothing more', async () => {
    const e = await env('np-settings');
    await e.objects.createCluster('c1', cluster(e));
    await e.objects.clusterReady('c1');
    await e.objects.createPool('web', web(e));
    await e.objects.poolReady('web');
    const pool = await azure.agentPools.get(e.rg, 'c1', 'web');
    expect(ROWS.filter(([, read, want]) => read(pool, e) !== want(e)).map(([path]) => path)).toEqual([]);
    // The owner tags are merged into the write beside the declared ones.
    expect(pool.tags?.[AzureTag.Owner]).toBe(`NodePool/${e.ns.name}/web`);
    expect((await azure.agentPools.get(e.rg, 'c1', 'system')).vnetSubnetID).toBe(e.subnets.system);

    const settled = await e.objects.pool('web');
    await threeMorePasses(e.operator, ReconcileLabel.NodePool);
    expect(writeOperations(sim, e.rg)).toEqual([
      'managedClusters.createOrUpdate',
      'agentPools.createOrUpdate',
    ]);
    const after = await e.objects.pool('web');
    expect(after.status?.drift ?? []).toEqual([]);
    expect(after.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it('shows in status the subnet AKS chose for a pool that names none, and never compares it', async () => {
    const e = await env('np-chosen');
    await e.objects.createCluster('c1', cluster(e));
    await e.objects.clusterReady('c1');
    await e.objects.createPool('plain', { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v3', count: 1 });
    const np = await e.objects.waitForPool('plain', 'the subnet Azure chose in status', (p) =>
      Boolean(p.status?.vnetSubnetID),
    );
    expect(np.status?.vnetSubnetID).toBe(e.subnets.system);
    expect(np.spec).not.toHaveProperty('vnetSubnetID');
    await threeMorePasses(e.operator, ReconcileLabel.NodePool);
    expect(writeOperations(sim, e.rg)).toEqual([
      'managedClusters.createOrUpdate',
      'agentPools.createOrUpdate',
    ]);
    expect((await e.objects.pool('plain')).status?.drift ?? []).toEqual([]);
  });

  it('puts back a declared tag changed in Azure, keeps tags others add, and leaves a released tag alone', async () => {
    const e = await env('np-tags');
    await e.objects.createCluster('c1', cluster(e));
    await e.objects.clusterReady('c1');
    await e.objects.createPool('web', web(e));
    await e.objects.poolReady('web');
    const outOfBand = async (tags: Record<string, string>): Promise<void> => {
      const current = await azure.agentPools.get(e.rg, 'c1', 'web');
      await azure.agentPools.createOrUpdate(
        e.rg,
        'c1',
        'web',
        { ...current, tags: { ...current.tags, ...tags } },
        FAST_POLL,
      );
    };
    await outOfBand({ team: 'search', 'cost-center': '42' });
    const put = await waitFor(() => azure.agentPools.get(e.rg, 'c1', 'web'), {
      timeoutMs: WAIT_MS,
      message: 'the declared tag to be put back',
      until: (p) => p.tags?.team === 'payments',
    });
    expect(put.tags?.['cost-center']).toBe('42');
    expect(put.tags?.[AzureTag.Owner]).toBe(`NodePool/${e.ns.name}/web`);
    expect(writeOperations(sim, e.rg)).toHaveLength(4);

    // Released: removed from the spec, so no write now and no drift when Azure changes it later.
    await e.objects.patch('pool', 'web', { spec: { tags: null } });
    await e.objects.poolReady('web');
    await outOfBand({ team: 'search' });
    await threeMorePasses(e.operator, ReconcileLabel.NodePool);
    expect(writeOperations(sim, e.rg)).toHaveLength(5);
    expect((await azure.agentPools.get(e.rg, 'c1', 'web')).tags?.team).toBe('search');
    expect((await e.objects.pool('web')).status?.drift ?? []).toEqual([]);
  });

  it('stalls a System NodePool whose fixed subnet and host encryption differ from its pool, naming both values, without writing', async () => {
    const e = await env('np-fixed');
    await e.objects.createCluster('c1', cluster(e));
    await e.objects.clusterReady('c1');
    await e.objects.createPool('system', {
      clusterRef: { name: 'c1' },
      mode: 'System',
      vmSize: 'Standard_D4s_v3',
      count: 1,
      vnetSubnetID: e.subnets.nodes ?? '',
      enableEncryptionAtHost: true,
    });
    const np = await e.objects.waitForCondition('pool', 'system', {
      type: 'Stalled',
      status: 'True',
      reason: 'ImmutableFieldDiffers',
    });
    const message = np.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toContain(
      `spec.vnetSubnetID (Azure ${e.subnets.system ?? ''}, spec ${e.subnets.nodes ?? ''})`,
    );
    expect(message).toContain('spec.enableEncryptionAtHost (Azure false, spec true)');
    expect(writeOperations(sim, e.rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});
