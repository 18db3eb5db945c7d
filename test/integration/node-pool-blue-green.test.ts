// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and per
// simulated AKS cluster a real Kubernetes API (kwok) whose Nodes are the pools' nodes, with the real
// scheduler, ReplicaSet and disruption controllers and the Eviction API. Simulated: Azure. Proves an
// operator-driven blue/green pool replacement keeps PDBs, names what blocks it, survives crashes and a
// lost status, never deletes the old pool before the twin serves, and rolls back when the twin fails.
import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import {
  Annotation,
  AzureTag,
  type BlockedBy,
  type NodePool,
  type NodePoolSpecInput,
} from '../../src/api/index.js';
import { getCondition } from '../../src/runtime/index.js';
import {
  azurePools,
  blueGreenFleet,
  createPinnedDeployment,
  createSpreadDeployment,
  poolCreates,
  poolDeletes,
  readyReplicas,
  workloadKubeConfig,
} from '../support/blue-green-world.js';
import { Objects, WAIT_MS, type TestOperator } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import {
  ReadyCountWatch,
  allowOneDisruption,
  createPdb,
  isPodReady,
  listPods,
  setPodReady,
  waitForPdb,
  waitForReadyPods,
} from './drain-fixtures.js';

const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';
const world = useOperatorWorld({ withNodes: true });
const APP_NS = 'shop';
const TEST_TIMEOUT_MS = 180_000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const minor = (v: string | undefined): string => (v ?? '').split('.').slice(0, 2).join('.');
const isReady = (np: NodePool): boolean =>
  np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

interface Setup {
  objects: Objects;
  rg: string;
  operator: TestOperator;
  kc: KubeConfig;
}

/** A fleet whose pool user1 (3 nodes, 1.33) runs Deployment `api` (3 replicas, one per node) under PDB `api-pdb`. */
async function setup(
  prefix: string,
  pdb: { minAvailable?: string; maxUnavailable?: number },
  pool: Partial<NodePoolSpecInput> = {},
): Promise<Setup> {
  const { objects, rg, operator } = await world.start(prefix);
  cleanup = async () => {
    // Stops the cluster's kwok API server (memory) once the test is over.
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await blueGreenFleet(objects, rg, { clusterVersion: '1.34', poolVersion: '1.33', pool });
  const kc = await workloadKubeConfig(world.azure, rg, 'c1');
  await createSpreadDeployment(kc, { namespace: APP_NS, name: 'api', replicas: 3 });
  await createPdb(kc, { namespace: APP_NS, name: 'api-pdb', app: 'api', ...pdb });
  await waitForReadyPods(kc, APP_NS, 'api', 3);
  await waitForPdb(kc, APP_NS, 'api-pdb', (p) => p.status?.currentHealthy === 3);
  return { objects, rg, operator, kc };
}

/** Waits for the replacement to finish and checks what Azure and the NodePool show. */
async function expectReplaced(s: Setup): Promise<NodePool> {
  const np = await s.objects.waitForPool(
    'user1',
    'Ready at 1.34 on the twin pool',
    (p) =>
      isReady(p) &&
      p.status?.activePoolName === 'user1b' &&
      minor(p.status.currentOrchestratorVersion) === '1.34',
    2 * WAIT_MS,
  );
  expect(np.status?.blueGreen).toBeUndefined();
  expect(np.status?.upgrade).toMatchObject({ phase: 'Succeeded', targetVersion: '1.34' });
  expect(np.status?.azureResourceID?.toLowerCase().endsWith('/agentpools/user1b')).toBe(true);
  expect(np.status?.nodes).toEqual({ desired: 3, ready: 3 });
  expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system', 'user1b']);
  expect(poolCreates(world.sim, s.rg).filter((n) => n === 'user1b')).toEqual(['user1b']);
  expect(poolDeletes(world.sim, s.rg)).toEqual(['user1']);
  const twin = await world.azure.agentPools.get(s.rg, 'c1', 'user1b');
  expect(twin).toMatchObject({
    vmSize: 'Standard_D4s_v3',
    mode: 'User',
    count: 3,
    nodeLabels: { tier: 'web' },
  });
  await waitForReadyPods(s.kc, APP_NS, 'api', 3);
  return np;
}

async function nodesOf(kc: KubeConfig, pool: string): Promise<string[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL_LABEL}=${pool}` });
  return list.items.map((n) => n.metadata?.name ?? '').sort();
}

/** Asks the upgrade as an UpgradePlan does: through annotations, leaving the spec alone. */
async function annotateUpgrade(objects: Objects): Promise<void> {
  await objects.patch('pool', 'user1', {
    metadata: {
      annotations: { [Annotation.UpgradeTarget]: '1.34', [Annotation.UpgradeStrategy]: 'BlueGreen' },
    },
  });
}

async function waitForBlocked(objects: Objects, until: (b: BlockedBy[]) => boolean): Promise<NodePool> {
  return objects.waitForPool(
    'user1',
    'upgrade Blocked with the expected blockers',
    (p) => p.status?.upgrade?.phase === 'Blocked' && until(p.status.upgrade.blockedBy ?? []),
    WAIT_MS,
  );
}

function expectBlockedConditions(np: NodePool): void {
  const conditions = np.status?.conditions ?? [];
  expect(getCondition(conditions, 'Reconciling')).toMatchObject({
    status: 'True',
    reason: 'BlockedByPodDisruptionBudget',
  });
  expect(getCondition(conditions, 'Stalled')).toMatchObject({ status: 'False' });
  expect(getCondition(conditions, 'Ready')).toMatchObject({ status: 'False' });
  expect(getCondition(conditions, 'DrainBlocked')).toMatchObject({ status: 'True' });
  expect(np.status?.blueGreen?.phase).toBe('Draining');
}

const has = (b: BlockedBy[], want: Partial<BlockedBy>): boolean =>
  b.some((x) => Object.entries(want).every(([k, v]) => x[k as keyof BlockedBy] === v));

async function cordonedNodes(kc: KubeConfig, pool: string): Promise<string[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL_LABEL}=${pool}` });
  return list.items.filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata?.name ?? '');
}

