// A data plane for a chaos run where only some clusters have nodes: the named clusters get a real kwok
// Kubernetes API (about 500 MB each), every other cluster the simulator's node-less data plane. A test may
// look at the world as each agent pool deletion starts (which pool went while which twin served).
import { NoDataPlane, type DataPlane } from '../../sim/index.js';
import type {
  ClusterCredentials,
  ClusterShape,
  DeletePoolOptions,
  PoolShape,
  ProgressFn,
} from '../../sim/index.js';
import { KwokDataPlane } from '../../sim/kwok-data-plane.js';
import { readWorld } from './world.js';

/** Real seconds per simulated second for drain timeouts and soaks on the kwok clusters. */
const KWOK_TIME_SCALE = 0.01;

export class SelectiveDataPlane implements DataPlane {
  readonly kwok: KwokDataPlane;
  private readonly none = new NoDataPlane();
  /** Called as an agent pool's deletion starts, before its nodes are drained. */
  beforeDeletePool?: (clusterId: string, poolName: string) => Promise<void>;

  /** `withNodes`: names of the managed clusters (any resource group) that get kwok nodes. */
  constructor(private readonly withNodes: ReadonlySet<string>) {
    this.kwok = new KwokDataPlane({
      timeScale: KWOK_TIME_SCALE,
      workdir: readWorld().management.workdir,
      namePrefix: 'aks-lo-dp',
    });
  }

  /** ARM IDs end in `/managedClusters/<name>`. */
  private planeOf(clusterId: string): DataPlane {
    const name = clusterId.split('/').pop() ?? '';
    return this.withNodes.has(name) ? this.kwok : this.none;
  }

  ensureCluster(cluster: ClusterShape, signal: AbortSignal): Promise<void> {
    return this.planeOf(cluster.id).ensureCluster(cluster, signal);
  }

  credentials(clusterId: string): Promise<ClusterCredentials> {
    return this.planeOf(clusterId).credentials(clusterId);
  }

  syncPool(clusterId: string, pool: PoolShape, signal: AbortSignal): Promise<void> {
    return this.planeOf(clusterId).syncPool(clusterId, pool, signal);
  }

  upgradePool(
    clusterId: string,
    from: PoolShape,
    to: PoolShape,
    signal: AbortSignal,
    progress?: ProgressFn,
  ): Promise<void> {
    return this.planeOf(clusterId).upgradePool(clusterId, from, to, signal, progress);
  }

  async deletePool(
    clusterId: string,
    poolName: string,
    signal: AbortSignal,
    options?: DeletePoolOptions,
  ): Promise<void> {
    await this.beforeDeletePool?.(clusterId, poolName);
    return this.planeOf(clusterId).deletePool(clusterId, poolName, signal, options);
  }

  stopCluster(clusterId: string, signal: AbortSignal): Promise<void> {
    return this.planeOf(clusterId).stopCluster(clusterId, signal);
  }

  startCluster(clusterId: string, pools: PoolShape[], signal: AbortSignal): Promise<void> {
    return this.planeOf(clusterId).startCluster(clusterId, pools, signal);
  }

  deleteCluster(clusterId: string, signal: AbortSignal): Promise<void> {
    return this.planeOf(clusterId).deleteCluster(clusterId, signal);
  }

  async close(): Promise<void> {
    await Promise.all([this.kwok.close(), this.none.close()]);
  }
}
