// Evicts the pods that survived the filters, a bounded number at a time. Once a budget refuses one
// eviction, the other ready pods it selects are not tried again in the same pass.

import type { V1Pod } from '@kubernetes/client-node';
import type { DrainCluster } from './drain-cluster.js';
import type { EvictionAnswer, EvictionRefusal } from './eviction-answer.js';
import { mapLimit } from './limiter.js';
import type { PdbIndex } from './pdb-index.js';
import { isReady, podRef } from './pod-state.js';
import { BlockReason } from './types.js';

export interface EvictSettings {
  gracePeriodSeconds?: number;
  concurrency: number;
  /** Told of every pod the server accepted to evict, as it happens. */
  onEvicted?: (pod: V1Pod) => void;
}

export interface PodEviction {
  pod: V1Pod;
  answer: EvictionAnswer;
}

interface PassState {
  /** `namespace/pdb` → the refusal that exhausted it this pass. */
  exhausted: Map<string, EvictionRefusal>;
  /** Set once the server says we may not evict at all: nothing else is tried. */
  forbidden?: EvictionRefusal;
}

async function exhaustedBudgetFor(
  pod: V1Pod,
  index: PdbIndex,
  state: PassState,
): Promise<EvictionRefusal | undefined> {
  if (state.exhausted.size === 0 || !isReady(pod)) return undefined; // an unready pod may pass without budget
  const namespace = pod.metadata?.namespace ?? '';
  for (const pdb of await index.selecting(pod)) {
    const refusal = state.exhausted.get(`${namespace}/${pdb.metadata?.name ?? ''}`);
    if (refusal) return refusal;
  }
  return undefined;
}

/** A 409 means our UID precondition failed or a race was lost: a different UID (or none) means gone. */
export async function resolveConflict(
  cluster: DrainCluster,
  pod: V1Pod,
  settings: { gracePeriodSeconds?: number },
  signal: AbortSignal,
): Promise<EvictionAnswer> {
  const ref = podRef(pod);
  const current = await cluster.getPod(ref.namespace, ref.name, signal);
  if (!current || current.metadata?.uid !== ref.uid) return { outcome: 'gone' };
  const again = await cluster.evict(ref, settings.gracePeriodSeconds, signal);
  if (again.outcome !== 'conflict') return again;
  return { outcome: 'refused', refusal: { reason: BlockReason.ServerError, message: again.message } };
}

async function evictOne(
  cluster: DrainCluster,
  pod: V1Pod,
  ctx: { settings: EvictSettings; index: PdbIndex; state: PassState; signal: AbortSignal },
): Promise<PodEviction> {
  const { settings, index, state, signal } = ctx;
  if (state.forbidden) return { pod, answer: { outcome: 'refused', refusal: state.forbidden } };
  const exhausted = await exhaustedBudgetFor(pod, index, state);
  if (exhausted) return { pod, answer: { outcome: 'refused', refusal: exhausted } };
  let answer = await cluster.evict(podRef(pod), settings.gracePeriodSeconds, signal);
  if (answer.outcome === 'conflict') answer = await resolveConflict(cluster, pod, settings, signal);
  if (answer.outcome === 'evicted') settings.onEvicted?.(pod);
  if (answer.outcome === 'refused') {
    const { refusal } = answer;
    if (refusal.reason === BlockReason.EvictionForbidden) state.forbidden = refusal;
    if (refusal.reason === BlockReason.PDBBlocked && refusal.pdbName) {
      state.exhausted.set(`${pod.metadata?.namespace ?? ''}/${refusal.pdbName}`, refusal);
    }
  }
  return { pod, answer };
}

export function evictPods(
  cluster: DrainCluster,
  pods: V1Pod[],
  settings: EvictSettings,
  index: PdbIndex,
  signal: AbortSignal,
): Promise<PodEviction[]> {
  const state: PassState = { exhausted: new Map() };
  return mapLimit(pods, settings.concurrency, (pod) =>
    evictOne(cluster, pod, { settings, index, state, signal }),
  );
}
