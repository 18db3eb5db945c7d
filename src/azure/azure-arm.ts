// The ARM interfaces bundled for one identity, as a controller receives them.

import type { Clock } from '../runtime/index.js';
import { SdkAgentPoolsArm, type AgentPoolsArm } from './agent-pools.js';
import type { AdapterContext } from './adapter-context.js';
import type { ArmClientFactory } from './client-factory.js';
import { describeIdentity, identityKey, type AzureIdentity } from './credentials.js';
import { SdkComputeUsagesArm, type ComputeUsagesArm } from './compute-usages.js';
import { SdkManagedClustersArm, type ManagedClustersArm } from './managed-clusters.js';
import { SdkOperationsArm, type OperationsArm } from './operations.js';
import { RegionVersionsCache, type RegionVersionsArm } from './region-versions.js';
import {
  SdkMaintenanceConfigurationsArm,
  type MaintenanceConfigurationsArm,
} from './maintenance-configurations.js';
import { SdkSnapshotsArm, type SnapshotsArm } from './snapshots.js';
import { SdkSubnetsArm, type SubnetsArm } from './subnets.js';
import type { WorkloadClustersArm } from './workload-clusters.js';

/** Everything a controller needs from ARM, acting as one identity. */
export interface AzureArm {
  managedClusters: ManagedClustersArm;
  /** The versions AKS offers per region, shared by every identity of the process for a while. */
  regionVersions: RegionVersionsArm;
  agentPools: AgentPoolsArm;
  snapshots: SnapshotsArm;
  maintenanceConfigurations: MaintenanceConfigurationsArm;
  operations: OperationsArm;
  computeUsages: ComputeUsagesArm;
  subnets: SubnetsArm;
  /** The API servers of workload clusters, reached as this identity. */
  workloadClusters: WorkloadClustersArm;
}

export interface AzureArmOptions {
  factory: ArmClientFactory;
  /** Who to act as; the operator's own identity when omitted. */
  identity?: AzureIdentity;
  /** Time source for operation start times. */
  clock?: Pick<Clock, 'now'>;
  /** Poll interval when Azure names none (DEFAULT_POLL_INTERVAL_MS when omitted). */
  pollIntervalMs?: number;
}

/** The region versions of each factory's process, shared by every identity it acts as. */
const regionVersionCaches = new WeakMap<ArmClientFactory, RegionVersionsCache>();

function regionVersionsOf(factory: ArmClientFactory): RegionVersionsCache {
  let cache = regionVersionCaches.get(factory);
  if (!cache) regionVersionCaches.set(factory, (cache = new RegionVersionsCache()));
  return cache;
}

/** Builds the SDK-backed adapters. Cheap: clients come from the factory's cache. */
export function createAzureArm(options: AzureArmOptions): AzureArm {
  const { factory, identity } = options;
  const ctx: AdapterContext = {
    clientFor: (subscriptionId) => factory.client(subscriptionId, identity),
    ...(factory.metrics ? { metrics: factory.metrics } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  const managedClusters = new SdkManagedClustersArm(ctx);
  const clock = options.clock ?? { now: () => Date.now() };
  const who = identity ?? {};
  return {
    managedClusters,
    regionVersions: regionVersionsOf(factory).bind({ reader: managedClusters, now: () => clock.now() }),
    workloadClusters: factory.workloadClusters.bind({
      identityKey: identityKey(who),
      managedClusters,
      credential: factory.credential(who),
      who: describeIdentity(who),
    }),
    agentPools: new SdkAgentPoolsArm(ctx),
    snapshots: new SdkSnapshotsArm(ctx),
    maintenanceConfigurations: new SdkMaintenanceConfigurationsArm(ctx),
    computeUsages: new SdkComputeUsagesArm({
      ...ctx,
      resourceManagerUrl: factory.resourceManagerUrl,
      httpClient: factory.httpClient,
    }),
    subnets: new SdkSubnetsArm({
      ...ctx,
      resourceManagerUrl: factory.resourceManagerUrl,
      httpClient: factory.httpClient,
    }),
    operations: new SdkOperationsArm({
      ...ctx,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    }),
  };
}
