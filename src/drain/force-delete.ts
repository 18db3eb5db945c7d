// The Force timeout policy: once a node's drain has timed out and the user opted in, delete what is left,
// bypassing PDBs, with a grace period of at least 1 s, and name the budgets each deletion bypassed.

import type { V1Pod } from '@kubernetes/client-node';
import { recordAnswers } from './blocked-pods.js';
import type { PassContext } from './blocked-pods.js';
import type { DrainCluster } from './drain-cluster.js';
import type { EvictionAnswer } from './eviction-answer.js';
import { mapLimit } from './limiter.js';
import type { PdbIndex } from './pdb-index.js';
import { podRef } from './pod-state.js';
import type { DrainReport } from './types.js';

const DEFAULT_GRACE_SECONDS = 30;

export interface ForcedDeletion {
  pod: V1Pod;
  answer: EvictionAnswer;
  gracePeriodSeconds: number;
  bypassedPdbs: string[];
}

export function forceDelete(
  pods: V1Pod[],
  options: { cluster: DrainCluster; gracePeriodSeconds?: number; podConcurrency?: number },
  ctx: { index: PdbIndex; signal: AbortSignal },
): Promise<ForcedDeletion[]> {
  return mapLimit(pods, options.podConcurrency ?? 5, async (pod) => {
    // At least 1 s: grace 0 skips the kubelet's confirmation and breaks StatefulSet's at-most-one promise.
    const own =
      options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const gracePeriodSeconds = Math.max(1, own);
    const bypassedPdbs = (await ctx.index.selecting(pod)).map((p) => p.metadata?.name ?? '').sort();
    const answer = await options.cluster.deletePod(podRef(pod), gracePeriodSeconds, ctx.signal);
    return { pod, answer, gracePeriodSeconds, bypassedPdbs };
  });
}

/** Records the deletions that went through as forced; the rest like any other answer. */
export function recordForced(
  deletions: ForcedDeletion[],
  report: DrainReport,
  ctx: PassContext,
): Promise<number> {
  for (const d of deletions.filter((x) => x.answer.outcome === 'evicted')) {
    report.forced.push({
      pod: podRef(d.pod),
      gracePeriodSeconds: d.gracePeriodSeconds,
      bypassedPdbs: d.bypassedPdbs,
    });
  }
  return recordAnswers(
    deletions.filter((d) => d.answer.outcome !== 'evicted'),
    report,
    ctx,
  );
}
