// In-memory state of every simulated resource: clusters with their agent pools, snapshots, and the
// virtual networks pools join.
// It outlives operator restarts because it lives in the simulator process.
import { clusterKey, snapshotKey, type ClusterRef, type SnapshotRef } from './arm-ids.js';
import type { JsonObject } from './json.js';
import { NetworkStore } from './network-model.js';

export interface SystemData {
  createdBy: string;
  createdByType: string;
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
  lastModifiedAt: string;
}

export interface PoolRecord {
  name: string;
  /** Writable properties (wire keys) as last accepted, server defaults filled in. */
  spec: JsonObject;
  /** The resolved patch version the pool is moving to or runs at. */
  targetVersion: string;
  currentOrchestratorVersion: string;
  nodeImageVersion: string;
  provisioningState: string;
  powerState: 'Running' | 'Stopped';
  eTag: string;
  /** Count and autoscaling a stopped pool returns to when started. */
  beforeStop?: { count: number; enableAutoScaling: boolean };
  systemData: SystemData;
}

export interface ClusterRecord {
  ref: ClusterRef;
  location: string;
  tags?: Record<string, string>;
  sku?: JsonObject;
  identity?: JsonObject;
  /** Writable properties except agentPoolProfiles, server defaults filled in, secrets removed. */
  spec: JsonObject;
  /** The resolved patch version the control plane is moving to or runs at. */
  targetVersion: string;
  currentKubernetesVersion: string;
  provisioningState: string;
  powerState: 'Running' | 'Stopped';
  eTag: string;
  /** Stable random label used in the FQDNs. */
  fqdnLabel: string;
  pools: Map<string, PoolRecord>;
  systemData: SystemData;
}

export interface SnapshotRecord {
  ref: SnapshotRef;
  location: string;
  tags?: Record<string, string>;
  properties: JsonObject;
  systemData: SystemData;
}

export class ResourceStore {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly networks = new NetworkStore();

  getCluster(ref: ClusterRef): ClusterRecord | undefined {
    return this.clusters.get(clusterKey(ref));
  }

  putCluster(record: ClusterRecord): void {
    this.clusters.set(clusterKey(record.ref), record);
  }

  deleteCluster(ref: ClusterRef): void {
    this.clusters.delete(clusterKey(ref));
  }

  /** Clusters of a subscription (and resource group), in a stable order for paging. */
  listClusters(subscriptionId: string, resourceGroup?: string): ClusterRecord[] {
    const prefix = (
      resourceGroup ? `${subscriptionId}/${resourceGroup}/` : `${subscriptionId}/`
    ).toLowerCase();
    return [...this.clusters.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, v]) => v);
  }

  getSnapshot(ref: SnapshotRef): SnapshotRecord | undefined {
    return this.snapshots.get(snapshotKey(ref));
  }

  putSnapshot(record: SnapshotRecord): void {
    this.snapshots.set(snapshotKey(record.ref), record);
  }

  deleteSnapshot(ref: SnapshotRef): boolean {
    return this.snapshots.delete(snapshotKey(ref));
  }

  listSnapshots(subscriptionId: string, resourceGroup?: string): SnapshotRecord[] {
    const prefix = (
      resourceGroup ? `${subscriptionId}/${resourceGroup}/` : `${subscriptionId}/`
    ).toLowerCase();
    return [...this.snapshots.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, v]) => v);
  }

  /** Every pool in a subscription and region, for quota usage. */
  poolsIn(subscriptionId: string, location: string): PoolRecord[] {
    const out: PoolRecord[] = [];
    for (const c of this.clusters.values()) {
      if (c.ref.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) continue;
      if (c.location.toLowerCase() !== location.toLowerCase()) continue;
      out.push(...c.pools.values());
    }
    return out;
  }

  clear(): void {
    this.clusters.clear();
    this.snapshots.clear();
    this.networks.clear();
  }
}

export function newSystemData(now: Date): SystemData {
  const at = now.toISOString();
  return {
    createdBy: 'sim-user',
    createdByType: 'User',
    createdAt: at,
    lastModifiedBy: 'sim-user',
    lastModifiedByType: 'User',
    lastModifiedAt: at,
  };
}

export function touch(systemData: SystemData, now: Date): void {
  systemData.lastModifiedAt = now.toISOString();
}
