// ManagedCluster.spec.networkProfile: CNI plugin, dataplane, IP families, address ranges and egress, with
// the admission rules that keep ranges well formed and apart and the plugin, policy and dataplane compatible.
import { canonicalCidr, immutable } from './cel.js';
import { loadBalancerProfile, natGatewayProfile, outboundType } from './managed-cluster-outbound.js';
import { s, valuesOf } from './schema.js';
import type { Infer } from './schema.js';

export const NetworkPlugin = { Azure: 'azure', Kubenet: 'kubenet', None: 'none' } as const;
export type NetworkPlugin = (typeof NetworkPlugin)[keyof typeof NetworkPlugin];

export const NetworkPolicy = { Azure: 'azure', Calico: 'calico', Cilium: 'cilium', None: 'none' } as const;
export type NetworkPolicy = (typeof NetworkPolicy)[keyof typeof NetworkPolicy];

export const NetworkDataplane = { Azure: 'azure', Cilium: 'cilium' } as const;
export type NetworkDataplane = (typeof NetworkDataplane)[keyof typeof NetworkDataplane];

export const IpFamily = { IPv4: 'IPv4', IPv6: 'IPv6' } as const;
export type IpFamily = (typeof IpFamily)[keyof typeof IpFamily];

const CIDR_MAX = 43; // an IPv6 address with a prefix length

const noOverlap =
  '!has(self.podCidr) || !has(self.serviceCidr) || !isCIDR(self.podCidr) || !isCIDR(self.serviceCidr) || ' +
  '(!cidr(self.podCidr).containsCIDR(cidr(self.serviceCidr)) && !cidr(self.serviceCidr).containsCIDR(cidr(self.podCidr)))';

const dnsInService =
  '!has(self.dnsServiceIP) || !has(self.serviceCidr) || !isCIDR(self.serviceCidr) || !isIP(self.dnsServiceIP) || ' +
  // compared as strings: equality of two IP values has no cost bound the estimator accepts
  '(cidr(self.serviceCidr).containsIP(self.dnsServiceIP) && string(cidr(self.serviceCidr).masked().ip()) != self.dnsServiceIP)';

