// The kwok-backed data plane: each simulated AKS cluster gets a real Kubernetes API (a kwok cluster started
// on first use), its agent pools become kwok Nodes shaped like AKS nodes, and upgrades drain them for real.
import { setMaxListeners } from 'node:events';
import { startCluster } from '../controlplane/index.js';
import type { KwokCluster } from '../controlplane/index.js';
import type {
  ClusterCredentials,
  ClusterShape,
  DataPlane,
  DeletePoolOptions,
  EntraAuthority,
  PoolShape,
  ProgressFn,
} from './data-plane.js';
import {
  ensureAdminGroupBinding,
  writeApiServerAuth,
  type ApiServerAuthFiles,
} from './data-plane/entra-auth.js';
import {
  ClusterClient,
  DEFAULT_DRAIN_TIMEOUT_MINUTES,
  DataPlaneError,
  DataPlaneErrorCode,
  InstanceCounter,
  SerialQueue,
  SimTime,
  addNodes,
  clusterCredentials,
  deleteNode,
  handedOutAccess,
  deletePoolNodes,
  ensureBaseline,
  isAtTarget,
  isQuarantined,
  nodeNameOf,
  readClusterAccess,
  refreshNodes,
  scaleIn,
  surgeUpgrade,
} from './data-plane/index.js';
import type { ClusterAccess, PoolContext } from './data-plane/index.js';
import { LABEL } from './data-plane/index.js';

export { DataPlaneError, DataPlaneErrorCode, isDataPlaneError } from './data-plane/index.js';

export interface KwokDataPlaneOptions {
  /**
   * Real seconds per simulated second for AKS durations (drainTimeoutInMinutes, nodeSoakDurationInMinutes):
   * 1 = real time (default); 0.01 turns a 30-minute drain timeout into 18 s.
   */
  timeScale?: number;
  /** kwokctl's work directory; default the launcher's (KWOK_WORKDIR or <repo>/.cache/kwok). */
  workdir?: string;
  /** Prefix of the kwok cluster names (`<prefix>-<pid>-<n>`). */
  namePrefix?: string;
  /** Lines about clusters starting and stopping. */
  onLog?: (message: string) => void;
}

export interface KwokClusterRef {
  name: string;
  workdir: string;
  server: string;
}

interface ClusterState {
  shape: ClusterShape;
  kwok: KwokCluster;
  client: ClusterClient;
  access: ClusterAccess;
  /** The last shape applied per pool: what its nodes' labels and taints came from. */
  pools: Map<string, PoolShape>;
  instances: InstanceCounter;
  /** Set while the cluster is stopped: the node names each pool had, given back on start. */
  stoppedNodes: Map<string, string[]> | undefined;
  queue: SerialQueue;
  /** Aborted when the cluster is deleted, ending whatever operation still runs on it. */
  lifetime: AbortController;
  /** The API server's Entra ID authentication and authorization files (Entra ID clusters only). */
  authFiles: ApiServerAuthFiles | undefined;
}

const noProgress: ProgressFn = () => undefined;

export class KwokDataPlane implements DataPlane {
  private readonly time: SimTime;
  private readonly clusters = new Map<string, Promise<ClusterState>>();
  private readonly closing = new AbortController();
  private entra: EntraAuthority | undefined;

  constructor(private readonly options: KwokDataPlaneOptions = {}) {
    this.time = new SimTime(options.timeScale ?? 1);
    // Every running pool operation listens for close: a fleet has far more than Node's default 10.
    setMaxListeners(0, this.closing.signal);
  }

  useEntra(authority: EntraAuthority): void {
    this.entra = authority;
  }

  async ensureCluster(cluster: ClusterShape, signal: AbortSignal): Promise<void> {
    this.closing.signal.throwIfAborted();
    let starting = this.clusters.get(cluster.id);
    if (!starting) {
      starting = this.start(cluster, signal);
      this.clusters.set(cluster.id, starting);
      // A failed start is forgotten so the next ensureCluster tries again.
      starting.catch(() => {
        if (this.clusters.get(cluster.id) === starting) this.clusters.delete(cluster.id);
      });
    }
    const state = await starting;
    state.shape = cluster;
  }

  /** The kwok cluster behind a simulated cluster, once started (for memory figures and leak checks). */
  async kwokClusterOf(clusterId: string): Promise<KwokClusterRef | undefined> {
    const state = await this.clusters.get(clusterId)?.catch(() => undefined);
    return state && { name: state.kwok.name, workdir: state.kwok.workdir, server: state.kwok.server };
  }

