// The ordered steps that take one cluster to the plan's target: the control plane one minor at a time,
// then its pools (each with its upgrade strategy); or node images only; or every pool to a snapshot; or,
// for spec changes, releasing each object's held spec generation.
import type { UpgradePlanSpec, UpgradeStrategy } from '../../api/index.js';
import {
  FindingReason,
  Severity,
  compareVersions,
  parseVersion,
  planVersionSteps,
} from '../../preflight/index.js';
import type { Finding, VersionStep } from '../../preflight/index.js';
import { selectsLabels } from './select-clusters.js';

export interface ObservedPool {
  name: string;
  labels?: Record<string, string>;
  /** Kubernetes version the pool's nodes run now (currentOrchestratorVersion). */
  version: string;
  nodeImageVersion?: string;
  /** Newest node image AKS offers the pool (its upgrade profile); unknown means "upgrade anyway". */
  latestNodeImageVersion?: string;
}

export interface ObservedClusterVersions {
  /** Control-plane version now (currentKubernetesVersion). */
  controlPlane: string;
  pools: ObservedPool[];
  /** Versions AKS offers this cluster (upgrade profile), any order. */
  availableVersions: string[];
  /** LTS to LTS may skip minors when AKS offers it. */
  isLtsUpgrade?: boolean;
}

/** The target of a plan, resolved: a snapshot target carries what the NodePoolSnapshot captured. */
export type ResolvedTarget =
  | { kind: 'KubernetesVersion'; version: string }
  | { kind: 'NodeImage' }
  | { kind: 'Snapshot'; snapshot: string; kubernetesVersion: string; nodeImageVersion: string }
  | { kind: 'SpecChanges' };

export type ClusterStep =
  | { kind: 'ControlPlane'; from: string; to: string }
  | { kind: 'NodePool'; pool: string; from: string; to: string; strategy: UpgradeStrategy }
  | { kind: 'NodeImage'; pool: string; from?: string; to?: string; strategy: UpgradeStrategy }
  | {
      kind: 'Snapshot';
      pool: string;
      snapshot: string;
      to: string;
      nodeImageVersion: string;
      strategy: UpgradeStrategy;
    }
  /** A specChanges plan lets one object apply its spec generation `to` (Azure has `from`). */
  | { kind: 'Release'; object: 'ManagedCluster' | 'NodePool'; name: string; from: number; to: number };

export interface ClusterStepsPlan {
  steps: ClusterStep[];
  /** Errors mean the cluster cannot be planned (steps is empty). */
  findings: Finding[];
}

export interface ClusterStepsInput {
  target: ResolvedTarget;
  cluster: ObservedClusterVersions;
  poolStrategy: UpgradePlanSpec['poolStrategy'];
}

/** The strategy of the first override whose selector picks the pool, else the default. */
export function poolStrategyFor(
  poolStrategy: UpgradePlanSpec['poolStrategy'],
  labels: Record<string, string> | undefined,
): UpgradeStrategy {
  const override = poolStrategy.overrides?.find((o) => selectsLabels(o.poolSelector, labels));
  return override?.strategy ?? poolStrategy.default;
}

/** The steps still needed for the cluster to reach the target; none when it is there already. */
export function planClusterSteps(input: ClusterStepsInput): ClusterStepsPlan {
  const { target, cluster } = input;
  const strategyOf = (pool: string): UpgradeStrategy =>
    poolStrategyFor(input.poolStrategy, cluster.pools.find((p) => p.name === pool)?.labels);
  if (target.kind === 'NodeImage') return { steps: nodeImageSteps(cluster, strategyOf), findings: [] };
  // Spec changes are planned from the objects' generations (spec-changes.ts), not from versions.
  if (target.kind === 'SpecChanges') return { steps: [], findings: [] };
  if (target.kind === 'Snapshot') {
    const refusals = snapshotRefusals(target, cluster.pools);
    if (refusals.length > 0) return { steps: [], findings: refusals };
    // A snapshot older than the control plane needs no control-plane step: pools may lag it.
    const isBehindControlPlane =
      compareVersions(parseVersion(target.kubernetesVersion), parseVersion(cluster.controlPlane)) <= 0;
    if (isBehindControlPlane) return snapshotSteps({ target, cluster, steps: [], strategyOf });
  }
  const version = target.kind === 'Snapshot' ? target.kubernetesVersion : target.version;
  const plan = planVersionSteps(
    {
      controlPlane: cluster.controlPlane,
      pools: cluster.pools.map((p) => ({ name: p.name, version: p.version })),
    },
    version,
    cluster.availableVersions,
    { allowMinorSkip: cluster.isLtsUpgrade ?? false },
  );
  if (plan.findings.length > 0) return { steps: [], findings: plan.findings };
  const steps = plan.steps.map((s) => versionStep(s, strategyOf));
  if (target.kind === 'KubernetesVersion') return { steps, findings: [] };
  return snapshotSteps({ target, cluster, steps, strategyOf });
}

