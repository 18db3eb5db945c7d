// The Node object for one scale-set instance: a kwok-managed fake node that looks like an AKS agent node
// (labels, taints, providerID, capacity, kubelet version of the pool).
import type { V1Node } from '@kubernetes/client-node';
import type { ClusterShape, PoolShape } from '../data-plane.js';
import { nodeResourceGroupOf, subscriptionOf } from './cluster-identity.js';
import { LABEL, nodeLabels, osSku, poolTaints } from './node-labels.js';
import type { NodeIdentity } from './node-labels.js';
import { instanceOf, isWindows, scaleSetName } from './node-names.js';
import { nodeResources } from './node-resources.js';
import { zoneOfLabel } from './zones.js';

/** kwok's default configuration manages (heartbeats, pod lifecycle) nodes carrying this annotation. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** Nodes get their kubelet version from the pool's orchestratorVersion; kwok keeps what we set. */
export function kubeletVersion(orchestratorVersion: string): string {
  return orchestratorVersion.startsWith('v') ? orchestratorVersion : `v${orchestratorVersion}`;
}

export function providerId(cluster: ClusterShape, pool: PoolShape, name: string): string {
  const vmss = scaleSetName({ poolName: pool.name, clusterId: cluster.id, osType: pool.osType });
  return (
    `azure:///subscriptions/${subscriptionOf(cluster.id)}/resourceGroups/${nodeResourceGroupOf(cluster).toLowerCase()}` +
    `/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${instanceOf(name) ?? 0}`
  );
}

function osImage(pool: PoolShape): string {
  if (isWindows(pool.osType)) return 'Windows Server 2022 Datacenter';
  const sku = osSku(pool);
  if (sku === 'AzureLinux' || sku === 'CBLMariner') return 'Azure Linux 3.0';
  return 'Ubuntu 22.04.5 LTS';
}

export function buildNode(cluster: ClusterShape, pool: PoolShape, node: NodeIdentity): V1Node {
  const instance = instanceOf(node.name) ?? 0;
  const resources = nodeResources({ vmSize: pool.vmSize, maxPods: pool.maxPods });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: nodeLabels(cluster, pool, node),
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {
      providerID: providerId(cluster, pool, node.name),
      podCIDR: `10.244.${instance % 256}.0/24`,
      taints: poolTaints(pool),
    },
    status: {
      capacity: resources.capacity,
      allocatable: resources.allocatable,
      addresses: [
        { type: 'InternalIP', address: `10.224.${Math.floor(instance / 250) % 256}.${(instance % 250) + 4}` },
        { type: 'Hostname', address: node.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.27-1',
        kernelVersion: '5.15.0-1089-azure',
        kubeProxyVersion: '',
        kubeletVersion: kubeletVersion(pool.orchestratorVersion),
        machineID: '',
        operatingSystem: isWindows(pool.osType) ? 'windows' : 'linux',
        osImage: osImage(pool),
        systemUUID: '',
      },
    },
  };
}

/** The node's identity as recorded on it, for nodes read back from the API. */
export function identityOf(node: V1Node): NodeIdentity & { orchestratorVersion: string } {
  const labels = node.metadata?.labels ?? {};
  return {
    name: node.metadata?.name ?? '',
    zone: zoneOfLabel(labels[LABEL.zone]),
    nodeImageVersion: labels[LABEL.nodeImageVersion] ?? '',
    orchestratorVersion: (node.status?.nodeInfo?.kubeletVersion ?? '').replace(/^v/, ''),
  };
}
