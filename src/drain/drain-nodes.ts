// Drains a set of nodes directly (outside a controller): cordon them all first, then repeat drainStep
// per node, a bounded number of nodes at a time. Between passes it watches the blocking PDBs' status
// and the node's pods instead of sleeping a fixed time, so a freed budget is used at once.

import { realClock } from '../runtime/index.js';
import type { Clock } from '../runtime/index.js';
import { cordon } from './cordon.js';
import type { DrainCluster } from './drain-cluster.js';
import { drainStep } from './drain-step.js';
import type { DrainSettings } from './drain-step.js';
import { mapLimit } from './limiter.js';
import { DrainPhase, TimeoutPolicy } from './types.js';
import type { DrainReport } from './types.js';

export const DEFAULT_POLL_INTERVAL_MS = 500;

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
  /** Called with every pass's report. */
  onReport?: (report: DrainReport) => void;
  random?: () => number;
}

export interface DrainNodesResult {
  /** True when every node is Drained or gone. */
  isComplete: boolean;
  /** Last report of each node that was started, in the order given. */
  reports: DrainReport[];
  /** Nodes not started because an earlier node stopped the rollout (timed out under Wait, or stalled). */
  notStarted: string[];
}

/** Pod uid → whether it is on its way out, as the report saw it. */
function reportedPods(report: DrainReport): Map<string, boolean> {
  const pods = new Map<string, boolean>();
  const mark = (uid: string | undefined, leaving: boolean): void => {
    if (uid) pods.set(uid, leaving);
  };
  for (const s of report.skipped) mark(s.pod.uid, s.reason === 'TerminatingOnUnreachableNode');
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

function stopsRollout(report: DrainReport, policy: TimeoutPolicy): boolean {
  return (
    report.phase === DrainPhase.Stalled ||
    (report.phase === DrainPhase.TimedOut && policy === TimeoutPolicy.Wait)
  );
}

async function drainOne(
  nodeName: string,
  options: DrainNodesOptions & { clock: Clock },
  deadline: number | undefined,
  signal: AbortSignal,
): Promise<DrainReport> {
  const { clock } = options;
  const policy = options.onTimeout ?? TimeoutPolicy.Wait;
  let previous: DrainReport | undefined;
  for (;;) {
    const step = await drainStep(nodeName, { ...options, ...(previous ? { previous } : {}) }, signal);
    options.onReport?.(step.report);
    previous = step.report;
    if (step.isDone || step.report.phase === DrainPhase.NodeNotFound || stopsRollout(step.report, policy))
      return step.report;
    const left = deadline === undefined ? Infinity : deadline - clock.now();
    if (left <= 0) return step.report;
    const minWaitMs = Math.max(0, ...step.report.blocked.map((b) => b.retryAfterMs ?? 0));
    await waitForChange(
      options.cluster,
      step.report,
      {
        minWaitMs,
        maxWaitMs: Math.min(step.requeueAfterMs, left),
        pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        clock,
      },
      signal,
    );
  }
}

export async function drainNodes(
  nodeNames: string[],
  options: DrainNodesOptions,
  signal: AbortSignal,
): Promise<DrainNodesResult> {
  const clock = options.clock ?? realClock;
  const policy = options.onTimeout ?? TimeoutPolicy.Wait;
  const overall = options.overallTimeoutMs ?? 0;
  const deadline = overall > 0 ? clock.now() + overall : undefined;
  if (options.cordonAllFirst ?? true) {
    const at = new Date(clock.now()).toISOString();
    await mapLimit(nodeNames, 5, (name) => cordon(options.cluster, name, { at }, signal));
  }
  const started = new Map<string, DrainReport>();
  const notStarted: string[] = [];
  let isStopped = false;
  await mapLimit(nodeNames, options.nodeConcurrency ?? 1, async (name) => {
    if (isStopped || (deadline !== undefined && clock.now() >= deadline)) {
      notStarted.push(name);
      return;
    }
    const report = await drainOne(name, { ...options, clock }, deadline, signal);
    started.set(name, report);
    if (stopsRollout(report, policy)) isStopped = true;
  });
  const reports = nodeNames.flatMap((n) => started.get(n) ?? []);
  const isComplete =
    notStarted.length === 0 &&
    reports.every((r) => r.phase === DrainPhase.Drained || r.phase === DrainPhase.NodeNotFound);
  return { isComplete, reports, notStarted };
}