function stalledWith(np: NodePool, reason: string): boolean {
  const stalled = getCondition(np.status?.conditions ?? [], 'Stalled');
  return stalled?.status === 'True' && stalled.reason === reason;
}

/** Loses the NodePool's status as a restore would, while no operator runs, then starts the operator again. */
async function loseStatus(s: Setup): Promise<void> {
  await s.operator.kill();
  const np = await s.objects.pool('user1');
  await s.objects.api.replaceNamespacedCustomObjectStatus({
    group: 'aks.lifecycle.dev',
    version: 'v1alpha1',
    plural: 'nodepools',
    namespace: s.objects.namespace,
    name: 'user1',
    body: { ...np, status: {} },
  });
  expect((await s.objects.pool('user1')).status?.activePoolName).toBeUndefined();
  await s.operator.start();
}

const relaxPdb = (kc: KubeConfig): Promise<void> => allowOneDisruption(kc, APP_NS, 'api-pdb');

describe('NodePool blue/green replacement', () => {
  it(
    'replaces a pool under a maxUnavailable 1 PDB without ever breaking it',
    async () => {
      const s = await setup('np-bg', { maxUnavailable: 1 });
      const before = new Set((await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.uid ?? ''));
      const watch = new ReadyCountWatch(s.kc, APP_NS, 'api');
      await watch.start();
      try {
        await s.objects.patch('pool', 'user1', {
          spec: { upgradeStrategy: 'BlueGreen', orchestratorVersion: '1.34' },
        });
        await s.objects.waitForPool('user1', 'replacing', (p) => p.status?.upgrade?.phase === 'Replacing');
        const np = await expectReplaced(s);
        // The PDB's floor (3 - 1 = 2 Ready pods) held during the whole replacement.
        expect(watch.events).toBeGreaterThan(0);
        expect(watch.minReady).toBeGreaterThanOrEqual(2);
        expect(np.status?.upgrade?.blockedBy).toBeUndefined();
        // Every replica was evicted from the old nodes and runs on the twin's nodes.
        const twinNodes = new Set(await nodesOf(s.kc, 'user1b'));
        const pods = await listPods(s.kc, APP_NS, 'api');
        expect(pods.filter((p) => isPodReady(p) && twinNodes.has(p.spec?.nodeName ?? ''))).toHaveLength(3);
        expect(pods.some((p) => before.has(p.metadata?.uid ?? ''))).toBe(false);
        const reasons = await s.objects.eventReasons('user1');
        expect(reasons).toEqual(
          expect.arrayContaining(['BlueGreenStarted', 'CordonedNodes', 'BlueGreenCompleted']),
        );
      } finally {
        watch.stop();
      }
      // Deleting the NodePool deletes the active pool (the twin), and nothing recreates the old one.
      // AKS drains a pool it deletes; `api` has nowhere else to run, so its PDB would hold the drain.
      await s.objects.patch('pool', 'user1', { spec: { deletion: { ignorePodDisruptionBudget: true } } });
      await s.objects.delete('pool', 'user1');
      await waitFor(() => s.objects.isGone('pool', 'user1'), {
        timeoutMs: WAIT_MS,
        message: 'NodePool user1 to be deleted',
      });
      expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system']);
      expect(poolCreates(world.sim, s.rg).filter((n) => n.startsWith('user1'))).toEqual(['user1', 'user1b']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'replaces a BlueGreen pool by a twin of the new VM size when the spec changes vmSize, keeping the PDB',
    async () => {
      const s = await setup('np-bg-size', { maxUnavailable: 1 }, { upgradeStrategy: 'BlueGreen' });
      const watch = new ReadyCountWatch(s.kc, APP_NS, 'api');
      await watch.start();
      try {
        await s.objects.patch('pool', 'user1', { spec: { vmSize: 'Standard_D8s_v3' } });
        const np = await s.objects.waitForPool(
          'user1',
          'Ready on the twin pool of the new size',
          (p) => isReady(p) && p.status?.activePoolName === 'user1b' && p.status.nodes?.ready === 3,
          2 * WAIT_MS,
        );
        expect(np.status?.blueGreen).toBeUndefined();
        // The size changed, not the version.
        expect(np.status?.upgrade?.phase).toBe('Succeeded');
        expect(minor(np.status?.upgrade?.targetVersion)).toBe('1.33');
        expect(minor(np.status?.currentOrchestratorVersion)).toBe('1.33');
        expect(await world.azure.agentPools.get(s.rg, 'c1', 'user1b')).toMatchObject({
          vmSize: 'Standard_D8s_v3',
          count: 3,
          nodeLabels: { tier: 'web' },
        });
        expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system', 'user1b']);
        expect(poolDeletes(world.sim, s.rg)).toEqual(['user1']);
        const twinNodes = await s.kc
          .makeApiClient(CoreV1Api)
          .listNode({ labelSelector: `${AGENT_POOL_LABEL}=user1b` });
        expect(twinNodes.items.map((n) => n.metadata?.labels?.['node.kubernetes.io/instance-type'])).toEqual([
          'Standard_D8s_v3',
          'Standard_D8s_v3',
          'Standard_D8s_v3',
        ]);
        await waitForReadyPods(s.kc, APP_NS, 'api', 3);
        expect(watch.minReady).toBeGreaterThanOrEqual(2);
      } finally {
        watch.stop();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops on a minAvailable 100% PDB, names the pod and the PDB, and finishes once it is relaxed',
    async () => {
      const autoscaling = { minCount: 3, maxCount: 5 };
      const s = await setup('np-bg-pdb', { minAvailable: '100%' }, { autoscaling });
      await annotateUpgrade(s.objects);
      const np = await waitForBlocked(
        s.objects,
        (b) =>
          has(b, {
            kind: 'PodDisruptionBudget',
            namespace: APP_NS,
            name: 'api-pdb',
            reason: 'StructuralZeroBudget',
          }) && has(b, { kind: 'Pod', namespace: APP_NS, reason: 'BlockedByPodDisruptionBudget' }),
      );
      expectBlockedConditions(np);
      const blockedPod = np.status?.upgrade?.blockedBy?.find((b) => b.kind === 'Pod')?.name ?? '';
      expect((await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.name)).toContain(blockedPod);
      const events = await s.objects.events('user1');
      expect(
        events.some(
          (e) =>
            e.type === 'Warning' &&
            e.reason === 'BlockedByPodDisruptionBudget' &&
            e.message.includes('api-pdb') &&
            e.message.includes(blockedPod),
        ),
      ).toBe(true);
      // Nothing was evicted and the old pool is still there.
      await waitForReadyPods(s.kc, APP_NS, 'api', 3);
      expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system', 'user1', 'user1b']);
      // The old pool's autoscaler was turned off at its count before its nodes were cordoned.
      expect(await world.azure.agentPools.get(s.rg, 'c1', 'user1')).toMatchObject({
        enableAutoScaling: false,
        count: 3,
      });

      await relaxPdb(s.kc);
      const done = await expectReplaced(s);
      // The twin keeps the spec's autoscaler.
      expect(await world.azure.agentPools.get(s.rg, 'c1', 'user1b')).toMatchObject({
        enableAutoScaling: true,
        minCount: 3,
        maxCount: 5,
      });
      expect(getCondition(done.status?.conditions ?? [], 'DrainBlocked')).toMatchObject({ status: 'False' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reports an unready sibling that leaves a maxUnavailable 1 PDB no disruption, naming that pod',
    async () => {
      const s = await setup('np-bg-unready', { maxUnavailable: 1 });
      // The replica on the old node drained last goes unready: the first node's replica cannot leave.
      const oldNodes = await nodesOf(s.kc, 'user1');
      const pods = await listPods(s.kc, APP_NS, 'api');
      const sibling = pods.find((p) => p.spec?.nodeName === oldNodes[oldNodes.length - 1]);
      const siblingName = sibling?.metadata?.name ?? '';
      expect(siblingName).not.toBe('');
      await setPodReady(s.kc, APP_NS, siblingName, false);
      await waitForPdb(s.kc, APP_NS, 'api-pdb', (p) => p.status?.disruptionsAllowed === 0);

      await annotateUpgrade(s.objects);
      const np = await waitForBlocked(
        s.objects,
        (b) =>
          has(b, { kind: 'Pod', namespace: APP_NS, name: siblingName, reason: 'PodUnready' }) &&
          has(b, { kind: 'PodDisruptionBudget', name: 'api-pdb', reason: 'EffectiveZeroBudget' }),
      );
      expectBlockedConditions(np);
      const pdbEntry = np.status?.upgrade?.blockedBy?.find((b) => b.kind === 'PodDisruptionBudget');
      expect(pdbEntry?.message).toContain(siblingName);
      expect(getCondition(np.status?.conditions ?? [], 'Reconciling')?.message).toContain(siblingName);

      await setPodReady(s.kc, APP_NS, siblingName, true);
      await expectReplaced(s);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'finishes with one twin and no orphan pool when the operator is killed after every step',
    async () => {
      const s = await setup('np-bg-kill', { maxUnavailable: 1 });
      const watch = new ReadyCountWatch(s.kc, APP_NS, 'api');
      await watch.start();
      const killedIn: string[] = [];
      try {
        await annotateUpgrade(s.objects);
        const deadline = Date.now() + 2 * WAIT_MS;
        for (;;) {
          const np = await s.objects.pool('user1');
          if (isReady(np) && np.status?.activePoolName === 'user1b') break;
          if (Date.now() > deadline)
            throw new Error(`replacement did not finish; killed in ${killedIn.join(', ')}`);
          const phase = np.status?.blueGreen?.phase;
          if (phase && !killedIn.includes(phase)) {
            // A crash at this point: in-flight reconciles aborted, nothing flushed; a fresh operator resumes.
            await s.operator.kill();
            killedIn.push(phase);
            expect((await azurePools(world.azure, s.rg, 'c1')).length).toBeLessThanOrEqual(3);
            await s.operator.start();
          }
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(killedIn).toEqual(['CreatingTwin', 'WaitingForTwin', 'Cordoning', 'Draining', 'DeletingOld']);
        await expectReplaced(s);
        expect(watch.minReady).toBeGreaterThanOrEqual(2);
      } finally {
        watch.stop();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps the old pool while a moved workload is short of Ready replicas, and deletes it once it is back',
    async () => {
      const s = await setup('np-bg-serve', { maxUnavailable: 1 });
      // `pinned` may run only on the old pool: once evicted, its replacement stays Pending.
      await createPinnedDeployment(s.kc, { namespace: APP_NS, name: 'pinned', pool: 'user1' });
      await waitForReadyPods(s.kc, APP_NS, 'pinned', 1);
      await annotateUpgrade(s.objects);
      const waiting = await s.objects.waitForPool(
        'user1',
        'waiting for Deployment pinned before deleting the old pool',
        (p) =>
          p.status?.blueGreen?.phase === 'DeletingOld' &&
          (p.status.upgrade?.step ?? '').includes(`Deployment ${APP_NS}/pinned (0 of 1 Ready)`),
        2 * WAIT_MS,
      );
      expect(getCondition(waiting.status?.conditions ?? [], 'Stalled')).toMatchObject({ status: 'False' });
      // Drained, yet kept: no DELETE reached Azure while the workload is short.
      expect(await readyReplicas(s.kc, APP_NS, 'pinned')).toBe(0);
      expect(poolDeletes(world.sim, s.rg)).toEqual([]);
      expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system', 'user1', 'user1b']);

      // Let it run on the twin: the operator deletes the old pool only after it is Ready there.
      await s.kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(
        {
          namespace: APP_NS,
          name: 'pinned',
          body: { spec: { template: { spec: { nodeSelector: { [AGENT_POOL_LABEL]: 'user1b' } } } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      await expectReplaced(s);
      expect(await readyReplicas(s.kc, APP_NS, 'pinned')).toBe(1);
      // The twin's tags name it the active pool.
      expect((await world.azure.agentPools.get(s.rg, 'c1', 'user1b')).tags).toMatchObject({
        [AzureTag.ActivePool]: 'user1b',
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'uncordons the old nodes and stalls naming the twin when the twin fails mid-replacement, and never deletes the old pool',
    async () => {
      const s = await setup('np-bg-twinfail', { minAvailable: '100%' });
      await annotateUpgrade(s.objects);
      await waitForBlocked(s.objects, (b) => has(b, { kind: 'PodDisruptionBudget', name: 'api-pdb' }));
      expect(await cordonedNodes(s.kc, 'user1')).toHaveLength(3);

      // The twin's provisioning fails while the old pool drains (as when AKS scales it and the VMs fail).
      world.sim.faults.configure({
        failOperations: [
          {
            match: '^agentPools\\.createOrUpdate$',
            resource: '/agentPools/user1b$',
            code: 'VMExtensionProvisioningError',
            message: 'VM has reported a failure when processing extension vmssCSE',
            times: 1,
          },
        ],
      });
      const twin = await world.azure.agentPools.get(s.rg, 'c1', 'user1b');
      await world.azure.agentPools
        .beginCreateOrUpdateAndWait(s.rg, 'c1', 'user1b', { ...twin, count: 4 }, FAST_POLL)
        .catch(() => undefined);
      expect((await world.azure.agentPools.get(s.rg, 'c1', 'user1b')).provisioningState).toBe('Failed');

      const stalled = await s.objects.waitForPool(
        'user1',
        'Stalled TwinFailed with the old nodes back in service',
        (p) => stalledWith(p, 'TwinFailed') && p.status?.blueGreen?.phase === 'RollingBack',
        WAIT_MS,
      );
      expect(getCondition(stalled.status?.conditions ?? [], 'Stalled')?.message).toContain('user1b');
      expect(stalled.status?.upgrade?.phase).toBe('Failed');
      expect(await cordonedNodes(s.kc, 'user1')).toEqual([]);
      expect(poolDeletes(world.sim, s.rg)).toEqual([]);
      expect(await s.objects.eventReasons('user1', 'Warning')).toEqual(
        expect.arrayContaining(['BlueGreenRollingBack', 'TwinFailed']),
      );

      // A retry puts the twin again; Azure fails that too, and the stall names the twin's error.
      world.sim.faults.configure({
        failOperations: [
          {
            match: '^agentPools\\.createOrUpdate$',
            resource: '/agentPools/user1b$',
            code: 'AllocationFailed',
            message: 'Allocation failed. We do not have sufficient capacity for the requested VM size.',
            times: 1,
          },
        ],
      });
      await s.objects.patch('pool', 'user1', { metadata: { annotations: { [Annotation.Retry]: '1' } } });
      const again = await s.objects.waitForPool(
        'user1',
        "Stalled TwinFailed naming Azure's AllocationFailed",
        (p) =>
          stalledWith(p, 'TwinFailed') &&
          (getCondition(p.status?.conditions ?? [], 'Stalled')?.message ?? '').includes('AllocationFailed'),
        WAIT_MS,
      );
      expect(again.status?.blueGreen?.phase).toBe('RollingBack');
      expect(await cordonedNodes(s.kc, 'user1')).toEqual([]);
      expect(poolDeletes(world.sim, s.rg)).toEqual([]);
      await waitForReadyPods(s.kc, APP_NS, 'api', 3);

      // With room in Azure and a relaxed PDB, one more retry finishes the replacement on the same twin.
      await relaxPdb(s.kc);
      await s.objects.patch('pool', 'user1', { metadata: { annotations: { [Annotation.Retry]: '2' } } });
      await expectReplaced(s);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'finds the active pool in Azure tags when status is lost, during the drain and after the twin took over',
    async () => {
      const s = await setup('np-bg-lost', { minAvailable: '100%' });
      await annotateUpgrade(s.objects);
      await waitForBlocked(s.objects, (b) => has(b, { kind: 'PodDisruptionBudget', name: 'api-pdb' }));
      expect((await world.azure.agentPools.get(s.rg, 'c1', 'user1b')).tags).toMatchObject({
        [AzureTag.ActivePool]: 'user1',
      });
      const createsBefore = poolCreates(world.sim, s.rg);
      expect(createsBefore.filter((n) => n.startsWith('user1'))).toEqual(['user1', 'user1b']);

      // Lost while draining: the replacement resumes on the same twin and is blocked by the same PDB.
      await loseStatus(s);
      const resumed = await waitForBlocked(s.objects, (b) =>
        has(b, { kind: 'PodDisruptionBudget', name: 'api-pdb' }),
      );
      expect(resumed.status?.blueGreen).toMatchObject({ twinPoolName: 'user1b', phase: 'Draining' });
      expect(resumed.status?.activePoolName).toBe('user1');
      expect(poolCreates(world.sim, s.rg)).toEqual(createsBefore);
      expect(poolDeletes(world.sim, s.rg)).toEqual([]);

      await relaxPdb(s.kc);
      await expectReplaced(s);

      // Lost after the twin took over: the twin is found active; user1 is not created again.
      await loseStatus(s);
      const np = await s.objects.waitForPool(
        'user1',
        'Ready on the twin found in Azure',
        (p) => isReady(p) && p.status?.activePoolName === 'user1b',
        WAIT_MS,
      );
      expect(np.status?.blueGreen).toBeUndefined();
      expect(await azurePools(world.azure, s.rg, 'c1')).toEqual(['system', 'user1b']);
      expect(poolCreates(world.sim, s.rg).filter((n) => n.startsWith('user1'))).toEqual(['user1', 'user1b']);
      expect(poolDeletes(world.sim, s.rg)).toEqual(['user1']);
    },
    TEST_TIMEOUT_MS,
  );
});
