// A DataPlane that records every call and can be told to reject one kind of call with an AKS error,
// for tests of what the operation engine asks of the nodes.
import type {
  ClusterCredentials,
  ClusterShape,
  DataPlane,
  DeletePoolOptions,
  PoolShape,
} from '../data-plane.js';
import { NoDataPlane } from '../no-data-plane.js';

export interface DataPlaneCall {
  method: keyof DataPlane;
  clusterId: string;
  pool?: string;
  from?: PoolShape;
  to?: PoolShape;
  shape?: PoolShape;
  /** deletePool's options, as the DELETE's query set them. */
  deleteOptions?: DeletePoolOptions;
}

export class RecordingDataPlane implements DataPlane {
  readonly calls: DataPlaneCall[] = [];
  private readonly inner = new NoDataPlane();
  private failures = new Map<keyof DataPlane, { code: string; message: string }>();

  failNext(method: keyof DataPlane, code: string, message: string): void {
    this.failures.set(method, { code, message });
  }

  private maybeFail(method: keyof DataPlane): void {
    const f = this.failures.get(method);
    if (!f) return;
    this.failures.delete(method);
    throw Object.assign(new Error(f.message), { code: f.code });
  }

  async ensureCluster(cluster: ClusterShape, signal: AbortSignal): Promise<void> {
    this.calls.push({ method: 'ensureCluster', clusterId: cluster.id });
    this.maybeFail('ensureCluster');
    await this.inner.ensureCluster(cluster, signal);
  }
  credentials(clusterId: string): Promise<ClusterCredentials> {
    return this.inner.credentials(clusterId);
  }
  async syncPool(clusterId: string, pool: PoolShape): Promise<void> {
    this.calls.push({ method: 'syncPool', clusterId, pool: pool.name, shape: pool });
    this.maybeFail('syncPool');
  }
  async upgradePool(clusterId: string, from: PoolShape, to: PoolShape): Promise<void> {
    this.calls.push({ method: 'upgradePool', clusterId, pool: to.name, from, to });
    this.maybeFail('upgradePool');
  }
  async deletePool(
    clusterId: string,
    poolName: string,
    _signal?: AbortSignal,
    options: DeletePoolOptions = {},
  ): Promise<void> {
    this.calls.push({ method: 'deletePool', clusterId, pool: poolName, deleteOptions: options });
    this.maybeFail('deletePool');
  }
  async stopCluster(clusterId: string): Promise<void> {
    this.calls.push({ method: 'stopCluster', clusterId });
    this.maybeFail('stopCluster');
  }
  async startCluster(clusterId: string): Promise<void> {
    this.calls.push({ method: 'startCluster', clusterId });
    this.maybeFail('startCluster');
  }
  async deleteCluster(clusterId: string): Promise<void> {
    this.calls.push({ method: 'deleteCluster', clusterId });
    this.maybeFail('deleteCluster');
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
