// How a cluster's egress (networkProfile.outboundType) must fit its pools' subnets, as AKS checks it on
// create: user-defined routing and a user-assigned NAT gateway live in the user's VNet (every pool names a
// subnet), a managed NAT gateway in AKS's own VNet (no pool names one), and user-defined routing needs the
// standard load balancer SKU. Refused as InvalidParameter naming the property, as AKS validates it.
import { aksErrors } from './aks-errors.js';
import type { ArmError } from './errors.js';
import { isObject, str, type JsonObject } from './json.js';

export const outboundErrors = {
  needsCustomSubnet(outboundType: string): ArmError {
    return aksErrors.invalidParameter(
      'networkProfile.outboundType',
      `OutboundType ${outboundType} requires a custom virtual network: set vnetSubnetID on every agent pool to a subnet whose egress is configured (a route table with a default route for userDefinedRouting, a NAT gateway for userAssignedNATGateway).`,
    );
  },
  managedNatGatewayWithCustomSubnet(): ArmError {
    return aksErrors.invalidParameter(
      'networkProfile.outboundType',
      'OutboundType managedNATGateway is only supported with the managed virtual network: agent pools must not set vnetSubnetID. Use userAssignedNATGateway with a NAT gateway attached to your subnet.',
    );
  },
  udrNeedsStandardLoadBalancer(): ArmError {
    return aksErrors.invalidParameter(
      'networkProfile.loadBalancerSku',
      'OutboundType userDefinedRouting requires loadBalancerSku standard.',
    );
  },
};

/** Throws AKS's 400 when the cluster's outbound type does not fit its pools' subnets or load balancer SKU. */
export function checkOutboundType(networkProfile: JsonObject, pools: JsonObject[]): void {
  const outboundType = str(networkProfile, 'outboundType') ?? 'loadBalancer';
  const withSubnet = pools.filter((p) => str(p, 'vnetSubnetID'));
  if (outboundType === 'userDefinedRouting' || outboundType === 'userAssignedNATGateway') {
    if (withSubnet.length < pools.length) throw outboundErrors.needsCustomSubnet(outboundType);
  }
  if (outboundType === 'managedNATGateway' && withSubnet.length > 0)
    throw outboundErrors.managedNatGatewayWithCustomSubnet();
  if (
    outboundType === 'userDefinedRouting' &&
    str(networkProfile, 'loadBalancerSku')?.toLowerCase() === 'basic'
  )
    throw outboundErrors.udrNeedsStandardLoadBalancer();
}

/**
 * On an update that changes the outbound type, the same fit against the cluster's pools: AKS migrates
 * between the types its VNet allows (a managed VNet cannot move to user-defined routing or a user-assigned
 * NAT gateway, a custom one not to a managed NAT gateway).
 */
export function checkOutboundTypeChange(before: JsonObject, after: JsonObject, pools: JsonObject[]): void {
  const net = (spec: JsonObject): JsonObject => (isObject(spec.networkProfile) ? spec.networkProfile : {});
  const type = (spec: JsonObject): string => str(net(spec), 'outboundType') ?? 'loadBalancer';
  if (type(before) !== type(after)) checkOutboundType(net(after), pools);
}
