// Mapping from a ManagedCluster spec to the AKS managed-cluster body: the full body that creates the
// cluster with its System pool, and the update body that keeps everything Azure has (agent pools and
// their versions included, so a cluster PUT never changes a pool) and overlays what the spec manages.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedCluster, ManagedClusterSpec } from '../../api/index.js';
import { managedClusterId } from '../../azure/index.js';
import { isUpgrade } from '../shared/kube-version.js';
import { withoutOperatorTags } from '../shared/ownership.js';
import { overlayDeclaredSettings } from './declared-settings.js';

/** Keys of `addonProfiles` in AKS for the add-ons the spec knows. */
export const AddonKey = {
  azureKeyvaultSecretsProvider: 'azureKeyvaultSecretsProvider',
  monitoring: 'omsagent',
  azurePolicy: 'azurepolicy',
} as const;

/** Name of the cluster in Azure. */
export function clusterAzureName(mc: ManagedCluster): string {
  return mc.spec.azureName ?? mc.metadata.name ?? '';
}

/** ARM ID of the cluster: the adopted one, or the deterministic one of its name in the subscription. */
export function clusterResourceId(mc: ManagedCluster, subscriptionId: string): string {
  return (
    mc.spec.adoption?.resourceID ??
    managedClusterId(subscriptionId, mc.spec.resourceGroup, clusterAzureName(mc))
  );
}

export interface CreateInputs {
  /** The tags that mark the cluster (and its System pool) as the object's; merged into every tag write. */
  ownerTags: Record<string, string>;
  /** ARM ID of the snapshot the System pool is created from (spec.systemPool.snapshotRef, resolved). */
  systemPoolSnapshotId?: string;
}

/** The body that creates the cluster together with its System pool. */
export function desiredClusterForCreate(spec: ManagedClusterSpec, inputs: CreateInputs): Arm.ManagedCluster {
  const body: Arm.ManagedCluster = {
    location: spec.location,
    kubernetesVersion: spec.kubernetesVersion,
    agentPoolProfiles: spec.systemPool
      ? [
          {
            ...systemPoolProfile(spec.systemPool, inputs.systemPoolSnapshotId),
            tags: { ...inputs.ownerTags },
          },
        ]
      : [],
  };
  if (spec.dnsPrefix) body.dnsPrefix = spec.dnsPrefix;
  if (spec.networkProfile) body.networkProfile = networkProfile(spec.networkProfile, undefined);
  return overlayManaged(body, spec, inputs.ownerTags);
}

/**
 * The body that updates an existing cluster: Azure's own body with the managed fields of the spec.
 * Agent pool profiles are sent back exactly as Azure has them; the version only ever moves up.
 */
export function desiredClusterForUpdate(
  spec: ManagedClusterSpec,
  observed: Arm.ManagedCluster,
  ownerTags: Record<string, string>,
): Arm.ManagedCluster {
  const body: Arm.ManagedCluster = { ...observed, location: observed.location ?? spec.location };
  body.kubernetesVersion = isUpgrade(spec.kubernetesVersion, observed.currentKubernetesVersion)
    ? spec.kubernetesVersion
    : (observed.kubernetesVersion ?? observed.currentKubernetesVersion ?? spec.kubernetesVersion);
  if (spec.networkProfile) body.networkProfile = networkProfile(spec.networkProfile, observed.networkProfile);
  if (!spec.tags && observed.tags) body.tags = { ...observed.tags };
  return overlayManaged(body, spec, ownerTags);
}

/** The tags a tag write sends: the spec's (or Azure's, when the spec has none) with the owner tags. */
export function desiredClusterTags(
  spec: ManagedClusterSpec,
  observed: Arm.ManagedCluster | undefined,
  ownerTags: Record<string, string>,
): Record<string, string> {
  return { ...(spec.tags ?? withoutOperatorTags(observed?.tags)), ...ownerTags };
}

/** Tags and every declared setting (SKU, identity, add-ons, channels, access, security, egress). */
function overlayManaged(
  body: Arm.ManagedCluster,
  spec: ManagedClusterSpec,
  ownerTags: Record<string, string>,
): Arm.ManagedCluster {
  body.tags = desiredClusterTags(spec, body, ownerTags);
  // Only declared fields are overlaid: the rest stays as Azure has it (AKS defaults it on create).
  if (spec.sku?.tier) body.sku = { ...body.sku, name: body.sku?.name ?? 'Base', tier: spec.sku.tier };
  if (spec.identity) body.identity = identity(spec.identity);
  const channels = spec.autoUpgradeProfile;
  if (channels?.upgradeChannel || channels?.nodeOSUpgradeChannel) {
    body.autoUpgradeProfile = { ...body.autoUpgradeProfile };
    if (channels.upgradeChannel) body.autoUpgradeProfile.upgradeChannel = channels.upgradeChannel;
    if (channels.nodeOSUpgradeChannel)
      body.autoUpgradeProfile.nodeOSUpgradeChannel = channels.nodeOSUpgradeChannel;
  }
  const addons = addonProfiles(spec.addons);
  if (Object.keys(addons).length > 0) body.addonProfiles = { ...body.addonProfiles, ...addons };
  overlayDeclaredSettings(body, spec);
  return body;
}

