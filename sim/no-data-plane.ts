// A data plane with no nodes, for fleet-scale runs: every call succeeds at once and credentials
// are a kubeconfig pointing at a placeholder API server.
import type { ClusterCredentials, ClusterShape, DataPlane, PoolShape, ProgressFn } from './data-plane.js';

export class NoDataPlane implements DataPlane {
  private readonly clusters = new Map<string, ClusterShape>();

  async ensureCluster(cluster: ClusterShape, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.clusters.set(cluster.id.toLowerCase(), cluster);
  }

  async credentials(clusterId: string): Promise<ClusterCredentials> {
    const name = this.clusters.get(clusterId.toLowerCase())?.name ?? clusterId.split('/').pop() ?? 'cluster';
    return {
      adminKubeconfig: kubeconfig(name, 'clusterAdmin'),
      userKubeconfig: kubeconfig(name, 'clusterUser'),
    };
  }

  async syncPool(_clusterId: string, _pool: PoolShape, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
  }

  async upgradePool(
    _clusterId: string,
    _from: PoolShape,
    _to: PoolShape,
    signal: AbortSignal,
    _progress?: ProgressFn,
  ): Promise<void> {
    signal.throwIfAborted();
  }

  async deletePool(_clusterId: string, _poolName: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
  }

  async stopCluster(_clusterId: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
  }

  async startCluster(_clusterId: string, _pools: PoolShape[], signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
  }

  async deleteCluster(clusterId: string, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.clusters.delete(clusterId.toLowerCase());
  }

  async close(): Promise<void> {
    this.clusters.clear();
  }
}

function kubeconfig(cluster: string, user: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: https://${cluster}.placeholder.invalid:443`,
    'contexts:',
    `- name: ${cluster}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${user}_${cluster}`,
    `current-context: ${cluster}`,
    'users:',
    `- name: ${user}_${cluster}`,
    '  user:',
    '    token: placeholder',
    '',
  ].join('\n');
}
