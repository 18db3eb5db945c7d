// ARM resource IDs of the three AKS resource families: build them, parse them, compare them.
// Azure answers with its own casing (`/resourcegroups/`), so parsing and comparison ignore case.

import { Reason } from '../api/index.js';
import { InvalidSpecError } from '../runtime/index.js';

const PROVIDER = 'Microsoft.ContainerService';

/** A parsed AKS resource ID; `kind` says which family it names. */
export type AksResourceRef =
  | { kind: 'managedCluster'; subscriptionId: string; resourceGroup: string; clusterName: string }
  | {
      kind: 'agentPool';
      subscriptionId: string;
      resourceGroup: string;
      clusterName: string;
      agentPoolName: string;
    }
  | { kind: 'snapshot'; subscriptionId: string; resourceGroup: string; snapshotName: string };

export type AksResourceKind = AksResourceRef['kind'];

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}` */
export function managedClusterId(subscriptionId: string, resourceGroup: string, clusterName: string): string {
  return `${resourceGroupPrefix(subscriptionId, resourceGroup)}/managedClusters/${clusterName}`;
}

/** The ID of agent pool `agentPoolName` in the cluster named by `clusterId`. */
export function agentPoolId(clusterId: string, agentPoolName: string): string {
  const cluster = parseResourceId(clusterId, 'managedCluster');
  return `${managedClusterId(cluster.subscriptionId, cluster.resourceGroup, cluster.clusterName)}/agentPools/${agentPoolName}`;
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/snapshots/{name}` */
export function snapshotId(subscriptionId: string, resourceGroup: string, snapshotName: string): string {
  return `${resourceGroupPrefix(subscriptionId, resourceGroup)}/snapshots/${snapshotName}`;
}

function resourceGroupPrefix(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${PROVIDER}`;
}

type RefOf<K extends AksResourceKind> = Extract<AksResourceRef, { kind: K }>;

/**
 * Parses an AKS resource ID (any casing of the fixed segments). With `expected`, the ID must name
 * that family. Throws InvalidSpecError (reason `InvalidResourceId`) otherwise: IDs reach us from specs.
 */
export function parseResourceId<K extends AksResourceKind>(id: string, expected: K): RefOf<K>;
export function parseResourceId(id: string): AksResourceRef;
export function parseResourceId(id: string, expected?: AksResourceKind): AksResourceRef {
  const ref = tryParseResourceId(id);
  if (!ref || (expected !== undefined && ref.kind !== expected)) {
    const wanted = expected ? ` of a ${KIND_WORDS[expected]}` : ' of an AKS resource';
    throw new InvalidSpecError(`cannot parse resource ID ${JSON.stringify(id)}: not the ID${wanted}`, {
      reason: Reason.InvalidResourceId,
    });
  }
  return ref;
}

const KIND_WORDS: Record<AksResourceKind, string> = {
  managedCluster: 'managed cluster',
  agentPool: 'agent pool',
  snapshot: 'node pool snapshot',
};

/** Like parseResourceId, but answers undefined for anything that is not an AKS resource ID. */
export function tryParseResourceId(id: string): AksResourceRef | undefined {
  const parts = id.split('/');
  // A leading slash leaves an empty first segment; no other segment may be empty.
  if (parts[0] !== '' || parts.slice(1).some((p) => p === '')) return undefined;
  const [, subs, subscriptionId, rgs, resourceGroup, providers, provider, type, name, childType, childName] =
    parts;
  if (
    !eq(subs, 'subscriptions') ||
    !eq(rgs, 'resourceGroups') ||
    !eq(providers, 'providers') ||
    !eq(provider, PROVIDER) ||
    !subscriptionId ||
    !resourceGroup ||
    !name
  ) {
    return undefined;
  }
  if (parts.length === 9 && eq(type, 'managedClusters')) {
    return { kind: 'managedCluster', subscriptionId, resourceGroup, clusterName: name };
  }
  if (parts.length === 9 && eq(type, 'snapshots')) {
    return { kind: 'snapshot', subscriptionId, resourceGroup, snapshotName: name };
  }
  if (parts.length === 11 && eq(type, 'managedClusters') && eq(childType, 'agentPools') && childName) {
    return { kind: 'agentPool', subscriptionId, resourceGroup, clusterName: name, agentPoolName: childName };
  }
  return undefined;
}

/** Whether two ARM IDs name the same resource (ARM IDs are case-insensitive). */
export function sameResourceId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The ID of the cluster an agent pool ID belongs to. */
export function parentClusterId(poolId: string): string {
  const pool = parseResourceId(poolId, 'agentPool');
  return managedClusterId(pool.subscriptionId, pool.resourceGroup, pool.clusterName);
}

/** Short human name for messages: `cluster c1`, `agent pool user1 of cluster c1`, `snapshot s1`. */
export function describeResource(ref: AksResourceRef): string {
  switch (ref.kind) {
    case 'managedCluster':
      return `managed cluster ${ref.clusterName}`;
    case 'agentPool':
      return `agent pool ${ref.agentPoolName} of cluster ${ref.clusterName}`;
    case 'snapshot':
      return `snapshot ${ref.snapshotName}`;
  }
}

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
