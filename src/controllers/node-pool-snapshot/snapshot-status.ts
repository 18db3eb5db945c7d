// Writes what Azure holds of the snapshot into the NodePoolSnapshot status draft: its ID, its source and
// the fields AKS captured from the source pool (read-only in Azure, so they never change afterwards).
import type * as Arm from '@azure/arm-containerservice';
import { OsType, type NodePoolSnapshotStatus } from '../../api/index.js';

export function recordSnapshot(status: NodePoolSnapshotStatus, observed: Arm.Snapshot, id: string): void {
  status.azureResourceID = observed.id ?? id;
  set(status, 'sourceResourceID', observed.creationData?.sourceResourceId);
  set(status, 'kubernetesVersion', observed.kubernetesVersion);
  set(status, 'nodeImageVersion', observed.nodeImageVersion);
  set(status, 'osType', osTypeOf(observed.osType));
  set(status, 'osSku', observed.osSku);
  set(status, 'vmSize', observed.vmSize);
  set(status, 'enableFIPS', observed.enableFips);
}

/** One line for Ready's message: what the snapshot holds. */
export function describeCaptured(status: NodePoolSnapshotStatus): string {
  const parts = [
    status.kubernetesVersion ? `Kubernetes ${status.kubernetesVersion}` : undefined,
    status.nodeImageVersion ? `node image ${status.nodeImageVersion}` : undefined,
    status.vmSize ? `VM size ${status.vmSize}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `the snapshot holds ${parts.join(', ')}` : 'the snapshot exists in Azure';
}

function osTypeOf(v: string | undefined): NodePoolSnapshotStatus['osType'] {
  return v === OsType.Linux || v === OsType.Windows ? v : undefined;
}

function set<K extends keyof NodePoolSnapshotStatus>(
  s: NodePoolSnapshotStatus,
  key: K,
  value: NodePoolSnapshotStatus[K] | undefined,
): void {
  if (value === undefined) delete s[key];
  else s[key] = value;
}
