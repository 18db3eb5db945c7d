// Which ManagedClusters an UpgradePlan upgrades and in which stage: the plan's selector picks the
// clusters, each runs in the first stage whose selector picks it; a picked cluster no stage takes is reported.
import type { LabelSelector, UpgradePlanSpec } from '../../api/index.js';
import { selectorMatches } from '../../runtime/index.js';

/** The stage every selected cluster runs in when the plan lists no stages. */
export const DEFAULT_STAGE_NAME = 'default';

/** Why a selected cluster is not upgraded. */
export const SelectionReason = {
  /** The plan selects the cluster but none of its stages does. */
  ClusterInNoStage: 'ClusterInNoStage',
} as const;
export type SelectionReason = (typeof SelectionReason)[keyof typeof SelectionReason];

export interface LabelledCluster {
  name: string;
  labels?: Record<string, string>;
}

export interface StageMembers {
  stage: string;
  /** Cluster names, sorted. */
  clusters: string[];
}

export interface SelectionFinding {
  reason: SelectionReason;
  cluster: string;
  message: string;
}

export interface ClusterSelection {
  /** One entry per stage, in the plan's order. */
  stages: StageMembers[];
  /** Every cluster the plan's selector picks, sorted. */
  selected: string[];
  findings: SelectionFinding[];
}

// Code-unit order, so the result does not depend on the process's locale.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether `selector` picks `labels`; an absent or empty selector picks everything. */
export function selectsLabels(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return selectorMatches(selector ?? {}, labels);
}

/** Splits the clusters the plan selects into its stages. */
export function selectClusters(
  spec: Pick<UpgradePlanSpec, 'clusterSelector' | 'stages'>,
  clusters: readonly LabelledCluster[],
): ClusterSelection {
  const selected = clusters
    .filter((c) => selectsLabels(spec.clusterSelector, c.labels))
    .sort((a, b) => byName(a.name, b.name));
  const stageSpecs = spec.stages?.length
    ? spec.stages
    : [{ name: DEFAULT_STAGE_NAME, clusterSelector: undefined }];
  const stages: StageMembers[] = stageSpecs.map((s) => ({ stage: s.name, clusters: [] }));
  const findings: SelectionFinding[] = [];
  for (const cluster of selected) {
    const index = stageSpecs.findIndex((s) => selectsLabels(s.clusterSelector, cluster.labels));
    const members = stages[index];
    if (members) {
      members.clusters.push(cluster.name);
      continue;
    }
    findings.push({
      reason: SelectionReason.ClusterInNoStage,
      cluster: cluster.name,
      message: `cluster ${cluster.name} is selected by the plan but by none of its stages, so it is not upgraded; widen a stage's clusterSelector or narrow the plan's`,
    });
  }
  return { stages, selected: selected.map((c) => c.name), findings };
}
