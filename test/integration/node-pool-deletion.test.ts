// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// kwok Kubernetes API per simulated AKS cluster (real scheduler, disruption controller, Eviction API).
// Simulated: Azure, whose agent pool DELETE drains the nodes as AKS does. Proves a NodePool's deletion
// evicts its pods through the Eviction API within what PDBs allow, that a PDB allowing no disruption
// holds the deletion with the pod and PDB named and a bounded number of DELETEs, and that
// spec.deletion.ignorePodDisruptionBudget lets it go.
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
  Watch,
  type V1Pod,
  type V1PodSpec,
} from '@kubernetes/client-node';
import type { NodePool } from '../../src/api/index.js';
import { SUBSCRIPTION, WAIT_MS, writeOperations } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';

const world = useOperatorWorld({ withNodes: true });
const AGENT_POOL = 'kubernetes.azure.com/agentpool';
const TEST_TIMEOUT_MS = 4 * WAIT_MS;

async function workloadCluster(rg: string): Promise<KubeConfig> {
  const creds = await world.azure.managedClusters.listClusterAdminCredentials(rg, 'c1');
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  return kc;
}

const isPodReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
  !pod.metadata?.deletionTimestamp;

/** A Deployment `app` in namespace `shop` of the workload cluster and a PDB over it; waits until Ready. */
async function workload(
  kc: KubeConfig,
  options: {
    app: string;
    replicas: number;
    placement: Pick<V1PodSpec, 'nodeSelector' | 'affinity'>;
    pdb: { maxUnavailable: number } | { minAvailable: number };
  },
): Promise<V1Pod[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const labels = { app: options.app };
  await core.createNamespace({ body: { metadata: { name: 'shop' } } }).catch(() => undefined);
  await waitFor(() => core.listNamespacedServiceAccount({ namespace: 'shop' }), {
    timeoutMs: WAIT_MS,
    message: 'the default service account of namespace shop',
    until: (list) => list.items.some((sa) => sa.metadata?.name === 'default'),
  });
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: 'shop',
    body: {
      metadata: { name: options.app },
      spec: {
        replicas: options.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { ...options.placement, containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
        },
      },
    },
  });
  const policy = kc.makeApiClient(PolicyV1Api);
  await policy.createNamespacedPodDisruptionBudget({
    namespace: 'shop',
    body: {
      metadata: { name: `${options.app}-pdb` },
      spec: { selector: { matchLabels: labels }, ...options.pdb },
    },
  });
  const pods = await waitFor(
    () => core.listNamespacedPod({ namespace: 'shop', labelSelector: `app=${options.app}` }),
    {
      timeoutMs: WAIT_MS,
      message: `${options.replicas} Ready pods of ${options.app}`,
      until: (list) => list.items.filter(isPodReady).length === options.replicas,
    },
  );
  await waitFor(
    () => policy.readNamespacedPodDisruptionBudget({ name: `${options.app}-pdb`, namespace: 'shop' }),
    {
      timeoutMs: WAIT_MS,
      message: `the status of PDB ${options.app}-pdb`,
      until: (pdb) =>
        pdb.status?.observedGeneration === pdb.metadata?.generation &&
        pdb.status?.expectedPods === options.replicas,
    },
  );
  return pods.items;
}

/** Pods of `app` the API server marked as evicted (condition DisruptionTarget, EvictionByEvictionAPI). */
async function watchEvictions(kc: KubeConfig, app: string): Promise<{ evicted: Set<string>; stop(): void }> {
  const evicted = new Set<string>();
  const request = await new Watch(kc).watch(
    '/api/v1/namespaces/shop/pods',
    { labelSelector: `app=${app}` },
    (_type: string, pod: V1Pod) => {
      const target = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
      if (target?.status === 'True' && target.reason === 'EvictionByEvictionAPI') {
        evicted.add(pod.metadata?.name ?? '');
      }
    },
    () => undefined,
  );
  return { evicted, stop: () => request.abort() };
}

