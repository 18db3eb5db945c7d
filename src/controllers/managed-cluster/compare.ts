// Compares a ManagedCluster spec with the cluster Azure has, field by field, for the fields the spec
// manages. Pure: the same inputs give the same differences.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedClusterSpec } from '../../api/index.js';
import { DiffAction, sameMap, sameText, show, type FieldDiff } from '../shared/field-diff.js';
import { isDowngrade, isUpgrade } from '../shared/kube-version.js';
import { withoutOperatorTags } from '../shared/ownership.js';
import { compareDeclaredSettings } from './declared-settings.js';
import { AddonKey, addonProfiles } from './desired.js';

export function compareCluster(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  return [
    ...comparePlacement(spec, observed),
    ...compareVersion(spec, observed),
    ...compareSettings(spec, observed),
    ...compareAddons(spec, observed),
    ...compareNetwork(spec, observed),
    ...compareDeclaredSettings(spec, observed),
  ];
}

function normalizeLocation(l: string | undefined): string {
  return (l ?? '').replace(/\s+/g, '').toLowerCase();
}

function comparePlacement(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (normalizeLocation(spec.location) !== normalizeLocation(observed.location)) {
    diffs.push({
      path: 'spec.location',
      action: DiffAction.Immutable,
      azure: observed.location,
      wanted: spec.location,
    });
  }
  if (spec.dnsPrefix && observed.dnsPrefix && !sameText(spec.dnsPrefix, observed.dnsPrefix)) {
    diffs.push({
      path: 'spec.dnsPrefix',
      action: DiffAction.Immutable,
      azure: observed.dnsPrefix,
      wanted: spec.dnsPrefix,
    });
  }
  return diffs;
}

function compareVersion(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const running = observed.currentKubernetesVersion ?? observed.kubernetesVersion;
  const d = { path: 'spec.kubernetesVersion', azure: running, wanted: spec.kubernetesVersion };
  if (isUpgrade(spec.kubernetesVersion, running)) return [{ ...d, action: DiffAction.Upgrade }];
  // AKS has no downgrade: a control plane upgraded outside the operator is reported only.
  if (isDowngrade(spec.kubernetesVersion, running)) return [{ ...d, action: DiffAction.ReportOnly }];
  return [];
}

function compareSettings(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const tags = withoutOperatorTags(observed.tags);
  if (spec.tags && !sameMap(spec.tags, tags)) {
    diffs.push({
      path: 'spec.tags',
      action: DiffAction.Tags,
      azure: show(tags),
      wanted: show(spec.tags),
    });
  }
  // Only what the spec declares is compared: a field left out is Azure's.
  const wantedTier = spec.sku?.tier;
  const tier = observed.sku?.tier ?? 'Free';
  if (wantedTier && !sameText(wantedTier, tier)) {
    diffs.push({ path: 'spec.sku.tier', action: DiffAction.Update, azure: tier, wanted: wantedTier });
  }
  const identityType = observed.identity?.type;
  const wantedIdentity = spec.identity?.type;
  if (wantedIdentity && identityType && !sameText(identityType, wantedIdentity)) {
    diffs.push({
      path: 'spec.identity.type',
      action: DiffAction.Update,
      azure: identityType,
      wanted: wantedIdentity,
    });
  }
  const channel = observed.autoUpgradeProfile?.upgradeChannel ?? 'none';
  const wantedChannel = spec.autoUpgradeProfile?.upgradeChannel;
  if (wantedChannel && !sameText(channel, wantedChannel)) {
    diffs.push({
      path: 'spec.autoUpgradeProfile.upgradeChannel',
      action: DiffAction.Update,
      azure: channel,
      wanted: wantedChannel,
    });
  }
  const osChannel = observed.autoUpgradeProfile?.nodeOSUpgradeChannel ?? 'NodeImage';
  const wantedOsChannel = spec.autoUpgradeProfile?.nodeOSUpgradeChannel;
  if (wantedOsChannel && !sameText(osChannel, wantedOsChannel)) {
    diffs.push({
      path: 'spec.autoUpgradeProfile.nodeOSUpgradeChannel',
      action: DiffAction.Update,
      azure: osChannel,
      wanted: wantedOsChannel,
    });
  }
  return diffs;
}

/** The observed add-on of `key`, matching keys case-insensitively (AKS answers with its own casing). */
function observedAddon(
  observed: Arm.ManagedCluster,
  key: string,
): Arm.ManagedClusterAddonProfile | undefined {
  const entry = Object.entries(observed.addonProfiles ?? {}).find(
    ([k]) => k.toLowerCase() === key.toLowerCase(),
  );
  return entry?.[1];
}

function compareAddons(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const [key, wanted] of Object.entries(addonProfiles(spec.addons))) {
    const have = observedAddon(observed, key);
    const specKey = Object.entries(AddonKey).find(([, k]) => k === key)?.[0] ?? key;
    const path = `spec.addons.${specKey}`;
    if ((have?.enabled ?? false) !== wanted.enabled) {
      diffs.push({
        path: `${path}.enabled`,
        action: DiffAction.Update,
        azure: show(have?.enabled ?? false),
        wanted: show(wanted.enabled),
      });
      continue;
    }
    for (const [configKey, value] of Object.entries(wanted.config ?? {})) {
      const current = Object.entries(have?.config ?? {}).find(
        ([k]) => k.toLowerCase() === configKey.toLowerCase(),
      )?.[1];
      if (!sameText(current, value)) {
        diffs.push({
          path: `${path}.${configKey}`,
          action: DiffAction.Update,
          azure: current,
          wanted: value,
        });
      }
    }
  }
  return diffs;
}

function compareNetwork(spec: ManagedClusterSpec, observed: Arm.ManagedCluster): FieldDiff[] {
  const want = spec.networkProfile;
  if (!want) return [];
  const have = observed.networkProfile ?? {};
  const pairs: [string, string | undefined, string | undefined][] = [
    ['networkPlugin', want.networkPlugin, have.networkPlugin],
    ['networkPluginMode', want.networkPluginMode, have.networkPluginMode],
    ['networkPolicy', want.networkPolicy, have.networkPolicy],
    ['podCidr', want.podCidr, have.podCidr],
    ['serviceCidr', want.serviceCidr, have.serviceCidr],
    ['dnsServiceIP', want.dnsServiceIP, have.dnsServiceIP],
    ['loadBalancerSku', want.loadBalancerSku, have.loadBalancerSku],
  ];
  return pairs
    .filter(([, w, h]) => w !== undefined && h !== undefined && !sameText(w, h))
    .map(([field, w, h]) => ({
      path: `spec.networkProfile.${field}`,
      action: DiffAction.Immutable,
      azure: h,
      wanted: w,
    }));
}
