// ManagedCluster: one AKS cluster (control plane, cluster-wide settings, the initial System pool).
// Spec fields follow the AKS wire names where natural; status reports what Azure has.
import {
  immutable,
  majorUnchanged,
  minorStepAtMostOne,
  presenceFixed,
  versionNotLowered,
  versionFormat,
} from './cel.js';
import {
  appliedGeneration,
  azureTags,
  conditions,
  credentialRef,
  deletionPolicy,
  effectiveDeletionPolicyStatus,
  lastOperation,
  localRef,
  location,
  observedGeneration,
  PowerState,
  resourceGroup,
  subscriptionId,
} from './common.js';
import { clusterCostSpec, COST_COLUMN, costStatus } from './cost.js';
import { AGE_COLUMN, READY_COLUMN } from './crd.js';
import type { KindDefinition } from './crd.js';
import { Kind, Plural } from './group.js';
import type { API_VERSION } from './group.js';
import { aadProfile, apiServerAccessProfile, PublicNetworkAccess } from './managed-cluster-access.js';
import {
  addons,
  autoUpgradeProfile,
  identity,
  powerSchedule,
  sku,
  supportPlan,
  upgradeSettings,
} from './managed-cluster-features.js';
import { autoScalerProfile, workloadAutoScalerProfile } from './managed-cluster-autoscaling.js';
import { azureMonitorProfile, metricsProfile } from './managed-cluster-monitoring.js';
import { networkProfile } from './managed-cluster-network.js';
import {
  httpProxyConfig,
  linuxProfile,
  nodeResourceGroup,
  nodeResourceGroupProfile,
  windowsProfile,
} from './managed-cluster-node-host.js';
import { storageProfile } from './managed-cluster-storage.js';
import { ingressProfile, serviceMeshProfile } from './managed-cluster-traffic.js';
import { diskEncryptionSetID, oidcIssuerProfile, securityProfile } from './managed-cluster-security.js';
import { crossSectionRules } from './managed-cluster-cross-rules.js';
import { maintenanceConfigurations } from './managed-cluster-maintenance.js';
import { managedClusterSettings } from './managed-cluster-settings.js';
import { systemPool } from './managed-cluster-system-pool.js';
import type { ObjectMeta } from './object-meta.js';
import { s, valuesOf } from './schema.js';
import type { Infer, InferInput } from './schema.js';
import { ClusterUpgradePhase } from './upgrade-phases.js';

export const CLUSTER_NAME_PATTERN = '^[a-zA-Z0-9]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$';

export const DriftPolicy = {
  /** Changes made in Azure outside the operator are put back to the spec. */
  Revert: 'Revert',
  /** Changes made in Azure are reported in status.drift and the DriftDetected condition, not undone. */
  Report: 'Report',
} as const;
export type DriftPolicy = (typeof DriftPolicy)[keyof typeof DriftPolicy];

const placementWhy = 'an AKS cluster cannot move; create a new ManagedCluster instead';

