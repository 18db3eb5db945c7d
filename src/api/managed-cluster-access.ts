// ManagedCluster spec sections for who reaches the API server and how they sign in: API server access
// (private cluster, authorized IP ranges, private DNS zone, VNet integration) and Entra ID (aadProfile).
// Each field is Azure's when left out; the rules are AKS's, refused at admission with AKS's wording.
import { immutable } from './cel.js';
import { s } from './schema.js';

export const PublicNetworkAccess = { Enabled: 'Enabled', Disabled: 'Disabled' } as const;
export type PublicNetworkAccess = (typeof PublicNetworkAccess)[keyof typeof PublicNetworkAccess];

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const ARM_ID_MAX = 512;

/** `system`, `none`, or the ARM ID of a private DNS zone named privatelink.<region>.azmk8s.io (or a subzone). */
const PRIVATE_DNS_ZONE =
  '(?i)^(system|none|/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Network/privateDnsZones/([a-z0-9-]+[.])?privatelink[.][a-z0-9]+[.]azmk8s[.]io)$';

export const apiServerAccessProfile = s.object(
  {
    enablePrivateCluster: s
      .boolean({
        description:
          'Serve the API server on a private IP inside the cluster VNet only. When omitted AKS keeps its own (public on create).',
        rules: [
          immutable(
            'apiServerAccessProfile.enablePrivateCluster',
            'AKS fixes a private or public API server at creation; create a new ManagedCluster to change it',
          ),
        ],
      })
      .optional(),
    authorizedIPRanges: s
      .array(
        s.string({
          description: 'An address or CIDR allowed to reach a public API server, e.g. 203.0.113.0/24.',
          maxLength: 43,
          rules: [
            {
              rule: 'isIP(self) || isCIDR(self)',
              message: 'authorizedIPRanges entries must be IP addresses or CIDRs, e.g. 203.0.113.0/24',
            },
          ],
        }),
        {
          description:
            'Only these ranges reach the public API server (at most 200). Not for private clusters, which are reached through the VNet.',
          maxItems: 200,
          listType: 'set',
        },
      )
      .optional(),
    privateDNSZone: s
      .string({
        description:
          'Private DNS zone of a private cluster: system (AKS creates one), none (public DNS only), or the ARM ID of a zone named privatelink.<region>.azmk8s.io.',
        pattern: PRIVATE_DNS_ZONE,
        maxLength: ARM_ID_MAX,
        rules: [
          immutable('apiServerAccessProfile.privateDNSZone', 'AKS fixes the private DNS zone at creation'),
        ],
      })
      .optional(),
    enablePrivateClusterPublicFQDN: s
      .boolean({
        description:
          'Also publish a public FQDN (resolving to the private address) for a private cluster. When omitted AKS keeps its own.',
      })
      .optional(),
    enableVnetIntegration: s
      .boolean({
        description:
          'Project the API server into a delegated subnet of the cluster VNet (API server VNet integration).',
      })
      .optional(),
    subnetId: s
      .string({
        description:
          'ARM ID of the subnet the API server is projected into with VNet integration. When omitted AKS creates one.',
        pattern:
          '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Network/virtualNetworks/[^/]+/subnets/[^/]+$',
        maxLength: ARM_ID_MAX,
      })
      .optional(),
  },
  {
    description: "Access to the API server. Fields left out are Azure's: never written, never compared.",
    rules: [
      {
        rule: '!has(self.authorizedIPRanges) || size(self.authorizedIPRanges) == 0 || !has(self.enablePrivateCluster) || !self.enablePrivateCluster',
        fieldPath: '.authorizedIPRanges',
        message:
          'authorizedIPRanges are not for private clusters (AKS InvalidParameter: Private cluster cannot be enabled with AuthorizedIPRanges); remove authorizedIPRanges or set enablePrivateCluster: false',
      },
      {
        rule: '!has(self.privateDNSZone) || (has(self.enablePrivateCluster) && self.enablePrivateCluster)',
        fieldPath: '.privateDNSZone',
        message:
          'privateDNSZone is for private clusters only; set enablePrivateCluster: true or remove privateDNSZone',
      },
      {
        rule: '!has(self.enablePrivateClusterPublicFQDN) || (has(self.enablePrivateCluster) && self.enablePrivateCluster)',
        fieldPath: '.enablePrivateClusterPublicFQDN',
        message:
          'enablePrivateClusterPublicFQDN is for private clusters only; set enablePrivateCluster: true or remove it',
      },
      {
        rule: "!has(self.privateDNSZone) || self.privateDNSZone.lowerAscii() != 'none' || !has(self.enablePrivateClusterPublicFQDN) || self.enablePrivateClusterPublicFQDN",
        fieldPath: '.enablePrivateClusterPublicFQDN',
        message:
          'privateDNSZone: none leaves only the public FQDN to reach the API server; remove enablePrivateClusterPublicFQDN: false or choose privateDNSZone: system',
      },
      {
        rule: '!has(self.subnetId) || (has(self.enableVnetIntegration) && self.enableVnetIntegration)',
        fieldPath: '.subnetId',
        message:
          'subnetId is the subnet of API server VNet integration; set enableVnetIntegration: true or remove subnetId',
      },
    ],
  },
);

export const aadProfile = s.object(
  {
    managed: s.boolean({
      description:
        'AKS-managed Entra ID integration; must be true (the legacy integration with your own server and client apps is retired).',
      rules: [
        {
          rule: 'self',
          message:
            'aadProfile.managed must be true: AKS no longer creates clusters with the legacy Entra ID integration',
        },
      ],
    }),
    enableAzureRBAC: s
      .boolean({
        description:
          'Authorize Kubernetes requests with Azure role assignments (Azure RBAC for Kubernetes). When omitted AKS keeps its own (false on create).',
      })
      .optional(),
    adminGroupObjectIDs: s
      .array(s.string({ description: 'Object ID of an Entra ID group.', pattern: UUID, maxLength: 36 }), {
        description: 'Entra ID groups given cluster-admin. When omitted AKS keeps its own (none on create).',
        maxItems: 32,
        listType: 'set',
      })
      .optional(),
    tenantID: s
      .string({
        description: "Entra ID tenant users sign in from. When omitted AKS uses the subscription's tenant.",
        pattern: UUID,
        maxLength: 36,
      })
      .optional(),
  },
  {
    description:
      'Entra ID (Azure AD) sign-in to the cluster. Once managed Entra ID is on, AKS cannot turn it off; remove the section to leave it as Azure has it.',
  },
);
