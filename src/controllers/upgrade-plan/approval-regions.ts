// An approved stage starts only once AKS offers the plan's target version in every region its clusters
// run in: approving prod while one of its regions lacks the version would start half a stage. Reads the
// regions' versions as the plan already does (OfferedVersions, cached per region and subscription).
import type { ManagedCluster, UpgradePlan } from '../../api/index.js';
import type { OfferedVersions } from './offered-versions.js';
import type { ObservedCluster } from './plan-progress.js';
import { selectClusters } from './select-clusters.js';

export interface ApprovalInput {
  plan: UpgradePlan;
  observed: ObservedCluster[];
  cluster: (name: string) => ManagedCluster | undefined;
  versions: OfferedVersions;
  signal: AbortSignal;
}

/** Whether `offered` (a patch version) meets `target` (major.minor or major.minor.patch). */
export function meetsTarget(offered: string, target: string): boolean {
  return target.split('.').length === 2 ? offered.startsWith(`${target}.`) : offered === target;
}

/**
 * Approved stages with requireApproval that have not started, by name, with why they wait: the regions
 * of their clusters that do not offer the target (or whose versions cannot be read).
 */
export async function approvalHolds(input: ApprovalInput): Promise<Map<string, string>> {
  const holds = new Map<string, string>();
  const { spec } = input.plan;
  const target = spec.target.kubernetesVersion;
  if (!target || !spec.stages?.length) return holds;
  const selection = selectClusters(spec, input.observed);
  const started = new Set(
    (input.plan.status?.stages ?? []).filter((s) => s.startedAt !== undefined).map((s) => s.name),
  );
  for (const [i, stage] of spec.stages.entries()) {
    const isApproved = stage.requireApproval && (spec.approvals ?? []).includes(stage.name);
    if (!isApproved || started.has(stage.name)) continue;
    const missing = await regionsWithout(input, { target, members: selection.stages[i]?.clusters ?? [] });
    if (missing.length > 0)
      holds.set(
        stage.name,
        `stage ${stage.name} is approved, but AKS does not offer ${target} in ${missing.join(', ')} yet; it starts once every region of the stage offers it`,
      );
  }
  return holds;
}

async function regionsWithout(
  input: ApprovalInput,
  { target, members }: { target: string; members: string[] },
): Promise<string[]> {
  const byRegion = new Map<string, ManagedCluster>();
  for (const name of members) {
    const cluster = input.cluster(name);
    const region = cluster?.spec.location.toLowerCase();
    if (cluster && region && !byRegion.has(region)) byRegion.set(region, cluster);
  }
  const missing: string[] = [];
  for (const [region, cluster] of [...byRegion].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      const versions = await input.versions.regionVersions(cluster, input.signal);
      if (!versions.some((v) => meetsTarget(v, target))) missing.push(region);
    } catch (err: unknown) {
      if (input.signal.aborted) throw err;
      missing.push(
        `${region} (its versions cannot be read: ${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  return missing;
}