export const managedClusterSpec = s.object(
  {
    subscriptionId: subscriptionId([immutable('subscriptionId', placementWhy)]).optional(),
    resourceGroup: resourceGroup('Resource group of the cluster; must exist.', [
      immutable('resourceGroup', placementWhy),
    ]),
    location: location('Azure region, e.g. westeurope.', [immutable('location', placementWhy)]),
    credentialRef: credentialRef(),
    azureName: s
      .string({
        description:
          'Name of the cluster in Azure (1-63 letters, digits, - and _). Defaults to metadata.name.',
        pattern: CLUSTER_NAME_PATTERN,
        maxLength: 63,
        rules: [immutable('azureName', 'AKS cannot rename a cluster; create a new ManagedCluster instead')],
      })
      .optional(),
    kubernetesVersion: s.string({
      description:
        'Kubernetes version of the control plane: major.minor (AKS picks the latest patch) or major.minor.patch. ' +
        'It only moves up, one minor version at a time; UpgradePlans change it step by step.',
      maxLength: 16,
      rules: [
        versionFormat('kubernetesVersion'),
        versionNotLowered('kubernetesVersion', 'a control plane'),
        majorUnchanged('kubernetesVersion'),
        minorStepAtMostOne('kubernetesVersion'),
      ],
    }),
    dnsPrefix: s
      .string({
        description:
          'DNS prefix of the API server FQDN (1-54 letters, digits and -). Defaults to one AKS derives from the name.',
        pattern: '^[a-zA-Z0-9]([-a-zA-Z0-9]{0,52}[a-zA-Z0-9])?$',
        maxLength: 54,
        rules: [immutable('dnsPrefix', 'AKS fixes the API server FQDN at creation')],
      })
      .optional(),
    networkProfile: networkProfile.optional(),
    apiServerAccessProfile: apiServerAccessProfile.optional(),
    publicNetworkAccess: s
      .enum(valuesOf(PublicNetworkAccess), {
        description:
          'Enabled or Disabled: whether the cluster is reachable through public endpoints. When omitted AKS keeps its own (Enabled on create).',
      })
      .optional(),
    aadProfile: aadProfile.optional(),
    enableRBAC: s
      .boolean({
        description:
          'Kubernetes RBAC. When omitted AKS keeps its own (true on create); AKS cannot change it on an existing cluster.',
        rules: [immutable('enableRBAC', 'AKS turns Kubernetes RBAC on or off only at creation')],
      })
      .optional(),
    disableLocalAccounts: s
      .boolean({
        description:
          'Refuse the static admin and user kubeconfigs, so every sign-in goes through Entra ID; needs aadProfile.managed: true. When omitted AKS keeps its own (false on create).',
      })
      .optional(),
    oidcIssuerProfile: oidcIssuerProfile.optional(),
    securityProfile: securityProfile.optional(),
    diskEncryptionSetID: diskEncryptionSetID.optional(),
    sku: sku.optional(),
    supportPlan: supportPlan.optional(),
    upgradeSettings: upgradeSettings.optional(),
    identity: identity.optional(),
    addons: addons.optional(),
    autoUpgradeProfile: autoUpgradeProfile.optional(),
    autoScalerProfile: autoScalerProfile.optional(),
    workloadAutoScalerProfile: workloadAutoScalerProfile.optional(),
    azureMonitorProfile: azureMonitorProfile.optional(),
    metricsProfile: metricsProfile.optional(),
    ingressProfile: ingressProfile.optional(),
    serviceMeshProfile: serviceMeshProfile.optional(),
    storageProfile: storageProfile.optional(),
    nodeResourceGroup: nodeResourceGroup.optional(),
    nodeResourceGroupProfile: nodeResourceGroupProfile.optional(),
    linuxProfile: linuxProfile.optional(),
    windowsProfile: windowsProfile.optional(),
    httpProxyConfig: httpProxyConfig.optional(),
    maintenanceConfigurations: maintenanceConfigurations.optional(),
    tags: azureTags('cluster').optional(),
    powerState: s
      .enum(valuesOf(PowerState), {
        description:
          'Running or Stopped. Stopped deallocates every node and the control plane; a Stopped cluster is never scheduled to start. ' +
          'When omitted (and no powerSchedule), the operator never starts or stops the cluster.',
      })
      .optional(),
    powerSchedule: powerSchedule.optional(),
    systemPool: systemPool.optional(),
    deletionPolicy: deletionPolicy().optional(),
    adoption: s
      .object(
        {
          resourceID: s.string({
            description:
              'ARM ID of the existing cluster, /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>.',
            pattern:
              '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]ContainerService/managedClusters/[^/]+$',
            maxLength: 512,
            rules: [immutable('adoption.resourceID', 'an adopted cluster stays the same Azure resource')],
          }),
        },
        {
          description:
            'Adopt an existing AKS cluster instead of creating one. The operator changes nothing in Azure until the spec differs from what Azure has.',
        },
      )
      .optional(),
    cost: clusterCostSpec.optional(),
    driftPolicy: s
      .enum(valuesOf(DriftPolicy), {
        description:
          'What to do when Azure differs from the spec because of a change made outside the operator: Revert or Report. ' +
          'The annotation aks.lifecycle.dev/drift-policy on the object overrides it. Default Revert. ' +
          'Either way only the fields the spec declares are compared.',
      })
      .optional(),
  },
  {
    description: 'Desired state of the AKS cluster.',
    rules: [
      presenceFixed('subscriptionId', placementWhy),
      presenceFixed('azureName', 'AKS cannot rename a cluster'),
      presenceFixed('adoption', 'adoption is decided when the object is created'),
      {
        rule: 'has(self.systemPool) || has(self.adoption)',
        fieldPath: '.systemPool',
        reason: 'FieldValueRequired',
        message:
          'set systemPool (AKS creates a cluster together with one System pool) or adoption.resourceID to adopt an existing cluster',
      },
      ...crossSectionRules,
      {
        rule: "!has(self.adoption) || self.adoption.resourceID.split('/')[4].lowerAscii() == self.resourceGroup.lowerAscii()",
        fieldPath: '.adoption.resourceID',
        message:
          'adoption.resourceID names a different resource group than spec.resourceGroup; make them agree',
      },
    ],
  },
);
export type ManagedClusterSpec = Infer<typeof managedClusterSpec>;
export type ManagedClusterSpecInput = InferInput<typeof managedClusterSpec>;

