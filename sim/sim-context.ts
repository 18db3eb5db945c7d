// Everything a handler needs: state, engine, catalogues, models and configuration, in one object.
import type { CapacityModel } from './capacity.js';
import type { DataPlane } from './data-plane.js';
import type { NodeImageCatalogue } from './node-images.js';
import type { OperationEngine } from './operation-engine.js';
import type { QuotaModel } from './quota.js';
import type { ResourceStore } from './resource-store.js';
import type { SimClock } from './sim-clock.js';
import type { VersionCatalogue } from './version-catalogue.js';
import type { VmSizeCatalogue } from './vm-sizes.js';

/** Simulated durations (ms of simulated time) of each kind of work. */
export interface Durations {
  clusterCreate: number;
  clusterUpdate: number;
  controlPlaneUpgrade: number;
  clusterDelete: number;
  clusterStart: number;
  clusterStop: number;
  poolCreate: number;
  poolUpdate: number;
  /** Per node for version and node-image upgrades. */
  poolUpgradePerNode: number;
  poolDelete: number;
  deleteMachines: number;
  abort: number;
}

export const DEFAULT_DURATIONS: Durations = {
  clusterCreate: 240_000,
  clusterUpdate: 60_000,
  controlPlaneUpgrade: 300_000,
  clusterDelete: 180_000,
  clusterStart: 150_000,
  clusterStop: 90_000,
  poolCreate: 120_000,
  poolUpdate: 45_000,
  poolUpgradePerNode: 60_000,
  poolDelete: 60_000,
  deleteMachines: 30_000,
  abort: 5_000,
};

export interface PagingConfig {
  clusterPageSize: number;
  agentPoolPageSize: number;
  snapshotPageSize: number;
  /** Real AKS answers agent-pool lists with a nextLink to an empty page; mimic it. */
  agentPoolTrailingEmptyPage: boolean;
}

export const DEFAULT_PAGING: PagingConfig = {
  clusterPageSize: 100,
  agentPoolPageSize: 100,
  snapshotPageSize: 100,
  agentPoolTrailingEmptyPage: true,
};

export interface LroConfig {
  /** Retry-After (s) on the initial answer of a long-running operation; the client ignores it for its first poll. */
  initialRetryAfterSeconds: number;
  /** Retry-After (s) on operation-status answers; 0 omits it (as real AKS does). */
  pollRetryAfterSeconds: number;
}

export const DEFAULT_LRO: LroConfig = { initialRetryAfterSeconds: 0, pollRetryAfterSeconds: 0 };

export interface SimContext {
  store: ResourceStore;
  engine: OperationEngine;
  versions: VersionCatalogue;
  vmSizes: VmSizeCatalogue;
  nodeImages: NodeImageCatalogue;
  quota: QuotaModel;
  capacity: CapacityModel;
  clock: SimClock;
  dataPlane: DataPlane;
  durations: Durations;
  paging: PagingConfig;
  lro: LroConfig;
}
