// Resolves a reference to a NodePoolSnapshot (same namespace) into the ARM ID of its Azure snapshot,
// or the problem that the snapshot is missing, not Ready yet, or of another VM family than the pool
// that would use it (AKS only uses a snapshot for sizes of the family it was taken from).
import { NodePoolReason } from '../../api/index.js';
import type { NodePoolSnapshot } from '../../api/index.js';
import { isTrue, StandardCondition, type Result } from '../../runtime/index.js';
import { isSpecProblem, specProblemError, type SpecProblem } from './spec-problem.js';
import { isSameVmFamily, vmFamily } from './vm-family.js';

export interface SnapshotLookup {
  get(key: { namespace: string; name: string }): NodePoolSnapshot | undefined;
}

export function resolveSnapshot(
  snapshots: SnapshotLookup | undefined,
  namespace: string,
  ref: { name: string },
  field: string,
  /** VM size of the pool that would use the snapshot. */
  vmSize?: string,
): { snapshotId: string } | SpecProblem {
  const snapshot = snapshots?.get({ namespace, name: ref.name });
  const id = snapshot?.status?.azureResourceID;
  if (!snapshot || !id || !isTrue(snapshot.status?.conditions, StandardCondition.Ready)) {
    return {
      reason: NodePoolReason.SnapshotNotReady,
      field,
      ...(snapshot ? { isWaiting: true } : {}),
      message: snapshot
        ? `NodePoolSnapshot ${namespace}/${ref.name} is not Ready yet; the pool is created once it is`
        : `NodePoolSnapshot ${namespace}/${ref.name} does not exist; create it or remove ${field}`,
    };
  }
  const taken = snapshot.status?.vmSize;
  if (vmSize && taken && isSameVmFamily(taken, vmSize) === false) {
    return {
      reason: NodePoolReason.SnapshotVMFamilyMismatch,
      field,
      message:
        `NodePoolSnapshot ${namespace}/${ref.name} was taken from ${taken} (family ${vmFamily(taken) ?? '?'}) ` +
        `but the pool uses ${vmSize} (family ${vmFamily(vmSize) ?? '?'}); AKS uses a snapshot only for its own ` +
        `VM family: pick a ${vmFamily(taken) ?? ''} size or a snapshot of a ${vmFamily(vmSize) ?? ''} pool`,
    };
  }
  return { snapshotId: id };
}

export interface RequireSnapshotInput {
  snapshots: SnapshotLookup | undefined;
  namespace: string;
  ref: { name: string };
  field: string;
  /** VM size of the pool that would use the snapshot. */
  vmSize?: string;
  report: { progress(p: { state: 'reconciling'; reason: string; message: string }): void };
  pollIntervalMs: number;
}

/**
 * The snapshot's ARM ID; or, while it is not Ready, `wait` (reported as Reconciling) to return from the
 * reconcile. Throws InvalidSpecError when the NodePoolSnapshot does not exist or is of another VM family.
 */
export function requireSnapshot(input: RequireSnapshotInput): { snapshotId: string } | { wait: Result } {
  const resolved = resolveSnapshot(input.snapshots, input.namespace, input.ref, input.field, input.vmSize);
  if (!isSpecProblem(resolved)) return resolved;
  if (!resolved.isWaiting) throw specProblemError(resolved);
  input.report.progress({ state: 'reconciling', reason: resolved.reason, message: resolved.message });
  return { wait: { requeueAfterMs: input.pollIntervalMs } };
}
