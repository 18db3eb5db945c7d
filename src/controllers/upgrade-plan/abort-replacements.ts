// What an aborted UpgradePlan does about the blue/green replacements it had started: it asks each to roll
// back (the NodePool's abort-replacement annotation, its own name as the value), reads how each ended
// (rolled back, or finished because the abort came too late), and once one ended removes what it had set
// on that NodePool: the abort annotation, and after a rollback its request annotations too, so the pool is
// as its spec says again. Pure: the reconciler writes the requests and removals.
import {
  Annotation,
  ClusterUpgradePhase,
  PoolUpgradePhase,
  ReplacementAbortOutcome,
  type AbortedReplacement,
  type ClusterProgress,
  type NodePool,
} from '../../api/index.js';
import type { AnnotationRemoval } from './annotator.js';
import type { AnnotationRequest } from './step-annotations.js';

/** The annotations a plan's pool step sets, removed after a rollback (the plan's own name stays). */
const REQUEST_KEYS = [
  Annotation.UpgradeTarget,
  Annotation.UpgradeStrategy,
  Annotation.UpgradeSnapshot,
  Annotation.NodeImageTarget,
  Annotation.DrainTimeoutMinutes,
  Annotation.DrainBatchSize,
  Annotation.DrainOnTimeout,
  Annotation.DrainRollouts,
];

const isOurs = (np: NodePool, plan: string): boolean =>
  np.metadata.annotations?.[Annotation.UpgradePlan] === plan;
const abortOf = (np: NodePool): string | undefined => np.metadata.annotations?.[Annotation.AbortReplacement];

/** How the replacement of a pool the plan asked ended, or undefined when it had none running at abort. */
function outcomeOf(np: NodePool, plan: string): ReplacementAbortOutcome | undefined {
  if (!isOurs(np, plan)) return undefined;
  if (np.status?.blueGreen) return ReplacementAbortOutcome.InProgress;
  if (np.status?.upgrade?.phase === PoolUpgradePhase.RolledBack) return ReplacementAbortOutcome.RolledBack;
  // Our abort annotation on a pool whose replacement ended otherwise: it came too late.
  if (abortOf(np) === plan) return ReplacementAbortOutcome.FinishedTooLate;
  return undefined;
}

/** The replacements of a cluster's pools the aborted plan had running, with how each ended so far. */
export function abortedReplacements(plan: string, pools: NodePool[]): AbortedReplacement[] {
  return pools.flatMap((np) => {
    const outcome = outcomeOf(np, plan);
    return outcome ? [{ pool: np.metadata.name ?? '', outcome }] : [];
  });
}

/**
 * The recorded outcomes and the observed ones, by pool: an observation wins, but an ended replacement
 * the plan has released (its annotations gone, so no longer observed) keeps what was recorded.
 */
export function mergeAborted(
  recorded: AbortedReplacement[] | undefined,
  observed: AbortedReplacement[] | undefined,
): AbortedReplacement[] {
  const byPool = new Map((recorded ?? []).map((r) => [r.pool, r]));
  for (const r of observed ?? []) byPool.set(r.pool, r);
  return [...byPool.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}

/** Abort requests for the plan's pools whose replacement still runs and has not been asked to stop. */
export function rollbackRequests(plan: string, pools: NodePool[]): AnnotationRequest[] {
  return pools
    .filter((np) => isOurs(np, plan) && np.status?.blueGreen && abortOf(np) === undefined)
    .map((np) => ({
      kind: 'NodePool',
      name: np.metadata.name ?? '',
      annotations: { [Annotation.AbortReplacement]: plan },
    }));
}

/**
 * What the plan removes from pools whose replacement ended under its abort annotation: the annotation,
 * and after a rollback the step's requests (which would otherwise start the replacement again).
 */
export function rollbackReleases(plan: string, pools: NodePool[]): AnnotationRemoval[] {
  return pools
    .filter((np) => isOurs(np, plan) && abortOf(np) === plan && !np.status?.blueGreen)
    .map((np) => {
      const isRolledBack = np.status?.upgrade?.phase === PoolUpgradePhase.RolledBack;
      const have = Object.keys(np.metadata.annotations ?? {});
      const requests = isRolledBack ? REQUEST_KEYS.filter((k) => have.includes(k)) : [];
      return {
        kind: 'NodePool',
        name: np.metadata.name ?? '',
        keys: [...requests, Annotation.AbortReplacement],
      };
    });
}

/**
 * A cluster's progress with the outcomes of its aborted replacements (recorded and observed); once none
 * runs any more and one was rolled back, the cluster is RolledBack.
 */
export function withAbortOutcomes(
  progress: ClusterProgress,
  recorded: ClusterProgress | undefined,
  observed: AbortedReplacement[] | undefined,
): ClusterProgress {
  const outcomes = mergeAborted(recorded?.abortedReplacements, observed);
  if (outcomes.length === 0) return progress;
  const isRunning = outcomes.some((r) => r.outcome === ReplacementAbortOutcome.InProgress);
  const isRolledBack = outcomes.some((r) => r.outcome === ReplacementAbortOutcome.RolledBack);
  const out: ClusterProgress = { ...progress, abortedReplacements: outcomes };
  if (!isRunning && isRolledBack && progress.phase !== ClusterUpgradePhase.Failed) {
    out.phase = ClusterUpgradePhase.RolledBack;
    out.step = `rolled back: ${outcomes.map((r) => `${r.pool} ${r.outcome}`).join(', ')}`.slice(0, 256);
    delete out.blocker;
  }
  return out;
}

/** Whether a replacement of the aborted plan still runs (the plan is Aborting, not Aborted yet). */
export function isAborting(clusters: ClusterProgress[]): boolean {
  return clusters.some((c) =>
    (c.abortedReplacements ?? []).some((r) => r.outcome === ReplacementAbortOutcome.InProgress),
  );
}