  async credentials(clusterId: string): Promise<ClusterCredentials> {
    const state = await this.state(clusterId);
    const access = handedOutAccess(state.shape, state.access);
    return clusterCredentials(state.shape, access, this.entra?.knownTenants()[0]);
  }

  async syncPool(clusterId: string, pool: PoolShape, signal: AbortSignal): Promise<void> {
    await this.operate(clusterId, signal, noProgress, async (state, ctx) => {
      if (!state.stoppedNodes) await this.converge(state, ctx, pool);
      state.pools.set(pool.name, pool);
    });
  }

  async upgradePool(
    clusterId: string,
    from: PoolShape,
    to: PoolShape,
    signal: AbortSignal,
    progress: ProgressFn = noProgress,
  ): Promise<void> {
    await this.operate(clusterId, signal, progress, async (state, ctx) => {
      // A stopped cluster has no nodes to upgrade: they come back at the target on start.
      if (state.stoppedNodes) {
        state.pools.set(to.name, to);
        return;
      }
      if (!state.pools.has(from.name)) state.pools.set(from.name, from);
      await surgeUpgrade(ctx, to, { isRetryingQuarantined: true });
      await this.converge(state, ctx, to);
      state.pools.set(to.name, to);
    });
  }

  async deletePool(
    clusterId: string,
    poolName: string,
    signal: AbortSignal,
    options: DeletePoolOptions = {},
  ): Promise<void> {
    await this.operate(clusterId, signal, noProgress, async (state, ctx) => {
      const shape = state.pools.get(poolName);
      const nodes = await state.client.listPoolNodes(poolName, ctx.signal);
      await deletePoolNodes(ctx, {
        nodes,
        drainTimeoutInMinutes: shape?.upgradeSettings.drainTimeoutInMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES,
        isIgnoringPdb: options.ignorePodDisruptionBudget === true,
      });
      state.pools.delete(poolName);
      state.stoppedNodes?.delete(poolName);
      state.instances.forget(poolName);
    });
  }

  async stopCluster(clusterId: string, signal: AbortSignal): Promise<void> {
    await this.operate(clusterId, signal, noProgress, async (state, ctx) => {
      if (state.stoppedNodes) return;
      const nodes = await state.client.listNodes(ctx.signal);
      const names = new Map<string, string[]>();
      for (const node of nodes) {
        const pool = node.metadata?.labels?.[LABEL.agentPool];
        if (pool) names.set(pool, [...(names.get(pool) ?? []), nodeNameOf(node)]);
      }
      // The VMs are deallocated: nodes and the pods bound to them go; the cluster's objects stay.
      for (const node of nodes) await deleteNode(ctx, nodeNameOf(node));
      state.stoppedNodes = names;
    });
  }

  async startCluster(clusterId: string, pools: PoolShape[], signal: AbortSignal): Promise<void> {
    await this.operate(clusterId, signal, noProgress, async (state, ctx) => {
      const stopped = state.stoppedNodes ?? new Map<string, string[]>();
      for (const pool of pools) {
        const existing = await state.client.listPoolNodes(pool.name, ctx.signal);
        const names = (stopped.get(pool.name) ?? []).filter(
          (n) => !existing.some((e) => nodeNameOf(e) === n),
        );
        await addNodes(ctx, { pool, count: pool.count - existing.length, existing, names });
        await this.converge(state, ctx, pool);
        state.pools.set(pool.name, pool);
      }
      state.stoppedNodes = undefined;
    });
  }

