// The operator under test: the AKS simulator in-process (no data plane, or a kwok cluster per simulated
// AKS cluster when nodes matter) and the operator in-process against the management cluster, watching
// only the test's namespaces; it can be killed and started again. Helpers apply objects, read their
// conditions and count the Azure writes the simulator received.
import { randomBytes } from 'node:crypto';
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { KwokDataPlane } from '../../sim/kwok-data-plane.js';
import {
  createTlsMaterial,
  startSimulator,
  type RequestLogEntry,
  type Simulator,
  type SimulatorOptions,
} from '../../sim/index.js';
import {
  API_VERSION,
  GROUP,
  Kind,
  Plural,
  VERSION,
  type ManagedCluster,
  type ManagedClusterSpecInput,
  type NodePool,
  type NodePoolSpecInput,
} from '../../src/api/index.js';
import { startOperator, type OperatorOptions, type RunningOperator } from '../../src/operator.js';
import {
  getCondition,
  isNotFound,
  silentLogger,
  type Clock,
  type Condition,
} from '../../src/runtime/index.js';
import { applyCrds } from './crds.js';
import { waitFor } from './wait.js';
import { managementKubeConfig, readWorld } from './world.js';

/** 1 simulated minute = 12 real milliseconds: a 4-minute create takes about 50 ms. */
export const TEST_TIME_SCALE = 0.0002;
export const TEST_POLL_MS = 150;
export const WAIT_MS = 60_000;

let tls: ReturnType<typeof createTlsMaterial> | undefined;

export interface TestSimulatorOptions extends SimulatorOptions {
  /** Give every simulated cluster a real kwok Kubernetes API with kwok Nodes. */
  withNodes?: boolean;
}

/** Starts the simulator; the caller closes it (which also stops the kwok clusters it started). */
export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<Simulator> {
  tls ??= createTlsMaterial();
  const { withNodes, ...rest } = options;
  const dataPlane = withNodes
    ? new KwokDataPlane({ timeScale: 0.01, workdir: readWorld().management.workdir, namePrefix: 'aks-lo-dp' })
    : undefined;
  return startSimulator({ timeScale: TEST_TIME_SCALE, tls, ...(dataPlane ? { dataPlane } : {}), ...rest });
}

export interface TestOperatorOptions extends Partial<Omit<OperatorOptions, 'kubeConfig' | 'azure'>> {
  sim: Simulator;
  namespaces: string[];
  clock?: Clock;
  /**
   * Exchange identities at the simulator's Entra ID as in Azure; without it every identity presents one
   * static token. The test's namespaces may act as the operator's own identity unless `access` says otherwise.
   */
  entra?: boolean;
}

/** The operator, restartable: `kill` stops it at once (in-flight reconciles aborted, lease not released). */
export class TestOperator {
  private running?: RunningOperator;
  private starts = 0;

  constructor(private readonly options: TestOperatorOptions) {}

  get current(): RunningOperator {
    if (!this.running) throw new Error('the operator is not running');
    return this.running;
  }

  get startCount(): number {
    return this.starts;
  }

  async start(): Promise<this> {
    const { sim, namespaces, entra, access, ...rest } = this.options;
    this.running = await startOperator({
      kubeConfig: managementKubeConfig(),
      azure: {
        mode: 'simulator',
        endpoint: sim.endpoint,
        caPem: sim.caPem,
        ...(entra ? { authorityHost: sim.authorityHost } : {}),
      },
      watchNamespaces: namespaces,
      access: { operatorIdentityNamespaces: namespaces, ...access },
      pollIntervalMs: TEST_POLL_MS,
      armMaxRetries: 0,
      shutdownTimeoutMs: 0,
      logger: silentLogger,
      ...rest,
    });
    this.starts++;
    return this;
  }

