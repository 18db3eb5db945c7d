// ManagedCluster spec sections for workload and host security: the OIDC issuer, the security profile
// (workload identity, Microsoft Defender, image cleaner) and the disk encryption set of the OS disks.
import { immutable } from './cel.js';
import { s } from './schema.js';

const ARM_ID_MAX = 512;

export const oidcIssuerProfile = s.object(
  {
    enabled: s.boolean({
      description:
        'Publish an OIDC issuer for the cluster service-account tokens (needed by workload identity). AKS cannot turn it off again.',
    }),
  },
  {
    description: 'OIDC issuer of the cluster; AKS reports its URL in status.settings.oidcIssuerURL.',
    rules: [
      {
        rule: '!oldSelf.enabled || self.enabled',
        message:
          'oidcIssuerProfile.enabled cannot go back to false: AKS cannot disable an OIDC issuer once enabled; keep enabled: true',
      },
    ],
  },
);

export const securityProfile = s.object(
  {
    workloadIdentity: s
      .object(
        {
          enabled: s.boolean({
            description:
              'Run the workload identity webhook so pods exchange service-account tokens for Entra ID tokens.',
          }),
        },
        { description: 'Microsoft Entra Workload ID; needs oidcIssuerProfile.enabled: true.' },
      )
      .optional(),
    defender: s
      .object(
        {
          logAnalyticsWorkspaceResourceId: s
            .string({
              description: 'ARM ID of the Log Analytics workspace Defender sends to.',
              pattern:
                '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]OperationalInsights/workspaces/[^/]+$',
              maxLength: ARM_ID_MAX,
            })
            .optional(),
          securityMonitoring: s.object(
            {
              enabled: s.boolean({
                description: 'Run the Defender for Containers security monitoring agent.',
              }),
            },
            { description: 'Defender threat detection on the nodes.' },
          ),
        },
        {
          description: 'Microsoft Defender for Containers.',
          rules: [
            {
              rule: '!self.securityMonitoring.enabled || has(self.logAnalyticsWorkspaceResourceId)',
              fieldPath: '.logAnalyticsWorkspaceResourceId',
              message:
                'Defender security monitoring needs logAnalyticsWorkspaceResourceId: set the workspace it reports to',
            },
          ],
        },
      )
      .optional(),
    imageCleaner: s
      .object(
        {
          enabled: s.boolean({ description: 'Remove unused and vulnerable images from the nodes.' }),
          intervalHours: s
            .integer({
              description: 'Hours between scans, 24 to 2160. When omitted AKS keeps its own (168 on enable).',
              minimum: 24,
              maximum: 2160,
            })
            .optional(),
        },
        { description: 'Image Cleaner (Eraser).' },
      )
      .optional(),
  },
  { description: "Security features of the cluster. Sections left out are Azure's." },
);

export const diskEncryptionSetID = s.string({
  description:
    'ARM ID of the disk encryption set that encrypts node OS and data disks with customer-managed keys.',
  pattern:
    '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Compute/diskEncryptionSets/[^/]+$',
  maxLength: ARM_ID_MAX,
  rules: [immutable('diskEncryptionSetID', 'AKS fixes the disk encryption set at creation')],
});
