// AKS's rules that tie one section of a ManagedCluster spec to another (Entra ID and local accounts, RBAC,
// support plan and tier, workload identity and the OIDC issuer, public access and a private API server),
// checked at admission; each message quotes AKS's refusal and says what to change.
import type { ValidationRule } from './schema.js';

export const crossSectionRules: readonly ValidationRule[] = [
  {
    rule: '!has(self.disableLocalAccounts) || !self.disableLocalAccounts || (has(self.aadProfile) && self.aadProfile.managed)',
    fieldPath: '.disableLocalAccounts',
    message:
      'disableLocalAccounts: true needs managed Entra ID (AKS: disableLocalAccounts can only be set on Azure AD integration enabled cluster); set aadProfile.managed: true or remove disableLocalAccounts',
  },
  {
    rule: '!has(self.aadProfile) || !has(self.enableRBAC) || self.enableRBAC',
    fieldPath: '.enableRBAC',
    message: 'aadProfile needs Kubernetes RBAC: remove enableRBAC: false',
  },
  {
    rule: "!has(self.supportPlan) || self.supportPlan != 'AKSLongTermSupport' || (has(self.sku) && has(self.sku.tier) && self.sku.tier == 'Premium')",
    fieldPath: '.supportPlan',
    message:
      'supportPlan: AKSLongTermSupport needs the Premium tier (AKS: AKSLongTermSupport support plan can only be enabled with the Premium tier); set sku.tier: Premium',
  },
  {
    rule: '!has(self.securityProfile) || !has(self.securityProfile.workloadIdentity) || !self.securityProfile.workloadIdentity.enabled || (has(self.oidcIssuerProfile) && self.oidcIssuerProfile.enabled)',
    fieldPath: '.securityProfile.workloadIdentity',
    message:
      'workload identity needs the OIDC issuer (AKS: the OIDC issuer must be enabled to enable workload identity); set oidcIssuerProfile.enabled: true',
  },
  {
    rule: "!has(self.publicNetworkAccess) || self.publicNetworkAccess != 'Disabled' || (has(self.apiServerAccessProfile) && has(self.apiServerAccessProfile.enablePrivateCluster) && self.apiServerAccessProfile.enablePrivateCluster)",
    fieldPath: '.publicNetworkAccess',
    message:
      'publicNetworkAccess: Disabled leaves a public API server unreachable; set apiServerAccessProfile.enablePrivateCluster: true or remove publicNetworkAccess',
  },
  {
    rule: "!has(self.metricsProfile) || !has(self.metricsProfile.costAnalysis) || !self.metricsProfile.costAnalysis.enabled || (has(self.sku) && has(self.sku.tier) && self.sku.tier in ['Standard', 'Premium'])",
    fieldPath: '.metricsProfile.costAnalysis',
    message:
      'metricsProfile.costAnalysis needs the Standard or Premium tier (AKS: the Managed Cluster sku.tier must be set to Standard or Premium to enable cost analysis); set sku.tier: Standard or Premium',
  },
];