  /** Stops as a crash would: nothing in flight gets to finish. */
  async kill(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    await r?.stop({ releaseLease: false });
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    await r?.stop();
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

/** CRDs once per file. */
export async function ensureCrds(kc: KubeConfig = managementKubeConfig()): Promise<void> {
  await applyCrds(kc);
}

/** A random DNS-label suffix. */
export function suffix(): string {
  return randomBytes(3).toString('hex');
}

type Obj = ManagedCluster | NodePool;

/** Reads and writes ManagedClusters and NodePools of one namespace. */
export class Objects {
  readonly api: CustomObjectsApi;
  readonly core: CoreV1Api;

  constructor(
    readonly namespace: string,
    kc: KubeConfig = managementKubeConfig(),
  ) {
    this.api = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async createCluster(
    name: string,
    spec: ManagedClusterSpecInput,
    meta: { annotations?: Record<string, string> } = {},
  ): Promise<ManagedCluster> {
    const body = {
      apiVersion: API_VERSION,
      kind: Kind.ManagedCluster,
      metadata: { name, namespace: this.namespace, ...meta },
      spec,
    };
    return (await this.api.createNamespacedCustomObject({
      ...this.kind('cluster'),
      namespace: this.namespace,
      body,
    })) as ManagedCluster;
  }

  /**
   * Cluster `name` in eastus with one System pool `system` (1 × Standard_D4s_v3), and the NodePool
   * `system` that stands for it: the smallest cluster most tests start from.
   */
  async createClusterWithSystemPool(
    name: string,
    cluster: { subscriptionId: string; resourceGroup: string; kubernetesVersion: string },
  ): Promise<void> {
    await this.createCluster(name, {
      ...cluster,
      location: 'eastus',
      systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
    });
    await this.createPool('system', {
      clusterRef: { name },
      mode: 'System',
      vmSize: 'Standard_D4s_v3',
      count: 1,
    });
  }

  async createPool(
    name: string,
    spec: NodePoolSpecInput,
    meta: { annotations?: Record<string, string>; labels?: Record<string, string> } = {},
  ): Promise<NodePool> {
    const body = {
      apiVersion: API_VERSION,
      kind: Kind.NodePool,
      metadata: { name, namespace: this.namespace, ...meta },
      spec,
    };
    return (await this.api.createNamespacedCustomObject({
      ...this.kind('pool'),
      namespace: this.namespace,
      body,
    })) as NodePool;
  }

  async cluster(name: string): Promise<ManagedCluster> {
    return (await this.api.getNamespacedCustomObject({
      ...this.kind('cluster'),
      namespace: this.namespace,
      name,
    })) as ManagedCluster;
  }

  async pool(name: string): Promise<NodePool> {
    return (await this.api.getNamespacedCustomObject({
      ...this.kind('pool'),
      namespace: this.namespace,
      name,
    })) as NodePool;
  }

  /** JSON merge patch of the spec (or metadata). */
  async patch(which: 'cluster' | 'pool', name: string, body: object): Promise<Obj> {
    return (await this.api.patchNamespacedCustomObject(
      { ...this.kind(which), namespace: this.namespace, name, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as Obj;
  }

  async delete(which: 'cluster' | 'pool', name: string): Promise<void> {
    try {
      await this.api.deleteNamespacedCustomObject({ ...this.kind(which), namespace: this.namespace, name });
    } catch (err: unknown) {
      if (!isNotFound(err)) throw err;
    }
  }

  async isGone(which: 'cluster' | 'pool', name: string): Promise<boolean> {
    try {
      await (which === 'cluster' ? this.cluster(name) : this.pool(name));
      return false;
    } catch (err: unknown) {
      if (isNotFound(err)) return true;
      throw err;
    }
  }

  /** Waits until the object's condition `type` has `status` (and `reason` when given) for its current generation. */
  async waitForCondition(
    which: 'cluster' | 'pool',
    name: string,
    want: { type: string; status?: string; reason?: string },
    timeoutMs = WAIT_MS,
  ): Promise<Obj> {
    return waitFor<Obj>(() => (which === 'cluster' ? this.cluster(name) : this.pool(name)), {
      timeoutMs,
      intervalMs: 100,
      message: `${which} ${this.namespace}/${name} to have ${want.type}=${want.status ?? 'True'}${want.reason ? ` (${want.reason})` : ''}`,
      until: (o) => {
        const c = getCondition(o.status?.conditions as Condition[] | undefined, want.type);
        return (
          c?.status === (want.status ?? 'True') &&
          (!want.reason || c.reason === want.reason) &&
          o.status?.observedGeneration === o.metadata.generation
        );
      },
    });
  }

  async waitForReady(which: 'cluster' | 'pool', name: string, timeoutMs = WAIT_MS): Promise<Obj> {
    return this.waitForCondition(which, name, { type: 'Ready', status: 'True' }, timeoutMs);
  }

  async clusterReady(name: string, timeoutMs = WAIT_MS): Promise<ManagedCluster> {
    return (await this.waitForReady('cluster', name, timeoutMs)) as ManagedCluster;
  }

  async poolReady(name: string, timeoutMs = WAIT_MS): Promise<NodePool> {
    return (await this.waitForReady('pool', name, timeoutMs)) as NodePool;
  }

  /** Waits until `until` holds for the cluster. */
  async waitForCluster(
    name: string,
    message: string,
    until: (mc: ManagedCluster) => boolean,
    timeoutMs = WAIT_MS,
  ): Promise<ManagedCluster> {
    return waitFor(() => this.cluster(name), {
      timeoutMs,
      intervalMs: 100,
      message: `cluster ${this.namespace}/${name}: ${message}`,
      until,
    });
  }

  /** Waits until `until` holds for the pool. */
  async waitForPool(
    name: string,
    message: string,
    until: (np: NodePool) => boolean,
    timeoutMs = WAIT_MS,
  ): Promise<NodePool> {
    return waitFor(() => this.pool(name), {
      timeoutMs,
      intervalMs: 100,
      message: `pool ${this.namespace}/${name}: ${message}`,
      until,
    });
  }

  /**
   * Drops the finalizers of every object of the group left in the namespace, so deleting the
   * namespace finishes without an operator (Azure is not touched).
   */
  async releaseAll(): Promise<void> {
    for (const plural of [
      Plural.NodePoolSnapshot,
      Plural.NodePool,
      Plural.ManagedCluster,
      Plural.UpgradePlan,
    ]) {
      const kind = { group: GROUP, version: VERSION, plural };
      const list = (await this.api.listNamespacedCustomObject({ ...kind, namespace: this.namespace })) as {
        items: Obj[];
      };
      for (const item of list.items) {
        try {
          await this.api.patchNamespacedCustomObject(
            {
              ...kind,
              namespace: this.namespace,
              name: item.metadata.name ?? '',
              body: { metadata: { finalizers: null } },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          );
        } catch (err: unknown) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
  }

  /** Events recorded about object `name`, oldest first. */
  async events(name: string): Promise<{ type: string; reason: string; message: string }[]> {
    const list = await this.core.listNamespacedEvent({ namespace: this.namespace });
    return list.items
      .filter((e) => e.involvedObject.name === name)
      .sort((a, b) => String(a.firstTimestamp ?? '').localeCompare(String(b.firstTimestamp ?? '')))
      .map((e) => ({ type: e.type ?? '', reason: e.reason ?? '', message: e.message ?? '' }));
  }

  /** Reasons of the Events recorded about object `name`, oldest first. */
  async eventReasons(name: string, type?: 'Normal' | 'Warning'): Promise<string[]> {
    const list = await this.core.listNamespacedEvent({ namespace: this.namespace });
    return list.items
      .filter((e) => e.involvedObject.name === name && (!type || e.type === type))
      .sort((a, b) => String(a.firstTimestamp ?? '').localeCompare(String(b.firstTimestamp ?? '')))
      .map((e) => e.reason ?? '');
  }

  private kind(which: 'cluster' | 'pool'): { group: string; version: string; plural: string } {
    return {
      group: GROUP,
      version: VERSION,
      plural: which === 'cluster' ? Plural.ManagedCluster : Plural.NodePool,
    };
  }
}

/** ARM calls that read (POST actions that only return data included). */
const READ_OPERATIONS =
  /\.(get|list|listByResourceGroup|getUpgradeProfile|listClusterAdminCredentials|listClusterUserCredentials|listKubernetesVersions|getAvailableAgentPoolVersions)$|^operations\.|^operationResults\.|^compute\./;

/** Requests the simulator logged for resource group `rg` (case-insensitive). */
export function requestsFor(sim: Simulator, rg: string): RequestLogEntry[] {
  const needle = `/resourcegroups/${rg.toLowerCase()}/`;
  return sim.log.recent().filter((e) => e.path.toLowerCase().includes(needle) && e.method !== 'OPERATION');
}

/** Writes (PUT, PATCH, DELETE, state-changing POST) the simulator received for resource group `rg`. */
export function writesFor(sim: Simulator, rg: string): RequestLogEntry[] {
  return requestsFor(sim, rg).filter((e) => !READ_OPERATIONS.test(e.operation));
}

/** `operation` names of the writes for `rg`, in order. */
export function writeOperations(sim: Simulator, rg: string): string[] {
  return writesFor(sim, rg).map((e) => e.operation);
}

export const SUBSCRIPTION = '00000000-0000-0000-0000-00000000ab01';

/** Controllers by the text their reconcile metric's labels contain. */
export const ReconcileLabel = {
  ManagedCluster: 'managedcluster',
  NodePool: 'controller="nodepool/',
} as const;

/** Waits until the controller whose metric labels contain `label` has reconciled three more times. */
export async function threeMorePasses(operator: TestOperator, label: string): Promise<void> {
  const reconciles = async (): Promise<number> => {
    const text = await operator.current.metrics.text();
    let n = 0;
    for (const line of text.split('\n')) {
      const close = line.indexOf('} ');
      if (line.startsWith('controller_runtime_reconcile_total{') && line.slice(0, close).includes(label))
        n += Number(line.slice(close + 2));
    }
    return n;
  };
  const start = await reconciles();
  await waitFor(reconciles, {
    timeoutMs: WAIT_MS,
    message: 'three more reconciles',
    until: (n) => n >= start + 3,
  });
}
