// Shared set-up for the drain and pre-flight integration tests: kwok nodes fenced off with a unique
// label and taint (the management cluster is shared by test files running at once), Deployments and
// PDBs that only land there, readiness patches, and a continuous watch of a workload's ready count.

import { randomBytes } from 'node:crypto';
import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  PolicyV1Api,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { KubeConfig, V1Pod, V1PodDisruptionBudget, V1PodSpec } from '@kubernetes/client-node';
import { createFakeNode, deleteFakeNode, waitForNodeReady } from '../support/nodes.js';
import { waitFor } from '../support/wait.js';

export const FENCE_KEY = 'drain-test.aks.lifecycle.dev/fence';

export interface Fence {
  id: string;
  /** Pod spec parts that keep pods on the fenced nodes. */
  podPlacement: Pick<V1PodSpec, 'nodeSelector' | 'tolerations'>;
  createNodes(prefix: string, count: number, options?: { pods?: number }): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function newFence(kc: KubeConfig): Fence {
  const id = randomBytes(3).toString('hex');
  const created: string[] = [];
  return {
    id,
    podPlacement: {
      nodeSelector: { [FENCE_KEY]: id },
      tolerations: [{ key: FENCE_KEY, operator: 'Equal', value: id, effect: 'NoSchedule' }],
    },
    async createNodes(prefix, count, options = {}) {
      const names = Array.from({ length: count }, (_, i) => `${prefix}-${id}-${i}`);
      for (const name of names) {
        await createFakeNode(kc, {
          name,
          labels: { [FENCE_KEY]: id },
          taints: [{ key: FENCE_KEY, value: id, effect: 'NoSchedule' }],
          ...(options.pods !== undefined ? { pods: options.pods } : {}),
        });
        created.push(name);
      }
      for (const name of names) await waitForNodeReady(kc, name);
      return names;
    },
    async cleanup() {
      for (const name of created) await deleteFakeNode(kc, name);
    },
  };
}

export async function createDeployment(
  kc: KubeConfig,
  opts: {
    namespace: string;
    name: string;
    replicas: number;
    fence: Fence;
    spreadOnePerNode?: boolean;
    podSpec?: Partial<V1PodSpec>;
  },
): Promise<void> {
  const labels = { app: opts.name };
  const antiAffinity = opts.spreadOnePerNode
    ? {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      }
    : undefined;
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: opts.namespace,
    body: {
      metadata: { name: opts.name, labels },
      spec: {
        replicas: opts.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
            terminationGracePeriodSeconds: 1,
            ...opts.fence.podPlacement,
            ...(antiAffinity ? { affinity: antiAffinity } : {}),
            ...opts.podSpec,
          },
        },
      },
    },
  });
}

export async function createPdb(
  kc: KubeConfig,
  opts: {
    namespace: string;
    name: string;
    app: string;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  },
): Promise<void> {
  await kc.makeApiClient(PolicyV1Api).createNamespacedPodDisruptionBudget({
    namespace: opts.namespace,
    body: {
      metadata: { name: opts.name },
      spec: {
        selector: { matchLabels: { app: opts.app } },
        ...(opts.minAvailable !== undefined ? { minAvailable: opts.minAvailable } : {}),
        ...(opts.maxUnavailable !== undefined ? { maxUnavailable: opts.maxUnavailable } : {}),
      },
    },
  });
}

/** Relaxes a PDB to `maxUnavailable: 1` (and no minAvailable), so one of its pods may be evicted at a time. */
export async function allowOneDisruption(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  await kc
    .makeApiClient(PolicyV1Api)
    .patchNamespacedPodDisruptionBudget(
      { name, namespace, body: { spec: { minAvailable: null, maxUnavailable: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
}

/** Waits until the disruption controller has observed the PDB and `until` holds for its status. */
export function waitForPdb(
  kc: KubeConfig,
  namespace: string,
  name: string,
  until: (pdb: V1PodDisruptionBudget) => boolean,
  timeoutMs = 30_000,
): Promise<V1PodDisruptionBudget> {
  const policy = kc.makeApiClient(PolicyV1Api);
  return waitFor(() => policy.readNamespacedPodDisruptionBudget({ name, namespace }), {
    timeoutMs,
    message: `PDB ${namespace}/${name} to be observed and match`,
    until: (pdb) => (pdb.status?.observedGeneration ?? 0) >= (pdb.metadata?.generation ?? 1) && until(pdb),
  });
}

export function isPodReady(pod: V1Pod): boolean {
  return (
    !pod.metadata?.deletionTimestamp &&
    (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false)
  );
}

export async function listPods(kc: KubeConfig, namespace: string, app: string): Promise<V1Pod[]> {
  return (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `app=${app}` }))
    .items;
}

export function waitForReadyPods(
  kc: KubeConfig,
  namespace: string,
  app: string,
  count: number,
  timeoutMs = 60_000,
): Promise<V1Pod[]> {
  return waitFor(() => listPods(kc, namespace, app), {
    timeoutMs,
    intervalMs: 250,
    message: `${count} ready pods of ${namespace}/${app}`,
    until: (pods) => pods.filter(isPodReady).length === count,
  });
}

/** Sets a pod's Ready condition through the status subresource (kwok leaves it as set). */
export async function setPodReady(
  kc: KubeConfig,
  namespace: string,
  name: string,
  isReady: boolean,
): Promise<void> {
  const status = isReady ? 'True' : 'False';
  await kc.makeApiClient(CoreV1Api).patchNamespacedPodStatus(
    {
      name,
      namespace,
      body: {
        status: {
          conditions: [
            { type: 'Ready', status, reason: isReady ? undefined : 'SimulatedCrash' },
            { type: 'ContainersReady', status },
          ],
        },
      },
    },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}

/** Watches a workload's pods and records the lowest number of ready pods seen after any event. */
export class ReadyCountWatch {
  minReady = Infinity;
  events = 0;
  private readonly ready = new Map<string, boolean>();
  private controller?: AbortController;

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly app: string,
  ) {}

  async start(): Promise<void> {
    const list = await this.kc
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: this.namespace, labelSelector: `app=${this.app}` });
    for (const p of list.items) this.ready.set(p.metadata?.uid ?? '', isPodReady(p));
    this.minReady = this.count();
    const rv = list.metadata?.resourceVersion;
    this.controller = await new Watch(this.kc).watch(
      `/api/v1/namespaces/${this.namespace}/pods`,
      { labelSelector: `app=${this.app}`, resourceVersion: rv },
      (type: string, pod: V1Pod) => {
        this.events++;
        const uid = pod.metadata?.uid ?? '';
        if (type === 'DELETED') this.ready.delete(uid);
        else this.ready.set(uid, isPodReady(pod));
        this.minReady = Math.min(this.minReady, this.count());
      },
      () => {},
    );
  }

  count(): number {
    return [...this.ready.values()].filter(Boolean).length;
  }

  stop(): void {
    this.controller?.abort();
  }
}
