// Azure names of a NodePool's agent pools: the active one (status.activePoolName, else azureName) and
// the twin a blue/green replacement brings in. Pools alternate between two deterministic names, so a
// replacement resumed after a crash always finds the twin it started.
import type { NodePool } from '../../../api/index.js';
import { poolAzureName } from '../desired.js';

/** The agent pool that serves the NodePool now. */
export function activePoolName(np: NodePool): string {
  return np.status?.activePoolName ?? poolAzureName(np);
}

/** The second name of the pair: spec.blueGreen.twinAzureName, else azureName with its last character changed or one added. */
export function alternateName(np: NodePool): string {
  const base = poolAzureName(np);
  const configured = np.spec.blueGreen?.twinAzureName;
  if (configured && configured !== base) return configured;
  const limit = np.spec.osType === 'Windows' ? 6 : 12;
  const stem = base.length >= limit ? base.slice(0, limit - 1) : base;
  const last = base.length >= limit ? base.slice(-1) : '';
  return `${stem}${last === 'b' ? 'g' : 'b'}`;
}

/** The twin of a replacement that starts now: whichever of the pair is not active. */
export function twinPoolName(np: NodePool): string {
  const base = poolAzureName(np);
  const alternate = alternateName(np);
  return activePoolName(np).toLowerCase() === base.toLowerCase() ? alternate : base;
}
