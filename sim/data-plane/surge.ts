// Surge arithmetic of an AKS rolling upgrade: how many extra nodes a batch adds, and how many old nodes
// it replaces, so the pool never drops below its count and ends with exactly `count` upgraded nodes.

/** AKS's default when upgradeSettings.maxSurge is unset (newer API versions document 10%). */
export const DEFAULT_MAX_SURGE = '10%';

/**
 * Surge nodes per batch: a count ("3") or a percentage of the pool ("33%", rounded up); at least 1.
 * Throws on a value AKS would refuse.
 */
export function surgeCount(maxSurge: string | undefined, poolCount: number): number {
  const value = (maxSurge ?? DEFAULT_MAX_SURGE).trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return Math.max(1, Math.ceil((Number(percent[1]) * poolCount) / 100));
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  throw new Error(`invalid maxSurge "${value}": use a node count such as "1" or a percentage such as "33%"`);
}

export interface BatchPlan {
  /** Old nodes cordoned, drained and removed in this batch. */
  replace: number;
  /** Nodes to add at the target before draining. */
  add: number;
}

/**
 * The next batch: replace up to `surge` old nodes, adding just enough new ones that the pool holds
 * `count` nodes once they are gone (a resumed upgrade reuses the up-to-date nodes it already has).
 */
export function planBatch(options: {
  surge: number;
  count: number;
  pending: number;
  upToDate: number;
}): BatchPlan {
  const replace = Math.min(options.surge, options.pending);
  const add = Math.max(0, options.count - (options.pending - replace) - options.upToDate);
  return { replace, add };
}
