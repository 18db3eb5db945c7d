// Fills a cluster with a converged fleet of ManagedClusters and NodePools: each object created, then its
// status written through the status subresource, a bounded number of clusters at a time.
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, Plural, VERSION } from '../../src/api/index.js';
import { mapLimit } from '../stats.js';
import { POOLS_PER_CLUSTER, clusterObject, poolObject } from './fleet-objects.js';
import type { ClusterObject, PoolObject } from './fleet-objects.js';

const DEFAULT_CLUSTERS_IN_FLIGHT = 16;
const PROGRESS_EVERY = 1000;

export interface FleetShape {
  namespaces: number;
  clusters: number;
  /** Clusters being created at once (each writes its objects one after the other). */
  clustersInFlight?: number;
}

export async function createFleet(
  kc: KubeConfig,
  shape: FleetShape,
  options: { signal: AbortSignal; progress: (m: string) => void },
): Promise<number> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const namespaces = Array.from({ length: shape.namespaces }, (_, i) => `team-${i + 1}`);
  await mapLimit(namespaces, 5, (name) => core.createNamespace({ body: { metadata: { name } } }));

  let created = 0;
  const put = async (plural: string, obj: ClusterObject | PoolObject): Promise<void> => {
    options.signal.throwIfAborted();
    const { status, ...withoutStatus } = obj;
    const { name, namespace } = obj.metadata;
    const target = { group: GROUP, version: VERSION, plural, namespace };
    await custom.createNamespacedCustomObject({ ...target, body: withoutStatus });
    // Status is ignored on create: the status subresource is its only way in, as for the operator.
    await custom.patchNamespacedCustomObjectStatus({ ...target, name, body: { status } }, merge);
    created += 1;
    if (created % PROGRESS_EVERY === 0) options.progress(`${created} objects created`);
  };

  const indexes = Array.from({ length: shape.clusters }, (_, i) => i);
  await mapLimit(indexes, shape.clustersInFlight ?? DEFAULT_CLUSTERS_IN_FLIGHT, async (i) => {
    const namespace = namespaces[i % namespaces.length] ?? 'team-1';
    const cluster = clusterObject(namespace, `aks-${String(i + 1).padStart(4, '0')}`, i);
    await put(Plural.ManagedCluster, cluster);
    for (let p = 0; p < POOLS_PER_CLUSTER; p++) await put(Plural.NodePool, poolObject(cluster, p));
  });
  return created;
}
