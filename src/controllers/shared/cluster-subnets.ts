// The VNet subnets a cluster takes addresses from: those its System pool and its NodePools name (node
// subnets, and pod subnets with Azure CNI). What the fleet's address-space checks compare.
import type { ManagedCluster, NodePool } from '../../api/index.js';

/** The subnet IDs the cluster's spec and its pools name, once each (ARM IDs compare case-insensitively). */
export function clusterSubnetIds(cluster: ManagedCluster, pools: readonly NodePool[]): string[] {
  const ids = [
    cluster.spec.systemPool?.vnetSubnetID,
    cluster.spec.systemPool?.podSubnetID,
    ...pools.flatMap((p) => [p.spec.vnetSubnetID, p.spec.podSubnetID]),
  ].filter((id): id is string => !!id);
  return [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
}
