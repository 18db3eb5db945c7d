// Real: the management cluster, the operator in-process, the ARM SDK over HTTPS, and a kwok workload
// cluster with the real scheduler, Deployment, ReplicaSet and disruption controllers and the Eviction API.
// Simulated: Azure. Proves that a blue/green drain with rollouts Allowed replaces a single-replica
// Deployment whose minAvailable PDB allows no eviction by rolling it, without ever leaving it 0 Ready pods,
// and that without the workload owner's opt-in the drain stays blocked naming the PDB.
import { AppsV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import {
  Annotation,
  DRAIN_ROLLOUT_ALLOWED,
  DRAIN_ROLLOUT_ANNOTATION,
  type NodePool,
} from '../../src/api/index.js';
import { blueGreenFleet, createSpreadDeployment, workloadKubeConfig } from '../support/blue-green-world.js';
import { Objects, WAIT_MS } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { ReadyCountWatch, createPdb, listPods, waitForPdb, waitForReadyPods } from './drain-fixtures.js';

const world = useOperatorWorld({ withNodes: true });
const APP_NS = 'shop';
const TEST_TIMEOUT_MS = 300_000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface Setup {
  objects: Objects;
  kc: KubeConfig;
}

/** Pool user1 (1.33, rollouts Allowed) runs Deployment `api` (1 replica) under PDB `api-pdb` minAvailable 1. */
async function setup(prefix: string, opts: { isOptedIn: boolean }): Promise<Setup> {
  const { objects, rg } = await world.start(prefix);
  cleanup = async () => {
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await blueGreenFleet(objects, rg, {
    clusterVersion: '1.34',
    poolVersion: '1.33',
    pool: { blueGreen: { rollouts: 'Allowed' } },
  });
  const kc = await workloadKubeConfig(world.azure, rg, 'c1');
  await createSpreadDeployment(kc, { namespace: APP_NS, name: 'api', replicas: 1 });
  if (opts.isOptedIn) {
    await kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(
      {
        name: 'api',
        namespace: APP_NS,
        body: { metadata: { annotations: { [DRAIN_ROLLOUT_ANNOTATION]: DRAIN_ROLLOUT_ALLOWED } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
  await createPdb(kc, { namespace: APP_NS, name: 'api-pdb', app: 'api', minAvailable: 1 });
  await waitForReadyPods(kc, APP_NS, 'api', 1);
  await waitForPdb(kc, APP_NS, 'api-pdb', (p) => p.status?.currentHealthy === 1);
  return { objects, kc };
}

async function annotateUpgrade(objects: Objects): Promise<void> {
  await objects.patch('pool', 'user1', {
    metadata: {
      annotations: { [Annotation.UpgradeTarget]: '1.34', [Annotation.UpgradeStrategy]: 'BlueGreen' },
    },
  });
}

const isReplaced = (p: NodePool): boolean =>
  p.status?.activePoolName === 'user1b' && p.status.upgrade?.phase === 'Succeeded';

describe('NodePool blue/green drain with rollouts Allowed', () => {
  it(
    'rolls an opted-in single-replica Deployment whose PDB allows no eviction, never leaving it without a Ready pod',
    async () => {
      const s = await setup('np-bg-rollout', { isOptedIn: true });
      const before = (await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.uid ?? '');
      const watch = new ReadyCountWatch(s.kc, APP_NS, 'api');
      await watch.start();
      try {
        await annotateUpgrade(s.objects);
        await s.objects.waitForPool('user1', 'replaced by the twin', isReplaced, 3 * WAIT_MS);
      } finally {
        watch.stop();
      }
      expect(watch.events).toBeGreaterThan(0);
      expect(watch.minReady).toBeGreaterThanOrEqual(1);
      const after = await listPods(s.kc, APP_NS, 'api');
      expect(after.map((p) => p.metadata?.uid ?? '')).not.toEqual(expect.arrayContaining(before));
      const rolled = (await s.objects.events('user1')).filter((e) => e.reason === 'RolledWorkload');
      expect(rolled).toHaveLength(1);
      expect(rolled[0]?.message).toContain(`Deployment ${APP_NS}/api`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stays blocked naming the PDB when the Deployment has not opted in',
    async () => {
      const s = await setup('np-bg-rollout-optout', { isOptedIn: false });
      const before = (await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.uid ?? '');
      await annotateUpgrade(s.objects);
      const np = await s.objects.waitForPool(
        'user1',
        'blocked by the PDB',
        (p) =>
          p.status?.upgrade?.phase === 'Blocked' &&
          (p.status.upgrade.blockedBy ?? []).some(
            (b) => b.kind === 'PodDisruptionBudget' && b.name === 'api-pdb',
          ),
        2 * WAIT_MS,
      );
      const pod = np.status?.upgrade?.blockedBy?.find((b) => b.kind === 'Pod');
      expect(pod?.reason).toBe('BlockedByPodDisruptionBudget');
      expect(pod?.message).toContain(`Deployment ${APP_NS}/api not rolled`);
      expect(await s.objects.eventReasons('user1')).not.toContain('RolledWorkload');
      const after = (await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.uid ?? '');
      expect(after).toEqual(before);
    },
    TEST_TIMEOUT_MS,
  );
});
