// NodePool settings for how the nodes meet the network and the hardware around them: a public IP per node
// (optionally from a prefix), the host ports and application security groups of the node NICs, outbound NAT
// of Windows nodes, and the proximity placement, capacity reservation and dedicated host groups of the VMs.
import { immutable } from './cel.js';
import { s, valuesOf } from './schema.js';
import type { ValidationRule } from './schema.js';

export const PortProtocol = { TCP: 'TCP', UDP: 'UDP' } as const;
export type PortProtocol = (typeof PortProtocol)[keyof typeof PortProtocol];

const newPoolWhy = 'AKS fixes it when the pool is created; create a new NodePool instead';
const ARM_ID_MAX = 512;

const armId = (field: string, provider: string, description: string) =>
  s
    .string({
      description,
      pattern: `(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/${provider}/[^/]+$`,
      maxLength: ARM_ID_MAX,
      rules: [immutable(field, newPoolWhy)],
    })
    .optional();

export const enableNodePublicIP = () =>
  s
    .boolean({
      description:
        'Give every node its own public IP. When omitted AKS keeps its own (off on create). Fixed at creation.',
      rules: [immutable('enableNodePublicIP', newPoolWhy)],
    })
    .optional();

export const nodePublicIPPrefixID = () =>
  armId(
    'nodePublicIPPrefixID',
    'Microsoft[.]Network/publicIPPrefixes',
    'ARM ID of the public IP prefix the node IPs come from; needs enableNodePublicIP: true. Fixed at creation.',
  );

export const proximityPlacementGroupID = () =>
  armId(
    'proximityPlacementGroupID',
    'Microsoft[.]Compute/proximityPlacementGroups',
    'ARM ID of the proximity placement group the VMs are placed in (low latency between pools). Fixed at creation.',
  );

export const capacityReservationGroupID = () =>
  armId(
    'capacityReservationGroupID',
    'Microsoft[.]Compute/capacityReservationGroups',
    "ARM ID of the capacity reservation group the VMs draw reserved capacity from (the cluster's identity needs access to it). Fixed at creation.",
  );

export const hostGroupID = () =>
  armId(
    'hostGroupID',
    'Microsoft[.]Compute/hostGroups',
    'ARM ID of the dedicated host group the VMs run on (Azure Dedicated Host). Fixed at creation.',
  );

export const poolWindowsProfile = () =>
  s
    .object(
      {
        disableOutboundNat: s.boolean({
          description:
            'Turn off outbound NAT on the Windows nodes (with a NAT gateway or user-defined routing egress). Fixed at creation.',
        }),
      },
      {
        description: 'Settings of Windows nodes; only with osType: Windows.',
        rules: [immutable('windowsProfile', newPoolWhy)],
      },
    )
    .optional();

const portRange = s.object(
  {
    portStart: s.integer({ description: 'First port of the range.', minimum: 1, maximum: 65535 }),
    portEnd: s.integer({
      description: 'Last port of the range (at least portStart).',
      minimum: 1,
      maximum: 65535,
    }),
    protocol: s.enum(valuesOf(PortProtocol), { description: 'TCP or UDP.' }),
  },
  {
    description: 'A port range open on the node NICs.',
    rules: [{ rule: 'self.portStart <= self.portEnd', message: 'portEnd must not be below portStart' }],
  },
);

export const poolNetworkProfile = () =>
  s
    .object(
      {
        allowedHostPorts: s
          .array(portRange, {
            description: 'Host port ranges pods may expose on the nodes; other host ports are blocked.',
            maxItems: 64,
          })
          .optional(),
        applicationSecurityGroups: s
          .array(
            s.string({
              description: 'ARM ID of an application security group.',
              pattern:
                '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Network/applicationSecurityGroups/[^/]+$',
              maxLength: ARM_ID_MAX,
            }),
            { description: 'Application security groups the node NICs join.', maxItems: 8, listType: 'set' },
          )
          .optional(),
        nodePublicIPTags: s
          .array(
            s.object(
              {
                ipTagType: s.string({ description: 'IP tag type, e.g. RoutingPreference.', maxLength: 64 }),
                tag: s.string({ description: 'IP tag value, e.g. Internet.', maxLength: 64 }),
              },
              { description: 'An IP tag.' },
            ),
            {
              description:
                'IP tags of the node public IPs; needs enableNodePublicIP: true. Fixed at creation.',
              maxItems: 8,
              rules: [immutable('networkProfile.nodePublicIPTags', newPoolWhy)],
            },
          )
          .optional(),
      },
      { description: "Network settings of the node NICs. Fields left out are Azure's." },
    )
    .optional();

const publicIpOn = 'has(self.enableNodePublicIP) && self.enableNodePublicIP';

/** Rules on the NodePool spec tying the public IP settings together (AKS refuses the same combinations). */
export const exposureRules: ValidationRule[] = [
  {
    rule: `!has(self.nodePublicIPPrefixID) || (${publicIpOn})`,
    fieldPath: '.nodePublicIPPrefixID',
    message:
      'nodePublicIPPrefixID needs enableNodePublicIP: true (AKS: NodePublicIPPrefixID can only be set when EnableNodePublicIP is true); set enableNodePublicIP: true or remove nodePublicIPPrefixID',
  },
  {
    rule: `!has(self.networkProfile) || !has(self.networkProfile.nodePublicIPTags) || (${publicIpOn})`,
    fieldPath: '.networkProfile.nodePublicIPTags',
    message: 'networkProfile.nodePublicIPTags needs enableNodePublicIP: true; set it or remove the IP tags',
  },
];
