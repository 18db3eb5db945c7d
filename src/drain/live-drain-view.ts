// What a multi-node drain knows live from its watch: the BudgetGate fed with every PDB status, and waits
// that end the moment something a new pass could act on happens (a budget allows again, a new pod lands
// on the node, the pods on their way out are all gone) instead of polling.

import type { V1Pod } from '@kubernetes/client-node';
import type { Clock } from '../runtime/index.js';
import { BudgetGate } from './budget-gate.js';
import type { DrainCluster } from './drain-cluster.js';
import type { DrainWatch, DrainWatchEvent } from './drain-watch.js';
import { isTerminating } from './pod-state.js';
import { BlockReason, SkipReason } from './types.js';
import type { DrainReport } from './types.js';

export interface LiveWaitTiming {
  /** Wait at least this long first (the server's Retry-After). */
  minWaitMs: number;
  /** Then at most this long (the backoff, bounded by the deadline). */
  maxWaitMs: number;
  clock: Clock;
}

/** Pod uid → whether the report saw it on its way out (terminating, evicted, forced). */
function leavingByUid(report: DrainReport): Map<string, boolean> {
  const pods = new Map<string, boolean>();
  const mark = (uid: string | undefined, isLeaving: boolean): void => {
    if (uid) pods.set(uid, isLeaving);
  };
  for (const s of report.skipped) mark(s.pod.uid, s.reason === SkipReason.TerminatingOnUnreachableNode);
  for (const r of report.refused) mark(r.pod.uid, false);
  for (const b of report.blocked) mark(b.pod.uid, false);
  for (const t of report.terminating) mark(t.pod.uid, true);
  for (const e of report.evicted) mark(e.uid, true);
  for (const f of report.forced) mark(f.pod.uid, true);
  return pods;
}

/**
 * Whether a new pass could do something: a pod the report did not see, a pod it held back now gone or
 * leaving, or every pod it saw leaving gone. Pods leaving one by one wake nobody until the last is gone.
 */
export function isNodeActionable(live: V1Pod[], report: DrainReport): boolean {
  const seen = leavingByUid(report);
  const present = new Set<string>();
  let leavingLeft = 0;
  for (const pod of live) {
    const uid = pod.metadata?.uid ?? '';
    present.add(uid);
    const wasLeaving = seen.get(uid);
    if (wasLeaving === undefined) return true;
    if (wasLeaving) leavingLeft++;
    else if (isTerminating(pod)) return true;
  }
  let wasAnyLeaving = false;
  for (const [uid, wasLeaving] of seen) {
    if (!wasLeaving && !present.has(uid)) return true;
    wasAnyLeaving ||= wasLeaving;
  }
  return wasAnyLeaving && leavingLeft === 0;
}

/** Budgets that refused (or would have refused) a pod of the report. */
function blockingBudgets(report: DrainReport): string[] {
  const keys = new Set<string>();
  for (const b of report.blocked) {
    if (b.reason !== BlockReason.PDBBlocked) continue;
    for (const p of b.pdbs) keys.add(`${p.namespace}/${p.name}`);
    if (b.pdbs.length === 0) for (const name of b.pdbNames) keys.add(`${b.pod.namespace}/${name}`);
  }
  return [...keys];
}

export class LiveDrainView {
  readonly gate: BudgetGate;
  private readonly unsubscribe: () => void;
  private readonly listeners = new Set<(event?: DrainWatchEvent) => void>();

  private constructor(
    private readonly watch: DrainWatch,
    options: { maxInFlight?: number; clock: Clock },
  ) {
    const { clock } = options;
    this.gate = new BudgetGate({
      isLive: true,
      now: () => clock.now(),
      ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
    });
    this.unsubscribe = watch.subscribe((event) => {
      if (event.kind === 'pdb') {
        if (event.isDeleted) this.gate.forget(event.pdb);
        else this.gate.observe(event.pdb);
      }
      for (const listener of [...this.listeners]) listener(event);
    });
    for (const pdb of watch.pdbs()) this.gate.observe(pdb);
  }

  /** Opens the cluster's watch when it has one; undefined means the drain polls. */
  static async open(
    cluster: DrainCluster,
    nodes: string[],
    options: { maxInFlight?: number; clock: Clock },
    signal: AbortSignal,
  ): Promise<LiveDrainView | undefined> {
    if (!cluster.openWatch) return undefined;
    const watch = await cluster.openWatch(nodes, signal);
    return new LiveDrainView(watch, options);
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.watch.stop();
  }

  /** Whether a pass over the node could act now. */
  isActionable(report: DrainReport): boolean {
    if (isNodeActionable(this.watch.podsOnNode(report.node), report)) return true;
    return blockingBudgets(report).some((key) => this.gate.available(key) > 0);
  }

  /** Waits `minWaitMs`, then until `isActionable` holds (checked at every change) or `maxWaitMs` passed. */
  async waitForChange(report: DrainReport, timing: LiveWaitTiming, signal: AbortSignal): Promise<void> {
    const { clock } = timing;
    const start = clock.now();
    if (timing.minWaitMs > 0) await clock.sleep(Math.min(timing.minWaitMs, timing.maxWaitMs), signal);
    const leftMs = timing.maxWaitMs - (clock.now() - start);
    if (leftMs <= 0 || this.isActionable(report)) return;
    const done = new AbortController();
    const onAbort = (): void => done.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const check = (): void => {
      if (this.isActionable(report)) done.abort();
    };
    this.listeners.add(check);
    const unsubscribeGate = this.gate.subscribe(check);
    try {
      await clock.sleep(leftMs, done.signal).catch(() => undefined);
      signal.throwIfAborted();
    } finally {
      this.listeners.delete(check);
      unsubscribeGate();
      signal.removeEventListener('abort', onAbort);
    }
  }
}
