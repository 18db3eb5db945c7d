// The list of every kind's declaration, in the order CRDs and docs present them.
import type { KindDefinition } from './crd.js';
import { managedClusterDefinition } from './managed-cluster.js';
import { nodePoolSnapshotDefinition } from './node-pool-snapshot.js';
import { nodePoolDefinition } from './node-pool.js';
import { upgradePlanDefinition } from './upgrade-plan.js';

export const KIND_DEFINITIONS: readonly KindDefinition[] = [
  managedClusterDefinition,
  nodePoolDefinition,
  nodePoolSnapshotDefinition,
  upgradePlanDefinition,
];
