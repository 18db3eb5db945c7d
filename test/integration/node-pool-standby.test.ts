// Real: the management cluster with the CRDs, the operator in-process (NodePool and standby controllers),
// the ARM SDK over HTTPS, and a kwok Kubernetes API for the simulated AKS cluster whose scheduler places a
// Deployment's pods on the pools' nodes. Simulated: Azure, including the loss of Spot capacity. Proves a
// Spot pool that cannot add nodes gets its Regular standby pool scaled out for its Pending pods, and that
// once Spot capacity is back the standby is drained by evictions and given back to 0.
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  PolicyV1Api,
  setHeaderOptions,
  Watch,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import type * as Arm from '@azure/arm-containerservice';
import { StandbyAnnotation, StandbyReason } from '../../src/controllers/index.js';
import type { NodePool } from '../../src/api/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { Objects, SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';

const AGENT_POOL = 'kubernetes.azure.com/agentpool';
const APP_NS = 'batch';
const APP = 'worker';
const SPOT_SIZE = 'Standard_D4s_v3';
const STANDBY_SIZE = 'Standard_DS3_v2';
/** Two pods per 4-vCPU node (3.86 CPUs allocatable), so a third and fourth pod need another node. */
const POD_CPU = '1500m';
const RECOVERY_WAIT_MS = 4 * WAIT_MS;

const world = useOperatorWorld({ withNodes: true });

async function workloadKubeConfig(
  azure: Arm.ContainerServiceClient,
  rg: string,
  cluster: string,
): Promise<KubeConfig> {
  const creds = await azure.managedClusters.listClusterAdminCredentials(rg, cluster);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  return kc;
}

const isReadyNode = (n: V1Node): boolean =>
  n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const isRunningReady = (p: V1Pod): boolean =>
  p.status?.phase === 'Running' &&
  p.metadata?.deletionTimestamp == null &&
  p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

async function createWorkload(kc: KubeConfig, replicas: number): Promise<void> {
  const labels = { app: APP };
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: APP_NS } } });
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: APP_NS,
    body: {
      metadata: { name: APP, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'app', image: 'registry.invalid/worker:1', resources: { requests: { cpu: POD_CPU } } },
            ],
            terminationGracePeriodSeconds: 1,
            // Pinned to the pool's label, and allowed on Spot nodes: fits the Spot pool and its standby.
            nodeSelector: { workload: 'batch' },
            tolerations: [
              {
                key: 'kubernetes.azure.com/scalesetpriority',
                operator: 'Equal',
                value: 'spot',
                effect: 'NoSchedule',
              },
            ],
          },
        },
      },
    },
  });
  await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
    namespace: APP_NS,
    body: { metadata: { name: APP }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
  });
}

/** Every pod of the Deployment deleted while the watch runs, as last seen. */
class DeletedPods {
  readonly pods: V1Pod[] = [];
  private abort?: AbortController;

  async start(kc: KubeConfig): Promise<void> {
    this.abort = await new Watch(kc).watch(
      `/api/v1/namespaces/${APP_NS}/pods`,
      {},
      (phase: string, obj: V1Pod) => {
        if (phase === 'DELETED') this.pods.push(obj);
      },
      () => undefined,
    );
  }

  stop(): void {
    this.abort?.abort();
  }
}

const wasEvicted = (p: V1Pod): boolean =>
  p.status?.conditions?.some(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'EvictionByEvictionAPI',
  ) === true;

interface Scene {
  objects: Objects;
  rg: string;
  /** The SDK client of the cluster's subscription. */
  azure: Arm.ContainerServiceClient;
  kc: KubeConfig;
  apps: AppsV1Api;
  poolNodes(pool: string): Promise<V1Node[]>;
  appPods(): Promise<V1Pod[]>;
}

/**
 * A cluster with a Spot pool (one node) whose standby is an empty Regular pool of another VM family, both
 * labelled workload=batch, and 2 worker pods on the Spot node; the operator checks standby quota.
 */
