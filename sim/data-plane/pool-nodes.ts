// The nodes of one agent pool: add (zone-balanced, waiting until Ready), bring labels and taints in line
// with the pool, and remove (cordon, drain honouring PDBs until the drain timeout, delete).
import type { V1Node } from '@kubernetes/client-node';
import type { PoolShape } from '../data-plane.js';
import { drainNode } from './node-drain.js';
import type { DrainOutcome } from './node-drain.js';
import { ignoreAlreadyExists, ignoreNotFound, mergePatch, requestOptions } from './kube-client.js';
import { LABEL, sameTaint, updatedLabels, updatedTaints } from './node-labels.js';
import { nodeName } from './node-names.js';
import { buildNode, identityOf } from './node-template.js';
import { EventReason, reportNodeEvent } from './pool-context.js';
import type { PoolContext } from './pool-context.js';
import { sleep } from './sim-time.js';
import { pickScaleInVictims, pickZones } from './zones.js';

/** AKS's default drainTimeoutInMinutes. */
export const DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;
/** How long a new node may take to report Ready (real time: kwok marks nodes Ready within a second). */
const NODE_READY_TIMEOUT_MS = 60_000;
const NODE_READY_POLL_MS = 200;
const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
/** kubectl drain retries refused evictions every 5 s; scaled with simulated time, within these bounds. */
const EVICTION_RETRY_MS = 5_000;
const EVICTION_RETRY_BOUNDS = { minMs: 200, maxMs: 5_000 };

export function nodeNameOf(node: V1Node): string {
  return node.metadata?.name ?? '';
}

export function isReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

export function isQuarantined(node: V1Node): boolean {
  return node.metadata?.labels?.[LABEL.upgradeStatus] === 'Quarantined';
}

/**
 * Adds `count` nodes at the pool's version and image, spread over its zones, and waits until they are
 * Ready. `names` reuses given node names (a started cluster gets its nodes back) before new instances.
 */
export async function addNodes(
  ctx: PoolContext,
  options: { pool: PoolShape; count: number; existing: V1Node[]; names?: string[] },
): Promise<V1Node[]> {
  const { pool, count } = options;
  if (count <= 0) return [];
  const reused = (options.names ?? []).slice(0, count);
  const fresh = ctx.instances
    .allocate(pool.name, count - reused.length, [...options.existing.map(nodeNameOf), ...reused])
    .map((instance) =>
      nodeName({ poolName: pool.name, clusterId: ctx.cluster.id, osType: pool.osType, instance }),
    );
  const names = [...reused, ...fresh];
  const zones = pickZones({
    zones: pool.availabilityZones,
    existing: options.existing.map((node) => identityOf(node).zone),
    count,
  });
  const nodes = names.map((name, i) =>
    buildNode(ctx.cluster, pool, { name, zone: zones[i] ?? '0', nodeImageVersion: pool.nodeImageVersion }),
  );
  for (const node of nodes) {
    await ignoreAlreadyExists(ctx.client.core.createNode({ body: node }, requestOptions(ctx.signal)));
  }
  return waitReady(ctx, names);
}

/** Waits until every named node reports Ready; returns them as last read. */
export async function waitReady(ctx: PoolContext, names: string[]): Promise<V1Node[]> {
  const deadline = Date.now() + NODE_READY_TIMEOUT_MS;
  for (;;) {
    const nodes = (await ctx.client.listNodes(ctx.signal)).filter((node) => names.includes(nodeNameOf(node)));
    const notReady = names.filter(
      (name) => !nodes.some((node) => nodeNameOf(node) === name && isReady(node)),
    );
    if (notReady.length === 0) {
      for (const node of nodes) await clearNotReadyTaint(ctx, node);
      return nodes;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `nodes did not become Ready within ${NODE_READY_TIMEOUT_MS / 1000}s: ${notReady.join(', ')}`,
      );
    }
    await sleep(NODE_READY_POLL_MS, ctx.signal);
  }
}

/**
 * Removes the not-ready taint admission put on the new node once it reports Ready. The node lifecycle
 * controller does the same, but kwokctl runs it every 25 s; on AKS nodes take it off within seconds.
 */
async function clearNotReadyTaint(ctx: PoolContext, node: V1Node): Promise<void> {
  const taints = node.spec?.taints ?? [];
  const kept = taints.filter((taint) => taint.key !== NOT_READY_TAINT_KEY);
  if (kept.length === taints.length) return;
  await ctx.client.core.patchNode(
    { name: nodeNameOf(node), body: { spec: { taints: kept } } },
    mergePatch(ctx.signal),
  );
}

