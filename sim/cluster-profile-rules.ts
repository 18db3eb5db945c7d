// More of the rules AKS states for the production cluster settings (Entra ID and RBAC, the network plugin's
// mode and dataplane, the private DNS zone, egress ranges): combinations it refuses and the ranges of the
// REST specification, each refused as InvalidParameter naming the property, as AKS validates a PUT.
import { aksErrors } from './aks-errors.js';
import { isObject, num, str, type Json, type JsonObject } from './json.js';

const obj = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});

/** `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io`, by resource ID. */
const PRIVATE_DNS_ZONE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([a-z0-9-]+\.)?privatelink\.[a-z0-9]+\.azmk8s\.io$/i;

/** Integer ranges of the REST specification (minimum and maximum of each property). */
const RANGES: Array<{ path: string; min: number; max: number }> = [
  { path: 'loadBalancerProfile.managedOutboundIPs.count', min: 1, max: 100 },
  { path: 'loadBalancerProfile.managedOutboundIPs.countIPv6', min: 0, max: 100 },
  { path: 'loadBalancerProfile.allocatedOutboundPorts', min: 0, max: 64000 },
  { path: 'loadBalancerProfile.idleTimeoutInMinutes', min: 4, max: 120 },
  { path: 'natGatewayProfile.managedOutboundIPProfile.count', min: 1, max: 16 },
  { path: 'natGatewayProfile.idleTimeoutInMinutes', min: 4, max: 120 },
];

function at(o: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = o;
  for (const part of path.split('.')) cur = isObject(cur) ? cur[part] : undefined;
  return cur;
}

/** Throws AKS's 400 for the first rule the cluster spec (defaults filled in) breaks. */
export function checkClusterProfileRules(spec: JsonObject): void {
  checkEntraId(spec);
  checkNetworkPlugin(obj(spec.networkProfile));
  checkPrivateDnsZone(obj(spec.apiServerAccessProfile));
  checkEgressRanges(obj(spec.networkProfile));
}

function checkEntraId(spec: JsonObject): void {
  const aad = obj(spec.aadProfile);
  if (aad.managed === true && spec.enableRBAC === false)
    throw aksErrors.invalidParameter(
      'aadProfile.managed',
      'AKS-managed Azure AD integration requires a Kubernetes RBAC enabled cluster: set enableRBAC to true.',
    );
  if (aad.enableAzureRBAC === true && aad.managed !== true)
    throw aksErrors.invalidParameter(
      'aadProfile.enableAzureRBAC',
      'Azure RBAC for Kubernetes authorization requires AKS-managed Azure AD integration: set aadProfile.managed to true.',
    );
}

function checkNetworkPlugin(net: JsonObject): void {
  const plugin = str(net, 'networkPlugin') ?? 'kubenet';
  if (str(net, 'networkPluginMode') === 'overlay' && plugin !== 'azure')
    throw aksErrors.invalidParameter(
      'networkProfile.networkPluginMode',
      `Network plugin mode overlay requires network plugin azure, not ${plugin}.`,
    );
  if (str(net, 'networkDataplane') === 'cilium' && plugin !== 'azure')
    throw aksErrors.invalidParameter(
      'networkProfile.networkDataplane',
      `Network dataplane cilium requires network plugin azure, not ${plugin}.`,
    );
}

function checkPrivateDnsZone(access: JsonObject): void {
  if (access.enablePrivateCluster !== true) return;
  const zone = str(access, 'privateDNSZone') ?? 'system';
  if (zone.toLowerCase() === 'none' && access.enablePrivateClusterPublicFQDN === false)
    throw aksErrors.invalidParameter(
      'apiServerAccessProfile.privateDNSZone',
      'Private DNS zone none needs the public FQDN of the private cluster: set enablePrivateClusterPublicFQDN to true.',
    );
  if (!['system', 'none'].includes(zone.toLowerCase()) && !PRIVATE_DNS_ZONE_ID.test(zone))
    throw aksErrors.invalidParameter(
      'apiServerAccessProfile.privateDNSZone',
      `Private DNS zone '${zone}' is neither system, none, nor the resource ID of a private DNS zone named privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io.`,
    );
}

function checkEgressRanges(net: JsonObject): void {
  for (const { path, min, max } of RANGES) {
    const value = num(obj(at(net, path.split('.').slice(0, -1).join('.'))), path.split('.').at(-1)!);
    if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) continue;
    throw aksErrors.invalidParameter(
      `networkProfile.${path}`,
      `The value of networkProfile.${path} is ${value}; it must be an integer from ${min} to ${max}.`,
    );
  }
  const ports = num(obj(net.loadBalancerProfile), 'allocatedOutboundPorts');
  if (ports !== undefined && ports % 8 !== 0)
    throw aksErrors.invalidParameter(
      'networkProfile.loadBalancerProfile.allocatedOutboundPorts',
      `The value of networkProfile.loadBalancerProfile.allocatedOutboundPorts is ${ports}; it must be a multiple of 8.`,
    );
}
