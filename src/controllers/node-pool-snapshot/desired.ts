// Mapping from a NodePoolSnapshot spec to Azure: where the snapshot lives (its ARM ID, in the source's
// subscription and, by default, resource group) and the body that creates it.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSnapshot } from '../../api/index.js';
import { parseResourceId, snapshotId } from '../../azure/index.js';

/** Name of the snapshot in Azure. */
export function snapshotAzureName(snap: NodePoolSnapshot): string {
  return snap.spec.azureName ?? snap.metadata.name ?? '';
}

/** ARM ID of the snapshot taken from the agent pool `poolId`. */
export function snapshotResourceId(snap: NodePoolSnapshot, poolId: string): string {
  const pool = parseResourceId(poolId, 'agentPool');
  return snapshotId(
    pool.subscriptionId,
    snap.spec.resourceGroup ?? pool.resourceGroup,
    snapshotAzureName(snap),
  );
}

/** The PUT body: Azure fills the captured fields from the source pool. */
export function desiredSnapshot(
  snap: NodePoolSnapshot,
  inputs: { poolId: string; location: string },
  ownerTags: Record<string, string>,
): Arm.Snapshot {
  return {
    location: inputs.location,
    snapshotType: 'NodePool',
    creationData: { sourceResourceId: inputs.poolId },
    tags: { ...snap.spec.tags, ...ownerTags },
  };
}

/** Azure writes regions in lower case without spaces; users may not. */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  const norm = (l: string | undefined) => (l ?? '').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}
