// NodePool placement and marking in Azure: the node and pod subnets the pool joins, host encryption, and
// the pool's own Azure tags. Subnets and host encryption are fixed when AKS creates the pool.
import { OPERATOR_TAG_NAMES } from './azure-tags.js';
import { immutable } from './cel.js';
import { s } from './schema.js';
import type { ValidationRule } from './schema.js';

/** An ARM subnet ID; RE2 syntax so the apiserver's CEL matches it case-insensitively as ARM does. */
export const SUBNET_ID_PATTERN =
  '(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft[.]Network/virtualNetworks/[^/]+/subnets/[^/]+$';

const newPoolWhy = 'AKS fixes it when the pool is created; create a new NodePool instead';

const subnetId = (field: string, description: string) =>
  s
    .string({
      description,
      maxLength: 512,
      rules: [
        {
          rule: `self.matches('${SUBNET_ID_PATTERN}')`,
          message: `${field} must be a subnet ID: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`,
        },
        immutable(field, newPoolWhy),
      ],
    })
    .optional();

export const vnetSubnetID = () =>
  subnetId(
    'vnetSubnetID',
    'ARM ID of the subnet the nodes join (and, without podSubnetID, the pods under Azure CNI). ' +
      "All pools of a cluster use subnets of one VNet; AKS refuses a delegated subnet. When omitted AKS puts the nodes in the cluster's subnet (or its managed VNet). Fixed at creation.",
  );

export const podSubnetID = () =>
  subnetId(
    'podSubnetID',
    'ARM ID of the subnet pods get their addresses from (Azure CNI with dynamic IP allocation; not with kubenet or ' +
      'overlay). Must be in the same VNet as vnetSubnetID and differ from it. When omitted pods share the node subnet. Fixed at creation.',
  );

export const enableEncryptionAtHost = () =>
  s
    .boolean({
      description:
        'Encrypt the OS and data disks on the VM host (needs a VM size and subscription that support it). When omitted AKS keeps its own (off on create). Fixed at creation.',
      rules: [immutable('enableEncryptionAtHost', newPoolWhy)],
    })
    .optional();

const operatorTagList = OPERATOR_TAG_NAMES.map((n) => `'${n}'`).join(', ');

export const poolTags = () =>
  s
    .map(s.string({ description: 'Tag value.', maxLength: 256 }), {
      description:
        'Azure tags on the agent pool (and the VMs AKS creates for it). Only the keys listed here are owned: ' +
        'tags others add (Azure Policy, cost tooling) are kept, and a key removed from this list is left as Azure has it.',
      maxProperties: 50,
      rules: [
        {
          rule: 'self.all(k, size(k) <= 512)',
          message: 'tag names must be at most 512 characters; shorten the tag name',
        },
        {
          rule: `self.all(k, !(k.lowerAscii() in [${operatorTagList}]))`,
          message: `tags cannot set ${OPERATOR_TAG_NAMES.join(', ')}: the operator writes them itself; remove them from spec.tags`,
        },
      ],
    })
    .optional();

/** The VNet part of a subnet ID (everything before /subnets/), lowercased. */
const vnetOf = (field: string) => `self.${field}.lowerAscii().split('/subnets/')[0]`;

/** Rules on the NodePool spec tying the two subnets together. */
export const subnetRules: ValidationRule[] = [
  {
    rule: '!has(self.podSubnetID) || has(self.vnetSubnetID)',
    fieldPath: '.podSubnetID',
    message:
      'podSubnetID needs vnetSubnetID: AKS allocates pod addresses from a pod subnet only for pools in a node subnet of the same VNet',
  },
  {
    rule: `!has(self.podSubnetID) || !has(self.vnetSubnetID) || ${vnetOf('podSubnetID')} == ${vnetOf('vnetSubnetID')}`,
    fieldPath: '.podSubnetID',
    message:
      "podSubnetID and vnetSubnetID must be subnets of the same VNet; pick a pod subnet in the node subnet's VNet",
  },
  {
    rule: '!has(self.podSubnetID) || !has(self.vnetSubnetID) || self.podSubnetID.lowerAscii() != self.vnetSubnetID.lowerAscii()',
    fieldPath: '.podSubnetID',
    message:
      'podSubnetID must differ from vnetSubnetID: AKS delegates the pod subnet, and a node subnet cannot be delegated; use a second subnet',
  },
];
