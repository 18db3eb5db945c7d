// Checks of a NodePool not created in Azure yet, made before any Azure call: the snapshots it is created
// from must exist and be of its VM family (else stalled) and be Ready (else wait), and its version must
// not be above the control plane (else wait for the control plane).
import { NodePoolReason, type NodePool, type NodePoolStatus } from '../../api/index.js';
import type { Result } from '../../runtime/index.js';
import { requireSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import type { StatusReport } from '../shared/status-report.js';
import { isAboveControlPlane } from './decide.js';

export interface SnapshotCheckInput {
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  snapshots: SnapshotLookup | undefined;
  pollIntervalMs: number;
}

/** Result to return while a snapshot is not Ready; throws when one does not exist. */
export function checkCreationSnapshots(input: SnapshotCheckInput): Result | undefined {
  const { np } = input;
  const refs = [
    ...(np.status?.azureResourceID || !np.spec.snapshotRef
      ? []
      : [{ ref: np.spec.snapshotRef, field: 'spec.snapshotRef' }]),
    ...(np.spec.nodeImage.snapshotRef
      ? [{ ref: np.spec.nodeImage.snapshotRef, field: 'spec.nodeImage.snapshotRef' }]
      : []),
  ];
  for (const { ref, field } of refs) {
    const found = requireSnapshot({
      ...input,
      namespace: np.metadata.namespace ?? '',
      ref,
      field,
      vmSize: np.spec.vmSize,
    });
    if ('wait' in found) return found.wait;
  }
  return undefined;
}

/** A pool not created yet whose version is above the control plane waits (the cluster's change brings it back). */
export function checkCreationVersion(
  np: NodePool,
  controlPlaneVersion: string,
  report: StatusReport<NodePoolStatus>,
): Result | undefined {
  if (np.status?.azureResourceID || !isAboveControlPlane(np.spec.orchestratorVersion, controlPlaneVersion))
    return undefined;
  report.progress({
    state: 'reconciling',
    reason: NodePoolReason.WaitingForControlPlane,
    message: `orchestratorVersion ${np.spec.orchestratorVersion ?? ''} is above the control plane (${controlPlaneVersion}); the pool is created once the control plane is upgraded`,
  });
  return {};
}
