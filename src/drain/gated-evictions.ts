// Evicts a node's pods through the shared BudgetGate: each Ready pod waits for a slot of the one budget
// selecting it, so evictions under one PDB never race each other into the server's refusal path, and a
// spent budget is retried the moment its status allows again (within the pass's wait, which lasts while
// the budgets its pods wait on keep letting evictions through).

import { setMaxListeners } from 'node:events';
import type { V1Pod } from '@kubernetes/client-node';
import type { Clock } from '../runtime/index.js';
import type { BudgetGate, Permit } from './budget-gate.js';
import type { DrainCluster } from './drain-cluster.js';
import type { EvictionAnswer, EvictionRefusal } from './eviction-answer.js';
import { resolveConflict } from './evict-pods.js';
import type { EvictSettings, PodEviction } from './evict-pods.js';
import type { PdbIndex } from './pdb-index.js';
import { isReady, podRef } from './pod-state.js';
import { BlockReason } from './types.js';

/** A refusal whose budget then allowed again is retried this often in one pass, at most. */
const MAX_ATTEMPTS_PER_POD = 4;

export interface GatedEvictSettings extends EvictSettings {
  gate: BudgetGate;
  /**
   * How long the pass may wait for spent budgets to allow again, counted from the last eviction the
   * server accepted under a budget its pods wait on: a budget that keeps moving keeps the pass going.
   * 0 reports them blocked at once.
   */
  budgetWaitMs: number;
  /** The pass ends waiting this long after it started, however its budgets move. Default: no bound. */
  passLimitMs?: number;
  clock: Clock;
}

interface PassState {
  forbidden?: EvictionRefusal;
  /** Ends every wait of the pass: its budget wait is over, or evicting is forbidden. */
  expired: AbortController;
  /** Free request slots of this node (its `concurrency`). */
  slots: number;
  queued: (() => void)[];
  /** Pods of the pass waiting for a permit, per budget key. */
  waiting: Map<string, number>;
}

async function withSlot<T>(state: PassState, fn: () => Promise<T>): Promise<T> {
  if (state.slots === 0) await new Promise<void>((resolve) => state.queued.push(resolve));
  else state.slots--;
  try {
    return await fn();
  } finally {
    const next = state.queued.shift();
    if (next) next();
    else state.slots++;
  }
}

/** The budget the pod waits on: only a Ready pod under exactly one PDB (two or more: the server says 500). */
async function budgetKey(pod: V1Pod, gate: BudgetGate, index: PdbIndex): Promise<string | undefined> {
  if (!isReady(pod)) return undefined; // an unready pod may leave without budget; the server decides
  const namespace = pod.metadata?.namespace ?? '';
  const keys =
    gate.budgetsOf(pod) ?? (await index.selecting(pod)).map((p) => `${namespace}/${p.metadata?.name ?? ''}`);
  return keys.length === 1 ? keys[0] : undefined;
}

function notYetRefusal(gate: BudgetGate, key: string | undefined): EvictionRefusal {
  if (key === undefined) {
    return { reason: BlockReason.Throttled, message: 'not evicted yet: too many evictions in flight' };
  }
  const pdb = gate.pdb(key);
  const name = key.slice(key.indexOf('/') + 1);
  const s = pdb?.status;
  const numbers = s ? ` (needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently)` : '';
  const refusal: EvictionRefusal = {
    reason: BlockReason.PDBBlocked,
    message: `not evicted yet: the disruption budget ${name} allows no disruption now${numbers}`,
    pdbName: name,
  };
  if (s) {
    refusal.desiredHealthy = s.desiredHealthy;
    refusal.currentHealthy = s.currentHealthy;
  }
  return refusal;
}

/** Counts the pod as waiting on its budget while `acquire` runs. */
async function waitingOn<T>(
  state: PassState,
  key: string | undefined,
  acquire: () => Promise<T>,
): Promise<T> {
  if (key === undefined) return acquire();
  state.waiting.set(key, (state.waiting.get(key) ?? 0) + 1);
  try {
    return await acquire();
  } finally {
    const left = (state.waiting.get(key) ?? 1) - 1;
    if (left > 0) state.waiting.set(key, left);
    else state.waiting.delete(key);
  }
}

/**
 * Ends the pass's waits once no budget its pods wait on has let an eviction through for `budgetWaitMs`
 * (measured from the pass's start at the earliest), or at `passLimitMs`; resolves when `stop` aborts.
 */
