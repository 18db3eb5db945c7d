// The pool settings whose spec shape is AKS's own (kubelet and Linux OS tuning, FIPS, kubelet disk, runtime,
// GPU partitioning and driver, node public IPs, NIC network profile, placement and host groups, Trusted
// Launch and SSH access, Ultra SSD, login message, Windows outbound NAT, scale-down mode): overlaid leaf
// by leaf on the body Azure has, and compared leaf by leaf, as the cluster's declared settings are.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpec } from '../../api/index.js';
import {
  compareLeaves,
  overlay,
  sdkNames,
  type Json,
  type JsonObject,
  type LeafRules,
} from '../shared/declared-leaves.js';
import { DiffAction, type FieldDiff } from '../shared/field-diff.js';

/** Pool properties declared with AKS's own names and shapes. */
const POOL_KEYS = [
  'kubeletConfig',
  'linuxOSConfig',
  'enableFIPS',
  'kubeletDiskType',
  'workloadRuntime',
  'gpuInstanceProfile',
  'enableNodePublicIP',
  'nodePublicIPPrefixID',
  'networkProfile',
  'proximityPlacementGroupID',
  'capacityReservationGroupID',
  'hostGroupID',
  'securityProfile',
  'enableUltraSSD',
  'messageOfTheDay',
  'gpuProfile',
  'windowsProfile',
  'scaleDownMode',
] as const satisfies readonly (keyof NodePoolSpec)[];

/** Where the spec keeps AKS's REST names and the SDK spells them otherwise. */
const NAMES = sdkNames({ enableFIPS: 'enableFips', 'securityProfile.enableVTPM': 'enableVtpm' });

/** Body paths (SDK names) AKS fixes when it creates the pool; a path under one of them is fixed too. */
const IMMUTABLE = [
  'kubeletConfig',
  'linuxOSConfig',
  'enableFips',
  'kubeletDiskType',
  'workloadRuntime',
  'gpuInstanceProfile',
  'enableNodePublicIP',
  'nodePublicIPPrefixID',
  'networkProfile.nodePublicIPTags',
  'proximityPlacementGroupID',
  'capacityReservationGroupID',
  'hostGroupID',
  'enableUltraSSD',
  'messageOfTheDay',
  'gpuProfile',
  'windowsProfile',
];

/** The declared subtree of the spec, in the SDK's names. */
function declared(spec: NodePoolSpec): JsonObject {
  const out: JsonObject = {};
  for (const key of POOL_KEYS) if (spec[key] !== undefined) out[key] = structuredClone(spec[key]);
  NAMES.toSdk(out);
  return out;
}

/** Writes the declared settings over `body` (Azure's body on update, the create body on create). */
export function overlayDeclaredPoolSettings(body: Arm.AgentPool, spec: NodePoolSpec): void {
  const target = body as unknown as JsonObject;
  for (const [k, v] of Object.entries(declared(spec))) target[k] = overlay(target[k], v);
}

/** Differences between the declared settings and Azure's, one per declared leaf. */
export function compareDeclaredPoolSettings(spec: NodePoolSpec, observed: Arm.AgentPool): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const have = observed as unknown as JsonObject;
  for (const [k, v] of Object.entries(declared(spec))) compareLeaves(k, v, have[k], POOL_LEAVES, diffs);
  return diffs;
}

const POOL_LEAVES: LeafRules = {
  actionFor: (path: string, _want: Json, _have: Json) =>
    IMMUTABLE.some((p) => path === p || path.startsWith(`${p}.`)) ? DiffAction.Immutable : DiffAction.Update,
  specPath: NAMES.specPath,
};
