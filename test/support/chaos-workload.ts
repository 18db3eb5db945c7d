// The workload of a chaos run's data-plane cluster: a Deployment spread one pod per node of a pool under
// a maxUnavailable PDB, and a watch of its pods from then on that counts every moment fewer pods were
// Ready (and not terminating) than the PDB guarantees, and every pod that went away.
import type * as Arm from '@azure/arm-containerservice';
import { CoreV1Api, PolicyV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { createSpreadDeployment, workloadKubeConfig } from './blue-green-world.js';
import { waitFor } from './wait.js';

const READY_TIMEOUT_MS = 90_000;
/** A watch the API server ends is opened again after this pause, this many times at most. */
const REWATCH_DELAY_MS = 100;
const MAX_REWATCHES = 100;

export interface WorkloadFigures {
  /** Pod events seen; zero would mean the watch saw nothing and proves nothing. */
  events: number;
  /** The fewest Ready pods at any moment since the workload was Ready. */
  minReady: number;
  /** Times the Ready count fell below replicas - maxUnavailable. */
  violations: number;
  /** Pods deleted since the workload was Ready (evicted, as nothing else deletes them). */
  podsGone: number;
  /** Times the watch was opened again after the API server ended it. */
  rewatches: number;
}

function isServing(pod: V1Pod): boolean {
  return (
    !pod.metadata?.deletionTimestamp &&
    pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true
  );
}

export class ChaosWorkload {
  private kc?: KubeConfig;
  private readonly ready = new Map<string, boolean>();
  private readonly gone = new Set<string>();
  private readonly stopping = new AbortController();
  private watching?: AbortController;
  private resourceVersion?: string;
  /** Set when the watch reported an error (such as an expired resourceVersion): list again first. */
  private needsList = false;
  private floor = 0;
  private readonly f: WorkloadFigures = {
    events: 0,
    minReady: Infinity,
    violations: 0,
    podsGone: 0,
    rewatches: 0,
  };

  constructor(
    private readonly o: {
      /** A user's Azure client (its calls are kept out of the operator's figures). */
      azure: Arm.ContainerServiceClient;
      resourceGroup: string;
      namespace: string;
      app: string;
      replicas: number;
      maxUnavailable: number;
    },
  ) {}

  get isDeployed(): boolean {
    return this.kc !== undefined;
  }

  /** Deploys into `cluster`, waits until every replica is Ready and the PDB counts them, then watches. */
  async deploy(cluster: string): Promise<void> {
    const { azure, resourceGroup: rg, namespace, app, replicas, maxUnavailable } = this.o;
    // Azure throttles and fails now and then during the run: fetching the kubeconfig is retried.
    const kc = await waitFor(() => workloadKubeConfig(azure, rg, cluster), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 250,
      message: `the admin kubeconfig of cluster ${cluster}`,
    });
    await createSpreadDeployment(kc, { namespace, name: app, replicas });
    const policy = kc.makeApiClient(PolicyV1Api);
    await policy.createNamespacedPodDisruptionBudget({
      namespace,
      body: {
        metadata: { name: `${app}-pdb` },
        spec: { selector: { matchLabels: { app } }, maxUnavailable },
      },
    });
    await waitFor(() => policy.readNamespacedPodDisruptionBudget({ name: `${app}-pdb`, namespace }), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 250,
      message: `${replicas} Ready pods of ${namespace}/${app} counted by its PDB`,
      until: (pdb) => pdb.status?.currentHealthy === replicas && pdb.status.disruptionsAllowed === 1,
    });
    this.kc = kc;
    this.floor = replicas - maxUnavailable;
    await this.list();
    this.f.minReady = this.count();
    if (this.f.minReady < replicas) throw new Error(`only ${this.f.minReady} of ${replicas} pods are Ready`);
    await this.watch();
  }

  /** Pods Ready (and not terminating) now, as the watch sees them. */
  readyNow(): number {
    return this.count();
  }

  /** Pods Ready once every replica is back, or as many as are Ready after `timeoutMs`. */
  readyWithin(timeoutMs: number): Promise<number> {
    const { replicas } = this.o;
    return waitFor(() => this.readyNow(), {
      timeoutMs,
      intervalMs: 250,
      message: `${replicas} Ready pods of the workload`,
      until: (n) => n === replicas,
    }).catch(() => this.readyNow());
  }

  figures(): WorkloadFigures {
    return { ...this.f };
  }

  stop(): void {
    this.stopping.abort();
    this.watching?.abort();
  }

  private count(): number {
    return [...this.ready.values()].filter(Boolean).length;
  }

  private async list(): Promise<void> {
    const list = await this.client()
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: this.o.namespace, labelSelector: `app=${this.o.app}` });
    this.ready.clear();
    for (const p of list.items) this.ready.set(p.metadata?.uid ?? '', isServing(p));
    this.resourceVersion = list.metadata?.resourceVersion;
  }

  private client(): KubeConfig {
    if (!this.kc) throw new Error('the workload is not deployed');
    return this.kc;
  }

  private observe(type: string, pod: V1Pod): void {
    if (type === 'ERROR') {
      this.needsList = true;
      return;
    }
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
    this.f.events += 1;
    const uid = pod.metadata?.uid ?? '';
    const before = this.count();
    if (type === 'DELETED') {
      this.ready.delete(uid);
      if (!this.gone.has(uid)) {
        this.gone.add(uid);
        this.f.podsGone += 1;
      }
    } else {
      this.ready.set(uid, isServing(pod));
    }
    if (pod.metadata?.resourceVersion) this.resourceVersion = pod.metadata.resourceVersion;
    this.noteCount(before);
  }

  /** Records the Ready count now, `before` being the count it had. */
  private noteCount(before: number): void {
    const now = this.count();
    this.f.minReady = Math.min(this.f.minReady, now);
    if (now < this.floor && before >= this.floor) this.f.violations += 1;
  }

  private async watch(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.watching = await new Watch(this.client()).watch(
      `/api/v1/namespaces/${this.o.namespace}/pods`,
      { labelSelector: `app=${this.o.app}`, resourceVersion: this.resourceVersion },
      (type: string, pod: V1Pod) => this.observe(type, pod),
      () => this.reopen(),
    );
  }

  /** Opens the watch again after the API server ended it, listing first when it asked to. */
  private reopen(): void {
    if (this.stopping.signal.aborted || this.f.rewatches >= MAX_REWATCHES) return;
    this.f.rewatches += 1;
    setTimeout(() => {
      const relist = this.needsList ? this.list().then(() => this.noteCount(this.floor)) : Promise.resolve();
      this.needsList = false;
      void relist.then(() => this.watch()).catch(() => this.reopen());
    }, REWATCH_DELAY_MS);
  }
}
