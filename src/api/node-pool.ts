// NodePool: one AKS agent pool of a ManagedCluster. Spec uses the agent pool's wire names (vmSize,
// orchestratorVersion, osSKU, maxPods, nodeLabels, nodeTaints, availabilityZones, vnetSubnetID, podSubnetID,
// enableEncryptionAtHost, tags, upgradeSettings).
import { immutable, presenceFixed, versionNotLowered, versionFormat } from './cel.js';
import { deletionPolicy, localRef, PowerState } from './common.js';
import { COST_COLUMN } from './cost.js';
import { AGE_COLUMN, READY_COLUMN } from './crd.js';
import type { KindDefinition } from './crd.js';
import { Kind, Plural } from './group.js';
import type { API_VERSION } from './group.js';
import { blueGreen, nodeImage, ScaleSetPriority, standby, UpgradeStrategy } from './node-pool-upgrade.js';
import {
  enableEncryptionAtHost,
  podSubnetID,
  poolTags,
  subnetRules,
  vnetSubnetID,
} from './node-pool-network.js';
import {
  capacityReservationGroupID,
  enableNodePublicIP,
  exposureRules,
  hostGroupID,
  nodePublicIPPrefixID,
  poolNetworkProfile,
  poolWindowsProfile,
  proximityPlacementGroupID,
} from './node-pool-exposure.js';
import {
  enableFIPS,
  enableUltraSSD,
  gpuInstanceProfile,
  gpuProfile,
  kubeletConfig,
  kubeletDiskType,
  linuxOSConfig,
  messageOfTheDay,
  MIG_VM_SIZES,
  poolSecurityProfile,
  workloadRuntime,
} from './node-pool-host.js';
import type { ObjectMeta } from './object-meta.js';
import { nodePoolStatus } from './node-pool-status.js';
import type { NodePoolStatus } from './node-pool-status.js';
import {
  availabilityZones,
  maxPods,
  nodeLabels,
  nodeTaints,
  osDiskSizeGB,
  osDiskType,
  osSKU,
  OsType,
  POOL_NAME_PATTERN,
  poolAzureName,
  upgradeSettings,
  VM_SIZE_FIXED,
  vmSize,
} from './pool-fields.js';
import { s, valuesOf } from './schema.js';
import type { Infer, InferInput } from './schema.js';

export const PoolMode = { System: 'System', User: 'User' } as const;
export type PoolMode = (typeof PoolMode)[keyof typeof PoolMode];

export const ScaleDownMode = { Delete: 'Delete', Deallocate: 'Deallocate' } as const;
export type ScaleDownMode = (typeof ScaleDownMode)[keyof typeof ScaleDownMode];

export const SpotEvictionPolicy = { Delete: 'Delete', Deallocate: 'Deallocate' } as const;
export type SpotEvictionPolicy = (typeof SpotEvictionPolicy)[keyof typeof SpotEvictionPolicy];

const newPoolWhy = 'AKS fixes it when the pool is created; create a new NodePool instead';

