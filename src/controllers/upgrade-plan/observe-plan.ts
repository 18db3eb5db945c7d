// Observes every ManagedCluster an UpgradePlan selects, from the informer caches: which plan holds it,
// its NodePools, the versions AKS offers (status first; the region's list only when a later minor must
// be planned) and, per cluster, what observeCluster concludes.
import {
  Annotation,
  UpgradePlanPhase,
  UpgradePlanReason,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  type UpgradePlan,
} from '../../api/index.js';
import type { ResolvedTarget } from './cluster-steps.js';
import { abortedReplacements } from './abort-replacements.js';
import { observeCluster } from './observe-cluster.js';
import type { OfferedVersions } from './offered-versions.js';
import type { ObservedCluster } from './plan-progress.js';
import { selectsLabels } from './select-clusters.js';

export interface PlanObservationInput {
  plan: UpgradePlan;
  /** ManagedClusters of the plan's namespace. */
  clusters: ManagedCluster[];
  /** NodePools of the plan's namespace. */
  pools: NodePool[];
  /** UpgradePlans of the namespace, to tell whether another one still holds a cluster. */
  plans: UpgradePlan[];
  /** NodePoolSnapshots of the namespace, for a snapshotRef target. */
  snapshots: NodePoolSnapshot[];
  versions: OfferedVersions;
  signal: AbortSignal;
}

const ENDED: readonly string[] = [
  UpgradePlanPhase.Succeeded,
  UpgradePlanPhase.Failed,
  UpgradePlanPhase.Aborted,
];

/** What the plan's target means for a cluster; undefined while its NodePoolSnapshot is not Ready. */
export function resolveTarget(plan: UpgradePlan, snapshots: NodePoolSnapshot[]): ResolvedTarget | undefined {
  const { target } = plan.spec;
  if (target.kubernetesVersion) return { kind: 'KubernetesVersion', version: target.kubernetesVersion };
  if (target.nodeImageOnly) return { kind: 'NodeImage' };
  const name = target.snapshotRef?.name;
  const captured = snapshots.find((s) => s.metadata.name === name)?.status;
  if (!name || !captured?.kubernetesVersion || !captured.nodeImageVersion || !captured.azureResourceID)
    return undefined;
  return {
    kind: 'Snapshot',
    snapshot: name,
    kubernetesVersion: captured.kubernetesVersion,
    nodeImageVersion: captured.nodeImageVersion,
  };
}

/** The other plan that set the cluster's annotations and has not ended; undefined when free or ours. */
export function holdingPlan(
  cluster: ManagedCluster,
  plan: UpgradePlan,
  plans: UpgradePlan[],
): string | undefined {
  const holder = cluster.metadata.annotations?.[Annotation.UpgradePlan];
  if (!holder || holder === plan.metadata.name) return undefined;
  const other = plans.find((p) => p.metadata.name === holder);
  if (!other || ENDED.includes(other.status?.phase ?? '')) return undefined;
  return holder;
}

export async function observePlanClusters(
  input: PlanObservationInput,
): Promise<Map<string, ObservedCluster>> {
  const { plan } = input;
  const name = plan.metadata.name ?? '';
  const target = resolveTarget(plan, input.snapshots);
  const out = new Map<string, ObservedCluster>();
  const selected = input.clusters.filter((c) => selectsLabels(plan.spec.clusterSelector, c.metadata.labels));
  for (const cluster of selected) {
    const clusterName = cluster.metadata.name ?? '';
    if (!target) {
      out.set(clusterName, snapshotBlocked(cluster, plan.spec.target.snapshotRef?.name ?? ''));
      continue;
    }
    const heldBy = holdingPlan(cluster, plan, input.plans);
    const base = {
      plan: name,
      spec: plan.spec,
      target,
      cluster,
      pools: input.pools.filter((p) => p.spec.clusterRef.name === clusterName),
      ...(heldBy ? { heldBy } : {}),
    };
    let seen = observeCluster({ ...base, availableVersions: cluster.status?.availableUpgrades ?? [] });
    if (seen.needsMoreVersions) {
      const region = await regionVersions(input, cluster);
      if (Array.isArray(region)) {
        const available = [...(cluster.status?.availableUpgrades ?? []), ...region];
        seen = observeCluster({ ...base, availableVersions: available });
      } else if (seen.observed.blocker) {
        // One cluster's Azure access failing must not stop the plan's other clusters.
        seen.observed.blocker.message += `; the versions of its region cannot be read: ${region.error}`;
      }
    }
    if (plan.spec.abort) {
      const aborted = abortedReplacements(name, base.pools);
      if (aborted.length > 0) seen.observed.abortedReplacements = aborted;
    }
    out.set(clusterName, seen.observed);
  }
  return out;
}

function snapshotBlocked(cluster: ManagedCluster, snapshot: string): ObservedCluster {
  const observed: ObservedCluster = {
    name: cluster.metadata.name ?? '',
    // Never taken for done: the steps cannot be planned.
    remainingSteps: [
      { kind: 'ControlPlane', from: cluster.status?.currentKubernetesVersion ?? 'unknown', to: 'snapshot' },
    ],
    isUpgrading: false,
    blocker: {
      reason: UpgradePlanReason.SnapshotNotReady,
      message: `NodePoolSnapshot ${snapshot} does not exist or has not captured its pool yet; the plan starts once it is Ready`,
    },
  };
  if (cluster.metadata.labels) observed.labels = cluster.metadata.labels;
  if (cluster.status?.currentKubernetesVersion)
    observed.currentVersion = cluster.status.currentKubernetesVersion;
  return observed;
}

async function regionVersions(
  input: PlanObservationInput,
  cluster: ManagedCluster,
): Promise<string[] | { error: string }> {
  try {
    return await input.versions.regionVersions(cluster, input.signal);
  } catch (err: unknown) {
    if (input.signal.aborted) throw err;
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
