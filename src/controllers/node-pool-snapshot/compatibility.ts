// Whether a pool may be created from, or upgraded to, a NodePoolSnapshot, checked before any Azure call:
// AKS requires the pool's VM size to be of the snapshot's VM family, and an upgrade to a snapshot to
// move forward (its node image newer, its Kubernetes version not older). Pure: pools and clusters call it.
import { NodePoolReason, type NodePoolSnapshotStatus } from '../../api/index.js';
import { isTrue, StandardCondition } from '../../runtime/index.js';
import { compareVersions, parseVersion } from '../shared/kube-version.js';
import { compareNodeImageVersions } from './node-image-version.js';
import { isSameVmFamily, vmFamily } from './vm-family.js';

export const SnapshotRefusalReason = {
  /** The NodePoolSnapshot does not exist, is not Ready, or has not captured what the check needs. */
  SnapshotNotReady: NodePoolReason.SnapshotNotReady,
  /** The pool's VM size is of another VM family than the snapshot's source pool. */
  SnapshotVMFamilyMismatch: 'SnapshotVMFamilyMismatch',
  /** The snapshot is not newer than what the pool runs: AKS never moves a pool back. */
  SnapshotOlderThanPool: 'SnapshotOlderThanPool',
} as const;
export type SnapshotRefusalReason = (typeof SnapshotRefusalReason)[keyof typeof SnapshotRefusalReason];

/** What using the snapshot means for the pool, when it is allowed. */
export const SnapshotUse = {
  /** The pool does not exist yet: create it from the snapshot. */
  Create: 'create',
  /** Kubernetes version and node image both move up: PUT with creationData and the snapshot's version. */
  KubernetesUpgrade: 'kubernetesUpgrade',
  /** Same Kubernetes version, newer image: a node-image upgrade with the snapshot (AKSSnapshotId). */
  NodeImageUpgrade: 'nodeImageUpgrade',
  /** The pool already runs the snapshot's version and image. */
  None: 'none',
} as const;
export type SnapshotUse = (typeof SnapshotUse)[keyof typeof SnapshotUse];

export interface SnapshotCompatibilityInput {
  /** Status of the NodePoolSnapshot; undefined when the object does not exist. */
  snapshot: NodePoolSnapshotStatus | undefined;
  /** Name of the NodePoolSnapshot, for messages. */
  snapshotName?: string;
  /** VM size the pool has (or will have). */
  vmSize: string;
  /** Kubernetes version the existing pool runs; omitted for a pool still to be created. */
  currentOrchestratorVersion?: string;
  /** Node image the existing pool runs; omitted for a pool still to be created. */
  nodeImageVersion?: string;
}

export type SnapshotCompatibility =
  { ok: true; use: SnapshotUse } | { ok: false; reason: SnapshotRefusalReason; message: string };

const refuse = (reason: SnapshotRefusalReason, message: string): SnapshotCompatibility => ({
  ok: false,
  reason,
  message,
});

export function checkSnapshotCompatibility(input: SnapshotCompatibilityInput): SnapshotCompatibility {
  const name = `NodePoolSnapshot ${input.snapshotName ?? ''}`.trimEnd();
  const s = input.snapshot;
  if (!s || !isTrue(s.conditions, StandardCondition.Ready) || !s.azureResourceID) {
    return refuse(SnapshotRefusalReason.SnapshotNotReady, `${name} is not Ready yet; the pool waits for it`);
  }
  if (!s.vmSize || !s.kubernetesVersion || !s.nodeImageVersion) {
    return refuse(
      SnapshotRefusalReason.SnapshotNotReady,
      `${name} has not captured its VM size, Kubernetes version and node image yet; the pool waits for it`,
    );
  }
  if (isSameVmFamily(s.vmSize, input.vmSize) === false) {
    return refuse(
      SnapshotRefusalReason.SnapshotVMFamilyMismatch,
      `${name} was taken from ${s.vmSize} (family ${vmFamily(s.vmSize) ?? '?'}) but the pool uses ${input.vmSize} ` +
        `(family ${vmFamily(input.vmSize) ?? '?'}); AKS only uses a snapshot for the same VM family: pick a ` +
        `${vmFamily(s.vmSize) ?? ''} size or a snapshot of a ${vmFamily(input.vmSize) ?? ''} pool`,
    );
  }
  return checkDirection(
    name,
    { kubernetesVersion: s.kubernetesVersion, nodeImageVersion: s.nodeImageVersion },
    input,
  );
}

interface Captured {
  kubernetesVersion: string;
  nodeImageVersion: string;
}

/** An existing pool may only move forward to a snapshot. */
function checkDirection(name: string, s: Captured, input: SnapshotCompatibilityInput): SnapshotCompatibility {
  const poolVersion = input.currentOrchestratorVersion;
  const poolImage = input.nodeImageVersion;
  if (!poolVersion || !parseVersion(poolVersion)) return { ok: true, use: SnapshotUse.Create };
  const versionOrder = compareVersions(s.kubernetesVersion, poolVersion);
  const older = (what: string): SnapshotCompatibility =>
    refuse(
      SnapshotRefusalReason.SnapshotOlderThanPool,
      `${name} holds ${what}; AKS only upgrades a pool to a newer snapshot: take a new snapshot of a newer pool`,
    );
  if (versionOrder < 0) {
    return older(`Kubernetes ${s.kubernetesVersion}, older than the pool's ${poolVersion}`);
  }
  // Without the pool's image there is nothing more to compare; Azure judges the image.
  const imageOrder = poolImage ? compareNodeImageVersions(s.nodeImageVersion, poolImage) : undefined;
  if (imageOrder === undefined) {
    return { ok: true, use: versionOrder > 0 ? SnapshotUse.KubernetesUpgrade : SnapshotUse.NodeImageUpgrade };
  }
  if (imageOrder === 0 && versionOrder === 0) return { ok: true, use: SnapshotUse.None };
  if (imageOrder <= 0) {
    return older(`node image ${s.nodeImageVersion}, not newer than the pool's ${poolImage ?? ''}`);
  }
  return { ok: true, use: versionOrder > 0 ? SnapshotUse.KubernetesUpgrade : SnapshotUse.NodeImageUpgrade };
}
