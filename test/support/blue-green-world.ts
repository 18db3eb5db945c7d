// Set-up for blue/green NodePool tests: a ManagedCluster with a System pool and a User pool on the
// simulator's kwok data plane, the workload cluster's kubeconfig, a spread Deployment on the User pool,
// and the simulator's record of agent-pool creates and deletes.
import type * as Arm from '@azure/arm-containerservice';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import type { NodePoolSpecInput } from '../../src/api/index.js';
import { requestsFor, SUBSCRIPTION, WAIT_MS, type Objects } from './operator.js';

export const POOL_LABEL = { key: 'tier', value: 'web' } as const;
export const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

/** Cluster c1 at `clusterVersion` with pool `system` and a 3-node User pool `user1` at `poolVersion`. */
export async function blueGreenFleet(
  objects: Objects,
  rg: string,
  options: { clusterVersion: string; poolVersion: string; pool?: Partial<NodePoolSpecInput> },
): Promise<void> {
  await objects.createClusterWithSystemPool('c1', {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    kubernetesVersion: options.clusterVersion,
  });
  await objects.createPool('user1', {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_D4s_v3',
    count: 3,
    orchestratorVersion: options.poolVersion,
    nodeLabels: { [POOL_LABEL.key]: POOL_LABEL.value },
    ...options.pool,
  });
  await objects.clusterReady('c1', 2 * WAIT_MS);
  await objects.waitForPool(
    'user1',
    'Ready with 3 Ready nodes',
    (np) =>
      np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
      np.status.nodes?.ready === 3,
    2 * WAIT_MS,
  );
}

/** The workload cluster's admin kubeconfig, as a user would fetch it. */
export async function workloadKubeConfig(
  azure: Arm.ContainerServiceClient,
  rg: string,
  cluster: string,
): Promise<KubeConfig> {
  const creds = await azure.managedClusters.listClusterAdminCredentials(rg, cluster);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  return kc;
}

/** A Deployment `app` with one pod per node, on the User pool's nodes (old or twin: the label is shared). */
export async function createSpreadDeployment(
  kc: KubeConfig,
  opts: { namespace: string; name: string; replicas: number },
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.createNamespace({ body: { metadata: { name: opts.namespace } } });
  } catch {
    // Already there from an earlier Deployment.
  }
  const labels = { app: opts.name };
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: opts.namespace,
    body: {
      metadata: { name: opts.name, labels },
      spec: {
        replicas: opts.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
            terminationGracePeriodSeconds: 1,
            nodeSelector: { [POOL_LABEL.key]: POOL_LABEL.value },
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
                ],
              },
            },
          },
        },
      },
    },
  });
}

/** A one-replica Deployment whose pod may run only on `pool`'s nodes (its replacement has nowhere else to go). */
export async function createPinnedDeployment(
  kc: KubeConfig,
  opts: { namespace: string; name: string; pool: string },
): Promise<void> {
  const labels = { app: opts.name };
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: opts.namespace,
    body: {
      metadata: { name: opts.name, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
            terminationGracePeriodSeconds: 1,
            nodeSelector: { [AGENT_POOL_LABEL]: opts.pool },
          },
        },
      },
    },
  });
}

/** Ready replicas of a Deployment as its status says. */
export async function readyReplicas(kc: KubeConfig, namespace: string, name: string): Promise<number> {
  const d = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace, name });
  return d.status?.readyReplicas ?? 0;
}

const poolOf = (path: string): string => (path.split('/').pop() ?? '').toLowerCase();

/** Agent pools the simulator created (PUT answered 201), by name, in order. */
export function poolCreates(sim: Simulator, rg: string): string[] {
  return requestsFor(sim, rg)
    .filter((e) => e.operation === 'agentPools.createOrUpdate' && e.status === 201)
    .map((e) => poolOf(e.path));
}

/** Agent pools the simulator was asked to delete (accepted), by name, in order. */
export function poolDeletes(sim: Simulator, rg: string): string[] {
  return requestsFor(sim, rg)
    .filter((e) => e.operation === 'agentPools.delete' && e.status < 300)
    .map((e) => poolOf(e.path));
}

/** Names of the agent pools Azure has now. */
export async function azurePools(
  azure: Arm.ContainerServiceClient,
  rg: string,
  cluster: string,
): Promise<string[]> {
  const names: string[] = [];
  for await (const p of azure.agentPools.list(rg, cluster)) names.push(p.name ?? '');
  return names.sort();
}
