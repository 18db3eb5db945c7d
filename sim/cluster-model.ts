// Managed cluster wire model: server defaults applied to a PUT body, secrets removed, computed
// identity and network fields, immutable fields, and the JSON the simulator answers with.
import { randomUUID } from 'node:crypto';
import { aksErrors } from './aks-errors.js';
import { clusterId } from './arm-ids.js';
import { apiServerExposure, egressDefaults, privateFqdn, settingsDefaults } from './cluster-settings.js';
import { isObject, jsonEqual, num, str, type Json, type JsonObject } from './json.js';
import { renderPoolProfile } from './pool-model.js';
import { clusterProfileDefaults, computedClusterProperties } from './profile-defaults.js';
import type { ClusterRecord } from './resource-store.js';

/** Keys the server computes; dropped from what a client sends. */
const READ_ONLY = [
  'provisioningState',
  'powerState',
  'currentKubernetesVersion',
  'fqdn',
  'azurePortalFQDN',
  'privateFQDN',
  'maxAgentPools',
  'agentPoolProfiles',
  'identityProfile',
  'resourceUID',
];

/** Paths (in properties) AKS refuses to change once the cluster exists. */
export const IMMUTABLE_CLUSTER_FIELDS = [
  'dnsPrefix',
  'fqdnSubdomain',
  'nodeResourceGroup',
  'networkProfile.podCidr',
  'networkProfile.serviceCidr',
  'networkProfile.dnsServiceIP',
  'linuxProfile.adminUsername',
  'windowsProfile.adminUsername',
  'enableRBAC',
  'diskEncryptionSetID',
  'apiServerAccessProfile.enablePrivateCluster',
  'apiServerAccessProfile.privateDNSZone',
  'networkProfile.ipFamilies',
];

export interface ClusterNaming {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
}

/** Writable cluster properties with defaults, without agent pools and secrets. */
export function clusterSpecFromRequest(
  props: JsonObject,
  naming: ClusterNaming,
  existing?: JsonObject,
): JsonObject {
  const spec: JsonObject = {};
  for (const [k, v] of Object.entries(props))
    if (!READ_ONLY.includes(k) && v !== undefined && v !== null) spec[k] = v;
  spec.dnsPrefix ??= existing?.dnsPrefix ?? defaultDnsPrefix(naming);
  spec.nodeResourceGroup ??=
    existing?.nodeResourceGroup ?? `MC_${naming.resourceGroup}_${naming.name}_${naming.location}`;
  spec.enableRBAC ??= true;
  spec.supportPlan ??= 'KubernetesOfficial';
  // AKS answers its automatic node OS channel (NodeImage); no upgradeChannel means none.
  spec.autoUpgradeProfile = { nodeOSUpgradeChannel: 'NodeImage', ...obj(spec.autoUpgradeProfile) };
  spec.networkProfile = networkDefaults(
    isObject(spec.networkProfile) ? spec.networkProfile : {},
    naming,
    spec,
  );
  settingsDefaults(spec, naming.location, existing);
  clusterProfileDefaults(spec);
  spec.servicePrincipalProfile = withoutKey(
    isObject(spec.servicePrincipalProfile) ? spec.servicePrincipalProfile : { clientId: 'msi' },
    'secret',
  );
  if (isObject(spec.windowsProfile)) spec.windowsProfile = withoutKey(spec.windowsProfile, 'adminPassword');
  return spec;
}

