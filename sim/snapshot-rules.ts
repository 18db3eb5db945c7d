// Node-pool snapshot rules: a snapshot is taken in its source pool's region, is consumed only by pools
// of the same VM family, and a pool upgrades to a snapshot only when the snapshot is newer.
import { aksErrors } from './aks-errors.js';
import { parseSnapshotId } from './arm-ids.js';
import { str, type JsonObject } from './json.js';
import { compareVersions } from './kube-version.js';
import { compareImages } from './node-images.js';
import type { PoolRecord, SnapshotRecord } from './resource-store.js';
import type { SimContext } from './sim-context.js';

export function findSnapshot(ctx: SimContext, sourceResourceId: string): SnapshotRecord {
  const ref = parseSnapshotId(sourceResourceId);
  const snapshot = ref ? ctx.store.getSnapshot(ref) : undefined;
  if (!snapshot) {
    throw aksErrors.invalidParameter(
      'creationData.sourceResourceId',
      `The snapshot ${sourceResourceId} referenced by creationData.sourceResourceId was not found.`,
    );
  }
  return snapshot;
}

/** The snapshot a pool spec refers to through creationData, if any. */
export function snapshotOf(ctx: SimContext, spec: JsonObject): SnapshotRecord | undefined {
  const creation = spec.creationData;
  const id =
    creation && typeof creation === 'object' && !Array.isArray(creation)
      ? str(creation, 'sourceResourceId')
      : undefined;
  return id ? findSnapshot(ctx, id) : undefined;
}

/** Throws unless the pool's VM size is in the snapshot's VM family. */
export function assertSameFamily(ctx: SimContext, snapshot: SnapshotRecord, vmSize: string): void {
  const snapVm = ctx.vmSizes.get(str(snapshot.properties, 'vmSize') ?? '');
  const poolVm = ctx.vmSizes.get(vmSize);
  if (snapVm && poolVm && snapVm.family !== poolVm.family) {
    throw aksErrors.invalidParameter(
      'creationData.sourceResourceId',
      `The VM size ${poolVm.name} (family ${poolVm.family}) of the agent pool does not belong to the VM family ${snapVm.family} of snapshot ${snapshot.ref.snapshot} (${snapVm.name}). A snapshot can only be used with VM sizes of the same family.`,
    );
  }
}

/** Throws unless upgrading the pool to the snapshot moves both the Kubernetes version and the node image forward. */
export function assertSnapshotIsNewer(pool: PoolRecord, snapshot: SnapshotRecord): void {
  const snapVersion = str(snapshot.properties, 'kubernetesVersion') ?? '';
  const snapImage = str(snapshot.properties, 'nodeImageVersion') ?? '';
  if (
    compareVersions(snapVersion, pool.currentOrchestratorVersion) <= 0 ||
    compareImages(snapImage, pool.nodeImageVersion) <= 0
  ) {
    throw aksErrors.invalidParameter(
      'creationData.sourceResourceId',
      `Upgrading agent pool ${pool.name} to snapshot ${snapshot.ref.snapshot} is not allowed: the snapshot's Kubernetes version ${snapVersion} and node image version ${snapImage} must both be newer than the pool's ${pool.currentOrchestratorVersion} and ${pool.nodeImageVersion}. Use a node image upgrade when the Kubernetes version is the same.`,
    );
  }
}

/** Throws unless the snapshot's node image is newer than the pool's (node-image upgrade to a snapshot). */
export function assertSnapshotImageIsNewer(pool: PoolRecord, snapshot: SnapshotRecord): void {
  const snapImage = str(snapshot.properties, 'nodeImageVersion') ?? '';
  if (compareImages(snapImage, pool.nodeImageVersion) <= 0) {
    throw aksErrors.invalidParameter(
      'AKSSnapshotId',
      `Upgrading the node image of agent pool ${pool.name} to snapshot ${snapshot.ref.snapshot} is not allowed: the snapshot's node image version ${snapImage} is not newer than the pool's ${pool.nodeImageVersion}.`,
    );
  }
}