async function setUp(prefix: string, subscriptionId: string): Promise<Scene> {
  // The operator reads the standby's quota from Azure's Compute usages, as it does in production.
  const { objects, rg } = await world.start(prefix);
  await objects.createClusterWithSystemPool('c1', {
    subscriptionId,
    resourceGroup: rg,
    kubernetesVersion: '1.33',
  });
  await objects.createPool('standby1', {
    clusterRef: { name: 'c1' },
    vmSize: STANDBY_SIZE,
    count: 0,
    nodeLabels: { workload: 'batch' },
  });
  await objects.createPool('spot1', {
    clusterRef: { name: 'c1' },
    vmSize: SPOT_SIZE,
    count: 1,
    scaleSetPriority: 'Spot',
    spot: { evictionPolicy: 'Delete', maxPrice: -1 },
    nodeLabels: { workload: 'batch' },
    standby: { poolRef: { name: 'standby1' }, pendingPodThresholdSeconds: 10 },
  });
  await objects.clusterReady('c1', 2 * WAIT_MS);
  await objects.waitForPool('spot1', 'Ready with 1 Ready node', (np) => np.status?.nodes?.ready === 1);
  await objects.poolReady('standby1');

  const azure = sdkClient(world.sim, { subscriptionId }).client;
  const kc = await workloadKubeConfig(azure, rg, 'c1');
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const poolNodes = async (pool: string): Promise<V1Node[]> =>
    (await core.listNode({ labelSelector: `${AGENT_POOL}=${pool}` })).items;
  const appPods = async (): Promise<V1Pod[]> =>
    (await core.listNamespacedPod({ namespace: APP_NS, labelSelector: `app=${APP}` })).items;
  await createWorkload(kc, 2);
  await waitFor(appPods, {
    timeoutMs: WAIT_MS,
    message: '2 worker pods Running on the Spot node',
    until: (pods) => pods.filter(isRunningReady).length === 2,
  });

  return { objects, rg, azure, kc, apps, poolNodes, appPods };
}

