// ManagedCluster.spec.networkProfile egress: the outbound type and the load balancer or NAT gateway
// that carries it. Every field is Azure's when left out (AKS picks loadBalancer with one managed IP).
import { s, valuesOf } from './schema.js';

export const OutboundType = {
  LoadBalancer: 'loadBalancer',
  UserDefinedRouting: 'userDefinedRouting',
  ManagedNATGateway: 'managedNATGateway',
  UserAssignedNATGateway: 'userAssignedNATGateway',
  None: 'none',
} as const;
export type OutboundType = (typeof OutboundType)[keyof typeof OutboundType];

const idleTimeoutInMinutes = s
  .integer({
    description: 'Idle timeout of outbound flows in minutes, 4 to 120. When omitted AKS keeps its own.',
    minimum: 4,
    maximum: 120,
  })
  .optional();

const publicIpRef = s.object(
  {
    id: s.string({
      description: 'ARM ID of a public IP address.',
      pattern:
        '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Network/publicIPAddresses/[^/]+$',
      maxLength: 512,
    }),
  },
  { description: 'A public IP address.' },
);

export const loadBalancerProfile = s.object(
  {
    managedOutboundIPs: s
      .object(
        {
          count: s
            .integer({
              description: 'IPv4 addresses AKS creates for egress, 1 to 100.',
              minimum: 1,
              maximum: 100,
            })
            .optional(),
          countIPv6: s
            .integer({
              description: 'IPv6 addresses AKS creates for egress (dual-stack), 0 to 100.',
              minimum: 0,
              maximum: 100,
            })
            .optional(),
        },
        { description: 'Public IPs AKS creates and owns for egress.' },
      )
      .optional(),
    outboundIPs: s
      .object(
        {
          publicIPs: s.array(publicIpRef, {
            description: 'Your public IPs, used for egress instead of managed ones.',
            minItems: 1,
            maxItems: 16,
          }),
        },
        { description: 'Bring-your-own egress IPs.' },
      )
      .optional(),
    allocatedOutboundPorts: s
      .integer({
        description:
          'SNAT ports per node, 0 (AKS sizes them by pool size) to 64000, in steps of 8. When omitted AKS keeps its own.',
        minimum: 0,
        maximum: 64000,
        rules: [
          { rule: 'self % 8 == 0', message: 'allocatedOutboundPorts must be a multiple of 8, e.g. 1024' },
        ],
      })
      .optional(),
    idleTimeoutInMinutes,
  },
  {
    description: 'Cluster load balancer egress (outboundType loadBalancer).',
    rules: [
      {
        rule: '!has(self.managedOutboundIPs) || !has(self.outboundIPs)',
        message:
          'loadBalancerProfile: use managedOutboundIPs or outboundIPs, not both (AKS takes one source of egress IPs)',
      },
    ],
  },
);

export const natGatewayProfile = s.object(
  {
    managedOutboundIPProfile: s
      .object(
        {
          count: s.integer({
            description: 'Public IPs of the managed NAT gateway, 1 to 16.',
            minimum: 1,
            maximum: 16,
          }),
        },
        { description: 'Public IPs AKS creates for the NAT gateway.' },
      )
      .optional(),
    idleTimeoutInMinutes,
  },
  { description: 'Managed NAT gateway egress (outboundType managedNATGateway).' },
);

export const outboundType = s
  .enum(valuesOf(OutboundType), {
    description:
      'How nodes reach the internet: loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway or none. When omitted AKS keeps its own (loadBalancer on create).',
  })
  .optional();
