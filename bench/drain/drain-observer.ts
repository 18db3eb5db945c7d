// Watches the drain world's pods and PDBs continuously. At every pod event it counts each Deployment's
// ready pods (Ready and not being deleted, as the disruption controller counts them) against
// replicas − maxUnavailable: a count below is a PDB violation. It also counts pods leaving the drained
// nodes and times pods Pending, and lets callers wait for a condition re-checked at every event.
import { Informer, kubeListWatch } from '../../src/runtime/index.js';
import type { KubeConfig, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DrainWorld } from './drain-world.js';
import { EventWaiters } from '../event-waiters.js';
import { PendingPods, podState } from './pending-pods.js';

const SYNC_TIMEOUT_MS = 60_000;

export interface Violation {
  app: string;
  ready: number;
  atMs: number;
}

const isReady = (pod: V1Pod): boolean =>
  pod.metadata?.deletionTimestamp == null &&
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

export class DrainObserver {
  private readonly pods: Informer<V1Pod>;
  private readonly pdbs: Informer<V1PodDisruptionBudget>;
  private readonly waiters = new EventWaiters();
  private readonly violating = new Set<string>();
  /** Pods on the drained nodes when counting started, by uid. */
  private readonly toLeave = new Set<string>();
  private readonly left = new Set<string>();
  /** Per app: PDB events seen that allowed no disruption. */
  private readonly pdbZeroEvents = new Map<string, number>();
  private isArmed = false;
  /** When the first and the last of those pods was seen leaving (performance.now()). */
  leftSpan: { firstAt: number; lastAt: number } | undefined;
  readonly violations: Violation[] = [];
  /** Smallest ready − minReady seen while armed. */
  minHeadroom = Number.POSITIVE_INFINITY;

  /** Pods Pending since `arm`, with how long each was (shared with other watchers when given). */
  readonly pending: PendingPods;

  constructor(
    kc: KubeConfig,
    private readonly world: DrainWorld,
    options: { pending?: PendingPods } = {},
  ) {
    this.pending = options.pending ?? new PendingPods();
    const namespace = world.namespace;
    this.pods = new Informer<V1Pod>({
      name: 'pods',
      source: kubeListWatch<V1Pod>(kc, { group: '', version: 'v1', plural: 'pods', namespace }),
      resyncPeriodMs: 0,
    });
    this.pdbs = new Informer<V1PodDisruptionBudget>({
      name: 'pdbs',
      source: kubeListWatch<V1PodDisruptionBudget>(kc, {
        group: 'policy',
        version: 'v1',
        plural: 'poddisruptionbudgets',
        namespace,
      }),
      resyncPeriodMs: 0,
    });
    this.pods.addHandler({
      onAdd: (p) => this.onPod(p, false),
      onUpdate: (_, p) => this.onPod(p, false),
      onDelete: (p) => this.onPod(p, true),
    });
    const onPdb = (b: V1PodDisruptionBudget): void => this.onPdb(b);
    this.pdbs.addHandler({ onAdd: onPdb, onUpdate: (_, b) => onPdb(b) });
  }

  async start(signal: AbortSignal): Promise<void> {
    this.pods.start();
    this.pdbs.start();
    const bound = AbortSignal.any([signal, AbortSignal.timeout(SYNC_TIMEOUT_MS)]);
    await Promise.all([this.pods.waitForSync(bound), this.pdbs.waitForSync(bound)]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.pods.stop(), this.pdbs.stop()]);
  }

  /** From now on: check every event for violations, count pods leaving the drained nodes, time pods Pending. */
  arm(): void {
    const drained = new Set(this.world.drainedNodes);
    const now = performance.now();
    for (const pod of this.pods.list()) {
      this.pending.observe(podState(pod, false), now);
      const uid = pod.metadata?.uid;
      if (uid && drained.has(pod.spec?.nodeName ?? '') && pod.metadata?.deletionTimestamp == null)
        this.toLeave.add(uid);
    }
    this.isArmed = true;
    for (const app of this.world.apps) this.checkApp(app);
  }

  /** Lists the pod and PDB watches have made (one each when they never lost their stream). */
  get relists(): number {
    return this.pods.relistCount + this.pdbs.relistCount;
  }

  /** Pods that were on the drained nodes when armed. */
  get podsToLeave(): number {
    return this.toLeave.size;
  }

  /** Of those, the ones deleted or being deleted since. */
  get podsLeft(): number {
    return this.left.size;
  }

  readyCount(app: string): number {
    return this.pods.list(this.world.namespace).filter((p) => p.metadata?.labels?.app === app && isReady(p))
      .length;
  }

  readyPodNames(app: string): string[] {
    return this.pods
      .list(this.world.namespace)
      .filter((p) => p.metadata?.labels?.app === app && isReady(p))
      .map((p) => p.metadata?.name ?? '');
  }

  /** A Ready pod of the app not being deleted, if any. */
  readyPod(app: string): V1Pod | undefined {
    return this.pods.list(this.world.namespace).find((p) => p.metadata?.labels?.app === app && isReady(p));
  }

  isReadyPod(app: string, name: string): boolean {
    const pod = this.pods.get({ namespace: this.world.namespace, name });
    return pod !== undefined && pod.metadata?.labels?.app === app && isReady(pod);
  }

  disruptionsAllowed(app: string): number | undefined {
    return this.pdbs.get({ namespace: this.world.namespace, name: app })?.status?.disruptionsAllowed;
  }

  zeroEvents(app: string): number {
    return this.pdbZeroEvents.get(app) ?? 0;
  }

  /** Resolves once `check` holds, re-checked at every pod and PDB event; rejects at the deadline. */
  waitUntil(check: () => boolean, what: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return this.waiters.waitUntil(check, what, timeoutMs, signal);
  }

  private onPod(pod: V1Pod, isDeleted: boolean): void {
    const uid = pod.metadata?.uid ?? '';
    if (
      this.toLeave.has(uid) &&
      !this.left.has(uid) &&
      (isDeleted || pod.metadata?.deletionTimestamp != null)
    ) {
      this.left.add(uid);
      const now = performance.now();
      this.leftSpan = { firstAt: this.leftSpan?.firstAt ?? now, lastAt: now };
    }
    if (this.isArmed) this.pending.observe(podState(pod, isDeleted), performance.now());
    const app = pod.metadata?.labels?.app;
    if (this.isArmed && app) this.checkApp(app);
    this.waiters.notify();
  }

  private onPdb(pdb: V1PodDisruptionBudget): void {
    const app = pdb.metadata?.name ?? '';
    if (pdb.status?.disruptionsAllowed === 0) this.pdbZeroEvents.set(app, this.zeroEvents(app) + 1);
    this.waiters.notify();
  }

  private checkApp(app: string): void {
    const ready = this.readyCount(app);
    this.minHeadroom = Math.min(this.minHeadroom, ready - this.world.minReady);
    if (ready < this.world.minReady) {
      // One violation per episode: counted when the app drops below, not at every event while below.
      if (!this.violating.has(app)) this.violations.push({ app, ready, atMs: Date.now() });
      this.violating.add(app);
    } else this.violating.delete(app);
  }
}
