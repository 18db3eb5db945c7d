// The drain engine: cordon every node first, then repeat drainStep per node, a bounded number of nodes at
// a time, until each is drained, gone or (CordonOnly) quarantined; a node timed out under Wait or stalled
// keeps being retried and reported. When the cluster offers a watch, every node's evictions go through one
// per-PDB limiter fed by the budgets' own status, and waits end on the watched change; otherwise it polls
// the blocking PDBs' status and the node's pods between passes. What it writes to the nodes (cordon, drain
// start, drained-at) is all a restarted drain needs to resume.

import { realClock } from '../runtime/index.js';
import type { Clock } from '../runtime/index.js';
import { DRAINED_AT_ANNOTATION, cordon, recordedDrainStart } from './cordon.js';
import type { DrainCluster } from './drain-cluster.js';
import { drainStep } from './drain-step.js';
import type { DrainSettings } from './drain-step.js';
import { mapLimit } from './limiter.js';
import { LiveDrainView } from './live-drain-view.js';
import type { KnownOwners } from './owner-lookup.js';
import { DrainPhase, SkipReason } from './types.js';
import type { RolledWorkloads } from './workload-rollout.js';
import type { DrainReport, PodRef } from './types.js';

export const DEFAULT_POLL_INTERVAL_MS = 500;
/** With a watch: how long one pass may wait for spent budgets to allow again before it reports. */
export const DEFAULT_BUDGET_WAIT_MS = 30_000;

export interface DrainNodesOptions extends DrainSettings {
  cluster: DrainCluster;
  clock?: Clock;
  /** Nodes drained at the same time. Default 1. */
  nodeConcurrency?: number;
  /** Give up on every node still draining after this long; 0 means none. */
  overallTimeoutMs?: number;
  /** Cordon every node before the first eviction so evicted pods never land on a node about to drain. Default true. */
  cordonAllFirst?: boolean;
  /** How often a waiting drain looks at the PDBs and the node's pods. */
  pollIntervalMs?: number;
  /**
   * Called with every pass's report (a node's Drained report once it is recorded on the node), and with a
   * node's first report as soon as its first pass knows its pods (a pass can last while budgets move).
   */
  onReport?: (report: DrainReport) => void;
  /** Told of every pod the server accepted to evict, as it happens. */
  onEvicted?: (node: string, pod: PodRef) => void;
  /**
   * Called once per node with its Drained report, when this drain recorded the node drained on it; a node
   * found already recorded (drained by an earlier run, before a restart) is not drained again.
   */
  onDrained?: (report: DrainReport) => void;
  random?: () => number;
  /** Watch budgets and pods (when the cluster can) instead of polling. Default true. */
  useWatch?: boolean;
  /** With a watch: evictions in flight across all nodes. Default 50. */
  maxEvictionsInFlight?: number;
  /** With a watch: how long one pass waits for spent budgets before reporting its pods blocked. Default 30 s. */
  budgetWaitMs?: number;
  /** Told when the watch could not start and the drain falls back to polling. */
  onWatchError?: (err: unknown) => void;
  /** A node not started yet waits this long after the last node drained (read back from the nodes). Default 0. */
  soakMs?: number;
  /** Told when the next node waits for the soak (the instant it may start), and undefined when it starts. */
  onSoak?: (untilMs: number | undefined) => void;
}

export interface DrainNodesResult {
  /** True when every node is Drained or gone. */
  isComplete: boolean;
  /** Last report of each node that was started, in the order given. */
  reports: DrainReport[];
  /** Nodes not started before the overall timeout. */
  notStarted: string[];
}

/** Pod uid → whether it is on its way out, as the report saw it. */
function reportedPods(report: DrainReport): Map<string, boolean> {
  const pods = new Map<string, boolean>();
  const mark = (uid: string | undefined, leaving: boolean): void => {
    if (uid) pods.set(uid, leaving);
  };
  for (const s of report.skipped) mark(s.pod.uid, s.reason === SkipReason.TerminatingOnUnreachableNode);
  for (const r of report.refused) mark(r.pod.uid, false);
  for (const b of report.blocked) mark(b.pod.uid, false);
  for (const t of report.terminating) mark(t.pod.uid, true);
  for (const e of report.evicted) mark(e.uid, true);
  for (const f of report.forced) mark(f.pod.uid, true);
  return pods;
}

async function podsChanged(
  cluster: DrainCluster,
  report: DrainReport,
  signal: AbortSignal,
): Promise<boolean> {
  const seen = reportedPods(report);
  const live = await cluster.listPodsOnNode(report.node, signal);
  if (live.length !== seen.size) return true;
  return live.some((p) => {
    const leaving = seen.get(p.metadata?.uid ?? '');
    return leaving === undefined || leaving !== (p.metadata?.deletionTimestamp != null);
  });
}