/** Patches labels and taints of the pool's nodes that differ from the pool; writes nothing otherwise. */
export async function refreshNodes(
  ctx: PoolContext,
  options: { pool: PoolShape; previous: PoolShape | undefined; nodes: V1Node[] },
): Promise<void> {
  for (const node of options.nodes) {
    const current = node.metadata?.labels ?? {};
    const labels = updatedLabels({ ...options, current, cluster: ctx.cluster, node: identityOf(node) });
    const taints = updatedTaints({
      current: node.spec?.taints ?? [],
      previous: options.previous,
      pool: options.pool,
    });
    const removed = Object.keys(current).filter((key) => !(key in labels));
    const changed = Object.entries(labels).filter(([key, value]) => current[key] !== value);
    // Compared as sets: the node lifecycle controller adds and removes its own taints meanwhile.
    const currentTaints = node.spec?.taints ?? [];
    const isTaintsChanged =
      taints.length !== currentTaints.length ||
      taints.some((t) => !currentTaints.some((c) => sameTaint(t, c)));
    if (removed.length === 0 && changed.length === 0 && !isTaintsChanged) continue;
    // A JSON merge patch removes a label given null and replaces the taint list as a whole.
    const labelPatch: Record<string, string | null> = Object.fromEntries(changed);
    for (const key of removed) labelPatch[key] = null;
    await ctx.client.core.patchNode(
      {
        name: nodeNameOf(node),
        body: { metadata: { labels: labelPatch }, ...(isTaintsChanged ? { spec: { taints } } : {}) },
      },
      mergePatch(ctx.signal),
    );
  }
}

/** The retry interval between drain passes, in real time. */
export function evictionRetryMs(ctx: PoolContext): number {
  return ctx.time.realIntervalMs(EVICTION_RETRY_MS, EVICTION_RETRY_BOUNDS);
}

/**
 * Drains one node as AKS reports it: a `Drain` node event when it starts and a Warning per pod whose
 * eviction is refused. `isIgnoringPdb` deletes such pods instead (a DELETE with ignore-pod-disruption-budget).
 */
export async function drainReporting(
  ctx: PoolContext,
  node: string,
  options: { drainTimeoutInMinutes: number; isIgnoringPdb?: boolean },
): Promise<DrainOutcome> {
  await reportNodeEvent(ctx, { node, reason: EventReason.Drain, message: `Draining node: ${node}` });
  const blockedReports: Promise<void>[] = [];
  const outcome = await drainNode(ctx.client, node, {
    deadline: Date.now() + ctx.time.realMs(options.drainTimeoutInMinutes),
    retryIntervalMs: evictionRetryMs(ctx),
    signal: ctx.signal,
    ...(options.isIgnoringPdb ? { isIgnoringPdb: true } : {}),
    onBlocked: (blocked) => {
      blockedReports.push(
        reportNodeEvent(ctx, {
          node,
          reason: EventReason.Drain,
          message: `Eviction blocked by Too Many Requests (usually a pdb): ${blocked.pod}`,
          isWarning: true,
        }),
      );
    },
  });
  await Promise.all(blockedReports);
  return outcome;
}

/**
 * Removes `count` nodes as scale-in does: the fullest zone's highest instances, all cordoned first so
 * their pods move elsewhere, drained honouring PDBs for up to the drain timeout, then deleted.
 */
export async function scaleIn(
  ctx: PoolContext,
  options: { pool: PoolShape; nodes: V1Node[]; count: number },
): Promise<void> {
  const victims = pickScaleInVictims(
    options.nodes.map((node) => ({ name: nodeNameOf(node), zone: identityOf(node).zone })),
    options.count,
  );
  await removeNodes(ctx, {
    nodes: options.nodes.filter((node) => victims.includes(nodeNameOf(node))),
    drainTimeoutInMinutes:
      options.pool.upgradeSettings.drainTimeoutInMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES,
  });
}

/**
 * Cordons, drains and deletes nodes. A drain still blocked at the timeout does not stop the removal:
 * the node goes and its remaining pods with it, as when PDBs are ignored.
 */
export async function removeNodes(
  ctx: PoolContext,
  options: { nodes: V1Node[]; drainTimeoutInMinutes: number },
): Promise<void> {
  for (const node of options.nodes) await ctx.client.setUnschedulable(node, true, ctx.signal);
  for (const node of options.nodes) {
    const name = nodeNameOf(node);
    ctx.progress(`Draining node: ${name}`);
    const outcome = await drainNode(ctx.client, name, {
      deadline: Date.now() + ctx.time.realMs(options.drainTimeoutInMinutes),
      retryIntervalMs: evictionRetryMs(ctx),
      signal: ctx.signal,
    });
    if (!outcome.isDrained) {
      ctx.progress(
        `Drain of node ${name} timed out; deleting it with ${outcome.blocked.length} pod(s) still on it`,
      );
    }
    await deleteNode(ctx, name);
  }
}

/** Deletes a node and the pods still bound to it (DaemonSet pods; PodGC would take ~1 min to notice). */
export async function deleteNode(ctx: PoolContext, name: string): Promise<void> {
  ctx.progress(`Deleting node: ${name}`);
  await ctx.client.deleteNode(name, ctx.signal);
  for (const pod of await ctx.client.listNodePods(name, ctx.signal)) {
    await ignoreNotFound(
      ctx.client.core.deleteNamespacedPod(
        { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', gracePeriodSeconds: 0 },
        requestOptions(ctx.signal),
      ),
    );
  }
}
