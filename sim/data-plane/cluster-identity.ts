// Facts read off a simulated cluster's ARM identity: its subscription, resource group, node resource group.
import type { ClusterShape } from '../data-plane.js';

export function subscriptionOf(clusterId: string): string {
  return /\/subscriptions\/([^/]+)/i.exec(clusterId)?.[1] ?? '00000000-0000-0000-0000-000000000000';
}

export function resourceGroupOf(clusterId: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(clusterId)?.[1] ?? 'unknown';
}

/** The node resource group; AKS's default `MC_<rg>_<cluster>_<location>` when the shape leaves it empty. */
export function nodeResourceGroupOf(cluster: ClusterShape): string {
  return cluster.nodeResourceGroup || `MC_${resourceGroupOf(cluster.id)}_${cluster.name}_${cluster.location}`;
}
