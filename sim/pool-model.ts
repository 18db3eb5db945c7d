// Agent pool wire model: server defaults applied to a PUT body, immutable fields, and the JSON the
// simulator answers with (as an agentPools resource and inside a cluster's agentPoolProfiles).
import { aksErrors } from './aks-errors.js';
import { poolId, type ClusterRef } from './arm-ids.js';
import type { PoolShape } from './data-plane.js';
import { isObject, jsonEqual, num, str, stringMap, strings, type JsonObject } from './json.js';
import { poolProfileDefaults } from './profile-defaults.js';
import type { ClusterRecord, PoolRecord } from './resource-store.js';
import { ephemeralFits, GIB, type VmSizeCatalogue } from './vm-sizes.js';

/** Keys the server computes; dropped from what a client sends. */
const READ_ONLY = [
  'name',
  'provisioningState',
  'currentOrchestratorVersion',
  'eTag',
  'powerState',
  'nodeImageVersion',
];

/** Fields AKS refuses to change on an existing pool. */
export const IMMUTABLE_POOL_FIELDS = [
  'vmSize',
  'osType',
  'osDiskType',
  'osDiskSizeGB',
  'availabilityZones',
  'vnetSubnetID',
  'podSubnetID',
  'maxPods',
  'scaleSetPriority',
  'scaleSetEvictionPolicy',
  'type',
  'kubeletDiskType',
  'enableEncryptionAtHost',
  'enableFIPS',
  'enableNodePublicIP',
  'nodePublicIPPrefixID',
  'gpuInstanceProfile',
  'workloadRuntime',
  'proximityPlacementGroupID',
  'capacityReservationGroupID',
  'kubeletConfig',
  'linuxOSConfig',
];

export const DEFAULT_VM_SIZE = 'Standard_DS2_v2';
const DEFAULT_OS_DISK_GB = 128;

export interface PoolDefaultsInput {
  vmSizes: VmSizeCatalogue;
  /** `System` for pools declared in a cluster PUT, `User` for agentPools PUT. */
  defaultMode: 'System' | 'User';
}

/** The writable part of a PUT body with AKS's defaults filled in. Throws on an unknown VM size. */
export function poolSpecFromRequest(props: JsonObject, input: PoolDefaultsInput): JsonObject {
  const spec: JsonObject = {};
  for (const [k, v] of Object.entries(props))
    if (!READ_ONLY.includes(k) && v !== undefined && v !== null) spec[k] = v;
  const vmSize = str(spec, 'vmSize') || DEFAULT_VM_SIZE;
  const vm = input.vmSizes.get(vmSize);
  if (!vm) throw aksErrors.invalidParameter('agentPoolProfile.vmSize');
  spec.vmSize = vm.name;
  spec.count ??= 1;
  spec.osType ??= 'Linux';
  spec.osSKU ??= str(spec, 'osType') === 'Windows' ? 'Windows2022' : 'Ubuntu';
  spec.mode ??= input.defaultMode;
  spec.type ??= 'VirtualMachineScaleSets';
  spec.maxPods ??= 110;
  // An explicit ephemeral disk without a size gets the largest default that fits the cache.
  if (!num(spec, 'osDiskSizeGB')) {
    spec.osDiskSizeGB =
      str(spec, 'osDiskType') === 'Ephemeral' && vm.cacheGiB > 0
        ? Math.min(DEFAULT_OS_DISK_GB, vm.cacheGiB)
        : DEFAULT_OS_DISK_GB;
  }
  spec.osDiskType ??= ephemeralFits(vm, num(spec, 'osDiskSizeGB') ?? DEFAULT_OS_DISK_GB)
    ? 'Ephemeral'
    : 'Managed';
  spec.kubeletDiskType ??= 'OS';
  spec.enableFIPS ??= false;
  spec.enableEncryptionAtHost ??= false;
  spec.enableNodePublicIP ??= false;
  spec.enableAutoScaling ??= false;
  spec.scaleDownMode ??= 'Delete';
  poolProfileDefaults(spec);
  spec.upgradeSettings = { maxSurge: '10%', ...(isObject(spec.upgradeSettings) ? spec.upgradeSettings : {}) };
  if (str(spec, 'scaleSetPriority') === 'Spot') {
    spec.scaleSetEvictionPolicy ??= 'Delete';
    spec.spotMaxPrice ??= -1;
  }
  return spec;
}

