// Per-plan Prometheus series, read at scrape time from the status each UpgradePlan last reported:
// aks_lifecycle_upgrade_plan_clusters{namespace, plan, phase} (clusters by phase, every phase listed),
// aks_lifecycle_upgrade_plan_stage_progress{namespace, plan, stage} (the share of a stage's clusters that
// finished, 0 to 1) and aks_lifecycle_upgrade_plan_phase{namespace, plan, phase} (1 for the plan's phase).
import {
  ClusterUpgradePhase,
  UpgradePlanPhase,
  type ClusterProgress,
  type UpgradePlan,
} from '../../api/index.js';
import type { Metrics } from '../../runtime/index.js';

export const PLAN_CLUSTERS_METRIC = 'aks_lifecycle_upgrade_plan_clusters';
export const PLAN_STAGE_PROGRESS_METRIC = 'aks_lifecycle_upgrade_plan_stage_progress';
export const PLAN_PHASE_METRIC = 'aks_lifecycle_upgrade_plan_phase';

type PlanSource = () => UpgradePlan[];

const FINISHED: readonly string[] = [
  ClusterUpgradePhase.Succeeded,
  ClusterUpgradePhase.Failed,
  ClusterUpgradePhase.Skipped,
];

// One set of families per registry; every controller (one per watched namespace) adds its plans.
const sourcesByMetrics = new WeakMap<Metrics, Set<PlanSource>>();

/** Reports the plans `list` returns on every scrape of `metrics`. */
export function trackPlanMetrics(metrics: Metrics, list: PlanSource): void {
  let sources = sourcesByMetrics.get(metrics);
  if (!sources) {
    sources = new Set();
    sourcesByMetrics.set(metrics, sources);
    registerFamilies(metrics, sources);
  }
  sources.add(list);
}

function registerFamilies(metrics: Metrics, sources: Set<PlanSource>): void {
  const plans = (): UpgradePlan[] => [...sources].flatMap((list) => list());
  const labelsOf = (p: UpgradePlan) => ({
    namespace: p.metadata.namespace ?? '',
    plan: p.metadata.name ?? '',
  });
  metrics.gauge<'namespace' | 'plan' | 'phase'>({
    name: PLAN_CLUSTERS_METRIC,
    help: 'Clusters of each UpgradePlan by phase (Pending, UpgradingControlPlane, Blocked, Succeeded, Failed, …), from its status.',
    labelNames: ['namespace', 'plan', 'phase'],
    collect() {
      this.reset();
      for (const plan of plans()) {
        const clusters = (plan.status?.stages ?? []).flatMap((s) => s.clusters ?? []);
        for (const phase of Object.values(ClusterUpgradePhase))
          this.set({ ...labelsOf(plan), phase }, clusters.filter((c) => c.phase === phase).length);
      }
    },
  });
  metrics.gauge<'namespace' | 'plan' | 'stage'>({
    name: PLAN_STAGE_PROGRESS_METRIC,
    help: 'Share (0 to 1) of the clusters of each UpgradePlan stage that finished (succeeded, failed or were skipped).',
    labelNames: ['namespace', 'plan', 'stage'],
    collect() {
      this.reset();
      for (const plan of plans())
        for (const stage of plan.status?.stages ?? [])
          this.set({ ...labelsOf(plan), stage: stage.name }, finishedShare(stage.clusters ?? []));
    },
  });
  metrics.gauge<'namespace' | 'plan' | 'phase'>({
    name: PLAN_PHASE_METRIC,
    help: "1 for each UpgradePlan's current phase, 0 for the others.",
    labelNames: ['namespace', 'plan', 'phase'],
    collect() {
      this.reset();
      for (const plan of plans())
        for (const phase of Object.values(UpgradePlanPhase))
          this.set({ ...labelsOf(plan), phase }, plan.status?.phase === phase ? 1 : 0);
    },
  });
}

function finishedShare(clusters: ClusterProgress[]): number {
  if (clusters.length === 0) return 0;
  return clusters.filter((c) => FINISHED.includes(c.phase)).length / clusters.length;
}
