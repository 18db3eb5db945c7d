// The blue/green benchmark's world: the AKS simulator in this process with a kwok data plane (each
// simulated cluster a real Kubernetes API whose Nodes are its pools' nodes), a cluster c1 with a user pool
// of 5 nodes at 1.33, and 10 Deployments × 20 pods under `maxUnavailable: 1` PDBs on that pool. Built the
// same way for the operator's replacement (cluster and pool declared as objects in a fresh management
// cluster, the operator in this process) and for the replacement by hand (cluster and pool created
// through ARM, no operator).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Arm from '@azure/arm-containerservice';
import { AppsV1Api, CoreV1Api, KubeConfig, PolicyV1Api } from '@kubernetes/client-node';
import { KwokDataPlane } from '../../sim/kwok-data-plane.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { FAST_POLL, sdkClient } from '../../sim/testing/sdk-client.js';
import { startOperator } from '../../src/operator.js';
import { silentLogger } from '../../src/runtime/index.js';
import { applyCrds } from '../../test/support/crds.js';
import { Objects } from '../../test/support/operator.js';
import { waitFor } from '../../test/support/wait.js';
import { startFreshCluster } from '../fresh-cluster.js';
import type { ScenarioContext } from '../scenario.js';
import { mapLimit } from '../stats.js';
import type { DrainWorld } from './drain-world.js';
import { pauseDeployment } from './pause-deployment.js';
import { createSingleReplicaWorkloads, type SingleReplicaWorkloads } from './single-replica-workloads.js';

export const BLUE_GREEN_WORLD = {
  namespace: 'drain-bench',
  poolNodes: 5,
  deployments: 10,
  replicas: 20,
  maxUnavailable: 1,
  /** Real seconds per simulated second for ARM operations (a 4-minute pool create takes 2.4 s). */
  armTimeScale: 0.01,
  /** Real seconds per simulated second in the data plane (AKS's drain timeouts). */
  dataPlaneTimeScale: 0.01,
  fromVersion: '1.33',
  toVersion: '1.34',
  /** Single-replica Deployments under minAvailable 1 PDBs, in a world of their own (kubectl cannot evict them). */
  singleReplicaApps: 3,
} as const;

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const RESOURCE_GROUP = 'rg-bench';
export const POOL_LABEL = { tier: 'web' } as const;
const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';
const READY_TIMEOUT_MS = 4 * 60_000;
const UNLIMITED_QUOTA = { defaultFamilyLimit: 10_000_000, defaultRegionalLimit: 10_000_000 };

export interface BlueGreenWorld {
  sim: Simulator;
  azure: Arm.ContainerServiceClient;
  /** The workload cluster c1, and a kubeconfig file of it for kubectl. */
  kc: KubeConfig;
  kubeconfigPath: string;
  /** The drain world the observer and the eviction cycle read: the user pool's nodes are the ones drained. */
  drain: DrainWorld;
  /** Declared objects, when the operator runs. */
  objects?: Objects;
  /** Single-replica workloads on the pool, when asked for. */
  singles?: SingleReplicaWorkloads;
}

async function startSim(ctx: ScenarioContext): Promise<Simulator> {
  const caDir = await mkdtemp(join(tmpdir(), 'bench-bg-ca-'));
  ctx.defer(() => rm(caDir, { recursive: true, force: true }));
  const dataPlane = new KwokDataPlane({
    timeScale: BLUE_GREEN_WORLD.dataPlaneTimeScale,
    namePrefix: 'bench-bg',
  });
  const sim = await startSimulator({
    timeScale: BLUE_GREEN_WORLD.armTimeScale,
    quota: UNLIMITED_QUOTA,
    caOutDir: caDir,
    dataPlane,
    // ARM's request limits are not what is measured (the by-hand script polls operations every 5 ms).
    throttle: { enabled: false },
  });
  ctx.defer(() => sim.close());
  return sim;
}

/** c1 and its pools declared as objects, the operator running in this process. */
async function declareWithOperator(ctx: ScenarioContext, sim: Simulator): Promise<Objects> {
  const { kc } = await startFreshCluster(ctx, 'management cluster of the operator');
  await applyCrds(kc, { signal: ctx.signal });
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: BLUE_GREEN_WORLD.namespace } } });
  const operator = await startOperator({
    kubeConfig: kc,
    azure: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
    access: { defaultSubscriptionId: SUBSCRIPTION, operatorIdentityNamespaces: ['*'] },
    pollIntervalMs: 1_000,
    logger: silentLogger,
  });
  ctx.defer(() => operator.stop());
  const objects = new Objects(BLUE_GREEN_WORLD.namespace, kc);
  await objects.createClusterWithSystemPool('c1', {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: RESOURCE_GROUP,
    kubernetesVersion: BLUE_GREEN_WORLD.toVersion,
  });
  await objects.createPool('user1', {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_D4s_v3',
    count: BLUE_GREEN_WORLD.poolNodes,
    orchestratorVersion: BLUE_GREEN_WORLD.fromVersion,
    nodeLabels: { ...POOL_LABEL },
    // Every node at once, as the parallel kubectl drain does: the PDBs are what paces both. Workloads
    // whose PDB allows no eviction are rolled (their owners opted in).
    blueGreen: { drainBatchSize: '100%', rollouts: 'Allowed' },
  });
  await objects.clusterReady('c1', READY_TIMEOUT_MS);
  await objects.waitForPool(
    'user1',
    `Ready with ${BLUE_GREEN_WORLD.poolNodes} nodes`,
    (np) =>
      np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
      np.status.nodes?.ready === BLUE_GREEN_WORLD.poolNodes,
    READY_TIMEOUT_MS,
  );
  return objects;
}

