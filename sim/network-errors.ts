// Errors about virtual networks and subnets: Microsoft.Network's own (ARM envelope), and the codes AKS
// answers when a pool's subnet breaks one of its rules (flat AKS body, as the rest of aks-errors.ts).
import { ArmError, ErrorShape } from './errors.js';

const flat = ErrorShape.Flat;
const NODE_SUBNET = 'agentPoolProfile.vnetSubnetID';
const POD_SUBNET = 'agentPoolProfile.podSubnetID';

export const networkErrors = {
  vnetNotFound(vnet: string, resourceGroup: string): ArmError {
    return new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Network/virtualNetworks/${vnet}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  },

  subnetNotFound(id: string): ArmError {
    return new ArmError(404, 'NotFound', `Resource ${id} not found.`, { details: [] });
  },

  locationRequired(): ArmError {
    return new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  },

  invalidPrefix(prefix: string, id: string): ArmError {
    return new ArmError(
      400,
      'InvalidAddressPrefixFormat',
      `Address prefix ${prefix} of resource ${id} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
    );
  },

  subnetOutsideVNet(subnet: string, vnet: string): ArmError {
    return new ArmError(
      400,
      'NetcfgSubnetRangeOutsideVnet',
      `Subnet '${subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet}'.`,
    );
  },

  subnetsOverlap(subnet: string, vnet: string): ArmError {
    return new ArmError(
      400,
      'NetcfgSubnetRangesOverlap',
      `Subnet '${subnet}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnet}'.`,
    );
  },

  /** AKS: a pool's node or pod subnet (or its VNet) does not exist. */
  aksSubnetNotFound(input: {
    subnet: string;
    vnet: string;
    resourceGroup: string;
    subscriptionId: string;
  }): ArmError {
    const { subnet, vnet, resourceGroup, subscriptionId } = input;
    return new ArmError(
      400,
      'SubnetNotFound',
      `Could not find subnet ${subnet} in vnet ${vnet} from resource group ${resourceGroup} of subscription ${subscriptionId}.`,
      { shape: flat },
    );
  },

  /** AKS: a node subnet may not be delegated to a service. */
  subnetIsDelegated(id: string): ArmError {
    return new ArmError(
      400,
      'SubnetIsDelegated',
      `AgentPoolProfile.VnetSubnetID ${id} cannot be used as it's a delegated subnet. Please check https://aka.ms/adv-network-prerequest for more details.`,
      { shape: flat, target: NODE_SUBNET },
    );
  },

  /** AKS: the addresses the pools of a subnet reserve exceed what it offers. */
  insufficientSubnetSize(input: {
    required: number;
    available: number;
    cidr: string;
    subnet: string;
  }): ArmError {
    const { required, available, cidr, subnet } = input;
    return new ArmError(
      400,
      'InsufficientSubnetSize',
      `Pre-allocated IPs ${required} exceeds IPs available ${available} in Subnet Cidr ${cidr}, Subnet Name ${subnet}. ` +
        'If Autoscaler is enabled, the max-count from each nodepool is counted towards this total (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested). http://aka.ms/aks/insufficientsubnetsize',
      { shape: flat, target: 'agentPoolProfile.count' },
    );
  },

  /** AKS: a custom subnet in a cluster whose pools use the managed VNet. */
  customSubnetInManagedVNet(pool: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      `Cannot use a custom subnet because agent pool ${pool} is using a managed subnet. Please omit the vnetSubnetID parameter from the request.`,
      { shape: flat, target: NODE_SUBNET },
    );
  },

  /** AKS: every pool of a cluster is in one VNet. */
  subnetInAnotherVNet(id: string, vnet: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      `The value of parameter agentPoolProfile.vnetSubnetID is invalid: subnet ${id} is not in virtual network ${vnet} of the cluster's other agent pools. All agent pools of a cluster must use subnets of the same virtual network.`,
      { shape: flat, target: NODE_SUBNET },
    );
  },

  /** AKS: a pod subnet needs a node subnet of the same VNet. */
  podSubnetNeedsNodeSubnet(): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      'The value of parameter agentPoolProfile.podSubnetID is invalid: podSubnetID requires vnetSubnetID in the same virtual network.',
      { shape: flat, target: POD_SUBNET },
    );
  },

  /** AKS: a pod subnet is Azure CNI's dynamic IP allocation only. */
  podSubnetNeedsAzureCni(plugin: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      `The value of parameter agentPoolProfile.podSubnetID is invalid: pod subnets are supported only with network plugin azure without overlay mode, not ${plugin}.`,
      { shape: flat, target: POD_SUBNET },
    );
  },
};