export const managedClusterStatus = s.object(
  {
    conditions: conditions(),
    observedGeneration: observedGeneration(),
    appliedGeneration: appliedGeneration(),
    provisioningState: s
      .string({ description: 'AKS provisioningState, e.g. Creating, Succeeded, Failed.', maxLength: 64 })
      .optional(),
    powerState: s.enum(valuesOf(PowerState), { description: 'Power state Azure reports.' }).optional(),
    currentKubernetesVersion: s
      .string({ description: 'Kubernetes version the control plane runs (full patch).', maxLength: 16 })
      .optional(),
    fqdn: s.string({ description: 'API server FQDN.', maxLength: 253 }).optional(),
    nodeResourceGroup: s
      .string({ description: 'Resource group AKS created for the nodes.', maxLength: 90 })
      .optional(),
    azureResourceID: s
      .string({
        description:
          'ARM ID of the cluster this object owns, fixed when it was created or adopted (also kept in the aks.lifecycle.dev/azure-resource-id annotation).',
        maxLength: 512,
      })
      .optional(),
    deletionPolicy: effectiveDeletionPolicyStatus(),
    settings: managedClusterSettings.optional(),
    availableUpgrades: s
      .array(s.string({ description: 'A version.', maxLength: 16 }), {
        description: 'Versions AKS offers as the next control-plane upgrade.',
        maxItems: 64,
      })
      .optional(),
    lastOperation: lastOperation(),
    drift: s
      .array(s.string({ description: 'A field path, e.g. spec.sku.tier.', maxLength: 256 }), {
        description: 'Spec fields that Azure currently has at other values (changed outside the operator).',
        maxItems: 64,
      })
      .optional(),
    nextScheduledPowerChange: s
      .object(
        {
          powerState: s.enum(valuesOf(PowerState), { description: 'The state the schedule will set.' }),
          at: s.dateTime({ description: 'When.' }),
        },
        { description: 'Next change spec.powerSchedule will make.' },
      )
      .optional(),
    upgrade: s
      .object(
        {
          planRef: localRef('UpgradePlan driving the upgrade.'),
          phase: s.enum(valuesOf(ClusterUpgradePhase), {
            description: 'Where the upgrade of this cluster is.',
          }),
          targetVersion: s
            .string({
              description: 'Version the plan upgrades to; absent for node-image-only plans.',
              maxLength: 16,
            })
            .optional(),
          step: s
            .string({ description: 'Current step, e.g. "control plane 1.30 -> 1.31".', maxLength: 256 })
            .optional(),
          startedAt: s.dateTime({ description: 'When the upgrade of this cluster started.' }).optional(),
        },
        { description: 'Summary of the upgrade an UpgradePlan is running on this cluster.' },
      )
      .optional(),
    cost: costStatus.optional(),
  },
  { description: 'Observed state of the AKS cluster.' },
);
export type ManagedClusterStatus = Infer<typeof managedClusterStatus>;

export interface ManagedCluster {
  apiVersion: typeof API_VERSION;
  kind: typeof Kind.ManagedCluster;
  metadata: ObjectMeta;
  spec: ManagedClusterSpec;
  status?: ManagedClusterStatus;
}

export const managedClusterDefinition: KindDefinition = {
  kind: Kind.ManagedCluster,
  plural: Plural.ManagedCluster,
  shortNames: ['amc'],
  description: 'An Azure Kubernetes Service cluster managed by the operator.',
  spec: managedClusterSpec,
  status: managedClusterStatus,
  rules: [
    {
      rule: `has(self.spec.azureName) || self.metadata.name.matches('${CLUSTER_NAME_PATTERN}')`,
      message:
        'metadata.name is not a valid AKS cluster name (1-63 letters, digits, - and _); set spec.azureName',
      fieldPath: '.spec.azureName',
    },
  ],
  printerColumns: [
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.status.currentKubernetesVersion',
      description: 'Running control-plane version.',
    },
    { name: 'Power', type: 'string', jsonPath: '.status.powerState', description: 'Power state in Azure.' },
    {
      name: 'State',
      type: 'string',
      jsonPath: '.status.provisioningState',
      description: 'AKS provisioning state.',
    },
    COST_COLUMN,
    READY_COLUMN,
    AGE_COLUMN,
    {
      name: 'Location',
      type: 'string',
      jsonPath: '.spec.location',
      description: 'Azure region.',
      priority: 1,
    },
  ],
};
