// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// real Kubernetes API per simulated AKS cluster (kwok) whose Nodes are the pools' nodes. Simulated:
// Azure (the AKS simulator in-process). Proves a cluster with a System, a User and a Spot pool becomes
// Ready with node counts read from the workload cluster, scaling changes the nodes, and label and taint
// changes reach the Nodes.
import type * as Arm from '@azure/arm-containerservice';
import { CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
  writesFor,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const AGENT_POOL = 'kubernetes.azure.com/agentpool';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator({ withNodes: true });
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

async function workloadNodes(rg: string, cluster: string, pool: string): Promise<V1Node[]> {
  const creds = await azure.managedClusters.listClusterAdminCredentials(rg, cluster);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL}=${pool}` });
  return list.items;
}

const taintsOf = (n: V1Node): string[] =>
  (n.spec?.taints ?? []).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`);

describe('NodePools on a workload cluster', () => {
  it('brings up System, User and Spot pools, scales, and puts labels and taints on the Nodes', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'np-nodes');
    objects = new Objects(ns.name);
    operator = await new TestOperator({ sim, namespaces: [ns.name] }).start();
    const rg = `rg-${ns.name}`;
    await objects.createClusterWithSystemPool('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      kubernetesVersion: '1.33',
    });
    await objects.createPool('user1', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D4s_v3',
      count: 2,
      nodeLabels: { tier: 'web' },
      nodeTaints: ['dedicated=web:NoSchedule'],
    });
    await objects.createPool('spot1', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D4s_v3',
      count: 1,
      scaleSetPriority: 'Spot',
      spot: { evictionPolicy: 'Delete', maxPrice: -1 },
    });
    await objects.clusterReady('c1', 2 * WAIT_MS);
    for (const [pool, count] of [
      ['system', 1],
      ['user1', 2],
      ['spot1', 1],
    ] as const) {
      await objects.waitForPool(
        pool,
        `Ready with ${count} Ready nodes`,
        (np) =>
          np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
          np.status.nodes?.ready === count &&
          np.status.nodes.desired === count,
      );
    }
    // The System pool came with the cluster: the NodePool adopted it without creating it again.
    const poolPuts = writesFor(sim, rg).filter(
      (e) => e.operation === 'agentPools.createOrUpdate' && e.status < 300,
    );
    expect(poolPuts.map((e) => e.path.split('/').pop())).toEqual(expect.arrayContaining(['user1', 'spot1']));
    expect(
      poolPuts.map((e) => `${e.path.split('/').pop() ?? ''} ${e.status} ${e.errorCode ?? ''}`),
    ).toHaveLength(2);

    const users = await workloadNodes(rg, 'c1', 'user1');
    expect(users).toHaveLength(2);
    for (const n of users) {
      expect(n.metadata?.labels).toMatchObject({ tier: 'web', 'kubernetes.azure.com/mode': 'user' });
      expect(taintsOf(n)).toContain('dedicated=web:NoSchedule');
    }
    const spots = await workloadNodes(rg, 'c1', 'spot1');
    expect(spots).toHaveLength(1);
    expect(spots[0]?.metadata?.labels).toMatchObject({ 'kubernetes.azure.com/scalesetpriority': 'spot' });
    expect((await azure.agentPools.get(rg, 'c1', 'spot1')).scaleSetPriority).toBe('Spot');

    await objects.patch('pool', 'user1', { spec: { count: 3 } });
    await objects.waitForPool(
      'user1',
      '3 Ready nodes',
      (np) => np.status?.nodes?.ready === 3 && np.status.nodes.desired === 3,
    );
    expect(await workloadNodes(rg, 'c1', 'user1')).toHaveLength(3);

    await objects.patch('pool', 'user1', {
      spec: { nodeLabels: { tier: 'api' }, nodeTaints: ['gpu=true:NoExecute'] },
    });
    await objects.waitForReady('pool', 'user1');
    const relabelled = await waitFor(() => workloadNodes(rg, 'c1', 'user1'), {
      timeoutMs: WAIT_MS,
      message: 'the new label and taint on every user1 node',
      until: (nodes) =>
        nodes.length === 3 &&
        nodes.every((n) => n.metadata?.labels?.tier === 'api' && taintsOf(n).includes('gpu=true:NoExecute')),
    });
    for (const n of relabelled) expect(taintsOf(n)).not.toContain('dedicated=web:NoSchedule');
  });
});
