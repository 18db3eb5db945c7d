// The blue/green benchmark's single-replica workloads: Deployments of one pod under a `minAvailable: 1`
// PDB, so their PDB never allows an eviction, opted in to rollouts by their owner. Created on the pool
// being replaced, then watched at every pod event for the fewest Ready pods each had and their pods Pending.
import { AppsV1Api, CoreV1Api, PolicyV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { DRAIN_ROLLOUT_ALLOWED, DRAIN_ROLLOUT_ANNOTATION } from '../../src/api/index.js';
import { Informer, kubeListWatch } from '../../src/runtime/index.js';
import { waitFor } from '../../test/support/wait.js';
import { pauseDeployment } from './pause-deployment.js';
import { PendingPods, podState } from './pending-pods.js';

const READY_TIMEOUT_MS = 4 * 60_000;
const SYNC_TIMEOUT_MS = 60_000;

export interface SingleReplicaWorkloads {
  namespace: string;
  apps: string[];
}

const isReady = (pod: V1Pod): boolean =>
  pod.metadata?.deletionTimestamp == null &&
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Creates the workloads on the nodes labelled `nodeSelector` and waits until each has its Ready pod. */
export async function createSingleReplicaWorkloads(
  kc: KubeConfig,
  w: SingleReplicaWorkloads,
  nodeSelector: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const { namespace } = w;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  const policy = kc.makeApiClient(PolicyV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  for (const app of w.apps) {
    await policy.createNamespacedPodDisruptionBudget({
      namespace,
      body: {
        metadata: { name: app, namespace },
        spec: { minAvailable: 1, selector: { matchLabels: { app } } },
      },
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: pauseDeployment({
        app,
        namespace,
        replicas: 1,
        nodeSelector,
        annotations: { [DRAIN_ROLLOUT_ANNOTATION]: DRAIN_ROLLOUT_ALLOWED },
        isQuickToStop: true,
      }),
    });
  }
  await waitFor(() => policy.listNamespacedPodDisruptionBudget({ namespace }), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    signal,
    until: (list) =>
      list.items.length === w.apps.length && list.items.every((b) => b.status?.currentHealthy === 1),
    message: `${w.apps.length} single-replica workloads Ready`,
  });
}

/** The fewest Ready pods each workload had at any pod event since `arm`. */
export class FewestReady {
  private readonly pods: Informer<V1Pod>;
  private readonly fewest = new Map<string, number>();
  private isArmed = false;

  /** Their pods Pending since `arm` (shared with other watchers when given). */
  readonly pending: PendingPods;

  constructor(
    kc: KubeConfig,
    private readonly w: SingleReplicaWorkloads,
    options: { pending?: PendingPods } = {},
  ) {
    this.pending = options.pending ?? new PendingPods();
    this.pods = new Informer<V1Pod>({
      name: 'single-replica-pods',
      source: kubeListWatch<V1Pod>(kc, { group: '', version: 'v1', plural: 'pods', namespace: w.namespace }),
      resyncPeriodMs: 0,
    });
    const onPod = (pod: V1Pod, isDeleted: boolean): void => {
      if (this.isArmed) this.pending.observe(podState(pod, isDeleted), performance.now());
      this.check();
    };
    this.pods.addHandler({
      onAdd: (p) => onPod(p, false),
      onUpdate: (_, p) => onPod(p, false),
      onDelete: (p) => onPod(p, true),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    this.pods.start();
    await this.pods.waitForSync(AbortSignal.any([signal, AbortSignal.timeout(SYNC_TIMEOUT_MS)]));
  }

  arm(): void {
    this.isArmed = true;
    const now = performance.now();
    for (const pod of this.pods.list()) this.pending.observe(podState(pod, false), now);
    this.check();
  }

  /** Per workload, in `apps` order. */
  get counts(): number[] {
    return this.w.apps.map((app) => this.fewest.get(app) ?? 0);
  }

  stop(): Promise<void> {
    return this.pods.stop();
  }

  private check(): void {
    if (!this.isArmed) return;
    for (const app of this.w.apps) {
      const ready = this.pods.list().filter((p) => p.metadata?.labels?.app === app && isReady(p)).length;
      this.fewest.set(app, Math.min(this.fewest.get(app) ?? ready, ready));
    }
  }
}