export const networkProfile = s.object(
  {
    networkPlugin: s
      .enum(valuesOf(NetworkPlugin), {
        description:
          'CNI plugin: azure (Azure CNI), kubenet, or none (bring your own CNI). When omitted AKS picks it on create.',
        rules: [
          immutable('networkPlugin', 'changing the CNI of a cluster is a migration AKS does not do in place'),
        ],
      })
      .optional(),
    networkPluginMode: s
      .enum(['overlay'] as const, {
        description: 'overlay: pods get addresses from podCidr instead of the VNet (Azure CNI overlay).',
      })
      .optional(),
    networkPolicy: s
      .enum(valuesOf(NetworkPolicy), {
        description: 'Network policy engine: azure, calico, cilium (needs networkDataplane: cilium) or none.',
      })
      .optional(),
    networkDataplane: s
      .enum(valuesOf(NetworkDataplane), {
        description:
          'Dataplane of the pod network: azure, or cilium (Azure CNI powered by Cilium; needs Azure CNI overlay). When omitted AKS keeps its own (azure on create).',
      })
      .optional(),
    ipFamilies: s
      .array(s.enum(valuesOf(IpFamily), { description: 'IPv4 or IPv6.' }), {
        description: 'IP families of the cluster: [IPv4] (single stack) or [IPv4, IPv6] (dual stack).',
        minItems: 1,
        maxItems: 2,
        listType: 'set',
        rules: [
          {
            rule: "self.exists(f, f == 'IPv4')",
            message: 'ipFamilies must include IPv4: AKS has no IPv6-only clusters',
          },
          immutable('networkProfile.ipFamilies', 'AKS fixes the IP families of a cluster at creation'),
        ],
      })
      .optional(),
    podCidr: s
      .string({
        description: 'Pod address range (kubenet and Azure CNI overlay), e.g. 10.244.0.0/16.',
        maxLength: CIDR_MAX,
        rules: [canonicalCidr('podCidr', '10.244.0.0/16')],
      })
      .optional(),
    serviceCidr: s
      .string({
        description: 'Service (ClusterIP) address range, e.g. 10.0.0.0/16. Must not overlap podCidr.',
        maxLength: CIDR_MAX,
        rules: [
          canonicalCidr('serviceCidr', '10.0.0.0/16'),
          immutable('serviceCidr', 'AKS cannot move the service range of an existing cluster'),
        ],
      })
      .optional(),
    dnsServiceIP: s
      .string({
        description: 'ClusterIP of the cluster DNS service; an address inside serviceCidr, e.g. 10.0.0.10.',
        maxLength: 39,
        rules: [
          { rule: 'isIP(self)', message: 'dnsServiceIP must be an IP address, e.g. 10.0.0.10' },
          immutable('dnsServiceIP', 'AKS cannot move the DNS service of an existing cluster'),
        ],
      })
      .optional(),
    loadBalancerSku: s
      .enum(['standard', 'basic'] as const, {
        description: 'SKU of the cluster load balancer. When omitted AKS picks it on create (standard).',
      })
      .optional(),
    outboundType,
    loadBalancerProfile: loadBalancerProfile.optional(),
    natGatewayProfile: natGatewayProfile.optional(),
  },
  {
    description: 'Cluster networking. When omitted AKS uses Azure CNI with its default ranges.',
    rules: [
      {
        rule: "!has(self.networkPluginMode) || !has(self.networkPlugin) || self.networkPlugin == 'azure'",
        fieldPath: '.networkPluginMode',
        message: 'networkPluginMode: overlay requires networkPlugin: azure',
      },
      {
        rule: "!has(self.podCidr) || self.networkPlugin == 'kubenet' || has(self.networkPluginMode)",
        fieldPath: '.podCidr',
        message:
          'podCidr is used only by kubenet and Azure CNI overlay: remove podCidr or set networkPluginMode: overlay',
      },
      {
        rule: "!has(self.networkPolicy) || self.networkPolicy != 'azure' || self.networkPlugin == 'azure'",
        fieldPath: '.networkPolicy',
        message: 'networkPolicy: azure requires networkPlugin: azure; use calico with kubenet',
      },
      {
        rule: "!has(self.networkPolicy) || self.networkPolicy != 'cilium' || (has(self.networkDataplane) && self.networkDataplane == 'cilium')",
        fieldPath: '.networkPolicy',
        message:
          'networkPolicy: cilium needs networkDataplane: cilium (AKS NetworkPolicyNotSupported: Network Policy cilium requires NetworkDataplane cilium); set networkDataplane: cilium or choose another policy',
      },
      {
        rule: "!has(self.networkDataplane) || self.networkDataplane != 'cilium' || !has(self.networkPolicy) || self.networkPolicy == 'cilium'",
        fieldPath: '.networkPolicy',
        message:
          'networkDataplane: cilium enforces policy itself (AKS CiliumDataplaneRequiresNetworkPolicyCilium); set networkPolicy: cilium or leave it out',
      },
      {
        rule: "!has(self.networkDataplane) || self.networkDataplane != 'cilium' || !has(self.networkPlugin) || self.networkPlugin == 'azure'",
        fieldPath: '.networkDataplane',
        message: 'networkDataplane: cilium needs networkPlugin: azure (Azure CNI powered by Cilium)',
      },
      {
        rule: "!has(self.loadBalancerProfile) || !has(self.outboundType) || self.outboundType == 'loadBalancer'",
        fieldPath: '.loadBalancerProfile',
        message:
          'loadBalancerProfile configures outboundType: loadBalancer only; remove it or set outboundType: loadBalancer',
      },
      {
        rule: "!has(self.natGatewayProfile) || (has(self.outboundType) && self.outboundType == 'managedNATGateway')",
        fieldPath: '.natGatewayProfile',
        message:
          'natGatewayProfile configures the managed NAT gateway only; set outboundType: managedNATGateway or remove natGatewayProfile',
      },
      {
        rule: "!has(self.loadBalancerSku) || self.loadBalancerSku != 'basic' || !has(self.outboundType) || self.outboundType == 'loadBalancer'",
        fieldPath: '.outboundType',
        message: 'outboundType other than loadBalancer needs loadBalancerSku: standard',
      },
      {
        rule: noOverlap,
        fieldPath: '.serviceCidr',
        message: 'podCidr and serviceCidr overlap: choose ranges that do not contain each other',
        messageExpression:
          "'podCidr ' + self.podCidr + ' and serviceCidr ' + self.serviceCidr + ' overlap: choose ranges that do not contain each other'",
      },
      {
        rule: 'has(self.dnsServiceIP) == has(self.serviceCidr)',
        fieldPath: '.dnsServiceIP',
        message: 'set serviceCidr and dnsServiceIP together (dnsServiceIP is an address inside serviceCidr)',
      },
      {
        rule: dnsInService,
        fieldPath: '.dnsServiceIP',
        message: 'dnsServiceIP must be an address inside serviceCidr other than its network address',
        messageExpression:
          "'dnsServiceIP ' + self.dnsServiceIP + ' must be an address inside serviceCidr ' + self.serviceCidr + ' other than its network address'",
      },
    ],
  },
);
export type NetworkProfile = Infer<typeof networkProfile>;
