// Real: the management cluster's API server, scheduler, controllers and kwok nodes. Proves a drain that
// is killed mid-way resumes from what the cluster says (cordon and start time recorded on the node):
// no node is uncordoned, the start time is kept, no pod is evicted twice, and the drain completes.

import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { DRAIN_STARTED_ANNOTATION, KubeDrainCluster, drainNodes } from '../../src/drain/index.js';
import type { DrainReport, PodRef } from '../../src/drain/index.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { managementKubeConfig } from '../support/world.js';
import {
  ReadyCountWatch,
  createDeployment,
  createPdb,
  newFence,
  waitForPdb,
  waitForReadyPods,
} from './drain-fixtures.js';
import type { Fence } from './drain-fixtures.js';

let kc: KubeConfig;
let ns: TestNamespace;
let fence: Fence;

beforeEach(async () => {
  kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'drain-restart');
  fence = newFence(kc);
});

afterEach(async () => {
  await fence.cleanup();
  await ns.delete();
});

it('S30: a drain killed mid-way resumes: cordon and start time kept, each pod evicted at most once, drain completes', async () => {
  const blue = await fence.createNodes('blue', 2, { pods: 3 });
  await createDeployment(kc, { namespace: ns.name, name: 'api', replicas: 6, fence });
  await createPdb(kc, { namespace: ns.name, name: 'api-pdb', app: 'api', maxUnavailable: 1 });
  await waitForReadyPods(kc, ns.name, 'api', 6);
  await waitForPdb(kc, ns.name, 'api-pdb', (p) => p.status?.disruptionsAllowed === 1);
  await fence.createNodes('green', 1);
  const core = kc.makeApiClient(CoreV1Api);
  const evictedUids: string[] = [];
  const record = (_node: string, pod: PodRef): void => {
    evictedUids.push(pod.uid ?? '');
  };

  const watch = new ReadyCountWatch(kc, ns.name, 'api');
  await watch.start();
  try {
    // First run: killed after its second eviction.
    const killed = new AbortController();
    const first = drainNodes(
      blue,
      {
        cluster: new KubeDrainCluster(kc),
        pollIntervalMs: 250,
        onEvicted: (node, pod) => {
          record(node, pod);
          if (evictedUids.length >= 2) killed.abort(new Error('operator killed'));
        },
      },
      killed.signal,
    );
    await expect(first).rejects.toThrow('operator killed');
    const afterKill = await Promise.all(blue.map((name) => core.readNode({ name })));
    expect(afterKill.every((n) => n.spec?.unschedulable === true)).toBe(true);
    const startedAt = afterKill[0]?.metadata?.annotations?.[DRAIN_STARTED_ANNOTATION];
    expect(startedAt).toBeDefined();

    // Second run: a new process with no memory of the first.
    const reports: DrainReport[] = [];
    const second = await drainNodes(
      blue,
      {
        cluster: new KubeDrainCluster(kc),
        pollIntervalMs: 250,
        onEvicted: record,
        onReport: (r) => reports.push(r),
      },
      AbortSignal.timeout(90_000),
    );
    expect(second.isComplete).toBe(true);
    expect(reports.find((r) => r.node === blue[0])?.startedAt).toBe(startedAt);
    expect(new Set(evictedUids).size).toBe(evictedUids.length);
    expect(evictedUids.length).toBeLessThanOrEqual(6);
  } finally {
    watch.stop();
  }
  expect(watch.minReady).toBeGreaterThanOrEqual(5);
  await waitForReadyPods(kc, ns.name, 'api', 6);
}, 150_000);
