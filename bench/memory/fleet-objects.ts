// Realistic ManagedCluster and NodePool objects for the memory benchmark: a converged fleet, so each
// object carries the spec a team would write and the status the operator would have written.
import { API_VERSION, Kind } from '../../src/api/index.js';
import type {
  Condition,
  ManagedClusterSpecInput,
  ManagedClusterStatus,
  NodePoolSpecInput,
  NodePoolStatus,
} from '../../src/api/index.js';

export const POOLS_PER_CLUSTER = 4;
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const POOL_NAMES = ['system', 'user1', 'spot1', 'standby1'] as const;

export interface FleetObject<Spec, Status> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Spec;
  status: Status;
}

export type ClusterObject = FleetObject<ManagedClusterSpecInput, ManagedClusterStatus>;
export type PoolObject = FleetObject<NodePoolSpecInput, NodePoolStatus>;

function readyConditions(generation: number, at: string): Condition[] {
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => ({
    type,
    status,
    observedGeneration: generation,
    lastTransitionTime: at,
    reason,
    message,
  });
  return [
    condition('Ready', 'True', 'UpToDate', 'The Azure resource matches the spec.'),
    condition('Reconciling', 'False', 'UpToDate', 'No operation in progress.'),
    condition('Stalled', 'False', 'UpToDate', 'The spec is accepted.'),
  ];
}

const armCluster = (rg: string, name: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;

export function clusterObject(namespace: string, name: string, index: number): ClusterObject {
  const env = ['dev', 'staging', 'prod'][index % 3] ?? 'dev';
  const rg = `rg-${namespace}-${env}`;
  const at = new Date(Date.UTC(2026, 0, 1, 0, index % 60)).toISOString();
  return {
    apiVersion: API_VERSION,
    kind: Kind.ManagedCluster,
    metadata: { name, namespace, labels: { env, team: namespace } },
    spec: {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'westeurope',
      credentialRef: { name: 'azure-credentials' },
      kubernetesVersion: '1.33',
      dnsPrefix: name,
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
      },
      sku: { tier: env === 'prod' ? 'Standard' : 'Free' },
      tags: { team: namespace, env, costCenter: `cc-${index % 17}` },
      systemPool: { vmSize: 'Standard_D4s_v5', count: 3, availabilityZones: ['1', '2', '3'] },
    },
    status: {
      conditions: readyConditions(1, at),
      observedGeneration: 1,
      provisioningState: 'Succeeded',
      powerState: 'Running',
      currentKubernetesVersion: '1.33.2',
      fqdn: `${name}-a1b2c3d4.hcp.westeurope.azmk8s.io`,
      nodeResourceGroup: `MC_${rg}_${name}_westeurope`,
      azureResourceID: armCluster(rg, name),
      availableUpgrades: ['1.34.1', '1.34.2'],
      lastOperation: { type: 'Create', generation: 1, startedAt: at, finishedAt: at, result: 'Succeeded' },
    },
  };
}

export function poolObject(cluster: ClusterObject, poolIndex: number): PoolObject {
  const pool = POOL_NAMES[poolIndex % POOL_NAMES.length] ?? 'user1';
  const clusterName = cluster.metadata.name;
  const name = `${clusterName}-${pool}`;
  const isSystem = pool === 'system';
  const at = cluster.status.lastOperation?.startedAt ?? new Date(0).toISOString();
  return {
    apiVersion: API_VERSION,
    kind: Kind.NodePool,
    metadata: { name, namespace: cluster.metadata.namespace, labels: { ...cluster.metadata.labels, pool } },
    spec: {
      clusterRef: { name: clusterName },
      azureName: pool,
      mode: isSystem ? 'System' : 'User',
      vmSize: isSystem ? 'Standard_D4s_v5' : 'Standard_D8s_v5',
      count: isSystem ? 3 : 5,
      osSKU: 'Ubuntu2204',
      maxPods: 110,
      availabilityZones: ['1', '2', '3'],
      nodeLabels: { workload: pool },
      upgradeSettings: { maxSurge: '33%', drainTimeoutInMinutes: 30 },
    },
    status: {
      conditions: readyConditions(1, at),
      observedGeneration: 1,
      provisioningState: 'Succeeded',
      powerState: 'Running',
      currentOrchestratorVersion: '1.33.2',
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202601.09.0',
      azureResourceID: `${cluster.status.azureResourceID}/agentPools/${pool}`,
      activePoolName: pool,
      nodes: { desired: isSystem ? 3 : 5, ready: isSystem ? 3 : 5 },
      lastOperation: { type: 'Create', generation: 1, startedAt: at, finishedAt: at, result: 'Succeeded' },
    },
  };
}