/** Spot capacity is lost; the pool is asked for `poolCount` nodes and the Deployment for `replicas` pods. */
async function loseSpotCapacity(scene: Scene, o: { poolCount: number; replicas: number }): Promise<void> {
  world.sim.setFaults({ capacityLoss: [{ vmSize: SPOT_SIZE, priority: 'Spot' }] });
  await scene.objects.patch('pool', 'spot1', { spec: { count: o.poolCount } });
  await scene.apps.patchNamespacedDeployment(
    { name: APP, namespace: APP_NS, body: { spec: { replicas: o.replicas } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

describe('standby pools', () => {
  let deleted: DeletedPods | undefined;
  afterEach(async () => {
    deleted?.stop();
    deleted = undefined;
    world.sim.quota.configure({ limits: [] });
  });

  it(
    'scales out the Regular standby when Spot capacity is lost, and drains it back to 0 when it returns',
    async () => {
      const scene = await setUp('np-standby', SUBSCRIPTION);
      const { objects, rg, azure, kc, poolNodes, appPods } = scene;
      // Spot capacity is gone: the pool cannot grow, and the pods beyond its one node stay Pending.
      await loseSpotCapacity(scene, { poolCount: 2, replicas: 4 });
      await objects.waitForPool(
        'spot1',
        'an AKS allocation failure reported',
        (np) =>
          np.status?.lastOperation?.error?.code === 'AllocationFailed' ||
          np.status?.conditions?.some((c) => c.reason === 'AllocationFailed') === true,
      );

      const scaled = (await objects.waitForPool(
        'standby1',
        'a standby count asked',
        (np) => Number(np.metadata.annotations?.[StandbyAnnotation.Count] ?? 0) >= 1,
        3 * WAIT_MS,
      )) as NodePool;
      const asked = Number(scaled.metadata.annotations?.[StandbyAnnotation.Count]);
      await waitFor(() => azure.agentPools.get(rg, 'c1', 'standby1'), {
        timeoutMs: WAIT_MS,
        message: `Azure count of standby1 at ${asked}`,
        until: (p) => p.count === asked,
      });
      const standbyNodes = await waitFor(() => poolNodes('standby1'), {
        timeoutMs: WAIT_MS,
        message: `${asked} Ready kwok nodes in standby1`,
        until: (nodes) => nodes.length === asked && nodes.every(isReadyNode),
      });
      const standbyNames = new Set(standbyNodes.map((n) => n.metadata?.name ?? ''));
      const spread = await waitFor(appPods, {
        timeoutMs: WAIT_MS,
        message: '4 worker pods Running, some on the standby nodes',
        until: (pods) =>
          pods.filter(isRunningReady).length === 4 &&
          pods.some((p) => standbyNames.has(p.spec?.nodeName ?? '')),
      });
      expect(spread.filter((p) => standbyNames.has(p.spec?.nodeName ?? '')).length).toBe(2);
      expect(
        (await objects.pool('spot1')).metadata.annotations?.[StandbyAnnotation.ActiveSince],
      ).toBeDefined();
      expect(await objects.eventReasons('spot1', 'Normal')).toContain(StandbyReason.ScaledOutStandby);

      // Spot capacity returns: the Spot pool reaches 2 nodes, the standby is drained and given back.
      deleted = new DeletedPods();
      await deleted.start(kc);
      world.sim.setFaults({ capacityLoss: [] });
      await objects.waitForPool(
        'spot1',
        '2 of 2 nodes Ready',
        (np) => np.status?.nodes?.ready === 2 && np.status.nodes.desired === 2,
        RECOVERY_WAIT_MS,
      );
      await objects.waitForPool(
        'standby1',
        'the standby count given back',
        (np) => np.metadata.annotations?.[StandbyAnnotation.Count] === undefined,
        RECOVERY_WAIT_MS,
      );
      await waitFor(() => azure.agentPools.get(rg, 'c1', 'standby1'), {
        timeoutMs: WAIT_MS,
        message: 'Azure count of standby1 back at 0',
        until: (p) => p.count === 0,
      });
      await waitFor(() => poolNodes('standby1'), {
        timeoutMs: WAIT_MS,
        message: 'no standby1 nodes left',
        until: (nodes) => nodes.length === 0,
      });
      const spotNames = new Set((await poolNodes('spot1')).map((n) => n.metadata?.name ?? ''));
      await waitFor(appPods, {
        timeoutMs: WAIT_MS,
        message: '4 worker pods Running on the Spot nodes',
        until: (pods) =>
          pods.filter(isRunningReady).length === 4 &&
          pods.filter(isRunningReady).every((p) => spotNames.has(p.spec?.nodeName ?? '')),
      });
      // The pods that left the standby nodes left by eviction (PDB-checked), not by deletion.
      expect(deleted.pods.length).toBeGreaterThanOrEqual(2);
      expect(deleted.pods.filter((p) => !wasEvicted(p)).map((p) => p.metadata?.name)).toEqual([]);
      expect(deleted.pods.every((p) => standbyNames.has(p.spec?.nodeName ?? ''))).toBe(true);
      const reasons = await objects.eventReasons('spot1', 'Normal');
      expect(reasons).toEqual(
        expect.arrayContaining([StandbyReason.DrainingStandby, StandbyReason.ReleasedStandby]),
      );
      const spot = await objects.pool('spot1');
      expect(spot.metadata.annotations?.[StandbyAnnotation.ActiveSince]).toBeUndefined();
      expect(spot.metadata.annotations?.[StandbyAnnotation.DrainingSince]).toBeUndefined();
    },
    10 * WAIT_MS,
  );

  it(
    'scales the standby out only as far as its VM family quota allows, and says what is short',
    async () => {
      const subscriptionId = '00000000-0000-0000-0000-00000000ab02';
      // One Standard_DS3_v2 (4 vCPUs) fits the family quota; the shortfall below asks for two.
      world.sim.quota.configure({ limits: [{ subscriptionId, family: 'standardDSv2Family', limit: 4 }] });
      const scene = await setUp('np-standby-quota', subscriptionId);
      const { objects, rg, azure, poolNodes, appPods } = scene;
      await loseSpotCapacity(scene, { poolCount: 3, replicas: 6 });

      const events = await waitFor(() => objects.events('spot1'), {
        timeoutMs: 3 * WAIT_MS,
        message: 'the standby scaled out',
        until: (list) => list.some((e) => e.reason === StandbyReason.ScaledOutStandby),
      });
      const scaledOut = events.find((e) => e.reason === StandbyReason.ScaledOutStandby);
      expect(scaledOut?.message).toContain('scaled to 1 (quota allows 1 of 2)');
      const shortfall = events.find((e) => e.reason === StandbyReason.StandbyQuotaShortfall);
      expect(shortfall?.type).toBe('Warning');
      expect(shortfall?.message).toContain('standardDSv2Family');
      await waitFor(() => azure.agentPools.get(rg, 'c1', 'standby1'), {
        timeoutMs: WAIT_MS,
        message: 'Azure count of standby1 at 1',
        until: (p) => p.count === 1,
      });
      const standbyNodes = await waitFor(() => poolNodes('standby1'), {
        timeoutMs: WAIT_MS,
        message: 'one Ready standby1 node',
        until: (nodes) => nodes.length === 1 && nodes.every(isReadyNode),
      });
      const standbyNames = new Set(standbyNodes.map((n) => n.metadata?.name ?? ''));
      await waitFor(appPods, {
        timeoutMs: WAIT_MS,
        message: '2 worker pods Running on the one standby node, 2 still Pending',
        until: (pods) =>
          pods.filter((p) => isRunningReady(p) && standbyNames.has(p.spec?.nodeName ?? '')).length === 2 &&
          pods.filter((p) => p.status?.phase === 'Pending').length === 2,
      });
    },
    10 * WAIT_MS,
  );
});
