// The labels and taints AKS puts on an agent pool's nodes: its own (agentpool, mode, image, zone, …), the
// pool's nodeLabels and nodeTaints, and the spot label and taint of Spot pools.
import type { V1Taint } from '@kubernetes/client-node';
import type { ClusterShape, PoolShape } from '../data-plane.js';
import { nodeResourceGroupOf } from './cluster-identity.js';
import { isWindows } from './node-names.js';
import { zoneLabel } from './zones.js';

export const LABEL = {
  agentPool: 'kubernetes.azure.com/agentpool',
  legacyAgentPool: 'agentpool',
  mode: 'kubernetes.azure.com/mode',
  nodeImageVersion: 'kubernetes.azure.com/node-image-version',
  osSku: 'kubernetes.azure.com/os-sku',
  cluster: 'kubernetes.azure.com/cluster',
  role: 'kubernetes.azure.com/role',
  scaleSetPriority: 'kubernetes.azure.com/scalesetpriority',
  upgradeStatus: 'kubernetes.azure.com/upgrade-status',
  instanceType: 'node.kubernetes.io/instance-type',
  region: 'topology.kubernetes.io/region',
  zone: 'topology.kubernetes.io/zone',
  os: 'kubernetes.io/os',
  arch: 'kubernetes.io/arch',
  hostname: 'kubernetes.io/hostname',
} as const;

/** Value of `kubernetes.azure.com/upgrade-status` on a node left cordoned by undrainableNodeBehavior Cordon. */
export const QUARANTINED = 'Quarantined';

export const SPOT_TAINT: V1Taint = { key: LABEL.scaleSetPriority, value: 'spot', effect: 'NoSchedule' };

/** What a node is, beyond its pool: fixed when the node is created (reimage makes a new node). */
export interface NodeIdentity {
  name: string;
  /** Availability zone ("1") or "0" for non-zonal pools. */
  zone: string;
  nodeImageVersion: string;
}

export function osSku(pool: PoolShape): string {
  return pool.osSKU ?? (isWindows(pool.osType) ? 'Windows2022' : 'Ubuntu');
}

/** Labels AKS sets itself; they win over a nodeLabels entry with the same key, as AKS reserves them. */
export function systemLabels(
  cluster: ClusterShape,
  pool: PoolShape,
  node: NodeIdentity,
): Record<string, string> {
  const os = isWindows(pool.osType) ? 'windows' : 'linux';
  const zone = zoneLabel(cluster.location, node.zone);
  const labels: Record<string, string> = {
    [LABEL.legacyAgentPool]: pool.name,
    [LABEL.agentPool]: pool.name,
    [LABEL.mode]: pool.mode.toLowerCase(),
    [LABEL.nodeImageVersion]: node.nodeImageVersion,
    [LABEL.osSku]: osSku(pool),
    [LABEL.cluster]: nodeResourceGroupOf(cluster),
    [LABEL.role]: 'agent',
    'kubernetes.io/role': 'agent',
    'node-role.kubernetes.io/agent': '',
    'kubernetes.azure.com/nodepool-type': 'VirtualMachineScaleSets',
    [LABEL.instanceType]: pool.vmSize,
    'beta.kubernetes.io/instance-type': pool.vmSize,
    [LABEL.region]: cluster.location.toLowerCase(),
    'failure-domain.beta.kubernetes.io/region': cluster.location.toLowerCase(),
    [LABEL.zone]: zone,
    'failure-domain.beta.kubernetes.io/zone': zone,
    [LABEL.os]: os,
    'beta.kubernetes.io/os': os,
    [LABEL.arch]: 'amd64',
    'beta.kubernetes.io/arch': 'amd64',
    [LABEL.hostname]: node.name,
  };
  if (pool.scaleSetPriority === 'Spot') labels[LABEL.scaleSetPriority] = 'spot';
  return labels;
}

export function nodeLabels(
  cluster: ClusterShape,
  pool: PoolShape,
  node: NodeIdentity,
): Record<string, string> {
  return { ...pool.nodeLabels, ...systemLabels(cluster, pool, node) };
}

/** Parses an AKS node taint, `key=value:Effect` or `key:Effect`. */
export function parseTaint(text: string): V1Taint {
  const colon = text.lastIndexOf(':');
  const effect = colon < 0 ? '' : text.slice(colon + 1);
  if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
    throw new Error(`invalid node taint "${text}": use key=value:NoSchedule|PreferNoSchedule|NoExecute`);
  }
  const keyValue = text.slice(0, colon);
  const eq = keyValue.indexOf('=');
  return eq < 0
    ? { key: keyValue, effect }
    : { key: keyValue.slice(0, eq), value: keyValue.slice(eq + 1), effect };
}

export function poolTaints(pool: PoolShape): V1Taint[] {
  const taints = pool.nodeTaints.map(parseTaint);
  if (pool.scaleSetPriority === 'Spot' && !taints.some((t) => sameTaint(t, SPOT_TAINT)))
    taints.push(SPOT_TAINT);
  return taints;
}

export function sameTaint(a: V1Taint, b: V1Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
}

/**
 * A node's labels after a pool update: the new pool labels replace what the previous shape put there;
 * labels set by others (kubectl label, quarantine) stay.
 */
export function updatedLabels(options: {
  current: Record<string, string>;
  previous: PoolShape | undefined;
  cluster: ClusterShape;
  pool: PoolShape;
  node: NodeIdentity;
}): Record<string, string> {
  const labels = { ...options.current };
  for (const key of Object.keys(options.previous?.nodeLabels ?? {})) delete labels[key];
  return { ...labels, ...nodeLabels(options.cluster, options.pool, options.node) };
}

/** A node's taints after a pool update: the previous pool taints go, the new ones come, others stay. */
export function updatedTaints(options: {
  current: V1Taint[];
  previous: PoolShape | undefined;
  pool: PoolShape;
}): V1Taint[] {
  const previous = options.previous ? poolTaints(options.previous) : [];
  const desired = poolTaints(options.pool);
  const kept = options.current.filter(
    (taint) => !previous.some((p) => sameTaint(p, taint)) && !desired.some((d) => sameTaint(d, taint)),
  );
  return [...kept, ...desired];
}
