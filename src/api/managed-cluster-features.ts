// ManagedCluster spec sections for cluster-wide features: SKU tier, identity, add-ons, automatic
// upgrade channels and the power schedule.
import { s, valuesOf } from './schema.js';

export const SkuTier = { Free: 'Free', Standard: 'Standard', Premium: 'Premium' } as const;
export type SkuTier = (typeof SkuTier)[keyof typeof SkuTier];

export const IdentityType = { SystemAssigned: 'SystemAssigned', UserAssigned: 'UserAssigned' } as const;
export type IdentityType = (typeof IdentityType)[keyof typeof IdentityType];

export const UpgradeChannel = {
  None: 'none',
  Patch: 'patch',
  Stable: 'stable',
  Rapid: 'rapid',
  NodeImage: 'node-image',
} as const;
export type UpgradeChannel = (typeof UpgradeChannel)[keyof typeof UpgradeChannel];

export const NodeOSUpgradeChannel = {
  None: 'None',
  Unmanaged: 'Unmanaged',
  NodeImage: 'NodeImage',
  SecurityPatch: 'SecurityPatch',
} as const;
export type NodeOSUpgradeChannel = (typeof NodeOSUpgradeChannel)[keyof typeof NodeOSUpgradeChannel];

const ARM_ID_MAX = 512;

export const sku = s.object(
  {
    tier: s
      .enum(valuesOf(SkuTier), {
        description:
          'Control-plane tier: Free, Standard (uptime SLA) or Premium (long-term support). When omitted AKS keeps its own (Free on create).',
      })
      .optional(),
  },
  { description: "AKS pricing tier. Fields left out are Azure's: never written, never compared." },
);

export const identity = s.object(
  {
    type: s.enum(valuesOf(IdentityType), {
      description:
        'SystemAssigned (AKS creates the identity) or UserAssigned (give one in userAssignedIdentities).',
    }),
    userAssignedIdentities: s
      .array(
        s.string({
          description: 'ARM ID of a user-assigned managed identity.',
          pattern:
            '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]ManagedIdentity/userAssignedIdentities/[^/]+$',
          maxLength: ARM_ID_MAX,
        }),
        {
          description: 'The identity to use with type UserAssigned (exactly one).',
          maxItems: 1,
          listType: 'set',
        },
      )
      .optional(),
  },
  {
    description:
      'Managed identity of the control plane. When omitted AKS keeps its own (SystemAssigned on create).',
    rules: [
      {
        rule: "self.type == 'UserAssigned' ? has(self.userAssignedIdentities) && size(self.userAssignedIdentities) == 1 : !has(self.userAssignedIdentities) || size(self.userAssignedIdentities) == 0",
        message:
          'identity: type UserAssigned needs exactly one entry in userAssignedIdentities; type SystemAssigned takes none',
      },
    ],
  },
);

export const addons = s.object(
  {
    azureKeyvaultSecretsProvider: s
      .object(
        {
          enabled: s.boolean({
            description: 'Run the Secrets Store CSI driver with the Azure Key Vault provider.',
          }),
          enableSecretRotation: s.boolean({
            description: 'Re-read secrets from Key Vault every rotationPollInterval.',
            default: false,
          }),
          rotationPollInterval: s.string({
            description: 'How often to re-read secrets when rotation is on, e.g. 2m or 1h.',
            pattern: '^[1-9][0-9]*[smh]$',
            maxLength: 8,
            default: '2m',
          }),
        },
        { description: 'Azure Key Vault provider for the Secrets Store CSI driver.' },
      )
      .optional(),
    monitoring: s
      .object(
        {
          enabled: s.boolean({ description: 'Send container logs and metrics to Azure Monitor.' }),
          logAnalyticsWorkspaceResourceID: s
            .string({
              description:
                'ARM ID of the Log Analytics workspace. When omitted AKS creates a default workspace.',
              pattern:
                '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]OperationalInsights/workspaces/[^/]+$',
              maxLength: ARM_ID_MAX,
            })
            .optional(),
        },
        { description: 'Container insights (the omsagent add-on).' },
      )
      .optional(),
    azurePolicy: s
      .object(
        {
          enabled: s.boolean({
            description:
              'Run the Azure Policy add-on (Gatekeeper), which audits and enforces the policies assigned to the cluster.',
          }),
        },
        { description: 'Azure Policy for Kubernetes (the azurepolicy add-on).' },
      )
      .optional(),
  },
  { description: 'AKS add-ons.' },
);

