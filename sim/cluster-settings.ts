// Cluster settings beyond the basics, as AKS treats them on a PUT: what it fills in (OIDC issuer URL,
// private DNS zone, Azure RBAC off, dataplane, NAT gateway defaults), the rules it refuses with its own codes
// (cilium policy and dataplane, authorized ranges on a private cluster, local accounts without Entra ID,
// workload identity without an OIDC issuer, an OIDC issuer turned off), and the private FQDN it reports.
import { createHash, randomUUID } from 'node:crypto';
import { aksErrors } from './aks-errors.js';
import { checkClusterProfileRules } from './cluster-profile-rules.js';
import { ArmError, ErrorShape } from './errors.js';
import { isObject, str, type Json, type JsonObject } from './json.js';

const flat = ErrorShape.Flat;

/** The errors AKS answers these settings with (codes and wording from real responses). */
export const settingsErrors = {
  ciliumPolicyNeedsCiliumDataplane(): ArmError {
    return new ArmError(
      400,
      'NetworkPolicyNotSupported',
      'Network Policy cilium requires NetworkDataplane cilium',
      {
        shape: flat,
        subcode: 'NetworkPolicyCiliumRequiresCiliumDataplane',
        target: 'networkProfile.networkPolicy',
      },
    );
  },
  ciliumDataplaneNeedsCiliumPolicy(): ArmError {
    return new ArmError(400, 'BadRequest', 'Cilium dataplane requires network policy cilium.', {
      shape: flat,
      subcode: 'CiliumDataplaneRequiresNetworkPolicyCilium',
      target: 'networkProfile.networkPolicy',
    });
  },
  authorizedRangesOnPrivateCluster(): ArmError {
    return aksErrors.invalidParameter(
      'apiServerAccessProfile.authorizedIPRanges',
      'Private cluster cannot be enabled with AuthorizedIPRanges.',
    );
  },
  localAccountsNeedEntraId(): ArmError {
    return new ArmError(
      400,
      'BadRequest',
      'Since kubernetes version 1.25, disableLocalAccounts can only be set on Azure AD integration enabled cluster. Please integrate your cluster with AAD.',
      { shape: flat, target: 'disableLocalAccounts' },
    );
  },
  workloadIdentityNeedsOidcIssuer(): ArmError {
    return aksErrors.invalidParameter(
      'securityProfile.workloadIdentity',
      'Enabling workload identity requires enabling OIDC issuer profile.',
    );
  },
  costAnalysisNeedsTier(): ArmError {
    return aksErrors.invalidParameter(
      'metricsProfile.costAnalysis.enabled',
      "Cost analysis can only be enabled when the Managed Cluster sku.tier is 'Standard' or 'Premium'.",
    );
  },
  oidcIssuerCannotBeDisabled(): ArmError {
    return new ArmError(400, 'BadRequest', 'OIDC issuer feature cannot be disabled once enabled.', {
      shape: flat,
      target: 'oidcIssuerProfile.enabled',
    });
  },
};

const obj = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});

/** Throws AKS's 400 when the settings of a cluster body (existing spec merged in) break one of its rules. */
export function checkClusterSettings(spec: JsonObject, existing?: JsonObject): void {
  const net = obj(spec.networkProfile);
  const dataplane = str(net, 'networkDataplane');
  const policy = str(net, 'networkPolicy');
  if (policy === 'cilium' && dataplane !== 'cilium') throw settingsErrors.ciliumPolicyNeedsCiliumDataplane();
  if (dataplane === 'cilium' && policy !== undefined && policy !== 'cilium')
    throw settingsErrors.ciliumDataplaneNeedsCiliumPolicy();
  const access = obj(spec.apiServerAccessProfile);
  const ranges = Array.isArray(access.authorizedIPRanges) ? access.authorizedIPRanges : [];
  if (access.enablePrivateCluster === true && ranges.length > 0)
    throw settingsErrors.authorizedRangesOnPrivateCluster();
  if (spec.disableLocalAccounts === true && obj(spec.aadProfile).managed !== true)
    throw settingsErrors.localAccountsNeedEntraId();
  const oidcOn = obj(spec.oidcIssuerProfile).enabled === true;
  if (obj(obj(spec.securityProfile).workloadIdentity).enabled === true && !oidcOn)
    throw settingsErrors.workloadIdentityNeedsOidcIssuer();
  if (existing && obj(existing.oidcIssuerProfile).enabled === true && !oidcOn)
    throw settingsErrors.oidcIssuerCannotBeDisabled();
  checkClusterProfileRules(spec);
}

