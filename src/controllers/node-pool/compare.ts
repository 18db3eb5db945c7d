// Compares a NodePool spec with the agent pool Azure has, for the fields the spec manages. With
// autoscaling on, the count is the autoscaler's and never compared. Pure.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpec } from '../../api/index.js';
import { DiffAction, sameMap, sameSet, sameText, show, type FieldDiff } from '../shared/field-diff.js';
import { isDowngrade, isUpgrade } from '../shared/kube-version.js';
import { compareDeclaredPoolSettings } from './declared-settings.js';
import { AKS_UPGRADE_DEFAULTS, SPOT_TAINT } from './desired.js';

export function comparePool(spec: NodePoolSpec, observed: Arm.AgentPool): FieldDiff[] {
  return [
    ...compareImmutable(spec, observed),
    ...compareVersion(spec, observed),
    ...comparePower(spec, observed),
    ...compareSize(spec, observed),
    ...compareNodeSettings(spec, observed),
    ...compareUpgradeSettings(spec, observed),
    ...compareTags(spec, observed),
    ...compareDeclaredPoolSettings(spec, observed),
  ];
}

/** The declared tag keys only (names case-insensitive, as Azure's); others' keys and the operator's never drift. */
function compareTags(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  if (!spec.tags) return [];
  const have = Object.entries(o.tags ?? {});
  const valueOf = (key: string): string | undefined =>
    have.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const differing = Object.entries(spec.tags).filter(([k, v]) => valueOf(k) !== v);
  if (differing.length === 0) return [];
  return [
    {
      path: 'spec.tags',
      action: DiffAction.Update,
      azure: show(Object.fromEntries(differing.map(([k]) => [k, valueOf(k) ?? '(absent)']))),
      wanted: show(Object.fromEntries(differing)),
    },
  ];
}

function immutable(path: string, azure: unknown, wanted: unknown): FieldDiff {
  return { path, action: DiffAction.Immutable, azure: show(azure), wanted: show(wanted) };
}

function compareImmutable(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (o.vmSize && !sameText(spec.vmSize, o.vmSize))
    diffs.push(immutable('spec.vmSize', o.vmSize, spec.vmSize));
  if (spec.osType && o.osType && !sameText(spec.osType, o.osType))
    diffs.push(immutable('spec.osType', o.osType, spec.osType));
  if (spec.osSKU && o.osSKU && !sameText(spec.osSKU, o.osSKU))
    diffs.push(immutable('spec.osSKU', o.osSKU, spec.osSKU));
  if (spec.osDiskType && o.osDiskType && !sameText(spec.osDiskType, o.osDiskType)) {
    diffs.push(immutable('spec.osDiskType', o.osDiskType, spec.osDiskType));
  }
  if (spec.osDiskSizeGB !== undefined && o.osDiskSizeGB && spec.osDiskSizeGB !== o.osDiskSizeGB) {
    diffs.push(immutable('spec.osDiskSizeGB', o.osDiskSizeGB, spec.osDiskSizeGB));
  }
  if (spec.maxPods !== undefined && o.maxPods !== undefined && spec.maxPods !== o.maxPods) {
    diffs.push(immutable('spec.maxPods', o.maxPods, spec.maxPods));
  }
  if (spec.availabilityZones && !sameSet(spec.availabilityZones, o.availabilityZones)) {
    diffs.push(immutable('spec.availabilityZones', o.availabilityZones, spec.availabilityZones));
  }
  if (spec.vnetSubnetID && !sameText(spec.vnetSubnetID, o.vnetSubnetID ?? ''))
    diffs.push(immutable('spec.vnetSubnetID', o.vnetSubnetID, spec.vnetSubnetID));
  if (spec.podSubnetID && !sameText(spec.podSubnetID, o.podSubnetID ?? ''))
    diffs.push(immutable('spec.podSubnetID', o.podSubnetID, spec.podSubnetID));
  // A switch Azure does not report is off.
  const hostEncryption = o.enableEncryptionAtHost ?? false;
  if (spec.enableEncryptionAtHost !== undefined && spec.enableEncryptionAtHost !== hostEncryption)
    diffs.push(immutable('spec.enableEncryptionAtHost', hostEncryption, spec.enableEncryptionAtHost));
  const priority = o.scaleSetPriority ?? 'Regular';
  if (spec.scaleSetPriority && !sameText(spec.scaleSetPriority, priority))
    diffs.push(immutable('spec.scaleSetPriority', priority, spec.scaleSetPriority));
  return diffs;
}

