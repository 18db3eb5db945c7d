// The cluster settings whose spec shape is AKS's own (API server access, Entra ID, OIDC issuer, security
// profile, disk encryption, support plan, upgrade overrides, dataplane, IP families, egress, autoscalers,
// monitoring, ingress, mesh, storage, node resource group, node admin accounts, HTTP proxy): overlaid
// leaf by leaf on the body Azure has, and compared leaf by leaf. Only what the spec writes is touched.
import type * as Arm from '@azure/arm-containerservice';
import { autoScalerProfile, type ManagedClusterSpec } from '../../api/index.js';
import {
  compareLeaves,
  overlay,
  sdkNames,
  type Json,
  type JsonObject,
  type LeafRules,
} from '../shared/declared-leaves.js';
import { DiffAction, type FieldDiff } from '../shared/field-diff.js';

/** Top-level cluster properties declared with AKS's own names and shapes. */
const CLUSTER_KEYS = [
  'apiServerAccessProfile',
  'publicNetworkAccess',
  'aadProfile',
  'enableRBAC',
  'disableLocalAccounts',
  'oidcIssuerProfile',
  'securityProfile',
  'diskEncryptionSetID',
  'supportPlan',
  'upgradeSettings',
  'autoScalerProfile',
  'workloadAutoScalerProfile',
  'azureMonitorProfile',
  'metricsProfile',
  'ingressProfile',
  'serviceMeshProfile',
  'storageProfile',
  'nodeResourceGroup',
  'nodeResourceGroupProfile',
  'linuxProfile',
  'windowsProfile',
  'httpProxyConfig',
] as const;

/** networkProfile properties handled here (the older ones are mapped in desired.ts). */
const NETWORK_KEYS = [
  'networkDataplane',
  'ipFamilies',
  'outboundType',
  'loadBalancerProfile',
  'natGatewayProfile',
] as const;

/** Paths AKS fixes at creation: a difference stalls instead of being written. */
const IMMUTABLE = new Set([
  'apiServerAccessProfile.enablePrivateCluster',
  'apiServerAccessProfile.privateDNSZone',
  'diskEncryptionSetID',
  'enableRbac',
  'networkProfile.ipFamilies',
  'nodeResourceGroup',
  'linuxProfile.adminUsername',
  'windowsProfile.adminUsername',
]);

/** Where the spec keeps AKS's REST names and the SDK spells them otherwise. */
const NAMES = sdkNames({
  enableRBAC: 'enableRbac',
  'aadProfile.enableAzureRBAC': 'enableAzureRbac',
  'apiServerAccessProfile.enablePrivateClusterPublicFQDN': 'enablePrivateClusterPublicFqdn',
  ...autoScalerSdkNames(),
});

/** The autoscaler profile is spelled as the autoscaler's flags in REST (scan-interval), camelCase in the SDK. */
function autoScalerSdkNames(): Record<string, string> {
  const node = autoScalerProfile.node;
  const flags = node.type === 'object' ? Object.keys(node.properties) : [];
  return Object.fromEntries(
    flags
      .filter((f) => f.includes('-'))
      .map((f) => [`autoScalerProfile.${f}`, f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]),
  );
}

/** The declared subtree of the spec, in the SDK's names and types (date-times as Date). */
function declared(spec: ManagedClusterSpec): { cluster: JsonObject; network: JsonObject } {
  const cluster: JsonObject = {};
  for (const key of CLUSTER_KEYS) if (spec[key] !== undefined) cluster[key] = structuredClone(spec[key]);
  NAMES.toSdk(cluster);
  const until = spec.upgradeSettings?.overrideSettings?.until;
  const override = (cluster.upgradeSettings as Arm.ClusterUpgradeSettings | undefined)?.overrideSettings;
  if (override && until) override.until = new Date(until);
  const network: JsonObject = {};
  const net = spec.networkProfile;
  for (const key of NETWORK_KEYS) if (net?.[key] !== undefined) network[key] = structuredClone(net[key]);
  return { cluster, network };
}

/** Writes the declared settings over `body` (Azure's body on update, the create body on create). */
export function overlayDeclaredSettings(body: Arm.ManagedCluster, spec: ManagedClusterSpec): void {
  const { cluster, network } = declared(spec);
  const target = body as unknown as JsonObject;
  for (const [k, v] of Object.entries(cluster)) target[k] = overlay(target[k], v);
  if (Object.keys(network).length === 0) return;
  const net = overlay(body.networkProfile ?? {}, network) as Arm.ContainerServiceNetworkProfile;
  // One source of egress IPs: the declared one replaces the other Azure had.
  const lb = spec.networkProfile?.loadBalancerProfile;
  if (net.loadBalancerProfile && lb?.managedOutboundIPs) delete net.loadBalancerProfile.outboundIPs;
  if (net.loadBalancerProfile && lb?.outboundIPs) delete net.loadBalancerProfile.managedOutboundIPs;
  // A profile belongs to its outbound type: moving away from it leaves the profile behind.
  const outbound = spec.networkProfile?.outboundType;
  if (outbound && outbound !== 'loadBalancer') delete net.loadBalancerProfile;
  if (outbound && outbound !== 'managedNATGateway') delete net.natGatewayProfile;
  body.networkProfile = net;
}

/** Differences between the declared settings and Azure's, one per declared leaf. */
export function compareDeclaredSettings(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const { cluster, network } = declared(spec);
  const diffs: FieldDiff[] = [];
  const have = observed as unknown as JsonObject;
  for (const [k, v] of Object.entries(cluster)) compareLeaves(k, v, have[k], CLUSTER_LEAVES, diffs);
  const haveNet = (observed.networkProfile ?? {}) as JsonObject;
  for (const [k, v] of Object.entries(network))
    compareLeaves(`networkProfile.${k}`, v, haveNet[k], CLUSTER_LEAVES, diffs);
  return diffs;
}

const CLUSTER_LEAVES: LeafRules = { actionFor, specPath: NAMES.specPath };

function actionFor(path: string, want: Json, have: Json): DiffAction {
  if (IMMUTABLE.has(path)) return DiffAction.Immutable;
  // AKS cannot turn an OIDC issuer off once it is on.
  if (path === 'oidcIssuerProfile.enabled' && have === true && want === false) return DiffAction.Immutable;
  return DiffAction.Update;
}
