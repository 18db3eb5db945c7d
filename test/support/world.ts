// What integration tests use of the local world: the shared management cluster, and extra workload
// clusters for tests that need a second Kubernetes API.
import { KubeConfig } from '@kubernetes/client-node';
import { startCluster } from '../../controlplane/index.js';
import type { KwokCluster } from '../../controlplane/index.js';
import { readWorld } from './world-file.js';

export { readWorld } from './world-file.js';
export type { WorldFile } from './world-file.js';
export type { KwokCluster } from '../../controlplane/index.js';

export function managementKubeconfigPath(): string {
  return readWorld().management.kubeconfigPath;
}

/** A fresh KubeConfig for the management cluster. */
export function managementKubeConfig(): KubeConfig {
  return kubeConfigFor({ kubeconfigPath: managementKubeconfigPath() });
}

export function kubeConfigFor(cluster: { kubeconfigPath: string }): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return kc;
}

/** Starts another cluster in the world's work directory; the caller stops it (see useWorkloadCluster). */
export function startWorkloadCluster(
  name?: string,
  options: { signal?: AbortSignal } = {},
): Promise<KwokCluster> {
  return startCluster({
    name,
    namePrefix: 'aks-lo-wl',
    workdir: readWorld().management.workdir,
    purpose: `jest workload cluster (${process.env.JEST_WORKER_ID ? `worker ${process.env.JEST_WORKER_ID}` : 'main'})`,
    signal: options.signal,
  });
}

/**
 * Starts a workload cluster before the file's tests and stops it after them, even when they fail.
 * Call at describe level; the returned getter throws if read before beforeAll ran.
 */
export function useWorkloadCluster(name?: string): () => KwokCluster {
  let cluster: KwokCluster | undefined;
  beforeAll(async () => {
    cluster = await startWorkloadCluster(name);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('workload cluster not started yet: read it inside a test or hook');
    return cluster;
  };
}
