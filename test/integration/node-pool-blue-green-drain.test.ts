// Real: the management cluster, the operator in-process, the ARM SDK over HTTPS, and a kwok workload
// cluster with the real scheduler, ReplicaSet and disruption controllers and the Eviction API.
// Simulated: Azure. Proves what the blue/green drain does at its timeout under a PDB that allows no
// eviction (CordonOnly goes on without evicting, Force deletes with one Warning per pod), and that it
// names a replacement the scheduler cannot place.
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import { Annotation, type NodePool, type NodePoolSpecInput } from '../../src/api/index.js';
import {
  AGENT_POOL_LABEL,
  blueGreenFleet,
  createSpreadDeployment,
  poolDeletes,
  workloadKubeConfig,
} from '../support/blue-green-world.js';
import { Objects, WAIT_MS } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import { allowOneDisruption, createPdb, listPods, waitForPdb, waitForReadyPods } from './drain-fixtures.js';

const world = useOperatorWorld({ withNodes: true });
const APP_NS = 'shop';
/** The drain timeout is at least a minute: each timeout test waits that long. */
const TEST_TIMEOUT_MS = 300_000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface Setup {
  objects: Objects;
  rg: string;
  kc: KubeConfig;
}

/** Pool user1 (3 nodes, 1.33) runs Deployment `api` (3 replicas, one per node) under PDB `api-pdb`. */
async function setup(
  prefix: string,
  pdb: { maxUnavailable: number },
  pool: Partial<NodePoolSpecInput>,
): Promise<Setup> {
  const { objects, rg } = await world.start(prefix);
  cleanup = async () => {
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await blueGreenFleet(objects, rg, { clusterVersion: '1.34', poolVersion: '1.33', pool });
  const kc = await workloadKubeConfig(world.azure, rg, 'c1');
  await createSpreadDeployment(kc, { namespace: APP_NS, name: 'api', replicas: 3 });
  await createPdb(kc, { namespace: APP_NS, name: 'api-pdb', app: 'api', ...pdb });
  await waitForReadyPods(kc, APP_NS, 'api', 3);
  await waitForPdb(kc, APP_NS, 'api-pdb', (p) => p.status?.currentHealthy === 3);
  return { objects, rg, kc };
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

async function nodesOf(kc: KubeConfig, pool: string): Promise<{ name: string; isCordoned: boolean }[]> {
  const list = await kc.makeApiClient(CoreV1Api).listNode({ labelSelector: `${AGENT_POOL_LABEL}=${pool}` });
  return list.items.map((n) => ({
    name: n.metadata?.name ?? '',
    isCordoned: n.spec?.unschedulable === true,
  }));
}

describe('NodePool blue/green drain', () => {
  it(
    'CordonOnly leaves the nodes a zero-budget PDB holds cordoned with their pods and goes on to delete the old pool',
    async () => {
      const s = await setup(
        'np-bg-cordononly',
        { maxUnavailable: 0 },
        {
          blueGreen: { drainTimeoutInMinutes: 1, onDrainTimeout: 'CordonOnly', drainBatchSize: 3 },
          // AKS's own drain of the deleted pool waits long enough for the PDB to be relaxed below.
          upgradeSettings: { drainTimeoutInMinutes: 600 },
        },
      );
      const before = (await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.uid ?? '').sort();
      await annotateUpgrade(s.objects);
      await waitFor(async () => poolDeletes(world.sim, s.rg), {
        timeoutMs: 2 * WAIT_MS,
        message: 'the old pool to be deleted',
        until: (deletes) => deletes.includes('user1'),
      });
      // Nothing was evicted: the same pods run on the old nodes, which stay cordoned.
      const pods = await listPods(s.kc, APP_NS, 'api');
      expect(pods.map((p) => p.metadata?.uid ?? '').sort()).toEqual(before);
      const old = await nodesOf(s.kc, 'user1');
      expect(old.every((n) => n.isCordoned)).toBe(true);
      const warnings = (await s.objects.events('user1')).filter(
        (e) => e.type === 'Warning' && e.reason === 'DrainTimeout',
      );
      expect(warnings.map((w) => old.find((n) => w.message.includes(n.name))?.name).sort()).toEqual(
        old.map((n) => n.name).sort(),
      );
      expect(await s.objects.eventReasons('user1')).not.toContain('ForceDeletedPod');

      // AKS drains the pool it deletes honouring the PDB: relaxed, the replacement completes.
      await allowOneDisruption(s.kc, APP_NS, 'api-pdb');
      await s.objects.waitForPool('user1', 'replaced by the twin', isReplaced, 2 * WAIT_MS);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Force deletes the pods a zero-budget PDB holds after the timeout, with one Warning event per pod, and completes',
    async () => {
      const s = await setup(
        'np-bg-force',
        { maxUnavailable: 0 },
        { blueGreen: { drainTimeoutInMinutes: 1, onDrainTimeout: 'Force', drainBatchSize: 3 } },
      );
      const before = (await listPods(s.kc, APP_NS, 'api')).map((p) => p.metadata?.name ?? '').sort();
      await annotateUpgrade(s.objects);
      await s.objects.waitForPool('user1', 'replaced by the twin', isReplaced, 3 * WAIT_MS);
      const forced = (await s.objects.events('user1')).filter(
        (e) => e.type === 'Warning' && e.reason === 'ForceDeletedPod',
      );
      expect(
        forced.map((e) => before.find((name) => e.message.includes(`${APP_NS}/${name} `))).sort(),
      ).toEqual(before);
      expect(forced.every((e) => e.message.includes('api-pdb'))).toBe(true);
      await waitForReadyPods(s.kc, APP_NS, 'api', 3);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'names a Pending replacement with the scheduler message when it leaves a PDB no eviction',
    async () => {
      const s = await setup('np-bg-pending', { maxUnavailable: 1 }, {});
      // `pinned` may run only on the old pool: an evicted replica's replacement has nowhere to go.
      const labels = { app: 'pinned' };
      await s.kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
        namespace: APP_NS,
        body: {
          metadata: { name: 'pinned', labels },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
                terminationGracePeriodSeconds: 1,
                nodeSelector: { [AGENT_POOL_LABEL]: 'user1' },
              },
            },
          },
        },
      });
      await createPdb(s.kc, { namespace: APP_NS, name: 'pinned-pdb', app: 'pinned', maxUnavailable: 1 });
      await waitForReadyPods(s.kc, APP_NS, 'pinned', 2);
      await waitForPdb(s.kc, APP_NS, 'pinned-pdb', (p) => p.status?.currentHealthy === 2);
      await annotateUpgrade(s.objects);
      const np = await s.objects.waitForPool(
        'user1',
        'blocked by the Pending replacement',
        (p) =>
          p.status?.upgrade?.phase === 'Blocked' &&
          (p.status.upgrade.blockedBy ?? []).some(
            (b) => b.kind === 'Pod' && b.reason === 'ReplacementPending',
          ),
        2 * WAIT_MS,
      );
      const blockers = np.status?.upgrade?.blockedBy ?? [];
      const pending = blockers.find((b) => b.reason === 'ReplacementPending');
      const pods = await listPods(s.kc, APP_NS, 'pinned');
      expect(pods.find((p) => p.metadata?.name === pending?.name)?.status?.phase).toBe('Pending');
      // The scheduler's own words: no node of the cluster can take it.
      expect(pending?.message).toMatch(/nodes are available/);
      expect(blockers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'PodDisruptionBudget',
            name: 'pinned-pdb',
            reason: 'EffectiveZeroBudget',
          }),
        ]),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
