// ARM resource IDs for the simulated resource types: building them and reading them back
// (case-insensitively, as ARM does).

const PROVIDER = 'Microsoft.ContainerService';

export interface ClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  cluster: string;
}

export interface PoolRef extends ClusterRef {
  pool: string;
}

export interface SnapshotRef {
  subscriptionId: string;
  resourceGroup: string;
  snapshot: string;
}

/** Real AKS answers with a lower-case `resourcegroups` segment in cluster ids. */
export function clusterId(ref: ClusterRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourcegroups/${ref.resourceGroup}/providers/${PROVIDER}/managedClusters/${ref.cluster}`;
}

export function poolId(ref: PoolRef): string {
  return `${clusterId(ref)}/agentPools/${ref.pool}`;
}

export function snapshotId(ref: SnapshotRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/${PROVIDER}/snapshots/${ref.snapshot}`;
}

/** Store key: ids compare case-insensitively. */
export function clusterKey(ref: ClusterRef): string {
  return `${ref.subscriptionId}/${ref.resourceGroup}/${ref.cluster}`.toLowerCase();
}

export function snapshotKey(ref: SnapshotRef): string {
  return `${ref.subscriptionId}/${ref.resourceGroup}/${ref.snapshot}`.toLowerCase();
}

const POOL_RE =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)\/agentpools\/([^/]+)\/?$/i;
const SNAPSHOT_RE =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/snapshots\/([^/]+)\/?$/i;

export function parsePoolId(id: string): PoolRef | undefined {
  const m = POOL_RE.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, cluster: m[3]!, pool: m[4]! };
}

export function parseSnapshotId(id: string): SnapshotRef | undefined {
  const m = SNAPSHOT_RE.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, snapshot: m[3]! };
}