/** The settings with AKS's defaults filled in; `existing` keeps what AKS computed before (the issuer URL). */
export function settingsDefaults(spec: JsonObject, location: string, existing?: JsonObject): void {
  const access = obj(spec.apiServerAccessProfile);
  if (Array.isArray(access.authorizedIPRanges))
    access.authorizedIPRanges = access.authorizedIPRanges.map(hostRange);
  if (access.enablePrivateCluster === true) {
    access.privateDNSZone ??= 'system';
    access.enablePrivateClusterPublicFQDN ??= true;
  }
  if (isObject(spec.apiServerAccessProfile)) spec.apiServerAccessProfile = access;
  // AKS also fills tenantID with the subscription's tenant; the simulator knows no such tenant, so it stays
  // absent and a kwok data plane trusts the tenants Entra knows (see data-plane.ts).
  if (isObject(spec.aadProfile) && spec.aadProfile.managed === true)
    spec.aadProfile = { enableAzureRBAC: false, ...spec.aadProfile };
  const oidc: JsonObject = { enabled: false, ...obj(spec.oidcIssuerProfile) };
  if (oidc.enabled === true) {
    oidc.issuerURL =
      str(obj(existing?.oidcIssuerProfile), 'issuerURL') ??
      `https://${location.toLowerCase()}.oic.prod-aks.azure.com/${randomUUID()}/${randomUUID()}/`;
  } else delete oidc.issuerURL;
  spec.oidcIssuerProfile = oidc;
  const security = obj(spec.securityProfile);
  const cleaner = obj(security.imageCleaner);
  if (cleaner.enabled === true) security.imageCleaner = { intervalHours: 168, ...cleaner };
  spec.securityProfile = security;
  spec.disableLocalAccounts ??= false;
}

/** Network defaults of the dataplane and egress profiles (the ranges are filled in by the cluster model). */
export function egressDefaults(net: JsonObject): void {
  if (net.networkPlugin === 'azure') net.networkDataplane ??= 'azure';
  if (net.networkDataplane === 'cilium') net.networkPolicy ??= 'cilium';
  if (net.outboundType !== 'loadBalancer') delete net.loadBalancerProfile;
  if (net.outboundType === 'managedNATGateway') {
    const nat = obj(net.natGatewayProfile);
    net.natGatewayProfile = {
      ...nat,
      managedOutboundIPProfile: { count: 1, ...obj(nat.managedOutboundIPProfile) },
      idleTimeoutInMinutes: nat.idleTimeoutInMinutes ?? 4,
    };
  } else delete net.natGatewayProfile;
}

/** The private FQDN AKS reports for a private cluster, stable for the cluster's label. */
export function privateFqdn(prefix: string, label: string, location: string): string {
  const id = createHash('sha256').update(`${prefix}/${label}`).digest('hex').slice(0, 32);
  const guid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  return `${prefix}-${label}.${guid}.privatelink.${location.toLowerCase()}.azmk8s.io`;
}

/** Whether a cluster spec is private, and whether it still publishes the public FQDN. */
export function apiServerExposure(spec: JsonObject): { isPrivate: boolean; hasPublicFqdn: boolean } {
  const access = obj(spec.apiServerAccessProfile);
  const isPrivate = access.enablePrivateCluster === true;
  return { isPrivate, hasPublicFqdn: !isPrivate || access.enablePrivateClusterPublicFQDN !== false };
}

/** AKS answers a single address as a /32 (or /128) range. */
function hostRange(v: Json): Json {
  if (typeof v !== 'string' || v.includes('/')) return v;
  return v.includes(':') ? `${v}/128` : `${v}/32`;
}
