// Which clusters each stage of an UpgradePlan upgrades this pass. A stage's clusters are fixed when it
// starts: a started stage keeps the clusters its last status lists (while the plan still selects them),
// and clusters its selector picks that came later are left for the next plan (joinedLate). A stage not
// started yet takes what its selector picks, less clusters a started stage holds. Pure.
import type { StageProgress } from '../../api/index.js';

export interface StageMembers {
  clusters: string[];
  /** Selected by the stage, but appeared after it started. */
  joinedLate: string[];
}

export interface StageMembersInput {
  /** Stage names, in order. */
  stages: string[];
  /** What each stage's selector picks now, in the same order. */
  selected: string[][];
  /** The stages as the last status recorded them, by name. */
  previous: ReadonlyMap<string, StageProgress>;
  /** Whether the plan still selects (and the cache still has) a cluster. */
  isObserved: (cluster: string) => boolean;
}

export function stageMembers(input: StageMembersInput): StageMembers[] {
  const fixed = input.stages.map((name) => {
    const previous = input.previous.get(name);
    if (!previous?.startedAt) return undefined;
    return (previous.clusters ?? []).map((c) => c.name).filter(input.isObserved);
  });
  const held = new Set(fixed.flatMap((names) => names ?? []));
  return input.stages.map((_, i) => {
    const fresh = (input.selected[i] ?? []).filter((c) => !held.has(c));
    const own = fixed[i];
    return own ? { clusters: own, joinedLate: fresh } : { clusters: fresh, joinedLate: [] };
  });
}