function identity(spec: NonNullable<ManagedClusterSpec['identity']>): Arm.ManagedClusterIdentity {
  if (spec.type === 'UserAssigned') {
    const ids = spec.userAssignedIdentities ?? [];
    return { type: 'UserAssigned', userAssignedIdentities: Object.fromEntries(ids.map((id) => [id, {}])) };
  }
  return { type: 'SystemAssigned' };
}

/** Add-on profiles for the add-ons the spec names (others are left as Azure has them). */
export function addonProfiles(
  addons: ManagedClusterSpec['addons'],
): Record<string, Arm.ManagedClusterAddonProfile> {
  const out: Record<string, Arm.ManagedClusterAddonProfile> = {};
  const kv = addons?.azureKeyvaultSecretsProvider;
  if (kv) {
    out[AddonKey.azureKeyvaultSecretsProvider] = {
      enabled: kv.enabled,
      config: kv.enabled
        ? {
            enableSecretRotation: String(kv.enableSecretRotation),
            rotationPollInterval: kv.rotationPollInterval,
          }
        : {},
    };
  }
  const mon = addons?.monitoring;
  if (mon) {
    out[AddonKey.monitoring] = {
      enabled: mon.enabled,
      config:
        mon.enabled && mon.logAnalyticsWorkspaceResourceID
          ? { logAnalyticsWorkspaceResourceID: mon.logAnalyticsWorkspaceResourceID }
          : {},
    };
  }
  const policy = addons?.azurePolicy;
  if (policy) out[AddonKey.azurePolicy] = { enabled: policy.enabled, config: {} };
  return out;
}

function networkProfile(
  spec: NonNullable<ManagedClusterSpec['networkProfile']>,
  observed: Arm.ContainerServiceNetworkProfile | undefined,
): Arm.ContainerServiceNetworkProfile {
  const out: Arm.ContainerServiceNetworkProfile = { ...observed };
  if (spec.networkPlugin) out.networkPlugin = spec.networkPlugin;
  if (spec.networkPluginMode) out.networkPluginMode = spec.networkPluginMode;
  if (spec.networkPolicy) out.networkPolicy = spec.networkPolicy;
  if (spec.podCidr) out.podCidr = spec.podCidr;
  if (spec.serviceCidr) out.serviceCidr = spec.serviceCidr;
  if (spec.dnsServiceIP) out.dnsServiceIP = spec.dnsServiceIP;
  if (spec.loadBalancerSku) out.loadBalancerSku = spec.loadBalancerSku;
  return out;
}

function systemPoolProfile(
  pool: NonNullable<ManagedClusterSpec['systemPool']>,
  snapshotId: string | undefined,
): Arm.ManagedClusterAgentPoolProfile {
  const profile: Arm.ManagedClusterAgentPoolProfile = {
    name: pool.azureName,
    mode: 'System',
    type: 'VirtualMachineScaleSets',
    osType: 'Linux',
    vmSize: pool.vmSize,
    count: pool.count,
  };
  if (pool.osSKU) profile.osSKU = pool.osSKU;
  if (pool.osDiskType) profile.osDiskType = pool.osDiskType;
  if (pool.osDiskSizeGB !== undefined) profile.osDiskSizeGB = pool.osDiskSizeGB;
  if (pool.maxPods !== undefined) profile.maxPods = pool.maxPods;
  if (pool.availabilityZones) profile.availabilityZones = [...pool.availabilityZones];
  if (pool.nodeLabels) profile.nodeLabels = { ...pool.nodeLabels };
  if (pool.nodeTaints) profile.nodeTaints = [...pool.nodeTaints];
  if (pool.vnetSubnetID) profile.vnetSubnetID = pool.vnetSubnetID;
  if (pool.podSubnetID) profile.podSubnetID = pool.podSubnetID;
  if (pool.enableEncryptionAtHost !== undefined) profile.enableEncryptionAtHost = pool.enableEncryptionAtHost;
  // Host settings AKS applies when it creates the nodes (REST enableFIPS is the SDK's enableFips).
  if (pool.kubeletConfig) profile.kubeletConfig = structuredClone(pool.kubeletConfig);
  if (pool.linuxOSConfig) profile.linuxOSConfig = structuredClone(pool.linuxOSConfig);
  if (pool.enableFIPS !== undefined) profile.enableFips = pool.enableFIPS;
  if (pool.kubeletDiskType) profile.kubeletDiskType = pool.kubeletDiskType;
  if (pool.proximityPlacementGroupID) profile.proximityPlacementGroupID = pool.proximityPlacementGroupID;
  if (pool.capacityReservationGroupID) profile.capacityReservationGroupID = pool.capacityReservationGroupID;
  if (snapshotId) profile.creationData = { sourceResourceId: snapshotId };
  return profile;
}
