// The pool settings whose spec shape is AKS's own (kubelet and Linux OS tuning, FIPS, kubelet disk, runtime,
// GPU partitioning, node public IPs, NIC network profile, placement groups, scale-down mode): overlaid leaf
// by leaf on the body Azure has, and compared leaf by leaf, as the cluster's declared settings are.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpec } from '../../api/index.js';
import {
  compareLeaves,
  overlay,
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
  'scaleDownMode',
] as const satisfies readonly (keyof NodePoolSpec)[];

/** Where the spec keeps AKS's REST name and the SDK spells it otherwise (spec key → SDK key). */
const SDK_NAMES: Partial<Record<(typeof POOL_KEYS)[number], string>> = { enableFIPS: 'enableFips' };
const SPEC_NAMES = new Map(Object.entries(SDK_NAMES).map(([spec, sdk]) => [sdk, spec]));

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
];

/** The declared subtree of the spec, in the SDK's names. */
function declared(spec: NodePoolSpec): JsonObject {
  const out: JsonObject = {};
  for (const key of POOL_KEYS)
    if (spec[key] !== undefined) out[SDK_NAMES[key] ?? key] = structuredClone(spec[key]);
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
  specPath: (path: string) => {
    const [head = '', ...rest] = path.split('.');
    return [SPEC_NAMES.get(head) ?? head, ...rest].join('.');
  },
};
