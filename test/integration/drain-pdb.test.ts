// Real: the management cluster's API server, scheduler, ReplicaSet/DaemonSet/disruption controllers and
// kwok nodes. Proves the drain evicts through the Eviction API without ever breaking a PDB, leaves
// DaemonSet pods, drains pods that land after cordon, and names the pod and PDB when a budget blocks.

import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeDrainCluster, drainNodes, drainStep, renderDrainReport } from '../../src/drain/index.js';
import type { DrainReport } from '../../src/drain/index.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';
import {
  ReadyCountWatch,
  createDeployment,
  createPdb,
  isPodReady,
  listPods,
  newFence,
  setPodReady,
  waitForPdb,
  waitForReadyPods,
} from './drain-fixtures.js';
import type { Fence } from './drain-fixtures.js';

const TEST_TIMEOUT_MS = 120_000;
let kc: KubeConfig;
let ns: TestNamespace;
let fence: Fence;

beforeEach(async () => {
  kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'drain-pdb');
  fence = newFence(kc);
});

afterEach(async () => {
  await fence.cleanup();
  await ns.delete();
});

const abort = (): AbortSignal => AbortSignal.timeout(90_000);

describe('drain against the real control plane', () => {
  it(
    'S7/S1: drains 3 nodes under a maxUnavailable 1 PDB without ever breaking it; DaemonSet pods stay',
    async () => {
      const blue = await fence.createNodes('blue', 3);
      await createDeployment(kc, {
        namespace: ns.name,
        name: 'api',
        replicas: 3,
        fence,
        spreadOnePerNode: true,
      });
      await createPdb(kc, { namespace: ns.name, name: 'api-pdb', app: 'api', maxUnavailable: 1 });
      await kc.makeApiClient(AppsV1Api).createNamespacedDaemonSet({
        namespace: ns.name,
        body: {
          metadata: { name: 'agent' },
          spec: {
            selector: { matchLabels: { app: 'agent' } },
            template: {
              metadata: { labels: { app: 'agent' } },
              spec: { containers: [{ name: 'a', image: 'registry.invalid/agent:1' }], ...fence.podPlacement },
            },
          },
        },
      });
      await waitForReadyPods(kc, ns.name, 'api', 3);
      await waitForReadyPods(kc, ns.name, 'agent', 3);
      await waitForPdb(kc, ns.name, 'api-pdb', (p) => p.status?.disruptionsAllowed === 1);
      const green = await fence.createNodes('green', 3);

      const watch = new ReadyCountWatch(kc, ns.name, 'api');
      await watch.start();
      try {
        const result = await drainNodes(
          blue,
          { cluster: new KubeDrainCluster(kc), nodeConcurrency: 3, pollIntervalMs: 250 },
          abort(),
        );
        expect(result.reports.map((r) => r.phase)).toEqual(['Drained', 'Drained', 'Drained']);
        expect(result.isComplete).toBe(true);
      } finally {
        watch.stop();
      }
      expect(watch.events).toBeGreaterThan(0);
      expect(watch.minReady).toBeGreaterThanOrEqual(2);

      const api = await waitForReadyPods(kc, ns.name, 'api', 3);
      expect(api.every((p) => green.includes(p.spec?.nodeName ?? ''))).toBe(true);
      const agents = await listPods(kc, ns.name, 'agent');
      expect(
        agents.filter((p) => blue.includes(p.spec?.nodeName ?? '') && !p.metadata?.deletionTimestamp),
      ).toHaveLength(3);
      const nodes = await Promise.all(blue.map((name) => kc.makeApiClient(CoreV1Api).readNode({ name })));
      expect(nodes.every((n) => n.spec?.unschedulable === true)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'S16: a minAvailable 100% PDB blocks the drain and the report names the pod and the PDB',
    async () => {
      const [node] = await fence.createNodes('blue', 1);
      await createDeployment(kc, { namespace: ns.name, name: 'db', replicas: 1, fence });
      await createPdb(kc, { namespace: ns.name, name: 'db-pdb', app: 'db', minAvailable: '100%' });
      const [pod] = await waitForReadyPods(kc, ns.name, 'db', 1);
      await waitForPdb(kc, ns.name, 'db-pdb', (p) => p.status?.expectedPods === 1);

      const result = await drainStep(node as string, { cluster: new KubeDrainCluster(kc) }, abort());
      expect(result.isDone).toBe(false);
      expect(result.report.blocked).toEqual([
        expect.objectContaining({
          pod: expect.objectContaining({ name: pod?.metadata?.name }),
          reason: 'PDBBlocked',
          pdbNames: ['db-pdb'],
          pdbs: [
            expect.objectContaining({
              zero: 'Structural',
              structuralReason: 'minAvailable is 100%',
              desiredHealthy: 1,
              currentHealthy: 1,
              disruptionsAllowed: 0,
            }),
          ],
        }),
      ]);
      const rendered = renderDrainReport(result.report, Date.now());
      expect(rendered.reason).toBe('PDBBlocked');
      expect(rendered.message).toContain(`${ns.name}/${pod?.metadata?.name}`);
      expect(rendered.message).toContain(
        `PDB ${ns.name}/db-pdb allows no disruption by its spec (minAvailable is 100%)`,
      );
      expect((await listPods(kc, ns.name, 'db')).filter(isPodReady)).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'S17/S18: an unready sibling makes an effective PDB-zero that is reported; the unready pod itself may go',
    async () => {
      const blue = await fence.createNodes('blue', 3);
      await createDeployment(kc, {
        namespace: ns.name,
        name: 'api',
        replicas: 3,
        fence,
        spreadOnePerNode: true,
      });
      await createPdb(kc, { namespace: ns.name, name: 'api-pdb', app: 'api', maxUnavailable: 1 });
      const pods = await waitForReadyPods(kc, ns.name, 'api', 3);
      const sick = pods[0];
      const healthy = pods[1];
      await setPodReady(kc, ns.name, sick?.metadata?.name ?? '', false);
      await waitForPdb(
        kc,
        ns.name,
        'api-pdb',
        (p) => p.status?.currentHealthy === 2 && p.status.disruptionsAllowed === 0,
      );

      const cluster = new KubeDrainCluster(kc);
      const blocked = await drainStep(healthy?.spec?.nodeName ?? '', { cluster }, abort());
      expect(blocked.report.evicted).toEqual([]);
      expect(blocked.report.blocked[0]).toMatchObject({ reason: 'PDBBlocked', pdbNames: ['api-pdb'] });
      expect(blocked.report.blocked[0]?.message).toContain('needs 2 healthy pods and has 2 currently');
      expect(blocked.report.blocked[0]?.pdbs[0]).toMatchObject({
        zero: 'Effective',
        unreadyPods: [
          {
            pod: expect.objectContaining({ name: sick?.metadata?.name }),
            node: sick?.spec?.nodeName,
            reason: 'Ready=False SimulatedCrash',
          },
        ],
      });
      expect(renderDrainReport(blocked.report, Date.now()).message).toContain(
        `1 unready: ${ns.name}/${sick?.metadata?.name} on ${sick?.spec?.nodeName}`,
      );

      // IfHealthyBudget (the default): the unready pod is evicted without consuming the budget.
      const unreadyNode = await drainStep(sick?.spec?.nodeName ?? '', { cluster }, abort());
      expect(unreadyNode.report.evicted.map((p) => p.name)).toEqual([sick?.metadata?.name]);
      expect(blue).toContain(sick?.spec?.nodeName);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'S33: a pod that lands on the node after the first pass is evicted by the next one',
    async () => {
      const [node] = await fence.createNodes('blue', 1);
      await fence.createNodes('green', 1);
      const core = kc.makeApiClient(CoreV1Api);
      const owner = await core.createNamespacedConfigMap({
        namespace: ns.name,
        body: { metadata: { name: 'owner' } },
      });
      const cluster = new KubeDrainCluster(kc);
      const first = await drainStep(node as string, { cluster }, abort());
      expect(first.report).toMatchObject({ cordonedNow: true, remaining: 0, phase: 'Drained' });

      // Bypasses the scheduler, as a pod with spec.nodeName does; managed (it has a controller that exists).
      await core.createNamespacedPod({
        namespace: ns.name,
        body: {
          metadata: {
            name: 'late',
            labels: { app: 'late' },
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                name: 'owner',
                uid: owner.metadata?.uid ?? '',
                controller: true,
              },
            ],
          },
          spec: {
            nodeName: node,
            containers: [{ name: 'c', image: 'registry.invalid/late:1' }],
            terminationGracePeriodSeconds: 1,
            tolerations: fence.podPlacement.tolerations,
          },
        },
      });
      await waitForReadyPods(kc, ns.name, 'late', 1);
      const reports: DrainReport[] = [];
      const result = await drainNodes(
        [node as string],
        { cluster, pollIntervalMs: 250, onReport: (r) => reports.push(r) },
        abort(),
      );
      expect(result.isComplete).toBe(true);
      expect(reports.flatMap((r) => r.evicted.map((p) => p.name))).toEqual(['late']);
      await waitFor(() => listPods(kc, ns.name, 'late'), {
        timeoutMs: 30_000,
        message: 'late pod gone',
        until: (p) => p.length === 0,
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'S8: a pod selected by two PDBs is reported MultiplePDBs with both names',
    async () => {
      const [node] = await fence.createNodes('blue', 1);
      await createDeployment(kc, { namespace: ns.name, name: 'api', replicas: 2, fence });
      await createPdb(kc, { namespace: ns.name, name: 'pdb-a', app: 'api', maxUnavailable: 1 });
      await createPdb(kc, { namespace: ns.name, name: 'pdb-b', app: 'api', minAvailable: 1 });
      await waitForReadyPods(kc, ns.name, 'api', 2);
      const result = await drainStep(
        node as string,
        { cluster: new KubeDrainCluster(kc), podConcurrency: 1 },
        abort(),
      );
      expect(result.report.blocked.map((b) => [b.reason, b.pdbNames])).toEqual([
        ['MultiplePDBs', ['pdb-a', 'pdb-b']],
        ['MultiplePDBs', ['pdb-a', 'pdb-b']],
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});
