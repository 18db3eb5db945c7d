// The Azure side of a NodePoolSnapshot, as the reconciler sees it: read the snapshot (and, before taking
// one from a pool named by ARM ID, that pool and its cluster's region), create it, replace its tags,
// delete it. Snapshot calls are synchronous in ARM: each returns the result, not an operation.
import type * as Arm from '@azure/arm-containerservice';
import { parentClusterId, type AzureArm } from '../../azure/index.js';
import type { SourcePoolFacts } from './decide.js';

/** Idempotent calls that return promptly. */
export interface ExternalSnapshot {
  /** The snapshot, or undefined when absent. Read-only. */
  observe(id: string, signal: AbortSignal): Promise<Arm.Snapshot | undefined>;
  /** Whether the agent pool exists, its provisioningState and its cluster's region. Read-only. */
  observeSource(poolId: string, signal: AbortSignal): Promise<SourcePoolFacts>;
  /** Takes the snapshot; returns it as Azure stored it, captured fields filled. Writes. */
  create(id: string, body: Arm.Snapshot, signal: AbortSignal): Promise<Arm.Snapshot>;
  /** Replaces the tags; undefined when the snapshot is gone. Writes. */
  updateTags(
    id: string,
    tags: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Arm.Snapshot | undefined>;
  /** Deletes the snapshot; absent is fine. Writes. */
  delete(id: string, signal: AbortSignal): Promise<void>;
}

export function armSnapshot(arm: AzureArm): ExternalSnapshot {
  const snapshots = arm.snapshots;
  return {
    observe: (id, signal) => snapshots.get(id, signal),
    async observeSource(poolId, signal) {
      const pool = await arm.agentPools.get(poolId, signal);
      if (!pool) return { exists: false };
      const cluster = await arm.managedClusters.get(parentClusterId(poolId), signal);
      const facts: SourcePoolFacts = { exists: cluster !== undefined };
      if (pool.provisioningState) facts.provisioningState = pool.provisioningState;
      if (cluster?.location) facts.location = cluster.location;
      return facts;
    },
    create: (id, body, signal) => snapshots.put(id, body, signal),
    updateTags: (id, tags, signal) => snapshots.patchTags(id, tags, signal),
    delete: (id, signal) => snapshots.delete(id, signal),
  };
}
