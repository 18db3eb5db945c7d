// NodePoolSnapshot: an AKS snapshot of an agent pool's node image and Kubernetes version, used to
// create pools (and clusters) that run exactly that image. Azure snapshots never change after creation.
import { immutable, presenceFixed } from './cel.js';
import {
  azureTags,
  conditions,
  credentialRef,
  deletionPolicy,
  localRef,
  location,
  observedGeneration,
  resourceGroup,
} from './common.js';
import { AGE_COLUMN, READY_COLUMN } from './crd.js';
import type { KindDefinition } from './crd.js';
import { ConditionType, Reason } from './conditions.js';
import { Kind, Plural } from './group.js';
import type { API_VERSION } from './group.js';
import type { ObjectMeta } from './object-meta.js';
import { OsType } from './pool-fields.js';
import { s, valuesOf } from './schema.js';
import type { Infer, InferInput } from './schema.js';

export const SNAPSHOT_NAME_PATTERN = '^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,78}[a-zA-Z0-9_])?$';

const fixed = 'an Azure snapshot never changes; create a new NodePoolSnapshot instead';

export const nodePoolSnapshotSpec = s.object(
  {
    nodePoolRef: localRef('NodePool (same namespace) to snapshot.', [
      immutable('nodePoolRef', fixed),
    ]).optional(),
    sourceResourceID: s
      .string({
        description:
          'ARM ID of an agent pool not managed by a NodePool, /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<c>/agentPools/<p>.',
        pattern:
          '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]ContainerService/managedClusters/[^/]+/agentPools/[^/]+$',
        maxLength: 512,
        rules: [immutable('sourceResourceID', fixed)],
      })
      .optional(),
    azureName: s
      .string({
        description: 'Name of the snapshot in Azure. Defaults to metadata.name.',
        pattern: SNAPSHOT_NAME_PATTERN,
        maxLength: 80,
        rules: [immutable('azureName', fixed)],
      })
      .optional(),
    resourceGroup: resourceGroup(
      "Resource group of the snapshot. Defaults to the source cluster's resource group.",
      [immutable('resourceGroup', fixed)],
    ).optional(),
    location: location("Azure region of the snapshot. Defaults to the source cluster's region.", [
      immutable('location', fixed),
    ]).optional(),
    credentialRef: credentialRef(),
    tags: azureTags('snapshot').optional(),
    deletionPolicy: deletionPolicy().optional(),
  },
  {
    description: 'Desired snapshot. Only tags and deletionPolicy may change after creation.',
    rules: [
      {
        rule: 'has(self.nodePoolRef) != has(self.sourceResourceID)',
        message: 'set exactly one of nodePoolRef (a NodePool) or sourceResourceID (an agent pool ARM ID)',
      },
      presenceFixed('nodePoolRef', fixed),
      presenceFixed('sourceResourceID', fixed),
      presenceFixed('azureName', fixed),
      presenceFixed('resourceGroup', fixed),
      presenceFixed('location', fixed),
    ],
  },
);
export type NodePoolSnapshotSpec = Infer<typeof nodePoolSnapshotSpec>;
export type NodePoolSnapshotSpecInput = InferInput<typeof nodePoolSnapshotSpec>;

export const nodePoolSnapshotStatus = s.object(
  {
    conditions: conditions(),
    observedGeneration: observedGeneration(),
    azureResourceID: s.string({ description: 'ARM ID of the snapshot.', maxLength: 512 }).optional(),
    sourceResourceID: s
      .string({ description: 'ARM ID of the agent pool the snapshot was taken from.', maxLength: 512 })
      .optional(),
    kubernetesVersion: s.string({ description: 'Kubernetes version captured.', maxLength: 16 }).optional(),
    nodeImageVersion: s.string({ description: 'Node image captured.', maxLength: 128 }).optional(),
    osType: s.enum(valuesOf(OsType), { description: 'OS type captured.' }).optional(),
    osSku: s.string({ description: 'OS SKU captured (AKS spells it osSku here).', maxLength: 32 }).optional(),
    vmSize: s
      .string({
        description: 'VM size of the source pool; pools made from it must use the same VM family.',
        maxLength: 64,
      })
      .optional(),
    enableFIPS: s.boolean({ description: 'Whether the image is FIPS-enabled.' }).optional(),
  },
  { description: 'What the snapshot holds, as Azure reports it.' },
);
export type NodePoolSnapshotStatus = Infer<typeof nodePoolSnapshotStatus>;

export interface NodePoolSnapshot {
  apiVersion: typeof API_VERSION;
  kind: typeof Kind.NodePoolSnapshot;
  metadata: ObjectMeta;
  spec: NodePoolSnapshotSpec;
  status?: NodePoolSnapshotStatus;
}

export const NodePoolSnapshotConditionType = { ...ConditionType } as const;
export type NodePoolSnapshotConditionType =
  (typeof NodePoolSnapshotConditionType)[keyof typeof NodePoolSnapshotConditionType];

export const NodePoolSnapshotReason = {
  ...Reason,
  /** The NodePool named by nodePoolRef does not exist or has no agent pool in Azure yet. */
  WaitingForNodePool: 'WaitingForNodePool',
  /** Pools or clusters still reference the snapshot; deletion waits for them. */
  InUse: 'InUse',
  /** spec.location is not the region of the source pool's cluster; AKS takes a snapshot in that region. */
  LocationMismatch: 'LocationMismatch',
  /** The Azure snapshot was taken from another agent pool than the spec names; snapshots never change source. */
  SourceChanged: 'SourceChanged',
} as const;
export type NodePoolSnapshotReason = (typeof NodePoolSnapshotReason)[keyof typeof NodePoolSnapshotReason];

export const nodePoolSnapshotDefinition: KindDefinition = {
  kind: Kind.NodePoolSnapshot,
  plural: Plural.NodePoolSnapshot,
  shortNames: ['anps'],
  description: 'An AKS node pool snapshot (node image and Kubernetes version) to create pools from.',
  spec: nodePoolSnapshotSpec,
  status: nodePoolSnapshotStatus,
  rules: [
    {
      rule: `has(self.spec.azureName) || self.metadata.name.matches('${SNAPSHOT_NAME_PATTERN}')`,
      message: 'metadata.name is not a valid Azure snapshot name (at most 80 characters); set spec.azureName',
      fieldPath: '.spec.azureName',
    },
  ],
  printerColumns: [
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.status.kubernetesVersion',
      description: 'Kubernetes version captured.',
    },
    {
      name: 'Image',
      type: 'string',
      jsonPath: '.status.nodeImageVersion',
      description: 'Node image captured.',
    },
    READY_COLUMN,
    AGE_COLUMN,
  ],
};
