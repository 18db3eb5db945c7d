// ManagedCluster.spec.systemPool: the System agent pool AKS requires when it creates a cluster.
// Used only at creation; afterwards a NodePool with the same azureName manages (adopts) that pool.
import { immutable } from './cel.js';
import { localRef } from './common.js';
import { capacityReservationGroupID, proximityPlacementGroupID } from './node-pool-exposure.js';
import { enableFIPS, kubeletConfig, kubeletDiskType, linuxOSConfig } from './node-pool-host.js';
import { enableEncryptionAtHost, podSubnetID, subnetRules, vnetSubnetID } from './node-pool-network.js';
import {
  availabilityZones,
  maxPods,
  nodeLabels,
  nodeTaints,
  osDiskSizeGB,
  osDiskType,
  POOL_NAME_PATTERN,
  vmSize,
} from './pool-fields.js';
import { s } from './schema.js';

export const systemPool = s.object(
  {
    azureName: s.string({
      description: 'Name of the System pool in Azure.',
      pattern: POOL_NAME_PATTERN,
      maxLength: 12,
      default: 'system',
    }),
    vmSize: vmSize({ fixed: true }),
    count: s.integer({ description: 'Number of nodes.', minimum: 1, maximum: 1000, default: 3 }),
    osSKU: s
      .enum(['Ubuntu', 'Ubuntu2204', 'Ubuntu2404', 'AzureLinux', 'AzureLinux3', 'CBLMariner'] as const, {
        description: 'Linux image family (System pools run Linux). When omitted AKS picks Ubuntu.',
      })
      .optional(),
    osDiskType: osDiskType(),
    osDiskSizeGB: osDiskSizeGB(),
    maxPods: maxPods(),
    availabilityZones: availabilityZones(),
    nodeLabels: nodeLabels(),
    nodeTaints: nodeTaints(),
    vnetSubnetID: vnetSubnetID(),
    podSubnetID: podSubnetID(),
    enableEncryptionAtHost: enableEncryptionAtHost(),
    kubeletConfig: kubeletConfig(),
    linuxOSConfig: linuxOSConfig(),
    enableFIPS: enableFIPS(),
    kubeletDiskType: kubeletDiskType(),
    proximityPlacementGroupID: proximityPlacementGroupID(),
    capacityReservationGroupID: capacityReservationGroupID(),
    snapshotRef: localRef(
      'NodePoolSnapshot to create the pool from (its node image and Kubernetes version); must be Ready.',
    ).optional(),
  },
  {
    description:
      'The System pool created together with the cluster. Used only at creation: to change it later, create a NodePool whose azureName matches (it adopts the pool).',
    rules: [
      ...subnetRules,
      immutable(
        'systemPool',
        'it is used only when the cluster is created; change the pool through a NodePool with the same azureName',
      ),
    ],
  },
);