function versionStep(step: VersionStep, strategyOf: (pool: string) => UpgradeStrategy): ClusterStep {
  return step.kind === 'ControlPlane' ? step : { ...step, strategy: strategyOf(step.pool) };
}

function nodeImageSteps(
  cluster: ObservedClusterVersions,
  strategyOf: (pool: string) => UpgradeStrategy,
): ClusterStep[] {
  return cluster.pools
    .filter((p) => p.latestNodeImageVersion === undefined || p.nodeImageVersion !== p.latestNodeImageVersion)
    .map((p) => {
      const step: ClusterStep = { kind: 'NodeImage', pool: p.name, strategy: strategyOf(p.name) };
      if (p.nodeImageVersion !== undefined) step.from = p.nodeImageVersion;
      if (p.latestNodeImageVersion !== undefined) step.to = p.latestNodeImageVersion;
      return step;
    });
}

interface SnapshotPlanning {
  target: Extract<ResolvedTarget, { kind: 'Snapshot' }>;
  cluster: ObservedClusterVersions;
  /** Version steps towards the snapshot's Kubernetes version. */
  steps: ClusterStep[];
  strategyOf: (pool: string) => UpgradeStrategy;
}

/** A pool newer than the snapshot is refused: AKS cannot downgrade a pool. */
function snapshotRefusals(
  target: Extract<ResolvedTarget, { kind: 'Snapshot' }>,
  pools: ObservedPool[],
): Finding[] {
  const snapshotVersion = parseVersion(target.kubernetesVersion);
  return pools
    .filter((pool) => compareVersions(parseVersion(pool.version), snapshotVersion) > 0)
    .map((pool) => ({
      severity: Severity.Error,
      reason: FindingReason.VersionDowngrade,
      subject: `node pool ${pool.name}`,
      message: `snapshot ${target.snapshot} holds Kubernetes ${target.kubernetesVersion}, older than pool ${pool.name}'s ${pool.version}; AKS cannot downgrade a pool, so take a newer snapshot`,
    }));
}

/**
 * Control-plane steps (and skew lifts before them) stay; then every pool not on the snapshot moves to
 * it in one step, which also sets its version.
 */
function snapshotSteps(p: SnapshotPlanning): ClusterStepsPlan {
  const snapshotVersion = parseVersion(p.target.kubernetesVersion);
  const lastControlPlane = p.steps.findLastIndex((s) => s.kind === 'ControlPlane');
  const steps = p.steps.slice(0, lastControlPlane + 1);
  for (const pool of p.cluster.pools) {
    const isThere =
      compareVersions(parseVersion(pool.version), snapshotVersion) === 0 &&
      pool.nodeImageVersion === p.target.nodeImageVersion;
    if (isThere) continue;
    steps.push({
      kind: 'Snapshot',
      pool: pool.name,
      snapshot: p.target.snapshot,
      to: p.target.kubernetesVersion,
      nodeImageVersion: p.target.nodeImageVersion,
      strategy: p.strategyOf(pool.name),
    });
  }
  return { steps, findings: [] };
}

/** The step in words, for status: `control plane 1.30.4 -> 1.31.2`. */
export function describeStep(step: ClusterStep): string {
  switch (step.kind) {
    case 'ControlPlane':
      return `control plane ${step.from} -> ${step.to}`;
    case 'NodePool':
      return `node pool ${step.pool} ${step.from} -> ${step.to} (${step.strategy})`;
    case 'NodeImage':
      return `node pool ${step.pool} node image ${step.from ?? 'current'} -> ${step.to ?? 'latest'} (${step.strategy})`;
    case 'Snapshot':
      return `node pool ${step.pool} -> snapshot ${step.snapshot} (${step.to}, ${step.nodeImageVersion}; ${step.strategy})`;
    case 'Release':
      return `${step.object} ${step.name} spec generation ${step.from} -> ${step.to}`;
  }
}