  async deleteCluster(clusterId: string, _signal: AbortSignal): Promise<void> {
    const starting = this.clusters.get(clusterId);
    if (!starting) return;
    this.clusters.delete(clusterId);
    const state = await starting.catch(() => undefined);
    if (!state) return;
    state.lifetime.abort(new Error(`cluster ${clusterId} is being deleted`));
    await state.queue.drained();
    await state.kwok.stop();
    await state.authFiles?.remove();
    this.options.onLog?.(`stopped kwok cluster ${state.kwok.name} of ${clusterId}`);
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('the data plane is closing'));
    const ids = [...this.clusters.keys()];
    const results = await Promise.allSettled(ids.map((id) => this.deleteCluster(id, this.closing.signal)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((r) => r.reason as unknown),
        `cannot stop ${failed.length} kwok cluster(s) of the data plane`,
      );
    }
  }

  private async start(cluster: ClusterShape, signal: AbortSignal): Promise<ClusterState> {
    const began = Date.now();
    let kwok: KwokCluster;
    const authFiles = await this.authFilesOf(cluster);
    try {
      kwok = await startCluster({
        namePrefix: this.options.namePrefix ?? 'aks-sim',
        purpose: `AKS simulator data plane of ${cluster.id}`,
        signal: AbortSignal.any([signal, this.closing.signal]),
        ...(this.options.workdir ? { workdir: this.options.workdir } : {}),
        ...(this.options.onLog ? { onProgress: this.options.onLog } : {}),
        ...(authFiles ? { apiServerAuth: authFiles.auth } : {}),
      });
    } catch (err: unknown) {
      await authFiles?.remove();
      throw new DataPlaneError(
        DataPlaneErrorCode.ClusterStartFailed,
        `cannot start the Kubernetes API of cluster ${cluster.name}`,
        { cause: err },
      );
    }
    try {
      const access = await readClusterAccess(kwok.kubeconfigPath);
      const client = new ClusterClient(clusterCredentials(cluster, access).adminKubeconfig);
      await ensureBaseline(client, signal);
      if (cluster.aad) await ensureAdminGroupBinding(client, cluster.aad, signal);
      this.options.onLog?.(`started kwok cluster ${kwok.name} for ${cluster.id} in ${Date.now() - began} ms`);
      return {
        shape: cluster,
        kwok,
        client,
        access,
        pools: new Map(),
        instances: new InstanceCounter(),
        stoppedNodes: undefined,
        queue: new SerialQueue(),
        lifetime: unlimitedListeners(new AbortController()),
        authFiles,
      };
    } catch (err: unknown) {
      await kwok.stop();
      await authFiles?.remove();
      throw err;
    }
  }

  /** An Entra ID cluster's API server trusts Entra's tokens; it needs to know where Entra is. */
  private async authFilesOf(cluster: ClusterShape): Promise<ApiServerAuthFiles | undefined> {
    if (!cluster.aad) return undefined;
    if (!this.entra) {
      throw new DataPlaneError(
        DataPlaneErrorCode.ClusterStartFailed,
        `cannot start the Kubernetes API of cluster ${cluster.name}: it uses Entra ID and the data plane was not told where Entra ID is`,
      );
    }
    return writeApiServerAuth({ clusterId: cluster.id, aad: cluster.aad, authority: this.entra });
  }

  private async state(clusterId: string): Promise<ClusterState> {
    const starting = this.clusters.get(clusterId);
    if (!starting) {
      throw new DataPlaneError(DataPlaneErrorCode.ClusterNotFound, `cluster ${clusterId} has no data plane`);
    }
    return starting;
  }

  /** Runs one operation on a cluster, after any other still running there. */
  private async operate(
    clusterId: string,
    signal: AbortSignal,
    progress: ProgressFn,
    task: (state: ClusterState, ctx: PoolContext) => Promise<void>,
  ): Promise<void> {
    const state = await this.state(clusterId);
    const combined = AbortSignal.any([signal, state.lifetime.signal, this.closing.signal]);
    await state.queue.run(combined, () =>
      task(state, {
        client: state.client,
        cluster: state.shape,
        time: this.time,
        signal: combined,
        progress,
        instances: state.instances,
      }),
    );
  }

  /**
   * Brings a running pool to its shape: labels and taints, version (surge upgrade of nodes behind it,
   * quarantined nodes aside), then node count.
   */
  private async converge(state: ClusterState, ctx: PoolContext, pool: PoolShape): Promise<void> {
    const previous = state.pools.get(pool.name);
    let nodes = await state.client.listPoolNodes(pool.name, ctx.signal);
    await refreshNodes(ctx, { pool, previous, nodes });
    if (nodes.some((node) => !isQuarantined(node) && !isAtTarget(node, pool))) {
      await surgeUpgrade(ctx, pool, { isRetryingQuarantined: false });
      nodes = await state.client.listPoolNodes(pool.name, ctx.signal);
    }
    const active = nodes.filter((node) => !isQuarantined(node));
    if (active.length < pool.count) {
      await addNodes(ctx, { pool, count: pool.count - active.length, existing: nodes });
    } else if (active.length > pool.count) {
      await scaleIn(ctx, { pool, nodes: active, count: active.length - pool.count });
    }
  }
}

/** A controller whose signal any number of concurrent operations may listen to. */
function unlimitedListeners(controller: AbortController): AbortController {
  setMaxListeners(0, controller.signal);
  return controller;
}
