// How a specChanges UpgradePlan marks the clusters it selects, and their NodePools, as held: annotations
// naming the plan and the object's stage (see holdMark); their controllers then hold each new spec
// generation until the plan releases it.
import type { UpgradePlanSpec } from '../../api/index.js';
import type { ObjectAnnotator } from './annotator.js';
import { selectClusters } from './select-clusters.js';
import { holdMark, type ClusterObjects } from './spec-changes.js';

export interface MarkInput {
  plan: string;
  namespace: string;
  /** The plan's spec: each cluster is marked with the stage its selectors put it in. */
  spec: UpgradePlanSpec;
  fleet: ClusterObjects[];
  annotator: ObjectAnnotator;
  signal: AbortSignal;
}

/** Marks every object of the fleet not marked yet (or marked with another stage); returns how many. */
export async function markHeld(input: MarkInput): Promise<number> {
  const selection = selectClusters(
    input.spec,
    input.fleet.map(({ cluster }) => ({
      name: cluster.metadata.name ?? '',
      ...(cluster.metadata.labels ? { labels: cluster.metadata.labels } : {}),
    })),
  );
  const stageOf = new Map(
    selection.stages.flatMap((s) => s.clusters.map((name): [string, string] => [name, s.stage])),
  );
  let marked = 0;
  for (const { cluster, pools } of input.fleet) {
    const stage = stageOf.get(cluster.metadata.name ?? '');
    if (!stage) continue;
    const objects = [
      { kind: 'ManagedCluster' as const, obj: cluster },
      ...pools.map((obj) => ({ kind: 'NodePool' as const, obj })),
    ];
    for (const { kind, obj } of objects) {
      const annotations = holdMark(obj, { plan: input.plan, stage });
      if (!annotations) continue;
      const name = obj.metadata.name ?? '';
      await input.annotator.annotate(input.namespace, { kind, name, annotations }, input.signal);
      marked++;
    }
  }
  return marked;
}