/** Throws VMCacheSizeTooSmall when an ephemeral OS disk does not fit the VM's cache. */
export function checkEphemeralDisk(spec: JsonObject, vmSizes: VmSizeCatalogue): void {
  if (str(spec, 'osDiskType') !== 'Ephemeral') return;
  const vm = vmSizes.get(str(spec, 'vmSize') ?? '');
  const sizeGB = num(spec, 'osDiskSizeGB') ?? DEFAULT_OS_DISK_GB;
  if (vm && !ephemeralFits(vm, sizeGB))
    throw aksErrors.vmCacheTooSmall(vm.name, vm.cacheGiB * GIB, sizeGB * GIB);
}

/** Throws PropertyChangeNotAllowed when the request changes a field fixed at creation. */
export function checkImmutablePoolFields(existing: JsonObject, requested: JsonObject): void {
  for (const field of IMMUTABLE_POOL_FIELDS) {
    const want = requested[field];
    if (want === undefined || want === null) continue;
    const have = existing[field];
    const same =
      field === 'vmSize' ? String(want).toLowerCase() === String(have).toLowerCase() : jsonEqual(want, have);
    if (!same) throw aksErrors.propertyChangeNotAllowed(field);
  }
}

function properties(p: PoolRecord): JsonObject {
  return {
    ...p.spec,
    provisioningState: p.provisioningState,
    powerState: { code: p.powerState },
    currentOrchestratorVersion: p.currentOrchestratorVersion,
    nodeImageVersion: p.nodeImageVersion,
    eTag: p.eTag,
  };
}

/** The agentPools resource body. */
export function renderPool(cluster: ClusterRef, p: PoolRecord): JsonObject {
  return {
    id: poolId({ ...cluster, pool: p.name }),
    name: p.name,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties: properties(p),
  };
}

/** An entry of the cluster's agentPoolProfiles. */
export function renderPoolProfile(p: PoolRecord): JsonObject {
  return { name: p.name, ...properties(p) };
}

/** What the data plane needs to shape the pool's nodes. */
export function poolShape(
  p: PoolRecord,
  override: { version?: string; image?: string; count?: number } = {},
): PoolShape {
  const s = p.spec;
  const upgrade = isObject(s.upgradeSettings) ? s.upgradeSettings : {};
  const shape: PoolShape = {
    name: p.name,
    mode: (str(s, 'mode') as PoolShape['mode']) ?? 'User',
    vmSize: str(s, 'vmSize') ?? DEFAULT_VM_SIZE,
    count: override.count ?? (p.powerState === 'Stopped' ? 0 : (num(s, 'count') ?? 0)),
    orchestratorVersion: override.version ?? p.currentOrchestratorVersion,
    nodeImageVersion: override.image ?? p.nodeImageVersion,
    osType: str(s, 'osType') ?? 'Linux',
    maxPods: num(s, 'maxPods') ?? 110,
    nodeLabels: stringMap(s, 'nodeLabels') ?? {},
    nodeTaints: strings(s, 'nodeTaints') ?? [],
    availabilityZones: strings(s, 'availabilityZones') ?? [],
    scaleSetPriority: str(s, 'scaleSetPriority') === 'Spot' ? 'Spot' : 'Regular',
    upgradeSettings: {},
  };
  const osSku = str(s, 'osSKU');
  if (osSku) shape.osSKU = osSku;
  const maxSurge = str(upgrade, 'maxSurge');
  if (maxSurge) shape.upgradeSettings.maxSurge = maxSurge;
  const drain = num(upgrade, 'drainTimeoutInMinutes');
  if (drain !== undefined) shape.upgradeSettings.drainTimeoutInMinutes = drain;
  const soak = num(upgrade, 'nodeSoakDurationInMinutes');
  if (soak !== undefined) shape.upgradeSettings.nodeSoakDurationInMinutes = soak;
  const undrainable = str(upgrade, 'undrainableNodeBehavior');
  if (undrainable === 'Cordon' || undrainable === 'Schedule')
    shape.upgradeSettings.undrainableNodeBehavior = undrainable;
  return shape;
}

export function poolCount(p: PoolRecord): number {
  return p.powerState === 'Stopped' ? 0 : (num(p.spec, 'count') ?? 0);
}

/** Surge nodes an upgrade adds: an absolute number or a percentage of the pool, rounded up. */
export function surgeNodes(p: PoolRecord): number {
  const upgrade = isObject(p.spec.upgradeSettings) ? p.spec.upgradeSettings : {};
  const raw = str(upgrade, 'maxSurge') ?? '10%';
  const count = poolCount(p);
  const n = raw.endsWith('%') ? Math.ceil((Number(raw.slice(0, -1)) / 100) * count) : Number(raw);
  return Number.isFinite(n) ? Math.max(count > 0 ? 1 : 0, Math.min(n, count)) : 1;
}

export function clusterPools(cluster: ClusterRecord): PoolRecord[] {
  return [...cluster.pools.values()];
}
