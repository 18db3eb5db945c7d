// Real: the management cluster's API server, scheduler, controllers and kwok nodes. Drains 5 nodes of
// 40 pods each (10 Deployments of 20 replicas, each under a maxUnavailable 1 PDB) and checks no budget
// is ever broken; prints the eviction rate (a figure to read, not asserted).

import type { KubeConfig } from '@kubernetes/client-node';
import { KubeDrainCluster, drainNodes } from '../../src/drain/index.js';
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

const NODES = 5;
const PODS_PER_NODE = 40;
const WORKLOADS = 10;
const REPLICAS = (NODES * PODS_PER_NODE) / WORKLOADS;

let kc: KubeConfig;
let ns: TestNamespace;
let fence: Fence;

beforeEach(async () => {
  kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'drain-throughput');
  fence = newFence(kc);
});

afterEach(async () => {
  await fence.cleanup();
  await ns.delete();
});

it('S7: drains 5 nodes x 40 pods under maxUnavailable 1 PDBs without breaking one', async () => {
  const blue = await fence.createNodes('blue', NODES, { pods: PODS_PER_NODE });
  const apps = Array.from({ length: WORKLOADS }, (_, i) => `app-${i}`);
  for (const app of apps) {
    await createDeployment(kc, { namespace: ns.name, name: app, replicas: REPLICAS, fence });
    await createPdb(kc, { namespace: ns.name, name: `${app}-pdb`, app, maxUnavailable: 1 });
  }
  for (const app of apps) {
    await waitForReadyPods(kc, ns.name, app, REPLICAS, 120_000);
    await waitForPdb(kc, ns.name, `${app}-pdb`, (p) => p.status?.disruptionsAllowed === 1);
  }
  await fence.createNodes('green', 2, { pods: 150 });
  const watches = apps.map((app) => new ReadyCountWatch(kc, ns.name, app));
  for (const w of watches) await w.start();

  let evicted = 0;
  const began = Date.now();
  try {
    const result = await drainNodes(
      blue,
      {
        cluster: new KubeDrainCluster(kc),
        nodeConcurrency: NODES,
        podConcurrency: 10,
        pollIntervalMs: 250,
        onReport: (r) => (evicted += r.evicted.length),
      },
      AbortSignal.timeout(280_000),
    );
    expect(result.isComplete).toBe(true);
  } finally {
    for (const w of watches) w.stop();
  }
  const seconds = (Date.now() - began) / 1000;
  process.stdout.write(
    `[drain-throughput] ${evicted} pods evicted from ${NODES} nodes in ${seconds.toFixed(1)} s: ${(evicted / seconds).toFixed(2)} pods/s ` +
      `(${WORKLOADS} Deployments x ${REPLICAS} replicas, maxUnavailable 1 each)\n`,
  );
  expect(evicted).toBe(NODES * PODS_PER_NODE);
  for (const w of watches) expect(w.minReady).toBeGreaterThanOrEqual(REPLICAS - 1);
}, 420_000);
