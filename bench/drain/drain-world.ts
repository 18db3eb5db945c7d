// The drain benchmark's world, built the same way on each fresh cluster: nodes to drain full of pods of
// several Deployments, each guarded by a `maxUnavailable: 1` PDB, and replacement nodes with room for all
// of them. Ends with the old nodes cordoned, the new ones schedulable, every pod Ready, every PDB at 1.
import { AppsV1Api, CoreV1Api, PatchStrategy, PolicyV1Api, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig, V1Node, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { fakeNodeManifest, isNodeReady } from '../../test/support/nodes.js';
import { waitFor } from '../../test/support/wait.js';
import { mapLimit } from '../stats.js';
import { pauseDeployment } from './pause-deployment.js';

export const DRAIN_WORLD = {
  namespace: 'drain-bench',
  drainedNodes: 5,
  /** Pod capacity of a node to drain: the scheduler fills each one exactly. */
  podsPerNode: 40,
  replacementNodes: 5,
  deployments: 10,
  maxUnavailable: 1,
} as const;

export const REPLICAS = (DRAIN_WORLD.drainedNodes * DRAIN_WORLD.podsPerNode) / DRAIN_WORLD.deployments;
const READY_TIMEOUT_MS = 3 * 60_000;
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export interface DrainWorld {
  namespace: string;
  drainedNodes: string[];
  replacementNodes: string[];
  /** Deployment names; each Deployment's pods and PDB carry `app: <name>`. */
  apps: string[];
  replicas: number;
  /** Ready pods each Deployment must keep: replicas − maxUnavailable. */
  minReady: number;
}

const nodeNames = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

function pdb(app: string, namespace: string): V1PodDisruptionBudget {
  return {
    metadata: { name: app, namespace },
    spec: { maxUnavailable: DRAIN_WORLD.maxUnavailable, selector: { matchLabels: { app } } },
  };
}

const hasTaint = (node: V1Node, key: string): boolean =>
  node.spec?.taints?.some((t) => t.key === key) === true;

async function createNodes(kc: KubeConfig, world: DrainWorld, signal: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const old = world.drainedNodes.map((name) =>
    fakeNodeManifest({ name, pods: DRAIN_WORLD.podsPerNode, labels: { pool: 'old' } }),
  );
  // Created cordoned, so the first pods all land on the nodes to drain.
  const fresh = world.replacementNodes.map((name) =>
    fakeNodeManifest({ name, pods: 110, labels: { pool: 'new' }, isUnschedulable: true }),
  );
  await mapLimit([...old, ...fresh], 5, (body) => core.createNode({ body }));
  const all = new Set([...world.drainedNodes, ...world.replacementNodes]);
  await waitFor(async () => (await core.listNode()).items.filter((n) => all.has(n.metadata?.name ?? '')), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 250,
    signal,
    until: (nodes) => nodes.length === all.size && nodes.every(isNodeReady),
    message: `${all.size} nodes to become Ready`,
  });
}

async function waitForWorkloads(kc: KubeConfig, world: DrainWorld, signal: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const drained = new Set(world.drainedNodes);
  const total = world.apps.length * world.replicas;
  await waitFor(() => core.listNamespacedPod({ namespace: world.namespace }), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    signal,
    until: (list) =>
      list.items.filter(
        (p) =>
          drained.has(p.spec?.nodeName ?? '') &&
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length === total,
    message: `${total} pods Ready on the nodes to drain`,
  });
  await waitFor(() => policy.listNamespacedPodDisruptionBudget({ namespace: world.namespace }), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    signal,
    until: (list) =>
      list.items.length === world.apps.length &&
      list.items.every(
        (b) =>
          b.status?.observedGeneration === b.metadata?.generation &&
          b.status?.disruptionsAllowed === DRAIN_WORLD.maxUnavailable &&
          b.status?.currentHealthy === world.replicas,
      ),
    message: `every PDB to allow ${DRAIN_WORLD.maxUnavailable} disruption`,
  });
}

/** Old nodes cordoned, new ones schedulable (their unschedulable taint gone too, so the scheduler uses them). */
async function swapSchedulable(kc: KubeConfig, world: DrainWorld, signal: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const set = (name: string, unschedulable: boolean): Promise<V1Node> =>
    core.patchNode({ name, body: { spec: { unschedulable } } }, merge);
  await mapLimit(world.drainedNodes, 5, (n) => set(n, true));
  await mapLimit(world.replacementNodes, 5, (n) => set(n, false));
  const fresh = new Set(world.replacementNodes);
  await waitFor(async () => (await core.listNode()).items.filter((n) => fresh.has(n.metadata?.name ?? '')), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 250,
    signal,
    until: (nodes) => nodes.every((n) => !hasTaint(n, UNSCHEDULABLE_TAINT)),
    message: 'replacement nodes to lose their unschedulable taint',
  });
}

export async function buildDrainWorld(
  kc: KubeConfig,
  signal: AbortSignal,
  progress: (m: string) => void,
): Promise<DrainWorld> {
  const world: DrainWorld = {
    namespace: DRAIN_WORLD.namespace,
    drainedNodes: nodeNames('old', DRAIN_WORLD.drainedNodes),
    replacementNodes: nodeNames('new', DRAIN_WORLD.replacementNodes),
    apps: Array.from({ length: DRAIN_WORLD.deployments }, (_, i) => `app-${i + 1}`),
    replicas: REPLICAS,
    minReady: REPLICAS - DRAIN_WORLD.maxUnavailable,
  };
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  await core.createNamespace({ body: { metadata: { name: world.namespace } } });
  await createNodes(kc, world, signal);
  progress(`${world.drainedNodes.length + world.replacementNodes.length} nodes Ready`);
  await mapLimit(world.apps, 5, (app) =>
    policy.createNamespacedPodDisruptionBudget({
      namespace: world.namespace,
      body: pdb(app, world.namespace),
    }),
  );
  await mapLimit(world.apps, 5, (app) =>
    apps.createNamespacedDeployment({
      namespace: world.namespace,
      body: pauseDeployment({ app, namespace: world.namespace, replicas: REPLICAS }),
    }),
  );
  await waitForWorkloads(kc, world, signal);
  progress(`${world.apps.length} Deployments × ${world.replicas} pods Ready, every PDB allows 1`);
  await swapSchedulable(kc, world, signal);
  progress(`nodes to drain cordoned, replacement nodes schedulable`);
  return world;
}