async function expireWhenStill(
  settings: GatedEvictSettings,
  state: PassState,
  stop: AbortSignal,
): Promise<void> {
  const { clock, gate, budgetWaitMs } = settings;
  const startMs = clock.now();
  const limitMs = startMs + (settings.passLimitMs ?? Infinity);
  for (;;) {
    let movedMs = startMs;
    for (const key of state.waiting.keys()) movedMs = Math.max(movedMs, gate.lastEvictedMs(key) ?? 0);
    const untilMs = Math.min(movedMs + budgetWaitMs, limitMs);
    const nowMs = clock.now();
    if (nowMs >= untilMs) {
      state.expired.abort();
      return;
    }
    await clock.sleep(untilMs - nowMs, stop);
  }
}

async function send(
  cluster: DrainCluster,
  pod: V1Pod,
  permit: Permit,
  ctx: { settings: GatedEvictSettings; state: PassState; signal: AbortSignal },
): Promise<EvictionAnswer> {
  let answer: EvictionAnswer | undefined;
  try {
    answer = await withSlot(ctx.state, async () => {
      const first = await cluster.evict(podRef(pod), ctx.settings.gracePeriodSeconds, ctx.signal);
      return first.outcome === 'conflict' ? resolveConflict(cluster, pod, ctx.settings, ctx.signal) : first;
    });
    if (answer.outcome === 'evicted') ctx.settings.onEvicted?.(pod);
    if (answer.outcome === 'refused' && answer.refusal.reason === BlockReason.EvictionForbidden) {
      // Before the slot is freed, so no waiting pod is sent after this answer.
      ctx.state.forbidden = answer.refusal;
      ctx.state.expired.abort();
    }
    return answer;
  } finally {
    permit.settle(answer);
  }
}

async function evictOne(
  cluster: DrainCluster,
  pod: V1Pod,
  ctx: { settings: GatedEvictSettings; index: PdbIndex; state: PassState; signal: AbortSignal },
): Promise<PodEviction> {
  const { settings, state, signal } = ctx;
  const { gate } = settings;
  const key = await budgetKey(pod, gate, ctx.index);
  const mayWait = gate.isLive && settings.budgetWaitMs > 0;
  let answer: EvictionAnswer | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_POD; attempt++) {
    if (state.forbidden) return { pod, answer: { outcome: 'refused', refusal: state.forbidden } };
    const request = { pod: pod.metadata?.name ?? '', mayWait, expired: state.expired.signal };
    const permit = await waitingOn(state, key, () =>
      gate.acquire(key !== undefined ? { ...request, budget: key } : request, signal),
    );
    if (state.forbidden) {
      if (permit.isGranted) permit.settle(undefined);
      return { pod, answer: { outcome: 'refused', refusal: state.forbidden } };
    }
    if (!permit.isGranted) {
      const refusal = permit.refusal ?? notYetRefusal(gate, key);
      return { pod, answer: answer ?? { outcome: 'refused', refusal } };
    }
    answer = await send(cluster, pod, permit, { settings, state, signal });
    if (answer.outcome !== 'refused') break;
    const { refusal } = answer;
    // Our view of the budget was behind the server's: wait for its next status and try again.
    if (refusal.reason !== BlockReason.PDBBlocked || key === undefined || !mayWait) break;
  }
  return { pod, answer: answer ?? { outcome: 'refused', refusal: notYetRefusal(gate, key) } };
}

/** Evicts every pod, each as soon as its budget allows; pods still waiting when the wait ends come back refused. */
export async function evictPodsGated(
  cluster: DrainCluster,
  pods: V1Pod[],
  settings: GatedEvictSettings,
  index: PdbIndex,
  signal: AbortSignal,
): Promise<PodEviction[]> {
  signal.throwIfAborted();
  const state: PassState = {
    expired: new AbortController(),
    slots: Math.max(1, settings.concurrency),
    queued: [],
    waiting: new Map(),
  };
  const timer = new AbortController();
  // Every waiting pod listens on the pass's own signals, not on the caller's (one listener there).
  const pass = new AbortController();
  setMaxListeners(pods.length + 10, pass.signal, state.expired.signal);
  const onAbort = (): void => {
    timer.abort();
    pass.abort(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (settings.gate.isLive && settings.budgetWaitMs > 0 && pods.length > 0) {
    expireWhenStill(settings, state, timer.signal).catch(() => undefined); // rejects when the pass ended first
  }
  try {
    return await Promise.all(
      pods.map((pod) => evictOne(cluster, pod, { settings, index, state, signal: pass.signal })),
    );
  } finally {
    signal.removeEventListener('abort', onAbort);
    timer.abort();
  }
}
