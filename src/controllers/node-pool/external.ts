// The Azure side of a NodePool, as the reconciler sees it: read the agent pool (and its siblings), start
// operations on it, poll them, and reach the workload cluster to count nodes and replace pools.
import type * as Arm from '@azure/arm-containerservice';
import type {
  AzureArm,
  OperationHandle,
  PoolListings,
  OperationOutcome,
  WorkloadClustersArm,
  WriteConditions,
} from '../../azure/index.js';

/** Facts about the Azure side and idempotent writes that return promptly; long work is a handle. */
export interface ExternalNodePool {
  /** The pool, or undefined when absent. Read-only. */
  observe(id: string, signal: AbortSignal): Promise<Arm.AgentPool | undefined>;
  /** Whether a fresh shared listing of its cluster shows the pool absent, with no write to it since. No call. */
  isListedAbsent(id: string): boolean;
  /** Every pool of the cluster, read now; undefined when the cluster is absent. Read-only. */
  listPools(clusterId: string, signal: AbortSignal): Promise<Arm.AgentPool[] | undefined>;
  /**
   * Every pool of the cluster as its NodePools share them: a listing read moments ago, when none of
   * `names` was written since, else read now (and shared). Undefined when the cluster is absent. Read-only.
   */
  sharedPools(
    clusterId: string,
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<Arm.AgentPool[] | undefined>;
  /** PUTs the whole pool body (create, update, scale, upgrade, start, stop); `conditions` make it conditional. */
  createOrUpdate(
    id: string,
    body: Arm.AgentPool,
    signal: AbortSignal,
    conditions?: WriteConditions,
  ): Promise<OperationHandle>;
  /** Deletes the pool (AKS drains it, honouring PDBs unless told not to); undefined when it was already gone. */
  delete(
    id: string,
    signal: AbortSignal,
    options?: { ignorePodDisruptionBudget?: boolean },
  ): Promise<OperationHandle | undefined>;
  /** Reimages the pool's nodes with the newest node image AKS offers, or the snapshot's image. */
  upgradeNodeImage(id: string, signal: AbortSignal, snapshotId?: string): Promise<OperationHandle>;
  /** The newest node image AKS offers the pool (its upgrade profile); undefined when unknown. Read-only. */
  latestNodeImage(id: string, signal: AbortSignal): Promise<string | undefined>;
  /** One poll of an operation this object started. Read-only. */
  poll(handle: OperationHandle, signal: AbortSignal): Promise<OperationOutcome>;
  /** The workload clusters' API servers, reached as the pool's identity. */
  workloadClusters: WorkloadClustersArm;
}

/** The ARM adapter, sharing cluster listings through `listings` (every write is told to it first). */
export function armNodePool(arm: AzureArm, listings: PoolListings): ExternalNodePool {
  const ap = arm.agentPools;
  const writing = (id: string): string => {
    listings.wrote(id);
    return id;
  };
  return {
    observe: (id, signal) => ap.get(id, signal),
    isListedAbsent: (id) => listings.isListedAbsent(id),
    listPools: (clusterId, signal) => ap.list(clusterId, signal),
    sharedPools: (clusterId, names, signal) =>
      listings.pools(clusterId, names, () => ap.list(clusterId, signal)),
    createOrUpdate: (id, body, signal, conditions) => ap.put(writing(id), body, { ...conditions, signal }),
    delete: (id, signal, options) => ap.delete(writing(id), { ...options, signal }),
    upgradeNodeImage: (id, signal, snapshotId) =>
      ap.upgradeNodeImageVersion(writing(id), { signal, ...(snapshotId ? { snapshotId } : {}) }),
    latestNodeImage: async (id, signal) => (await ap.getUpgradeProfile(id, signal))?.latestNodeImageVersion,
    poll: (handle, signal) => arm.operations.pollOperation(handle, signal),
    workloadClusters: arm.workloadClusters,
  };
}
