// Public surface of the NodePoolSnapshot controller.
export { createNodePoolSnapshotController, NODE_POOL_SNAPSHOT_CONTROLLER } from './controller.js';
export type { NodePoolSnapshotControllerOptions } from './controller.js';
export { NodePoolSnapshotReconciler, SNAPSHOT_CONDITION_TYPES } from './reconciler.js';
export type { NodePoolSnapshotReconcilerOptions } from './reconciler.js';
export { armSnapshot } from './external.js';
export type { ExternalSnapshot } from './external.js';