export const autoUpgradeProfile = s.object(
  {
    upgradeChannel: s
      .enum(valuesOf(UpgradeChannel), {
        description:
          'AKS automatic Kubernetes upgrades: none, patch, stable, rapid or node-image. Set none when UpgradePlans drive upgrades. When omitted AKS keeps its own.',
      })
      .optional(),
    nodeOSUpgradeChannel: s
      .enum(valuesOf(NodeOSUpgradeChannel), {
        description:
          'AKS automatic node OS updates: None, Unmanaged, NodeImage or SecurityPatch. When omitted AKS keeps its own (NodeImage on create).',
      })
      .optional(),
  },
  {
    description: "Automatic upgrade channels run by AKS itself. Fields left out are Azure's.",
    rules: [
      {
        rule: "!has(self.upgradeChannel) || self.upgradeChannel != 'node-image' || !has(self.nodeOSUpgradeChannel) || self.nodeOSUpgradeChannel == 'NodeImage'",
        message: 'upgradeChannel: node-image requires nodeOSUpgradeChannel: NodeImage',
      },
    ],
  },
);

const CRON = '^[0-9A-Za-z*/,?-]+( +[0-9A-Za-z*/,?-]+){4}$';

export const powerSchedule = s.object(
  {
    timeZone: s.string({
      description: 'IANA time zone the cron expressions are read in, e.g. Europe/Paris.',
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$',
      maxLength: 64,
      default: 'UTC',
    }),
    startCron: s
      .string({
        description: 'When to start the cluster: a five-field cron expression, e.g. "0 7 * * 1-5".',
        pattern: CRON,
        maxLength: 128,
      })
      .optional(),
    stopCron: s
      .string({
        description: 'When to stop the cluster: a five-field cron expression, e.g. "0 19 * * 1-5".',
        pattern: CRON,
        maxLength: 128,
      })
      .optional(),
    startLeadMinutes: s.integer({
      description: 'Start this many minutes before startCron so the cluster is Running at that time.',
      minimum: 0,
      maximum: 120,
      default: 0,
    }),
  },
  {
    description:
      'Start and stop the cluster on a schedule (e.g. office hours). It acts only while spec.powerState is Running; Stopped always wins.',
    rules: [
      {
        rule: 'has(self.startCron) || has(self.stopCron)',
        message: 'powerSchedule needs startCron, stopCron or both',
      },
    ],
  },
);

export const SupportPlan = {
  KubernetesOfficial: 'KubernetesOfficial',
  AKSLongTermSupport: 'AKSLongTermSupport',
} as const;
export type SupportPlan = (typeof SupportPlan)[keyof typeof SupportPlan];

export const supportPlan = s.enum(valuesOf(SupportPlan), {
  description:
    'KubernetesOfficial (community support window) or AKSLongTermSupport (two years per minor; needs sku.tier: Premium). When omitted AKS keeps its own (KubernetesOfficial on create).',
});

export const upgradeSettings = s.object(
  {
    overrideSettings: s
      .object(
        {
          forceUpgrade: s
            .boolean({
              description:
                'Upgrade even when AKS would stop for a reason such as recent use of removed Kubernetes APIs. Use with care.',
            })
            .optional(),
          until: s
            .dateTime({
              description:
                'When the override ends (RFC 3339). When omitted AKS keeps its own (three days after it is set).',
            })
            .optional(),
        },
        { description: 'Overrides of the checks AKS makes before an upgrade, in force until `until`.' },
      )
      .optional(),
  },
  { description: "Settings of control-plane upgrades. Fields left out are Azure's." },
);