export const nodePoolSpec = s.object(
  {
    clusterRef: localRef('ManagedCluster (same namespace) the pool belongs to.', [
      immutable('clusterRef', 'a pool cannot move to another cluster; create a new NodePool'),
    ]),
    azureName: poolAzureName(),
    mode: s
      .enum(valuesOf(PoolMode), {
        description:
          'System pools host critical system pods (a cluster keeps at least one); User pools host workloads. ' +
          'When omitted AKS keeps its own (User on create).',
      })
      .optional(),
    vmSize: vmSize({
      fixed: false,
      description:
        'Azure VM size of the nodes, e.g. Standard_D4s_v5. AKS cannot resize an existing pool: with upgradeStrategy BlueGreen a new size replaces the pool by a twin pool of that size (blue/green, drained under the PDBs); with Surge it cannot be changed after creation.',
    }),
    count: s
      .integer({
        description:
          'Number of nodes. With autoscaling it is only the initial size, and must lie within minCount..maxCount.',
        minimum: 0,
        maximum: 1000,
      })
      .optional(),
    autoscaling: s
      .object(
        {
          minCount: s.integer({
            description: 'Fewest nodes the cluster autoscaler keeps.',
            minimum: 0,
            maximum: 1000,
          }),
          maxCount: s.integer({
            description: 'Most nodes the cluster autoscaler adds.',
            minimum: 1,
            maximum: 1000,
          }),
        },
        {
          description: 'Let the cluster autoscaler size the pool between minCount and maxCount.',
          rules: [
            {
              rule: 'self.minCount <= self.maxCount',
              message: 'autoscaling.minCount must not exceed autoscaling.maxCount',
            },
          ],
        },
      )
      .optional(),
    osType: s
      .enum(valuesOf(OsType), {
        description: 'Linux or Windows. When omitted AKS keeps its own (Linux on create).',
        rules: [immutable('osType', newPoolWhy)],
      })
      .optional(),
    osSKU: osSKU(),
    osDiskType: osDiskType(),
    osDiskSizeGB: osDiskSizeGB(),
    maxPods: maxPods(),
    nodeLabels: nodeLabels(),
    nodeTaints: nodeTaints(),
    availabilityZones: availabilityZones(),
    vnetSubnetID: vnetSubnetID(),
    podSubnetID: podSubnetID(),
    enableEncryptionAtHost: enableEncryptionAtHost(),
    tags: poolTags(),
    kubeletConfig: kubeletConfig(),
    linuxOSConfig: linuxOSConfig(),
    enableFIPS: enableFIPS(),
    kubeletDiskType: kubeletDiskType(),
    workloadRuntime: workloadRuntime(),
    gpuInstanceProfile: gpuInstanceProfile(),
    enableNodePublicIP: enableNodePublicIP(),
    nodePublicIPPrefixID: nodePublicIPPrefixID(),
    networkProfile: poolNetworkProfile(),
    proximityPlacementGroupID: proximityPlacementGroupID(),
    capacityReservationGroupID: capacityReservationGroupID(),
    hostGroupID: hostGroupID(),
    securityProfile: poolSecurityProfile(),
    enableUltraSSD: enableUltraSSD(),
    messageOfTheDay: messageOfTheDay(),
    gpuProfile: gpuProfile(),
    windowsProfile: poolWindowsProfile(),
    scaleDownMode: s
      .enum(valuesOf(ScaleDownMode), {
        description:
          'What the cluster autoscaler does with nodes it removes: Delete, or Deallocate (kept stopped, started again on scale up; not with Spot or ephemeral OS disks). When omitted AKS keeps its own (Delete on create).',
      })
      .optional(),
    scaleSetPriority: s
      .enum(valuesOf(ScaleSetPriority), {
        description:
          'Regular VMs, or Spot VMs (cheaper, may be evicted; User pools only). When omitted AKS keeps its own (Regular on create).',
        rules: [immutable('scaleSetPriority', newPoolWhy)],
      })
      .optional(),
    spot: s
      .object(
        {
          evictionPolicy: s.enum(valuesOf(SpotEvictionPolicy), {
            description: 'What Azure does with an evicted Spot VM: Delete or Deallocate.',
            default: 'Delete',
            rules: [immutable('spot.evictionPolicy', newPoolWhy)],
          }),
          maxPrice: s.number({
            description: 'Highest price per hour in US dollars, or -1 to pay up to the on-demand price.',
            default: -1,
            rules: [
              {
                rule: 'self == -1.0 || self > 0.0',
                message: 'spot.maxPrice must be -1 (up to on-demand) or above 0',
              },
            ],
          }),
        },
        { description: 'Spot settings; only with scaleSetPriority: Spot.' },
      )
      .optional(),
    orchestratorVersion: s
      .string({
        description:
          'Kubernetes version of the nodes: major.minor or major.minor.patch, never above the control plane. Defaults to the control-plane version at creation.',
        maxLength: 16,
        rules: [versionFormat('orchestratorVersion'), versionNotLowered('orchestratorVersion', 'node pools')],
      })
      .optional(),
    nodeImage,
    snapshotRef: localRef(
      'NodePoolSnapshot to create the pool from (its node image and Kubernetes version). Used only at creation.',
    ).optional(),
    upgradeSettings: upgradeSettings().optional(),
    upgradeStrategy: s.enum(valuesOf(UpgradeStrategy), {
      description:
        'How nodes are replaced on upgrades: Surge (AKS in place) or BlueGreen (operator twin pool).',
      default: 'Surge',
    }),
    blueGreen: blueGreen.optional(),
    standby: standby.optional(),
    powerState: s
      .enum(valuesOf(PowerState), {
        description:
          'Running or Stopped (deallocates the nodes; User pools only). When omitted the operator never starts or stops the pool.',
      })
      .optional(),
    deletion: s
      .object(
        {
          ignorePodDisruptionBudget: s
            .boolean({
              description:
                'Delete the agent pool without honouring PodDisruptionBudgets: AKS deletes the pods a PDB protects ' +
                "instead of evicting them (the DELETE's ignore-pod-disruption-budget=true). Off when absent: AKS " +
                'drains the nodes through the Eviction API, and a PDB that allows no eviction holds the deletion ' +
                '(reason DeleteBlockedByPodDisruptionBudget) until the PDB allows it or this is set.',
            })
            .optional(),
        },
        { description: 'How deleting the agent pool (deletionPolicy Delete) treats the pods running on it.' },
      )
      .optional(),
    deletionPolicy: deletionPolicy().optional(),
  },
  {
    description: 'Desired state of the agent pool.',
    rules: [
      presenceFixed('azureName', 'AKS cannot rename an agent pool'),
      presenceFixed(
        'snapshotRef',
        'snapshotRef applies at creation; to move nodes to a snapshot image set nodeImage.snapshotRef',
      ),
      {
        rule: 'has(self.count) || has(self.autoscaling)',
        fieldPath: '.count',
        reason: 'FieldValueRequired',
        message: 'set count (a fixed size) or autoscaling (minCount and maxCount)',
      },
      {
        rule: '!has(self.count) || !has(self.autoscaling) || (self.count >= self.autoscaling.minCount && self.count <= self.autoscaling.maxCount)',
        fieldPath: '.count',
        message: 'count must lie within autoscaling.minCount..maxCount (it is the initial size)',
      },
      {
        rule: "(has(self.mode) ? self.mode : 'User') != 'System' || ((!has(self.count) || self.count >= 1) && (!has(self.autoscaling) || self.autoscaling.minCount >= 1))",
        message:
          'a System pool needs at least 1 node: raise count or autoscaling.minCount, or set mode: User',
      },
      {
        rule: "self.vmSize == oldSelf.vmSize || (has(self.upgradeStrategy) && self.upgradeStrategy == 'BlueGreen')",
        fieldPath: '.vmSize',
        message: `vmSize is immutable with upgradeStrategy Surge: ${VM_SIZE_FIXED}; set upgradeStrategy: BlueGreen to replace the pool by a twin pool of the new size, or create a new NodePool with the new size and delete this one`,
      },
      {
        rule: "!has(self.scaleSetPriority) || self.scaleSetPriority != 'Spot' || (has(self.mode) ? self.mode : 'User') == 'User'",
        fieldPath: '.scaleSetPriority',
        message: 'Spot pools must be mode: User; AKS does not run System pools on Spot VMs',
      },
      {
        rule: "!has(self.spot) || (has(self.scaleSetPriority) && self.scaleSetPriority == 'Spot')",
        fieldPath: '.spot',
        message: 'spot settings need scaleSetPriority: Spot',
      },
      {
        rule: "!has(self.osType) || self.osType == 'Linux' || (has(self.mode) ? self.mode : 'User') == 'User'",
        fieldPath: '.mode',
        message: 'Windows pools must be mode: User; System pools run Linux',
      },
      {
        rule: "!has(self.osSKU) || (has(self.osType) && self.osType == 'Windows') == self.osSKU.startsWith('Windows')",
        fieldPath: '.osSKU',
        message:
          'osSKU does not match osType: use a Windows* osSKU with osType Windows and a Linux osSKU with Linux',
      },
      {
        rule: "!has(self.powerState) || self.powerState == 'Running' || (has(self.mode) ? self.mode : 'User') == 'User'",
        fieldPath: '.powerState',
        message: 'System pools cannot be stopped: stop the whole ManagedCluster or set mode: User',
      },
      ...subnetRules,
      ...exposureRules,
      {
        rule: "!has(self.scaleDownMode) || self.scaleDownMode != 'Deallocate' || !has(self.scaleSetPriority) || self.scaleSetPriority != 'Spot'",
        fieldPath: '.scaleDownMode',
        message:
          'scaleDownMode: Deallocate is not supported for Spot pools (AKS refuses it); remove scaleDownMode or use Regular VMs',
      },
      {
        rule: "!has(self.scaleDownMode) || self.scaleDownMode != 'Deallocate' || !has(self.osDiskType) || self.osDiskType != 'Ephemeral'",
        fieldPath: '.scaleDownMode',
        message:
          'scaleDownMode: Deallocate is not supported with ephemeral OS disks (AKS refuses it); set osDiskType: Managed or remove scaleDownMode',
      },
      {
        rule: `!has(self.gpuInstanceProfile) || self.vmSize.matches('${MIG_VM_SIZES}')`,
        fieldPath: '.gpuInstanceProfile',
        message:
          'gpuInstanceProfile needs a VM size with MIG-capable GPUs (A100 or H100, e.g. Standard_ND96asr_v4 or Standard_NC24ads_A100_v4); AKS refuses it on other sizes',
      },
      {
        rule: "!has(self.linuxOSConfig) || !has(self.osType) || self.osType == 'Linux'",
        fieldPath: '.linuxOSConfig',
        message: 'linuxOSConfig is for Linux pools; remove it from a Windows pool',
      },
      {
        rule: "!has(self.messageOfTheDay) || !has(self.osType) || self.osType == 'Linux'",
        fieldPath: '.messageOfTheDay',
        message: 'messageOfTheDay is for Linux pools; remove it from a Windows pool',
      },
      {
        rule: "!has(self.windowsProfile) || (has(self.osType) && self.osType == 'Windows')",
        fieldPath: '.windowsProfile',
        message: 'windowsProfile is for Windows pools; set osType: Windows or remove it',
      },
      {
        rule: "!has(self.workloadRuntime) || self.workloadRuntime == 'OCIContainer' || !has(self.osType) || self.osType == 'Linux'",
        fieldPath: '.workloadRuntime',
        message:
          'workloadRuntime WasmWasi and KataVmIsolation run on Linux pools only; use OCIContainer on Windows',
      },
      {
        rule: "!has(self.workloadRuntime) || self.workloadRuntime != 'KataVmIsolation' || (has(self.osSKU) && self.osSKU in ['AzureLinux', 'AzureLinux3'])",
        fieldPath: '.workloadRuntime',
        message:
          'workloadRuntime: KataVmIsolation (pod sandboxing) runs on Azure Linux only (AKS refuses other images); set osSKU: AzureLinux',
      },
    ],
  },
);
export type NodePoolSpec = Infer<typeof nodePoolSpec>;
export type NodePoolSpecInput = InferInput<typeof nodePoolSpec>;

