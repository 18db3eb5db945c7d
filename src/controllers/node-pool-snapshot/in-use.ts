// Which objects still need a NodePoolSnapshot, so deleting it in Azure waits for them: a NodePool pinned
// to its image (nodeImage.snapshotRef: upgrades and blue/green twins use it), and a pool or cluster still
// to be created from it (snapshotRef is read only at creation). Objects being deleted do not count.
import type { ManagedCluster, NodePool } from '../../api/index.js';

export interface InUseInput {
  /** Name of the NodePoolSnapshot. */
  name: string;
  /** NodePools and ManagedClusters of the snapshot's namespace. */
  pools: readonly NodePool[];
  clusters: readonly ManagedCluster[];
}

/** `NodePool user1 (spec.nodeImage.snapshotRef)` for each object that still needs the snapshot. */
export function snapshotUsers(input: InUseInput): string[] {
  const users: string[] = [];
  for (const pool of input.pools) {
    if (pool.metadata.deletionTimestamp) continue;
    const name = pool.metadata.name ?? '';
    if (pool.spec.nodeImage.snapshotRef?.name === input.name)
      users.push(`NodePool ${name} (spec.nodeImage.snapshotRef)`);
    else if (pool.spec.snapshotRef?.name === input.name && !pool.status?.azureResourceID) {
      users.push(`NodePool ${name} (spec.snapshotRef, not created yet)`);
    }
  }
  for (const cluster of input.clusters) {
    if (cluster.metadata.deletionTimestamp) continue;
    if (cluster.spec.systemPool?.snapshotRef?.name === input.name && !cluster.status?.azureResourceID) {
      users.push(
        `ManagedCluster ${cluster.metadata.name ?? ''} (spec.systemPool.snapshotRef, not created yet)`,
      );
    }
  }
  return users.sort();
}

/** Snapshots a NodePool refers to (its changes may release a deletion). */
export function poolSnapshotRefs(pool: NodePool): string[] {
  return [pool.spec.snapshotRef?.name, pool.spec.nodeImage.snapshotRef?.name].filter(
    (n): n is string => n !== undefined,
  );
}

/** Snapshots a ManagedCluster refers to. */
export function clusterSnapshotRefs(cluster: ManagedCluster): string[] {
  const name = cluster.spec.systemPool?.snapshotRef?.name;
  return name === undefined ? [] : [name];
}