function compareVersion(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  const wanted = spec.orchestratorVersion;
  if (!wanted) return [];
  const running = o.currentOrchestratorVersion ?? o.orchestratorVersion;
  const d = { path: 'spec.orchestratorVersion', azure: running, wanted };
  if (isUpgrade(wanted, running)) return [{ ...d, action: DiffAction.Upgrade }];
  // Upgraded outside the operator (or with the control plane): never pushed back down.
  if (isDowngrade(wanted, running)) return [{ ...d, action: DiffAction.ReportOnly }];
  return [];
}

function comparePower(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  const power = o.powerState?.code ?? 'Running';
  if (!spec.powerState || sameText(spec.powerState, power)) return [];
  return [{ path: 'spec.powerState', action: DiffAction.Update, azure: power, wanted: spec.powerState }];
}

/** Count and autoscaler settings; a stopped pool (count 0, autoscaler off in Azure) is not compared. */
function compareSize(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  if (spec.powerState === 'Stopped' || o.powerState?.code === 'Stopped') return [];
  const diffs: FieldDiff[] = [];
  const isAutoscaled = o.enableAutoScaling ?? false;
  if (spec.autoscaling) {
    if (!isAutoscaled)
      diffs.push({ path: 'spec.autoscaling', action: DiffAction.Update, azure: 'off', wanted: 'on' });
    else if (o.minCount !== spec.autoscaling.minCount || o.maxCount !== spec.autoscaling.maxCount) {
      diffs.push({
        path: 'spec.autoscaling',
        action: DiffAction.Update,
        azure: `${show(o.minCount)}..${show(o.maxCount)}`,
        wanted: `${spec.autoscaling.minCount}..${spec.autoscaling.maxCount}`,
      });
    }
    return diffs;
  }
  if (isAutoscaled)
    diffs.push({ path: 'spec.autoscaling', action: DiffAction.Update, azure: 'on', wanted: 'off' });
  if (spec.count !== undefined && spec.count !== o.count) {
    diffs.push({
      path: 'spec.count',
      action: DiffAction.Update,
      azure: show(o.count),
      wanted: String(spec.count),
    });
  }
  return diffs;
}

function compareNodeSettings(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (spec.mode && !sameText(spec.mode, o.mode ?? 'User'))
    diffs.push({ path: 'spec.mode', action: DiffAction.Update, azure: o.mode, wanted: spec.mode });
  if (spec.nodeLabels && !sameMap(spec.nodeLabels, o.nodeLabels)) {
    diffs.push({
      path: 'spec.nodeLabels',
      action: DiffAction.Update,
      azure: show(o.nodeLabels ?? {}),
      wanted: show(spec.nodeLabels),
    });
  }
  if (spec.nodeTaints) {
    const have = (o.nodeTaints ?? []).filter(
      (t) => t !== SPOT_TAINT || spec.nodeTaints?.includes(SPOT_TAINT),
    );
    if (!sameSet(spec.nodeTaints, have)) {
      diffs.push({
        path: 'spec.nodeTaints',
        action: DiffAction.Update,
        azure: show(have),
        wanted: show(spec.nodeTaints),
      });
    }
  }
  return diffs;
}

function compareUpgradeSettings(spec: NodePoolSpec, o: Arm.AgentPool): FieldDiff[] {
  const want = spec.upgradeSettings ?? {};
  const have = o.upgradeSettings ?? {};
  const text = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
  // Only the declared fields are compared; Azure's value stands in AKS's default when it has none.
  const pairs: [string, string | undefined, string][] = [
    ['maxSurge', text(want.maxSurge), have.maxSurge ?? AKS_UPGRADE_DEFAULTS.maxSurge],
    ['maxUnavailable', text(want.maxUnavailable), have.maxUnavailable ?? AKS_UPGRADE_DEFAULTS.maxUnavailable],
    [
      'drainTimeoutInMinutes',
      text(want.drainTimeoutInMinutes),
      String(have.drainTimeoutInMinutes ?? AKS_UPGRADE_DEFAULTS.drainTimeoutInMinutes),
    ],
    [
      'nodeSoakDurationInMinutes',
      text(want.nodeSoakDurationInMinutes),
      String(have.nodeSoakDurationInMinutes ?? AKS_UPGRADE_DEFAULTS.nodeSoakDurationInMinutes),
    ],
    [
      'undrainableNodeBehavior',
      want.undrainableNodeBehavior,
      have.undrainableNodeBehavior ?? AKS_UPGRADE_DEFAULTS.undrainableNodeBehavior,
    ],
  ];
  return pairs
    .filter((p): p is [string, string, string] => p[1] !== undefined && !sameText(p[1], p[2]))
    .map(([field, w, h]) => ({
      path: `spec.upgradeSettings.${field}`,
      action: DiffAction.Update,
      azure: h,
      wanted: w,
    }));
}
