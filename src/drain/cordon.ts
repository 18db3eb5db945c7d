// Cordon and uncordon: decide from the Node as it is, write only when it is not already as wanted. A node
// the drain cordons is marked, so an uncordon never undoes a cordon somebody else made; the drain's
// start time is kept on the node so a restarted drain measures its timeout from the same instant.

import type { V1Node } from '@kubernetes/client-node';
import type { DrainCluster, NodePatch } from './drain-cluster.js';

/** Set when the drain made the node unschedulable (ISO time). Absent on a node cordoned by others. */
export const CORDONED_AT_ANNOTATION = 'aks.lifecycle.dev/cordoned-at';
/** When the drain of this node started (ISO time). */
export const DRAIN_STARTED_ANNOTATION = 'aks.lifecycle.dev/drain-started-at';
/** When every pod of this node that had to go was gone (ISO time): a batch soak is measured from it. */
export const DRAINED_AT_ANNOTATION = 'aks.lifecycle.dev/drained-at';

export type CordonDecision =
  | { change: false; why: 'AlreadyCordoned' | 'AlreadySchedulable' | 'CordonedByOthers' }
  | { change: true; patch: NodePatch };

export function isCordoned(node: V1Node): boolean {
  return node.spec?.unschedulable === true;
}

export function isCordonedByDrain(node: V1Node): boolean {
  return node.metadata?.annotations?.[CORDONED_AT_ANNOTATION] !== undefined;
}

/** The drain start time recorded on the node, if a drain started there. */
export function recordedDrainStart(node: V1Node): string | undefined {
  return node.metadata?.annotations?.[DRAIN_STARTED_ANNOTATION];
}

/** Cordon only (e.g. every node of a pool before the first eviction). */
export function decideCordon(node: V1Node, at: string): CordonDecision {
  if (isCordoned(node)) return { change: false, why: 'AlreadyCordoned' };
  return {
    change: true,
    patch: { spec: { unschedulable: true }, metadata: { annotations: { [CORDONED_AT_ANNOTATION]: at } } },
  };
}

/** Start draining: cordoned, and the start time recorded once. */
export function decideDrainStart(node: V1Node, startedAt: string): CordonDecision {
  const hasStart = recordedDrainStart(node) !== undefined;
  if (isCordoned(node)) {
    if (hasStart) return { change: false, why: 'AlreadyCordoned' };
    return { change: true, patch: { metadata: { annotations: { [DRAIN_STARTED_ANNOTATION]: startedAt } } } };
  }
  const annotations: Record<string, string> = { [CORDONED_AT_ANNOTATION]: startedAt };
  if (!hasStart) annotations[DRAIN_STARTED_ANNOTATION] = startedAt;
  return { change: true, patch: { spec: { unschedulable: true }, metadata: { annotations } } };
}

export interface UncordonSettings {
  /** Also uncordon a node the drain did not cordon. Default false: an administrator's cordon stays. */
  evenIfCordonedByOthers?: boolean;
}

const CLEARED = { [CORDONED_AT_ANNOTATION]: null, [DRAIN_STARTED_ANNOTATION]: null };

/** Uncordon: schedulable and unmarked. A node cordoned by someone else stays cordoned unless asked. */
export function decideUncordon(node: V1Node, settings: UncordonSettings = {}): CordonDecision {
  const hasMarks = isCordonedByDrain(node) || recordedDrainStart(node) !== undefined;
  if (!isCordoned(node)) {
    if (!hasMarks) return { change: false, why: 'AlreadySchedulable' };
    return { change: true, patch: { metadata: { annotations: CLEARED } } };
  }
  if (!isCordonedByDrain(node) && !settings.evenIfCordonedByOthers) {
    if (!hasMarks) return { change: false, why: 'CordonedByOthers' };
    // Leave the other party's cordon, drop only our start time.
    return { change: true, patch: { metadata: { annotations: CLEARED } } };
  }
  return { change: true, patch: { spec: { unschedulable: null }, metadata: { annotations: CLEARED } } };
}

export interface CordonResult {
  /** False when the node does not exist. */
  exists: boolean;
  changed: boolean;
}

async function apply(
  cluster: DrainCluster,
  nodeName: string,
  decide: (node: V1Node) => CordonDecision,
  signal: AbortSignal,
): Promise<CordonResult> {
  const node = await cluster.getNode(nodeName, signal);
  if (!node) return { exists: false, changed: false };
  const decision = decide(node);
  if (!decision.change) return { exists: true, changed: false };
  await cluster.patchNode(nodeName, decision.patch, signal);
  return { exists: true, changed: true };
}

export function cordon(
  cluster: DrainCluster,
  nodeName: string,
  options: { at: string },
  signal: AbortSignal,
): Promise<CordonResult> {
  return apply(cluster, nodeName, (node) => decideCordon(node, options.at), signal);
}

export function uncordon(
  cluster: DrainCluster,
  nodeName: string,
  settings: UncordonSettings,
  signal: AbortSignal,
): Promise<CordonResult> {
  return apply(cluster, nodeName, (node) => decideUncordon(node, settings), signal);
}