export interface NodePool {
  apiVersion: typeof API_VERSION;
  kind: typeof Kind.NodePool;
  metadata: ObjectMeta;
  spec: NodePoolSpec;
  status?: NodePoolStatus;
}

const effectiveName = 'has(self.spec.azureName) ? self.spec.azureName : self.metadata.name';

export const nodePoolDefinition: KindDefinition = {
  kind: Kind.NodePool,
  plural: Plural.NodePool,
  shortNames: ['anp'],
  description: 'An agent pool of a ManagedCluster.',
  spec: nodePoolSpec,
  status: nodePoolStatus,
  rules: [
    {
      rule: `has(self.spec.azureName) || self.metadata.name.matches('${POOL_NAME_PATTERN}')`,
      message:
        'metadata.name is not a valid AKS pool name (lowercase letters and digits, starting with a letter, at most 12); set spec.azureName',
      fieldPath: '.spec.azureName',
    },
    {
      rule: `!has(self.spec.osType) || self.spec.osType != 'Windows' || size(${effectiveName}) <= 6`,
      message: 'Windows pool names are at most 6 characters; set a shorter spec.azureName',
      fieldPath: '.spec.azureName',
    },
  ],
  printerColumns: [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef.name', description: 'ManagedCluster.' },
    { name: 'Mode', type: 'string', jsonPath: '.spec.mode', description: 'System or User.' },
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.status.currentOrchestratorVersion',
      description: 'Node Kubernetes version.',
    },
    { name: 'Power', type: 'string', jsonPath: '.status.powerState', description: 'Power state in Azure.' },
    { name: 'Nodes', type: 'integer', jsonPath: '.status.nodes.ready', description: 'Ready nodes.' },
    { name: 'Image', type: 'string', jsonPath: '.status.nodeImageVersion', description: 'Node image.' },
    COST_COLUMN,
    READY_COLUMN,
    AGE_COLUMN,
    {
      name: 'Desired',
      type: 'integer',
      jsonPath: '.status.nodes.desired',
      description: 'Desired nodes.',
      priority: 1,
    },
    { name: 'VMSize', type: 'string', jsonPath: '.spec.vmSize', description: 'VM size.', priority: 1 },
  ],
};
