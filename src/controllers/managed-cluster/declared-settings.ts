// The cluster settings whose spec shape is AKS's own (API server access, Entra ID, OIDC issuer, security
// profile, disk encryption, support plan, upgrade overrides, dataplane, IP families and egress): overlaid
// leaf by leaf on the body Azure has, and compared leaf by leaf. Only what the spec writes is touched.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterSpec } from '../../api/index.js';
import { DiffAction, sameSet, show, type FieldDiff } from '../shared/field-diff.js';

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
]);

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * Where the spec keeps AKS's REST names and the SDK spells them otherwise: spec path → the SDK's last
 * segment. Bodies are the SDK's; what the user reads (diff paths) is the spec's.
 */
const SDK_NAMES: Record<string, string> = {
  enableRBAC: 'enableRbac',
  'aadProfile.enableAzureRBAC': 'enableAzureRbac',
  'apiServerAccessProfile.enablePrivateClusterPublicFQDN': 'enablePrivateClusterPublicFqdn',
};
const SPEC_PATHS = new Map(
  Object.entries(SDK_NAMES).map(([specPath, sdk]) => [specPath.replace(/[^.]+$/, sdk), specPath]),
);

/** The spec's subtree in the SDK's names. */
function toSdkNames(cluster: JsonObject): void {
  for (const [specPath, sdk] of Object.entries(SDK_NAMES)) {
    const segments = specPath.split('.');
    const last = segments.pop() ?? '';
    let parent: Json = cluster;
    for (const s of segments) parent = isObject(parent) ? parent[s] : undefined;
    if (!isObject(parent) || parent[last] === undefined) continue;
    parent[sdk] = parent[last];
    delete parent[last];
  }
}

/** The declared subtree of the spec, in the SDK's names and types (date-times as Date). */
function declared(spec: ManagedClusterSpec): { cluster: JsonObject; network: JsonObject } {
  const cluster: JsonObject = {};
  for (const key of CLUSTER_KEYS) if (spec[key] !== undefined) cluster[key] = structuredClone(spec[key]);
  toSdkNames(cluster);
  const until = spec.upgradeSettings?.overrideSettings?.until;
  const override = (cluster.upgradeSettings as Arm.ClusterUpgradeSettings | undefined)?.overrideSettings;
  if (override && until) override.until = new Date(until);
  const network: JsonObject = {};
  const net = spec.networkProfile;
  for (const key of NETWORK_KEYS) if (net?.[key] !== undefined) network[key] = structuredClone(net[key]);
  return { cluster, network };
}

/** Objects merge key by key; lists and values replace. */
function overlay(base: Json, top: Json): Json {
  if (!isObject(top) || !isObject(base)) return top;
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = overlay(base[k], v);
  return out;
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
  for (const [k, v] of Object.entries(cluster)) compareLeaves(k, v, have[k], diffs);
  const haveNet = (observed.networkProfile ?? {}) as JsonObject;
  for (const [k, v] of Object.entries(network)) compareLeaves(`networkProfile.${k}`, v, haveNet[k], diffs);
  return diffs;
}

function compareLeaves(path: string, want: Json, have: Json, diffs: FieldDiff[]): void {
  if (isObject(want)) {
    const h = isObject(have) ? have : {};
    for (const [k, v] of Object.entries(want)) compareLeaves(`${path}.${k}`, v, h[k], diffs);
    return;
  }
  if (sameLeaf(path, want, have)) return;
  // A switch Azure does not report is off.
  if (typeof want === 'boolean') have ??= false;
  diffs.push({
    path: `spec.${SPEC_PATHS.get(path) ?? path}`,
    action: actionFor(path, want, have),
    azure: show(leafText(have)),
    wanted: show(leafText(want)),
  });
}

function actionFor(path: string, want: Json, have: Json): DiffAction {
  if (IMMUTABLE.has(path)) return DiffAction.Immutable;
  // AKS cannot turn an OIDC issuer off once it is on.
  if (path === 'oidcIssuerProfile.enabled' && have === true && want === false) return DiffAction.Immutable;
  return DiffAction.Update;
}

function sameLeaf(path: string, want: Json, have: Json): boolean {
  if (typeof want === 'boolean') return want === (have ?? false);
  if (Array.isArray(want)) {
    const list = Array.isArray(have) ? have : [];
    if (path.endsWith('authorizedIPRanges')) return sameSet(want.map(hostRange), list.map(hostRange));
    return sameSet(
      want.map((x) => leafText(x) ?? ''),
      list.map((x) => leafText(x) ?? ''),
    );
  }
  return leafText(want) === leafText(have);
}

/** A comparable text of a leaf: dates as ISO instants, names case-insensitively, objects as JSON. */
function leafText(v: Json): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v).toISOString() : v.toLowerCase();
  if (isObject(v) || Array.isArray(v)) return JSON.stringify(v).toLowerCase();
  return String(v);
}

/** AKS answers a single address as a /32 (or /128) range. */
function hostRange(v: Json): string {
  const text = String(v).toLowerCase();
  if (text.includes('/')) return text;
  return text.includes(':') ? `${text}/128` : `${text}/32`;
}
