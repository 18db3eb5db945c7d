// Builders of ManagedCluster and NodePool objects as the API server returns them (schema defaults
// applied), for unit tests of the controllers.
import {
  API_VERSION,
  applyDefaults,
  managedClusterSpec,
  nodePoolSpec,
  type ManagedCluster,
  type ManagedClusterSpecInput,
  type ManagedClusterStatus,
  type NodePool,
  type NodePoolSpecInput,
  type NodePoolStatus,
} from '../../api/index.js';

export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

/** The Running condition of a cluster that runs, as its reconciler reports it; pools wait for it. */
export const CLUSTER_RUNNING = {
  type: 'Running',
  status: 'True' as const,
  reason: 'ClusterRunning',
  message: 'the cluster runs in Azure',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

/** The power fields of a cluster's status as its reconciler reports them: powerState and Running. */
export function clusterPower(state: 'Running' | 'Stopped' | 'Starting'): Partial<ManagedClusterStatus> {
  if (state === 'Running') return { powerState: 'Running', conditions: [CLUSTER_RUNNING] };
  const reason = state === 'Stopped' ? 'ClusterStopped' : 'Starting';
  return {
    powerState: 'Stopped',
    conditions: [
      { ...CLUSTER_RUNNING, status: 'False' as const, reason, message: `the cluster is ${reason}` },
    ],
  };
}

export interface ObjectInput<S, T> {
  name?: string;
  namespace?: string;
  generation?: number;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  spec?: Partial<S>;
  status?: T;
}

const BASE_CLUSTER: ManagedClusterSpecInput = {
  subscriptionId: TEST_SUBSCRIPTION,
  resourceGroup: 'rg1',
  location: 'eastus',
  kubernetesVersion: '1.33',
  systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
};

function meta(input: ObjectInput<unknown, unknown>, fallbackName: string): ManagedCluster['metadata'] {
  return {
    name: input.name ?? fallbackName,
    namespace: input.namespace ?? 'team-a',
    uid: `uid-${input.name ?? fallbackName}`,
    generation: input.generation ?? 1,
    resourceVersion: '1',
    creationTimestamp: new Date(Date.UTC(2025, 0, 1)),
    ...(input.annotations ? { annotations: input.annotations } : {}),
    finalizers: input.finalizers ?? ['aks.lifecycle.dev/finalizer'],
    ...(input.deletionTimestamp ? { deletionTimestamp: new Date(input.deletionTimestamp) } : {}),
  };
}

export function managedCluster(
  input: ObjectInput<ManagedClusterSpecInput, ManagedClusterStatus> = {},
): ManagedCluster {
  const spec = applyDefaults(managedClusterSpec, {
    ...BASE_CLUSTER,
    ...input.spec,
  } as ManagedClusterSpecInput);
  return {
    apiVersion: API_VERSION,
    kind: 'ManagedCluster',
    metadata: meta(input, 'c1'),
    spec,
    ...(input.status ? { status: input.status } : {}),
  };
}

const BASE_POOL: NodePoolSpecInput = {
  clusterRef: { name: 'c1' },
  vmSize: 'Standard_D4s_v3',
  count: 2,
};

export function nodePool(input: ObjectInput<NodePoolSpecInput, NodePoolStatus> = {}): NodePool {
  const spec = applyDefaults(nodePoolSpec, { ...BASE_POOL, ...input.spec } as NodePoolSpecInput);
  return {
    apiVersion: API_VERSION,
    kind: 'NodePool',
    metadata: meta(input, 'user1'),
    spec,
    ...(input.status ? { status: input.status } : {}),
  };
}
