// Turns a refused eviction into a BlockedPod: the server's words, every budget selecting the pod and,
// for each, why it allows nothing (spec, unready siblings, Pending replacements).

import type { V1Pod } from '@kubernetes/client-node';
import type { EvictionAnswer, EvictionRefusal } from './eviction-answer.js';
import { explainPdb } from './pdb-arithmetic.js';
import type { PdbIndex } from './pdb-index.js';
import { podKey, podRef } from './pod-state.js';
import { BlockReason } from './types.js';
import type { BlockedPod, DrainReport } from './types.js';

const BUDGET_REASONS = new Set<BlockReason>([
  BlockReason.PDBBlocked,
  BlockReason.PDBProcessing,
  BlockReason.MultiplePDBs,
  BlockReason.PDBRejected,
  // What would still block the pod is what the user needs after a timeout.
  BlockReason.DrainTimedOut,
]);

/** When this pod was first seen blocked: carried from the previous pass while it stays the same pod. */
export function blockedSince(previous: DrainReport | undefined, pod: V1Pod, nowIso: string): string {
  const ref = podRef(pod);
  const earlier = previous?.blocked.find((b) => podKey(b.pod) === podKey(ref) && b.pod.uid === ref.uid);
  return earlier?.since ?? nowIso;
}

export async function describeBlocked(
  pod: V1Pod,
  refusal: EvictionRefusal,
  index: PdbIndex,
  since: string,
): Promise<BlockedPod> {
  const blocked: BlockedPod = {
    pod: podRef(pod),
    reason: refusal.reason,
    message: refusal.message,
    since,
    pdbNames: [],
    pdbs: [],
  };
  if (refusal.retryAfterMs !== undefined) blocked.retryAfterMs = refusal.retryAfterMs;
  if (!BUDGET_REASONS.has(refusal.reason)) return blocked;
  const pdbs = await index.selecting(pod);
  blocked.pdbNames = pdbs.map((p) => p.metadata?.name ?? '').sort();
  if (blocked.pdbNames.length === 0 && refusal.pdbName) blocked.pdbNames = [refusal.pdbName];
  blocked.pdbs = await Promise.all(pdbs.map(async (pdb) => explainPdb(pdb, await index.podsSelectedBy(pdb))));
  return blocked;
}

/** What every pass shares when it records pods: the budget cache, the previous report, the pass time. */
export interface PassContext {
  index: PdbIndex;
  previous: DrainReport | undefined;
  nowIso: string;
}

/** Reports pods not evicted this pass for one reason, with the budgets that would also hold them. */
export async function holdPods(
  pods: V1Pod[],
  refusal: EvictionRefusal,
  report: DrainReport,
  ctx: PassContext,
): Promise<void> {
  for (const pod of pods) {
    report.blocked.push(
      await describeBlocked(pod, refusal, ctx.index, blockedSince(ctx.previous, pod, ctx.nowIso)),
    );
  }
}

/** Files each answer in the report; returns how many pods were already gone. */
export async function recordAnswers(
  answers: { pod: V1Pod; answer: EvictionAnswer }[],
  report: DrainReport,
  ctx: PassContext,
): Promise<number> {
  let gone = 0;
  for (const { pod, answer } of answers) {
    if (answer.outcome === 'evicted') report.evicted.push(podRef(pod));
    else if (answer.outcome === 'gone') gone++;
    else if (answer.outcome === 'refused') {
      const since = blockedSince(ctx.previous, pod, ctx.nowIso);
      report.blocked.push(await describeBlocked(pod, answer.refusal, ctx.index, since));
    }
  }
  return gone;
}