/** c1 and its user pool created through ARM, as a platform engineer would without the operator. */
async function createByHand(azure: Arm.ContainerServiceClient): Promise<void> {
  await azure.managedClusters.beginCreateOrUpdateAndWait(
    RESOURCE_GROUP,
    'c1',
    {
      location: 'eastus',
      kubernetesVersion: BLUE_GREEN_WORLD.toVersion,
      dnsPrefix: 'c1',
      agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
    },
    FAST_POLL,
  );
  await azure.agentPools.beginCreateOrUpdateAndWait(
    RESOURCE_GROUP,
    'c1',
    'user1',
    userPool(BLUE_GREEN_WORLD.fromVersion),
    FAST_POLL,
  );
}

export function userPool(version: string): Arm.AgentPool {
  return {
    mode: 'User',
    count: BLUE_GREEN_WORLD.poolNodes,
    vmSize: 'Standard_D4s_v3',
    orchestratorVersion: version,
    nodeLabels: { ...POOL_LABEL },
  };
}

async function workloadKubeConfig(
  ctx: ScenarioContext,
  azure: Arm.ContainerServiceClient,
): Promise<{ kc: KubeConfig; path: string }> {
  const creds = await azure.managedClusters.listClusterAdminCredentials(RESOURCE_GROUP, 'c1');
  const text = Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8');
  const kc = new KubeConfig();
  kc.loadFromString(text);
  const dir = await mkdtemp(join(tmpdir(), 'bench-bg-kc-'));
  ctx.defer(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'kubeconfig');
  await writeFile(path, text, { mode: 0o600 });
  return { kc, path };
}

/** Names of the nodes of agent pool `pool`. */
export async function poolNodeNames(kc: KubeConfig, pool: string): Promise<string[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL_LABEL}=${pool}` });
  return list.items.map((n) => n.metadata?.name ?? '').sort();
}

async function createWorkloads(kc: KubeConfig, drain: DrainWorld, signal: AbortSignal): Promise<void> {
  const namespace = drain.namespace;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  const policy = kc.makeApiClient(PolicyV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  await mapLimit(drain.apps, 5, (app) =>
    policy.createNamespacedPodDisruptionBudget({
      namespace,
      body: {
        metadata: { name: app, namespace },
        spec: { maxUnavailable: BLUE_GREEN_WORLD.maxUnavailable, selector: { matchLabels: { app } } },
      },
    }),
  );
  await mapLimit(drain.apps, 5, (app) =>
    apps.createNamespacedDeployment({
      namespace,
      body: pauseDeployment({
        app,
        namespace,
        replicas: drain.replicas,
        nodeSelector: { ...POOL_LABEL },
        isQuickToStop: true,
      }),
    }),
  );
  const total = drain.apps.length * drain.replicas;
  await waitFor(() => policy.listNamespacedPodDisruptionBudget({ namespace }), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    signal,
    until: (list) =>
      list.items.length === drain.apps.length &&
      list.items.every(
        (b) =>
          b.status?.disruptionsAllowed === BLUE_GREEN_WORLD.maxUnavailable &&
          b.status?.currentHealthy === drain.replicas,
      ),
    message: `${total} pods Ready and every PDB allowing ${BLUE_GREEN_WORLD.maxUnavailable}`,
  });
}

export async function buildBlueGreenWorld(
  ctx: ScenarioContext,
  options: { withOperator: boolean; withSingleReplicaApps?: boolean },
): Promise<BlueGreenWorld> {
  const sim = await startSim(ctx);
  const azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
  const objects = options.withOperator ? await declareWithOperator(ctx, sim) : undefined;
  if (!objects) await createByHand(azure);
  const { kc, path } = await workloadKubeConfig(ctx, azure);
  const drain: DrainWorld = {
    namespace: BLUE_GREEN_WORLD.namespace,
    drainedNodes: await poolNodeNames(kc, 'user1'),
    replacementNodes: [],
    apps: Array.from({ length: BLUE_GREEN_WORLD.deployments }, (_, i) => `app-${i + 1}`),
    replicas: BLUE_GREEN_WORLD.replicas,
    minReady: BLUE_GREEN_WORLD.replicas - BLUE_GREEN_WORLD.maxUnavailable,
  };
  await createWorkloads(kc, drain, ctx.signal);
  const singles: SingleReplicaWorkloads | undefined = options.withSingleReplicaApps
    ? {
        namespace: `${BLUE_GREEN_WORLD.namespace}-single`,
        apps: Array.from({ length: BLUE_GREEN_WORLD.singleReplicaApps }, (_, i) => `single-${i + 1}`),
      }
    : undefined;
  if (singles) await createSingleReplicaWorkloads(kc, singles, { ...POOL_LABEL }, ctx.signal);
  ctx.progress(
    `${drain.drainedNodes.length} nodes of user1, ${drain.apps.length} Deployments × ${drain.replicas} pods Ready`,
  );
  return {
    sim,
    azure,
    kc,
    kubeconfigPath: path,
    drain,
    ...(objects ? { objects } : {}),
    ...(singles ? { singles } : {}),
  };
}
