// ManagedCluster.status.settings: what Azure has for the cluster-wide settings, declared or not, so
// `kubectl get -o yaml` says what the cluster is without the portal. Read from Azure; never compared.
import { s } from './schema.js';

const text = (description: string, maxLength = 64) => s.string({ description, maxLength }).optional();

export const managedClusterSettings = s.object(
  {
    skuTier: text('Pricing tier: Free, Standard or Premium.'),
    supportPlan: text('Support plan: KubernetesOfficial or AKSLongTermSupport.'),
    upgradeChannel: text('Automatic Kubernetes upgrade channel AKS runs (none when off).'),
    nodeOSUpgradeChannel: text('Automatic node OS upgrade channel AKS runs.'),
    identityType: text('Managed identity of the control plane: SystemAssigned or UserAssigned.'),
    networkPlugin: text('CNI plugin: azure, kubenet or none.'),
    networkPluginMode: text('overlay when pods get addresses outside the VNet.'),
    networkPolicy: text('Network policy engine.'),
    networkDataplane: text('Dataplane of the pod network: azure or cilium.'),
    outboundType: text('How nodes reach the internet.'),
    privateCluster: s
      .boolean({ description: 'True when the API server has a private address only.' })
      .optional(),
    privateFQDN: text('FQDN of a private API server.', 253),
    entraIdManaged: s.boolean({ description: 'True when AKS-managed Entra ID sign-in is on.' }).optional(),
    localAccountsDisabled: s
      .boolean({ description: 'True when static kubeconfigs are refused (disableLocalAccounts).' })
      .optional(),
    oidcIssuerURL: text('URL of the OIDC issuer, when enabled.', 512),
  },
  { description: "What Azure has for the cluster's main settings, whether the spec declares them or not." },
);