async function budgetsChanged(
  cluster: DrainCluster,
  report: DrainReport,
  signal: AbortSignal,
): Promise<boolean> {
  const expected = new Map<string, number | undefined>();
  for (const b of report.blocked)
    for (const p of b.pdbs) expected.set(`${p.namespace}/${p.name}`, p.disruptionsAllowed);
  const namespaces = new Set([...expected.keys()].map((k) => k.split('/')[0] as string));
  for (const namespace of namespaces) {
    const live = new Map(
      (await cluster.listPdbs(namespace, signal)).map((p) => [`${namespace}/${p.metadata?.name}`, p]),
    );
    for (const [key, allowed] of expected) {
      if (!key.startsWith(`${namespace}/`)) continue;
      const pdb = live.get(key);
      if (!pdb || (pdb.status?.disruptionsAllowed ?? 0) > 0 || pdb.status?.disruptionsAllowed !== allowed)
        return true;
    }
  }
  return false;
}

/** Waits at least `minWaitMs`, then until the node's pods or the blocking budgets change, at most `maxWaitMs`. */
export async function waitForChange(
  cluster: DrainCluster,
  report: DrainReport,
  timing: { minWaitMs: number; maxWaitMs: number; pollIntervalMs: number; clock: Clock },
  signal: AbortSignal,
): Promise<void> {
  const { clock } = timing;
  const start = clock.now();
  if (timing.minWaitMs > 0) await clock.sleep(Math.min(timing.minWaitMs, timing.maxWaitMs), signal);
  while (clock.now() - start < timing.maxWaitMs) {
    if ((await podsChanged(cluster, report, signal)) || (await budgetsChanged(cluster, report, signal)))
      return;
    await clock.sleep(Math.min(timing.pollIntervalMs, timing.maxWaitMs - (clock.now() - start)), signal);
  }
}

function liveStepOptions(
  live: LiveDrainView | undefined,
  options: DrainNodesOptions,
  leftMs: number,
): { budgets?: LiveDrainView['gate']; budgetWaitMs?: number; passLimitMs?: number; podConcurrency?: number } {
  if (!live) return {};
  return {
    // The per-budget caps bound the requests; a per-node cap would only queue permits already granted.
    podConcurrency: options.podConcurrency ?? live.gate.maxInFlight,
    budgets: live.gate,
    budgetWaitMs: Math.max(0, Math.min(options.budgetWaitMs ?? DEFAULT_BUDGET_WAIT_MS, leftMs)),
    passLimitMs: Math.max(0, leftMs),
  };
}

async function drainOne(
  nodeName: string,
  options: DrainNodesOptions & {
    clock: Clock;
    live: LiveDrainView | undefined;
    knownOwners: KnownOwners;
    rolledWorkloads: RolledWorkloads;
  },
  deadline: number | undefined,
  signal: AbortSignal,
): Promise<DrainReport> {
  const { clock, live } = options;
  const leftMs = (): number => (deadline === undefined ? Infinity : deadline - clock.now());
  let previous: DrainReport | undefined;
  const { onEvicted, ...stepOptions } = options;
  const { onReport } = options;
  const hooks = {
    ...(onEvicted ? { onEvicted: (pod: PodRef) => onEvicted(nodeName, pod) } : {}),
  };
  for (;;) {
    // A node's first report need not wait for the end of a pass that lasts while its budgets move.
    const first = !previous && onReport ? { onPodsKnown: onReport } : {};
    const step = await drainStep(
      nodeName,
      {
        ...stepOptions,
        ...liveStepOptions(live, options, leftMs()),
        ...hooks,
        ...first,
        ...(previous ? { previous } : {}),
      },
      signal,
    );
    // A Drained report is told once it is recorded on the node (drainNodes), so a restart never tells it twice.
    if (step.report.phase !== DrainPhase.Drained) options.onReport?.(step.report);
    previous = step.report;
    if (step.isDone || step.report.phase === DrainPhase.NodeNotFound) return step.report;
    const left = leftMs();
    if (left <= 0) return step.report;
    const minWaitMs = Math.max(0, ...step.report.blocked.map((b) => b.retryAfterMs ?? 0));
    const maxWaitMs = Math.min(step.requeueAfterMs, left);
    if (live) await live.waitForChange(step.report, { minWaitMs, maxWaitMs, clock }, signal);
    else
      await waitForChange(
        options.cluster,
        step.report,
        {
          minWaitMs,
          maxWaitMs,
          pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          clock,
        },
        signal,
      );
  }
}

