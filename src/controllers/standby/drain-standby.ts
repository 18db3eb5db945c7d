// Drains the standby pool's nodes back out of service through the drain engine (cordon, evictions
// only, PDBs respected), one pass per reconcile; and, when capacity is lost again, puts them back.
import type { V1Node } from '@kubernetes/client-node';
import { DrainPhase, drainStep, uncordon, type DrainCluster, type DrainReport } from '../../drain/index.js';
import type { Clock } from '../../runtime/index.js';

export interface StandbyDrainPass {
  /** Every node is drained (or gone). */
  isDone: boolean;
  /** When to come back while not done. */
  requeueAfterMs: number;
  /** Pods whose eviction is refused or blocked, as `namespace/name: reason`. */
  blocked: string[];
}

export interface StandbyDrainOptions {
  cluster: DrainCluster;
  clock: Clock;
  /** When the drain started, so the per-node timeout runs from the same instant after a restart. */
  startedAt: string;
  /** Previous pass's report per node (backoff and "blocked since" carry over). */
  previous: Map<string, DrainReport>;
}

/** One drain pass over every node; never deletes a pod (the drain waits on a blocked eviction). */
export async function drainStandbyNodes(
  nodes: readonly V1Node[],
  o: StandbyDrainOptions,
  signal: AbortSignal,
): Promise<StandbyDrainPass> {
  let isDone = true;
  let requeueAfterMs = Infinity;
  const blocked: string[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    const previous = o.previous.get(name);
    const step = await drainStep(
      name,
      { cluster: o.cluster, clock: o.clock, startedAt: o.startedAt, ...(previous ? { previous } : {}) },
      signal,
    );
    o.previous.set(name, step.report);
    if (step.isDone || step.report.phase === DrainPhase.NodeNotFound) continue;
    isDone = false;
    requeueAfterMs = Math.min(requeueAfterMs, step.requeueAfterMs);
    for (const b of step.report.blocked) blocked.push(`${b.pod.namespace}/${b.pod.name}: ${b.reason}`);
    for (const r of step.report.refused) blocked.push(`${r.pod.namespace}/${r.pod.name}: ${r.reason}`);
  }
  return { isDone, requeueAfterMs: Number.isFinite(requeueAfterMs) ? requeueAfterMs : 0, blocked };
}

/** Undoes the drain's cordon on every node (a cordon made by somebody else stays). */
export async function returnStandbyNodes(
  nodes: readonly V1Node[],
  cluster: DrainCluster,
  signal: AbortSignal,
): Promise<void> {
  for (const node of nodes) await uncordon(cluster, node.metadata?.name ?? '', {}, signal);
}