async function poolNodes(kc: KubeConfig, pool: string): Promise<string[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL}=${pool}` });
  return list.items.map((n) => n.metadata?.name ?? '');
}

async function azurePoolState(rg: string, name: string): Promise<string | undefined> {
  try {
    return (await world.azure.agentPools.get(rg, 'c1', name)).provisioningState ?? 'unknown';
  } catch (err: unknown) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Sum of controller_runtime_reconcile_total for the NodePool controller. */
function poolReconciles(metrics: string): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    const m = /^controller_runtime_reconcile_total\{([^}]*)\} (\d+)/.exec(line);
    if (m?.[1]?.includes('controller="nodepool')) total += Number(m[2]);
  }
  return total;
}

describe('NodePool deletion drains as AKS does', () => {
  it(
    'evicts the pods through the Eviction API within what their PDB allows, then the pool goes',
    async () => {
      const { objects, rg } = await world.start('np-del-evict');
      await objects.createClusterWithSystemPool('c1', {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        kubernetesVersion: '1.33',
      });
      await objects.createPool('user1', { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v3', count: 2 });
      await objects.poolReady('user1', 2 * WAIT_MS);
      const kc = await workloadCluster(rg);
      const userNodes = await poolNodes(kc, 'user1');
      // Prefers the user1 nodes, and may move to the System pool's node once they are cordoned.
      const pods = await workload(kc, {
        app: 'web',
        replicas: 2,
        pdb: { maxUnavailable: 1 },
        placement: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  preference: { matchExpressions: [{ key: AGENT_POOL, operator: 'In', values: ['user1'] }] },
                },
              ],
            },
          },
        },
      });
      const onPool = pods
        .filter((p) => userNodes.includes(p.spec?.nodeName ?? ''))
        .map((p) => p.metadata?.name);
      expect(onPool.length).toBeGreaterThan(0);
      const evictions = await watchEvictions(kc, 'web');
      try {
        await objects.delete('pool', 'user1');
        await waitFor(() => objects.isGone('pool', 'user1'), {
          timeoutMs: 2 * WAIT_MS,
          message: 'NodePool user1 to be gone',
          until: (gone) => gone,
        });
      } finally {
        evictions.stop();
      }
      expect([...evictions.evicted].sort()).toEqual(expect.arrayContaining(onPool));
      expect(await azurePoolState(rg, 'user1')).toBeUndefined();
      expect(await poolNodes(kc, 'user1')).toEqual([]);
      expect(writeOperations(world.sim, rg).filter((op) => op === 'agentPools.delete')).toHaveLength(1);
      await waitFor(
        () => kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'shop', labelSelector: 'app=web' }),
        {
          timeoutMs: WAIT_MS,
          message: 'both web pods Ready again on the System pool',
          until: (list) => list.items.filter(isPodReady).length === 2,
        },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'holds the deletion while a PDB allows no disruption, naming pod and PDB with bounded DELETEs, until PDBs are ignored',
    async () => {
      const { objects, rg, operator } = await world.start('np-del-block', 1000);
      await objects.createClusterWithSystemPool('c1', {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        kubernetesVersion: '1.33',
      });
      await objects.createPool('user1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        upgradeSettings: { drainTimeoutInMinutes: 1 },
      });
      await objects.poolReady('user1', 2 * WAIT_MS);
      const kc = await workloadCluster(rg);
      const [pod] = await workload(kc, {
        app: 'db',
        replicas: 1,
        pdb: { minAvailable: 1 },
        placement: { nodeSelector: { [AGENT_POOL]: 'user1' } },
      });
      const podName = pod?.metadata?.name ?? '';

      await objects.delete('pool', 'user1');
      const blocked = (await objects.waitForCondition('pool', 'user1', {
        type: 'DrainBlocked',
        reason: 'DeleteBlockedByPodDisruptionBudget',
      })) as NodePool;
      const message = blocked.status?.conditions?.find((c) => c.type === 'Reconciling')?.message ?? '';
      expect(message).toContain(`pod shop/${podName}`);
      expect(message).toContain('PodDisruptionBudget shop/db-pdb');
      expect(blocked.status?.deletion?.blockedBy).toEqual([
        expect.objectContaining({ kind: 'Pod', namespace: 'shop', name: podName }),
        expect.objectContaining({ kind: 'PodDisruptionBudget', namespace: 'shop', name: 'db-pdb' }),
      ]);
      expect(await objects.eventReasons('user1', 'Warning')).toContain('DeleteBlockedByPodDisruptionBudget');
      expect(await azurePoolState(rg, 'user1')).toBe('Failed');

      // Five more passes of the pool (resync every second): none sends another DELETE.
      const metrics = async (): Promise<string> => operator.current.metrics.text();
      const base = poolReconciles(await metrics());
      await waitFor(metrics, {
        timeoutMs: WAIT_MS,
        message: 'five more reconciles of the pool',
        until: (text) => poolReconciles(text) >= base + 5,
      });
      const deletesWhileBlocked = writeOperations(world.sim, rg).filter((op) => op === 'agentPools.delete');
      expect(deletesWhileBlocked).toHaveLength(1);
      expect(await objects.isGone('pool', 'user1')).toBe(false);
      expect(await poolNodes(kc, 'user1')).toHaveLength(1);

      await objects.patch('pool', 'user1', { spec: { deletion: { ignorePodDisruptionBudget: true } } });
      await waitFor(() => objects.isGone('pool', 'user1'), {
        timeoutMs: 2 * WAIT_MS,
        message: 'NodePool user1 to be gone once PDBs are ignored',
        until: (gone) => gone,
      });
      expect(await azurePoolState(rg, 'user1')).toBeUndefined();
      expect(await poolNodes(kc, 'user1')).toEqual([]);
      expect(writeOperations(world.sim, rg).filter((op) => op === 'agentPools.delete')).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );
});
