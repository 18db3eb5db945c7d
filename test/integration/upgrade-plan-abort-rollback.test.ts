// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a kwok
// workload cluster with the real scheduler, ReplicaSet and disruption controllers and the Eviction API.
// Simulated: Azure (the AKS simulator). Proves that aborting an UpgradePlan while its blue/green
// replacement drains (held by a PDB) rolls the replacement back: the old nodes are uncordoned, the twin
// drained back to them under the PDBs and deleted, the old pool never deleted, the NodePool on its old
// pool with the plan's annotations gone, and the plan Aborted saying the pool was rolled back; and that
// an abort once the old pool's deletion started lets the replacement finish, and both say so. Also that
// the NodePool annotation alone rolls a replacement back and holds the next one until it is removed.
import { AppsV1Api, CoreV1Api, PolicyV1Api, type KubeConfig } from '@kubernetes/client-node';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import {
  Annotation,
  type NodePool,
  type NodePoolSpecInput,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import {
  AGENT_POOL_LABEL,
  azurePools,
  blueGreenFleet,
  createPinnedDeployment,
  createSpreadDeployment,
  poolCreates,
  poolDeletes,
  workloadKubeConfig,
} from '../support/blue-green-world.js';
import { WAIT_MS, type Objects, type TestOperator } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import {
  SKIP_WORKLOAD_CHECKS,
  clusterOf,
  conditionOf,
  createPlan,
  patchPlan,
  readPlan,
} from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';
import {
  ReadyCountWatch,
  allowOneDisruption,
  createPdb,
  listPods,
  waitForPdb,
  waitForReadyPods,
} from './drain-fixtures.js';

const world = useOperatorWorld({ withNodes: true });
const APP_NS = 'shop';
const TEST_TIMEOUT_MS = 420_000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Runs `first`, then what was to be cleaned up before. */
const chain =
  (first: () => Promise<void>, then: (() => Promise<void>) | undefined) => async (): Promise<void> => {
    await first();
    await then?.();
  };

async function nodesOf(kc: KubeConfig, pool: string): Promise<{ name: string; isCordoned: boolean }[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL_LABEL}=${pool}` });
  return list.items.map((n) => ({
    name: n.metadata?.name ?? '',
    isCordoned: n.spec?.unschedulable === true,
  }));
}

/** The nodes the Ready pods of `app` run on. */
async function readyPodNodes(kc: KubeConfig, app: string): Promise<string[]> {
  const pods = await listPods(kc, APP_NS, app);
  return pods
    .filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running')
    .map((p) => p.spec?.nodeName ?? '')
    .sort();
}

interface Setup {
  objects: Objects;
  operator: TestOperator;
  rg: string;
  kc: KubeConfig;
  /** The old pool's nodes, by name. */
  oldNodes: string[];
}

/**
 * Pool user1 (3 nodes, 1.33, cluster at 1.34) runs `api` (3 replicas, one per node, PDB maxUnavailable 1),
 * which moves to the twin one pod at a time, and `hold` (1 replica that may run only on the old pool, PDB
 * allowing no eviction), which keeps the drain underway.
 */
async function setup(prefix: string, pool: Partial<NodePoolSpecInput>): Promise<Setup> {
  const { objects, rg, operator } = await world.start(prefix);
  cleanup = async () => {
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await blueGreenFleet(objects, rg, { clusterVersion: '1.34', poolVersion: '1.33', pool });
  const kc = await workloadKubeConfig(world.azure, rg, 'c1');
  await createSpreadDeployment(kc, { namespace: APP_NS, name: 'api', replicas: 3 });
  await createPdb(kc, { namespace: APP_NS, name: 'api-pdb', app: 'api', maxUnavailable: 1 });
  await createPinnedDeployment(kc, { namespace: APP_NS, name: 'hold', pool: 'user1' });
  await createPdb(kc, { namespace: APP_NS, name: 'hold-pdb', app: 'hold', maxUnavailable: 0 });
  await waitForReadyPods(kc, APP_NS, 'api', 3);
  await waitForReadyPods(kc, APP_NS, 'hold', 1);
  await waitForPdb(kc, APP_NS, 'api-pdb', (p) => p.status?.currentHealthy === 3);
  await waitForPdb(kc, APP_NS, 'hold-pdb', (p) => p.status?.currentHealthy === 1);
  const oldNodes = (await nodesOf(kc, 'user1')).map((n) => n.name).sort();
  return { objects, operator, rg, kc, oldNodes };
}

/** A plan taking every pool of c1 to 1.34 blue/green with the drain settings given. */
function planSpec(drain: NonNullable<UpgradePlanSpecInput['drain']>): UpgradePlanSpecInput {
  return {
    target: { kubernetesVersion: '1.34' },
    clusterSelector: {},
    poolStrategy: { default: 'BlueGreen' },
    drain,
    preflight: SKIP_WORKLOAD_CHECKS,
  };
}

/** Waits until the plan has ended its abort (every replacement rolled back or finished). */
const waitForAborted = (namespace: string): Promise<UpgradePlan> =>
  waitFor(() => readPlan(namespace), {
    timeoutMs: 3 * WAIT_MS,
    intervalMs: 500,
    message: 'the plan to end its abort',
    until: (p) => p.status?.phase === 'Aborted',
  });

/** Deletes `hold` and its PDB: nothing holds a drain of the old pool any more. */
async function deleteHold(kc: KubeConfig): Promise<void> {
  await kc.makeApiClient(AppsV1Api).deleteNamespacedDeployment({ name: 'hold', namespace: APP_NS });
  await kc
    .makeApiClient(PolicyV1Api)
    .deleteNamespacedPodDisruptionBudget({ name: 'hold-pdb', namespace: APP_NS });
}

const isHeldMidDrain = (np: NodePool): boolean =>
  np.status?.blueGreen?.phase === 'Draining' &&
  (np.status.upgrade?.blockedBy ?? []).some((b) => b.name === 'hold-pdb');

describe('UpgradePlan abort with a blue/green replacement running', () => {
  it(
    'rolls the replacement back: old nodes uncordoned, twin drained back under the PDBs and deleted, old pool kept',
    async () => {
      const { objects, rg, kc, oldNodes } = await setup('aup-abort-rb', {});
      await createPlan(objects.namespace, planSpec({ timeoutMinutes: 30, concurrency: 3 }));
      await objects.waitForPool('user1', 'its drain held by hold-pdb', isHeldMidDrain, 3 * WAIT_MS);
      const twinNodes = (await nodesOf(kc, 'user1b')).map((n) => n.name);
      await waitFor(() => readyPodNodes(kc, 'api'), {
        timeoutMs: 2 * WAIT_MS,
        message: 'every api pod to have moved to the twin',
        until: (nodes) => nodes.length === 3 && nodes.every((n) => twinNodes.includes(n)),
      });

      const watch = new ReadyCountWatch(kc, APP_NS, 'api');
      await watch.start();
      try {
        await patchPlan(objects.namespace, { spec: { abort: true } });
        const plan = await waitForAborted(objects.namespace);
        expect(clusterOf(plan, 'c1')).toMatchObject({
          phase: 'RolledBack',
          abortedReplacements: [{ pool: 'user1', outcome: 'RolledBack' }],
        });
        expect(conditionOf(plan, 'Ready')).toMatchObject({
          reason: 'Aborted',
          message: expect.stringContaining('replacements rolled back: c1/user1') as string,
        });

        const np = await objects.waitForPool(
          'user1',
          'back on its old pool, Ready, without the plan requests',
          (p) =>
            p.status?.upgrade?.phase === 'RolledBack' &&
            p.metadata.annotations?.[Annotation.UpgradeTarget] === undefined &&
            p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
          2 * WAIT_MS,
        );
        expect(np.status?.blueGreen).toBeUndefined();
        expect(np.status?.activePoolName ?? 'user1').toBe('user1');
        expect(np.metadata.annotations?.[Annotation.AbortReplacement]).toBeUndefined();

        // Azure: the twin was deleted, the old pool never was.
        expect(poolDeletes(world.sim, rg)).toEqual(['user1b']);
        expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1']);
        // The old nodes serve again and run the workload; no PDB was broken on the way.
        expect(await nodesOf(kc, 'user1')).toEqual(oldNodes.map((name) => ({ name, isCordoned: false })));
        await waitForReadyPods(kc, APP_NS, 'api', 3);
        const apiNodes = await readyPodNodes(kc, 'api');
        expect(apiNodes).toHaveLength(3);
        expect(apiNodes.every((n) => oldNodes.includes(n))).toBe(true);
        expect(watch.minReady).toBeGreaterThanOrEqual(2);
        const reasons = await objects.eventReasons('user1');
        expect(reasons).toEqual(
          expect.arrayContaining(['AbortedReplacement', 'UncordonedNodes', 'RolledBackReplacement']),
        );
        expect(reasons).not.toContain('BlueGreenCompleted');
      } finally {
        watch.stop();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lets a replacement whose old pool is being deleted finish, and both the pool and the plan say the abort came too late',
    async () => {
      // The old pool's delete stays running (a simulator fault) from the moment it is sent until the
      // test lets it go, so the abort lands while the old pool is being deleted.
      const { objects, rg, kc } = await setup('aup-abort-late', {});
      world.sim.setFaults({ hangOperations: ['^agentPools\\.delete$'] });
      cleanup = chain(() => Promise.resolve(world.sim.faults.reset()), cleanup);
      await createPlan(objects.namespace, planSpec({ timeoutMinutes: 30, concurrency: 3 }));
      await objects.waitForPool('user1', 'its drain held by hold-pdb', isHeldMidDrain, 3 * WAIT_MS);
      await deleteHold(kc);
      await waitFor(async () => poolDeletes(world.sim, rg), {
        timeoutMs: 3 * WAIT_MS,
        message: 'the old pool delete to be sent',
        until: (deletes) => deletes.includes('user1'),
      });
      await patchPlan(objects.namespace, { spec: { abort: true } });
      await objects.waitForPool(
        'user1',
        'asked to abort by the plan',
        (p) => p.metadata.annotations?.[Annotation.AbortReplacement] === 'plan',
        2 * WAIT_MS,
      );
      world.sim.setFaults({ hangOperations: [] });

      const plan = await waitForAborted(objects.namespace);
      expect(clusterOf(plan, 'c1')).toMatchObject({
        phase: 'Succeeded',
        abortedReplacements: [{ pool: 'user1', outcome: 'FinishedTooLate' }],
      });
      expect(conditionOf(plan, 'Ready')?.message).toContain(
        'replacements finished (abort too late): c1/user1',
      );
      const np = await objects.waitForPool(
        'user1',
        'released by the plan',
        (p) => p.metadata.annotations?.[Annotation.AbortReplacement] === undefined,
        WAIT_MS,
      );
      expect(np.status).toMatchObject({ activePoolName: 'user1b', upgrade: { phase: 'Succeeded' } });
      expect(np.status?.upgrade?.step).toContain('came after the old pool');
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1b']);
      expect(poolDeletes(world.sim, rg)).not.toContain('user1b');
      const tooLate = (await objects.events('user1')).filter((e) => e.reason === 'AbortTooLate');
      expect(tooLate).toEqual([expect.objectContaining({ type: 'Warning' })]);
      expect(await objects.eventReasons('user1')).not.toContain('RolledBackReplacement');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'resumes a rollback after an operator crash mid-drain-back and still never deletes the old pool',
    async () => {
      const { objects, operator, rg, kc, oldNodes } = await setup('aup-abort-crash', {});
      await createPlan(objects.namespace, planSpec({ timeoutMinutes: 30, concurrency: 3 }));
      await objects.waitForPool('user1', 'its drain held by hold-pdb', isHeldMidDrain, 3 * WAIT_MS);
      // `back` may run only on the twin and its PDB allows no eviction: the drain back stays underway.
      await createPinnedDeployment(kc, { namespace: APP_NS, name: 'back', pool: 'user1b' });
      await createPdb(kc, { namespace: APP_NS, name: 'back-pdb', app: 'back', maxUnavailable: 0 });
      await waitForReadyPods(kc, APP_NS, 'back', 1);
      await waitForPdb(kc, APP_NS, 'back-pdb', (p) => p.status?.currentHealthy === 1);

      await patchPlan(objects.namespace, { spec: { abort: true } });
      await objects.waitForPool(
        'user1',
        'its drain back held by back-pdb',
        (p) =>
          p.status?.blueGreen?.phase === 'RollingBack' &&
          p.status.blueGreen.abortedBy === 'plan' &&
          (p.status.upgrade?.blockedBy ?? []).some((b) => b.name === 'back-pdb'),
        3 * WAIT_MS,
      );
      await operator.restart();
      await allowOneDisruption(kc, APP_NS, 'back-pdb');

      const plan = await waitForAborted(objects.namespace);
      expect(clusterOf(plan, 'c1')).toMatchObject({
        phase: 'RolledBack',
        abortedReplacements: [{ pool: 'user1', outcome: 'RolledBack' }],
      });
      const np = await objects.waitForPool(
        'user1',
        'rolled back',
        (p) => p.status?.upgrade?.phase === 'RolledBack' && !p.status.blueGreen,
        WAIT_MS,
      );
      expect(np.status?.activePoolName ?? 'user1').toBe('user1');
      expect(poolDeletes(world.sim, rg)).toEqual(['user1b']);
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1']);
      expect(await nodesOf(kc, 'user1')).toEqual(oldNodes.map((name) => ({ name, isCordoned: false })));
      await waitForReadyPods(kc, APP_NS, 'api', 3);
      expect((await readyPodNodes(kc, 'api')).every((n) => oldNodes.includes(n))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('NodePool abort-replacement annotation', () => {
  it(
    'rolls back the replacement it finds, holds the next one while set, and lets it run once removed',
    async () => {
      const { objects, rg, kc, oldNodes } = await setup('np-abort-rb', {});
      await objects.patch('pool', 'user1', {
        metadata: {
          annotations: { [Annotation.UpgradeTarget]: '1.34', [Annotation.UpgradeStrategy]: 'BlueGreen' },
        },
      });
      await objects.waitForPool('user1', 'its drain held by hold-pdb', isHeldMidDrain, 3 * WAIT_MS);
      await objects.patch('pool', 'user1', {
        metadata: { annotations: { [Annotation.AbortReplacement]: 'alice' } },
      });
      const held = await objects.waitForPool(
        'user1',
        'rolled back, and its next replacement held',
        (p) =>
          p.status?.upgrade?.phase === 'RolledBack' &&
          p.status.conditions?.some((c) => c.type === 'Stalled' && c.reason === 'ReplacementHeld') === true,
        3 * WAIT_MS,
      );
      expect(held.status?.blueGreen).toBeUndefined();
      expect(poolDeletes(world.sim, rg)).toEqual(['user1b']);
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1']);
      expect(await nodesOf(kc, 'user1')).toEqual(oldNodes.map((name) => ({ name, isCordoned: false })));
      expect(poolCreates(world.sim, rg)).toEqual(['user1', 'user1b']);

      // Removed: the upgrade the annotations still ask runs, and finishes once nothing holds its drain.
      await deleteHold(kc);
      await objects.patch('pool', 'user1', {
        metadata: { annotations: { [Annotation.AbortReplacement]: null } },
      });
      await objects.waitForPool(
        'user1',
        'replaced by the twin',
        (p) => p.status?.activePoolName === 'user1b' && p.status.upgrade?.phase === 'Succeeded',
        3 * WAIT_MS,
      );
      expect(poolDeletes(world.sim, rg)).toEqual(['user1b', 'user1']);
    },
    TEST_TIMEOUT_MS,
  );
});
