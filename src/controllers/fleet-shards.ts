// Which shard each object of the fleet belongs to when replicas split it: a ManagedCluster's is the hash
// of its UID, and everything that acts on the cluster's Azure resource follows it: a NodePool (and its
// standby pool) the cluster its clusterRef names, a NodePoolSnapshot the pool its nodePoolRef names.
// An object whose cluster is not in the cache (not created yet, or gone) goes to the shard of the hash of
// `namespace/clusterName`: it is deterministic on every replica, and such an object has no cluster to act
// on in Azure; once the cluster is cached, it moves with the cluster. A snapshot of an ARM ID belongs to
// the hash of its own `namespace/name`.
import type { ManagedCluster, NodePool, NodePoolSnapshot } from '../api/index.js';
import { shardOf, type Informer, type KubeObject, type ObjectKey } from '../runtime/index.js';

/** The caches read (informers). */
export interface FleetShardsOptions {
  clusters: Pick<Informer<ManagedCluster & KubeObject>, 'get'>;
  pools: Pick<Informer<NodePool & KubeObject>, 'get'>;
  snapshots: Pick<Informer<NodePoolSnapshot & KubeObject>, 'get'>;
}

/** Key → shard for each kind, read from the informer caches. */
export interface FleetShards {
  cluster(key: ObjectKey, shards: number): number;
  pool(key: ObjectKey, shards: number): number;
  snapshot(key: ObjectKey, shards: number): number;
}

export function fleetShards(o: FleetShardsOptions): FleetShards {
  const cluster = (key: ObjectKey, shards: number): number => {
    const uid = o.clusters.get(key)?.metadata.uid;
    return shardOf(uid ?? `${key.namespace}/${key.name}`, shards);
  };
  const pool = (key: ObjectKey, shards: number): number => {
    const clusterName = o.pools.get(key)?.spec.clusterRef.name;
    // A pool gone from the cache has nothing left to do; its own name keeps the answer stable.
    return cluster({ namespace: key.namespace, name: clusterName ?? `pool:${key.name}` }, shards);
  };
  const snapshot = (key: ObjectKey, shards: number): number => {
    const poolName = o.snapshots.get(key)?.spec.nodePoolRef?.name;
    return poolName
      ? pool({ namespace: key.namespace, name: poolName }, shards)
      : shardOf(`${key.namespace}/snapshot:${key.name}`, shards);
  };
  return { cluster, pool, snapshot };
}
