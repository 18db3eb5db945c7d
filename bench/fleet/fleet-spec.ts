// A fleet as users declare it for the operator benchmarks: ManagedClusters with their system pool, each
// with NodePools (the system pool adopted by a NodePool of the same azureName, plus user pools).
// Spec only: the operator writes status.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, Kind, Plural, VERSION } from '../../src/api/index.js';
import type { ManagedClusterSpecInput, NodePoolSpecInput } from '../../src/api/index.js';
import { mapLimit } from '../stats.js';

export const KUBERNETES_VERSION = '1.33';
const USER_POOLS = ['user1', 'user2', 'user3'] as const;
export const POOLS_PER_CLUSTER = 1 + USER_POOLS.length;
/** Agent pools the operator must create per cluster: the system pool comes with the cluster. */
export const CREATED_POOLS_PER_CLUSTER = USER_POOLS.length;
const IN_FLIGHT = 16;

interface SpecObject<Spec> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Spec;
}

export interface FleetShape {
  clusters: number;
  namespaces: number;
  /** Spread clusters over this many subscriptions (ARM throttles per subscription); default: the operator's. */
  subscriptions?: number;
}

/** The n-th benchmark subscription: `00000000-0000-0000-0000-00000000000n`. */
export const subscriptionId = (n: number): string => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

function clusterSpec(index: number, subscriptions: number | undefined): ManagedClusterSpecInput {
  return {
    ...(subscriptions ? { subscriptionId: subscriptionId(index % subscriptions) } : {}),
    resourceGroup: `rg-fleet-${index % 10}`,
    location: 'westeurope',
    kubernetesVersion: KUBERNETES_VERSION,
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v5', count: 3 },
  };
}

function poolSpec(cluster: string, azureName: string): NodePoolSpecInput {
  const isSystem = azureName === 'system';
  return {
    clusterRef: { name: cluster },
    azureName,
    mode: isSystem ? 'System' : 'User',
    vmSize: isSystem ? 'Standard_D4s_v5' : 'Standard_D8s_v5',
    count: isSystem ? 3 : 2,
  };
}

export function fleetObjects(shape: FleetShape): {
  clusters: SpecObject<ManagedClusterSpecInput>[];
  pools: SpecObject<NodePoolSpecInput>[];
} {
  const clusters: SpecObject<ManagedClusterSpecInput>[] = [];
  const pools: SpecObject<NodePoolSpecInput>[] = [];
  for (let i = 0; i < shape.clusters; i++) {
    const namespace = `fleet-${(i % shape.namespaces) + 1}`;
    const name = `aks-${String(i + 1).padStart(4, '0')}`;
    const labels = { fleet: 'bench' };
    clusters.push({
      apiVersion: API_VERSION,
      kind: Kind.ManagedCluster,
      metadata: { name, namespace, labels },
      spec: clusterSpec(i, shape.subscriptions),
    });
    for (const azureName of ['system', ...USER_POOLS]) {
      pools.push({
        apiVersion: API_VERSION,
        kind: Kind.NodePool,
        metadata: { name: `${name}-${azureName}`, namespace, labels },
        spec: poolSpec(name, azureName),
      });
    }
  }
  return { clusters, pools };
}

/** Creates the namespaces and every object, a bounded number at a time; returns how many objects. */
export async function createFleet(kc: KubeConfig, shape: FleetShape, signal: AbortSignal): Promise<number> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespaces = Array.from({ length: shape.namespaces }, (_, i) => `fleet-${i + 1}`);
  await mapLimit(namespaces, 5, (name) => core.createNamespace({ body: { metadata: { name } } }));
  const { clusters, pools } = fleetObjects(shape);
  const create = (plural: string) => (obj: SpecObject<unknown>) => {
    signal.throwIfAborted();
    const { namespace } = obj.metadata;
    return custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural,
      namespace,
      body: obj,
    });
  };
  await mapLimit(clusters, IN_FLIGHT, create(Plural.ManagedCluster));
  await mapLimit(pools, IN_FLIGHT, create(Plural.NodePool));
  return clusters.length + pools.length;
}
