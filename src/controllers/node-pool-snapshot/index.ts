// Public surface of the NodePoolSnapshot controller, and the snapshot checks pools and clusters use.
export { createNodePoolSnapshotController, NODE_POOL_SNAPSHOT_CONTROLLER } from './controller.js';
export type { NodePoolSnapshotControllerOptions } from './controller.js';
export { NodePoolSnapshotReconciler, SNAPSHOT_CONDITION_TYPES } from './reconciler.js';
export type { NodePoolSnapshotReconcilerOptions } from './reconciler.js';
export { armSnapshot } from './external.js';
export type { ExternalSnapshot } from './external.js';
export { checkSnapshotCompatibility, SnapshotRefusalReason, SnapshotUse } from './compatibility.js';
export type { SnapshotCompatibility, SnapshotCompatibilityInput } from './compatibility.js';
export { isSameVmFamily, vmFamily } from './vm-family.js';
export { compareNodeImageVersions } from './node-image-version.js';
