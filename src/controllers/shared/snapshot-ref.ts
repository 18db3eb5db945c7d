// Resolves a reference to a NodePoolSnapshot (same namespace) into the ARM ID of its Azure snapshot,
// or the problem that the snapshot is missing or not Ready yet.
import type { NodePoolSnapshot } from '../../api/index.js';
import { isTrue, StandardCondition } from '../../runtime/index.js';
import type { SpecProblem } from './spec-problem.js';

export interface SnapshotLookup {
  get(key: { namespace: string; name: string }): NodePoolSnapshot | undefined;
}

export function resolveSnapshot(
  snapshots: SnapshotLookup | undefined,
  namespace: string,
  ref: { name: string },
  field: string,
): { snapshotId: string } | SpecProblem {
  const snapshot = snapshots?.get({ namespace, name: ref.name });
  const id = snapshot?.status?.azureResourceID;
  if (!snapshot || !id || !isTrue(snapshot.status?.conditions, StandardCondition.Ready)) {
    return {
      reason: 'SnapshotNotReady',
      field,
      ...(snapshot ? { isWaiting: true } : {}),
      message: snapshot
        ? `NodePoolSnapshot ${namespace}/${ref.name} is not Ready yet; the pool is created once it is`
        : `NodePoolSnapshot ${namespace}/${ref.name} does not exist; create it or remove ${field}`,
    };
  }
  return { snapshotId: id };
}
