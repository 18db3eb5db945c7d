// Builders of the objects a NodePoolSnapshot reconcile reads, defaulted as the API server would serve
// them, for unit tests: a provisioned cluster in eastus, a Ready pool of it, and a snapshot of that pool.
import {
  API_VERSION,
  applyDefaults,
  Kind,
  nodePoolSnapshotSpec,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  type NodePoolSnapshotSpecInput,
} from '../../../api/index.js';
import type { Condition } from '../../../runtime/index.js';
import { managedCluster, nodePool as basePool, TEST_SUBSCRIPTION } from '../../testing/objects.js';

export const NAMESPACE = 'team-a';
export const SUBSCRIPTION = TEST_SUBSCRIPTION;
export const CLUSTER_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
export const POOL_ID = `${CLUSTER_ID}/agentPools/user1`;
export const SNAPSHOT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/snapshots/snap1`;

export function condition(type: string, status: Condition['status'], reason = 'UpToDate'): Condition {
  return {
    type,
    status,
    reason,
    message: '',
    lastTransitionTime: '2026-01-01T00:00:00Z',
    observedGeneration: 1,
  };
}

/** Cluster c1 in eastus; provisioned unless asked otherwise (then it does not name its subscription either). */
export function cluster(overrides: { provisioned?: boolean } = {}): ManagedCluster {
  if (overrides.provisioned === false) return managedCluster({ spec: { subscriptionId: undefined } });
  return managedCluster({
    status: {
      azureResourceID: CLUSTER_ID,
      currentKubernetesVersion: '1.33.2',
      provisioningState: 'Succeeded',
    },
  });
}

/** Pool user1 of c1; Ready, Running and recording its agent pool ID unless asked otherwise. */
export function nodePool(
  overrides: { ready?: boolean; recordsId?: boolean; stopped?: boolean } = {},
): NodePool {
  const ready = overrides.ready ?? true;
  const readyReason = overrides.stopped ? 'PoolStopped' : ready ? 'UpToDate' : 'Creating';
  return basePool({
    status: {
      conditions: [
        condition('Ready', ready ? 'True' : 'False', readyReason),
        overrides.stopped
          ? condition('Running', 'False', 'PoolStopped')
          : condition('Running', ready ? 'True' : 'False', ready ? 'PoolRunning' : 'NotProvisioned'),
      ],
      ...(overrides.recordsId === false ? {} : { azureResourceID: POOL_ID }),
    },
  });
}

export function snapshot(
  spec: Partial<NodePoolSnapshotSpecInput> = {},
  status?: NodePoolSnapshot['status'],
): NodePoolSnapshot {
  const input: NodePoolSnapshotSpecInput = spec.sourceResourceID
    ? { ...spec }
    : { nodePoolRef: { name: 'user1' }, ...spec };
  const snap: NodePoolSnapshot = {
    apiVersion: API_VERSION,
    kind: Kind.NodePoolSnapshot,
    metadata: { name: 'snap1', namespace: NAMESPACE, generation: 1, resourceVersion: '1', finalizers: [] },
    spec: applyDefaults(nodePoolSnapshotSpec, input),
  };
  if (status) snap.status = status;
  return snap;
}

/** A cache over a fixed list of objects. */
export function cacheOf<T extends { metadata: { namespace?: string; name?: string } }>(...items: T[]) {
  return {
    get: (key: { namespace: string; name: string }) =>
      items.find((i) => i.metadata.namespace === key.namespace && i.metadata.name === key.name),
    list: (namespace?: string) =>
      items.filter((i) => namespace === undefined || i.metadata.namespace === namespace),
  };
}