async function openLiveView(
  nodeNames: string[],
  options: DrainNodesOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<LiveDrainView | undefined> {
  if (options.useWatch === false) return undefined;
  const settings = {
    clock,
    ...(options.maxEvictionsInFlight !== undefined ? { maxInFlight: options.maxEvictionsInFlight } : {}),
  };
  try {
    return await LiveDrainView.open(options.cluster, nodeNames, settings, signal);
  } catch (err: unknown) {
    signal.throwIfAborted();
    // Deliberately not fatal: without list/watch on pods or PDBs the drain polls as it always could.
    options.onWatchError?.(err);
    return undefined;
  }
}

interface Soak {
  soakMs: number;
  /** When the last node drained (ms), 0 when none yet. */
  lastDrainedMs: number;
  /** Nodes whose drain started before this run (from the node's annotation): they never wait. */
  started: Set<string>;
}

/** Reads what earlier runs wrote on the nodes: which drains started, and when the last node drained. */
async function readSoak(nodeNames: string[], options: DrainNodesOptions, signal: AbortSignal): Promise<Soak> {
  const soak: Soak = { soakMs: options.soakMs ?? 0, lastDrainedMs: 0, started: new Set() };
  await mapLimit(nodeNames, 5, async (name) => {
    const node = await options.cluster.getNode(name, signal);
    if (!node) return;
    if (recordedDrainStart(node) !== undefined) soak.started.add(name);
    const drainedAt = Date.parse(node.metadata?.annotations?.[DRAINED_AT_ANNOTATION] ?? '') || 0;
    soak.lastDrainedMs = Math.max(soak.lastDrainedMs, drainedAt);
  });
  return soak;
}

/** A node not started yet waits until the soak after the last drained node has passed. */
async function awaitSoak(
  name: string,
  soak: Soak,
  options: DrainNodesOptions & { clock: Clock },
  signal: AbortSignal,
): Promise<void> {
  if (soak.soakMs <= 0 || soak.started.has(name)) return;
  const { clock } = options;
  while (soak.lastDrainedMs > 0 && clock.now() < soak.lastDrainedMs + soak.soakMs) {
    const until = soak.lastDrainedMs + soak.soakMs;
    options.onSoak?.(until);
    await clock.sleep(until - clock.now(), signal);
  }
  options.onSoak?.(undefined);
}

/**
 * Kept on the node, so a restarted drain measures the soak from the same instant and knows the node was
 * drained already. Returns whether this call recorded it (false: recorded before, or the node is gone).
 */
async function markDrained(
  name: string,
  options: DrainNodesOptions & { clock: Clock },
  soak: Soak,
  signal: AbortSignal,
): Promise<boolean> {
  const nowMs = options.clock.now();
  const node = await options.cluster.getNode(name, signal);
  if (!node || node.metadata?.annotations?.[DRAINED_AT_ANNOTATION] !== undefined) return false;
  const at = new Date(nowMs).toISOString();
  await options.cluster.patchNode(
    name,
    { metadata: { annotations: { [DRAINED_AT_ANNOTATION]: at } } },
    signal,
  );
  soak.lastDrainedMs = Math.max(soak.lastDrainedMs, nowMs);
  return true;
}

export async function drainNodes(
  nodeNames: string[],
  options: DrainNodesOptions,
  signal: AbortSignal,
): Promise<DrainNodesResult> {
  const clock = options.clock ?? realClock;
  const overall = options.overallTimeoutMs ?? 0;
  const deadline = overall > 0 ? clock.now() + overall : undefined;
  const opening = openLiveView(nodeNames, options, clock, signal);
  opening.catch(() => undefined); // awaited below; this only keeps an early rejection from going unhandled
  let soak: Soak;
  try {
    soak = await readSoak(nodeNames, options, signal);
    if (options.cordonAllFirst ?? true) {
      const at = new Date(clock.now()).toISOString();
      await mapLimit(nodeNames, 5, (name) => cordon(options.cluster, name, { at }, signal));
    }
  } catch (err: unknown) {
    // The cordon failure is what the caller needs; a watch that also failed has nothing to stop.
    await opening.then((view) => view?.stop()).catch(() => undefined);
    throw err;
  }
  const live = await opening;
  const started = new Map<string, DrainReport>();
  const notStarted: string[] = [];
  const knownOwners: KnownOwners = new Map();
  const rolledWorkloads: RolledWorkloads = new Set();
  const withClock = { ...options, clock };
  try {
    await mapLimit(nodeNames, options.nodeConcurrency ?? 1, async (name) => {
      await awaitSoak(name, soak, withClock, signal);
      if (deadline !== undefined && clock.now() >= deadline) {
        notStarted.push(name);
        return;
      }
      const report = await drainOne(
        name,
        { ...withClock, live, knownOwners, rolledWorkloads },
        deadline,
        signal,
      );
      started.set(name, report);
      if (report.phase !== DrainPhase.Drained) return;
      const isDrainedNow = await markDrained(name, withClock, soak, signal);
      options.onReport?.(report);
      if (isDrainedNow) options.onDrained?.(report);
    });
  } finally {
    await live?.stop();
  }
  const reports = nodeNames.flatMap((n) => started.get(n) ?? []);
  const isComplete =
    notStarted.length === 0 &&
    reports.every((r) => r.phase === DrainPhase.Drained || r.phase === DrainPhase.NodeNotFound);
  return { isComplete, reports, notStarted };
}