function obj(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

function defaultDnsPrefix(n: ClusterNaming): string {
  return `${n.name.slice(0, 10)}-${n.resourceGroup.slice(0, 16)}-${n.subscriptionId.slice(0, 6)}`.replace(
    /[^a-zA-Z0-9-]/g,
    '',
  );
}

function withoutKey(obj: JsonObject, key: string): JsonObject {
  const out = { ...obj };
  delete out[key];
  return out;
}

function networkDefaults(net: JsonObject, naming: ClusterNaming, spec: JsonObject): JsonObject {
  const out: JsonObject = { ...net };
  out.networkPlugin ??= 'kubenet';
  if (out.networkPlugin === 'kubenet' || out.networkPluginMode === 'overlay') out.podCidr ??= '10.244.0.0/16';
  out.serviceCidr ??= '10.0.0.0/16';
  out.dnsServiceIP ??= '10.0.0.10';
  if (typeof out.podCidr === 'string') out.podCidrs ??= [out.podCidr];
  out.serviceCidrs ??= [out.serviceCidr];
  out.ipFamilies ??= ['IPv4'];
  out.outboundType ??= 'loadBalancer';
  out.loadBalancerSku ??= 'standard';
  if (out.outboundType === 'loadBalancer') {
    out.loadBalancerProfile = loadBalancerDefaults(
      isObject(out.loadBalancerProfile) ? out.loadBalancerProfile : {},
      naming,
      spec,
    );
  }
  egressDefaults(out);
  return out;
}

function loadBalancerDefaults(lb: JsonObject, naming: ClusterNaming, spec: JsonObject): JsonObject {
  const out: JsonObject = { ...lb };
  const outbound =
    isObject(out.outboundIPs) && Array.isArray(out.outboundIPs.publicIPs)
      ? out.outboundIPs.publicIPs
      : undefined;
  if (!outbound && !isObject(out.outboundIPPrefixes)) out.managedOutboundIPs ??= { count: 1 };
  const managed = isObject(out.managedOutboundIPs) ? (num(out.managedOutboundIPs, 'count') ?? 1) : 0;
  const nodeRg = str(spec, 'nodeResourceGroup') ?? `MC_${naming.resourceGroup}`;
  const effective: Json[] = outbound
    ? outbound
    : Array.from({ length: managed }, (_, i) => ({
        id: `/subscriptions/${naming.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.Network/publicIPAddresses/mgdoutboundip${i + 1}`,
      }));
  out.effectiveOutboundIPs = effective;
  out.allocatedOutboundPorts ??= 0;
  out.idleTimeoutInMinutes ??= 30;
  out.backendPoolType ??= 'nodeIPConfiguration';
  return out;
}

/** Identity with the ids AKS assigns (principal, tenant, client ids). */
export function identityWithIds(
  identity: JsonObject | undefined,
  existing?: JsonObject,
): JsonObject | undefined {
  if (!identity) return existing;
  const type = str(identity, 'type');
  const out: JsonObject = { type: type ?? 'None' };
  if (type === 'SystemAssigned') {
    out.principalId = str(existing, 'principalId') ?? randomUUID();
    out.tenantId = str(existing, 'tenantId') ?? randomUUID();
  }
  if (isObject(identity.userAssignedIdentities)) {
    const oldIds = isObject(existing?.userAssignedIdentities) ? existing.userAssignedIdentities : {};
    const uai: JsonObject = {};
    for (const id of Object.keys(identity.userAssignedIdentities)) {
      const old = isObject(oldIds[id]) ? oldIds[id] : undefined;
      uai[id] = {
        clientId: str(old, 'clientId') ?? randomUUID(),
        principalId: str(old, 'principalId') ?? randomUUID(),
      };
    }
    out.userAssignedIdentities = uai;
  }
  return out;
}

function readPath(obj: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Throws when an update changes a field fixed at creation. Fields the request leaves out keep their value. */
export function checkImmutableClusterFields(
  existing: ClusterRecord,
  requested: JsonObject,
  location: string,
): void {
  if (location.toLowerCase() !== existing.location.toLowerCase()) {
    throw aksErrors.locationChange(
      existing.ref.cluster,
      existing.location,
      location,
      existing.ref.resourceGroup,
    );
  }
  for (const path of IMMUTABLE_CLUSTER_FIELDS) {
    const want = readPath(requested, path);
    if (want === undefined || want === null) continue;
    if (!jsonEqual(want, readPath(existing.spec, path))) throw aksErrors.propertyChangeNotAllowed(path);
  }
}

export function fqdns(c: ClusterRecord): { fqdn: string; portal: string } {
  const prefix = str(c.spec, 'fqdnSubdomain') ?? str(c.spec, 'dnsPrefix') ?? c.ref.cluster;
  const loc = c.location.toLowerCase();
  return {
    fqdn: `${prefix}-${c.fqdnLabel}.hcp.${loc}.azmk8s.io`,
    portal: `${prefix}-${c.fqdnLabel}.portal.hcp.${loc}.azmk8s.io`,
  };
}

/** The managed cluster body as AKS answers it. */
export function renderCluster(c: ClusterRecord): JsonObject {
  const { fqdn, portal } = fqdns(c);
  const exposure = apiServerExposure(c.spec);
  const prefix = str(c.spec, 'fqdnSubdomain') ?? str(c.spec, 'dnsPrefix') ?? c.ref.cluster;
  const body: JsonObject = {
    id: clusterId(c.ref),
    name: c.ref.cluster,
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: c.location,
    eTag: c.eTag,
    systemData: { ...c.systemData },
    properties: {
      ...c.spec,
      ...computedClusterProperties(c),
      provisioningState: c.provisioningState,
      powerState: { code: c.powerState },
      kubernetesVersion: str(c.spec, 'kubernetesVersion') || c.targetVersion,
      currentKubernetesVersion: c.currentKubernetesVersion,
      ...(exposure.hasPublicFqdn ? { fqdn, azurePortalFQDN: portal } : {}),
      ...(exposure.isPrivate ? { privateFQDN: privateFqdn(prefix, c.fqdnLabel, c.location) } : {}),
      maxAgentPools: 100,
      agentPoolProfiles: [...c.pools.values()].map(renderPoolProfile),
    },
  };
  if (c.tags) body.tags = c.tags;
  if (c.sku) body.sku = c.sku;
  if (c.identity) body.identity = c.identity;
  return body;
}
