// One ManagedCluster and its NodePools as an UpgradePlan sees them, read from the informer caches: the
// steps still needed (from the versions status reports), whether a step this plan asked for still runs,
// and what failed or blocks. Pure: the reconciler passes the objects and the versions AKS offers.
import {
  Annotation,
  OperationResult,
  PoolUpgradePhase,
  ConditionType,
  StoppedClusterAction,
  Reason,
  UpgradePlanReason,
  type ManagedCluster,
  type NodePool,
  type UpgradePlanSpec,
} from '../../api/index.js';
import { FindingReason, Severity } from '../../preflight/index.js';
import { getCondition, type Condition } from '../../runtime/index.js';
import { isUpgrade } from '../shared/kube-version.js';
import { planClusterSteps } from './cluster-steps.js';
import { isClusterStopped } from './power-override.js';
import type { ClusterStep, ObservedPool, ResolvedTarget } from './cluster-steps.js';
import type { Blocker, ObservedCluster } from './plan-progress.js';
import { requestedBy } from '../shared/requested-by.js';

export interface ClusterObservationInput {
  plan: string;
  spec: UpgradePlanSpec;
  target: ResolvedTarget;
  cluster: ManagedCluster;
  /** NodePools whose clusterRef names the cluster. */
  pools: NodePool[];
  /** Versions AKS offers the cluster: status.availableUpgrades and, when needed, the region's list. */
  availableVersions: string[];
  /** Another plan holds the cluster while it still runs. */
  heldBy?: string;
}

export interface ClusterObservation {
  observed: ObservedCluster;
  /** A version AKS does not offer was needed: a larger list of versions may plan it. */
  needsMoreVersions: boolean;
}

const IN_FLIGHT_POOL: readonly string[] = [
  PoolUpgradePhase.Pending,
  PoolUpgradePhase.Upgrading,
  PoolUpgradePhase.Replacing,
];
const TERMINAL_STATES = new Set(['Succeeded', 'Failed', 'Canceled']);

const isOurs = (obj: ManagedCluster | NodePool, plan: string): boolean =>
  obj.metadata.annotations?.[Annotation.UpgradePlan] === plan;

const stalled = (conditions: Condition[] | undefined): Condition | undefined => {
  const c = getCondition(conditions, ConditionType.Stalled);
  return c?.status === 'True' ? c : undefined;
};

export function observeCluster(input: ClusterObservationInput): ClusterObservation {
  const { cluster } = input;
  const name = cluster.metadata.name ?? '';
  const observed: ObservedCluster = { name, remainingSteps: [], isUpgrading: false };
  if (cluster.metadata.labels) observed.labels = cluster.metadata.labels;
  const current = cluster.status?.currentKubernetesVersion;
  if (current) observed.currentVersion = current;
  const skipped = skipReason(input);
  if (skipped) {
    observed.skipped = skipped;
    return { observed, needsMoreVersions: false };
  }
  if (!current) {
    observed.remainingSteps = [pendingStep('unknown', input)];
    observed.blocker = {
      reason: UpgradePlanReason.Pending,
      message: `cluster ${name} has not reported its Kubernetes version yet; the plan waits until it is provisioned`,
    };
    return { observed, needsMoreVersions: false };
  }
  const pools = input.pools.filter((p) => p.status?.currentOrchestratorVersion);
  const planned = planClusterSteps({
    target: input.target,
    cluster: {
      controlPlane: current,
      pools: pools.map(observedPool),
      availableVersions: [...new Set([current, ...input.availableVersions])],
    },
    poolStrategy: input.spec.poolStrategy,
  });
  const refusal = planned.findings.find((f) => f.severity === Severity.Error);
  if (refusal) {
    const isMissing = refusal.reason === FindingReason.VersionNotAvailable;
    const reason = isMissing ? UpgradePlanReason.TargetNotOffered : UpgradePlanReason.TargetBelowCurrent;
    if (isMissing) {
      observed.remainingSteps = [pendingStep(current, input)];
      observed.blocker = { reason, message: refusal.message };
    } else observed.skipped = { reason, message: refusal.message };
    return { observed, needsMoreVersions: isMissing };
  }
  observed.remainingSteps = planned.steps;
  if (input.heldBy && planned.steps.length > 0) {
    observed.blocker = {
      reason: UpgradePlanReason.ClusterHeldByAnotherPlan,
      message: `UpgradePlan ${input.heldBy} is upgrading cluster ${name}; this plan waits until it ends`,
    };
    return { observed, needsMoreVersions: false };
  }
  const running = runningState(input, planned.steps);
  observed.isUpgrading = running.isUpgrading;
  if (running.failure) observed.failure = running.failure;
  if (running.blocker) observed.blocker = running.blocker;
  return { observed, needsMoreVersions: false };
}

function observedPool(np: NodePool): ObservedPool {
  const pool: ObservedPool = {
    name: np.metadata.name ?? '',
    version: np.status?.currentOrchestratorVersion ?? '',
  };
  if (np.metadata.labels) pool.labels = np.metadata.labels;
  if (np.status?.nodeImageVersion) pool.nodeImageVersion = np.status.nodeImageVersion;
  // A node-image step this plan asked for and the pool finished counts as done (AKS named no version).
  const asked = np.metadata.annotations?.[Annotation.NodeImageTarget];
  if (asked && np.status?.nodeImageVersion && isNodeImageDone(np, asked))
    pool.latestNodeImageVersion = np.status.nodeImageVersion;
  return pool;
}

function isNodeImageDone(np: NodePool, asked: string): boolean {
  if (asked !== 'latest') return np.status?.nodeImageVersion === asked;
  // Only an upgrade that served this very request counts, not one left from an earlier upgrade.
  const upgrade = np.status?.upgrade;
  return upgrade?.phase === PoolUpgradePhase.Succeeded && upgrade.requestedBy === requestedBy(np);
}

function skipReason(input: ClusterObservationInput): Blocker | undefined {
  const { cluster } = input;
  if (!isClusterStopped(cluster)) return undefined;
  // With Start the plan starts the cluster before its next step (see power-override.ts).
  if (input.spec.preflight.stoppedClusters === StoppedClusterAction.Start) return undefined;
  return {
    reason: UpgradePlanReason.ClusterStopped,
    message: `cluster ${cluster.metadata.name ?? ''} is stopped; preflight.stoppedClusters is Skip, so it is left out`,
  };
}

interface Running {
  isUpgrading: boolean;
  failure?: Blocker;
  blocker?: Blocker;
}

/** Whether a step this plan asked for still runs, failed, or is blocked. */
function runningState(input: ClusterObservationInput, steps: ClusterStep[]): Running {
  const { cluster, plan } = input;
  const out: Running = { isUpgrading: false };
  if (isOurs(cluster, plan)) {
    const target = cluster.metadata.annotations?.[Annotation.UpgradeTarget];
    const current = cluster.status?.currentKubernetesVersion;
    const isBehind = target !== undefined && isUpgrade(target, current);
    const state = cluster.status?.provisioningState;
    const isBusy = state !== undefined && !TERMINAL_STATES.has(state);
    const failure = isBehind || state === 'Failed' ? clusterFailure(cluster) : undefined;
    if (failure) {
      out.failure = failure;
      return out;
    }
    if (isBehind || (isBusy && steps.some((s) => s.kind === 'ControlPlane'))) out.isUpgrading = true;
  }
  for (const np of input.pools) {
    if (!isOurs(np, plan)) continue;
    const pool = poolState(np);
    if (pool.failure) return { isUpgrading: false, failure: pool.failure };
    if (pool.blocker) out.blocker ??= pool.blocker;
    if (pool.isUpgrading) out.isUpgrading = true;
  }
  return out;
}

/**
 * Why the control-plane step the plan asked failed: the cluster stalled, or Azure failed the operation
 * that served this very request (AKS is retried by the cluster itself; the plan counts the first failure).
 */
function clusterFailure(cluster: ManagedCluster): Blocker | undefined {
  const last = cluster.status?.lastOperation;
  if (isBeforeRetry(cluster, last?.requestedBy)) return undefined;
  const why = stalled(cluster.status?.conditions);
  if (why)
    return {
      reason: why.reason ?? Reason.ReconcileError,
      message: why.message ?? 'the control-plane upgrade stalled',
    };
  if (last?.result !== OperationResult.Failed || last.requestedBy !== requestedBy(cluster)) return undefined;
  return {
    reason: last.error?.code ?? Reason.ReconcileError,
    message: `the control-plane upgrade failed in Azure: ${last.error?.message ?? 'no message'}`,
  };
}

/**
 * The object carries a retry its controller has not acted on yet: what its status says of failures is
 * from before the retry.
 */
function isBeforeRetry(obj: ManagedCluster | NodePool, servedBy: string | undefined): boolean {
  return obj.metadata.annotations?.[Annotation.Retry] !== undefined && servedBy !== requestedBy(obj);
}

function poolState(np: NodePool): Running {
  const name = np.metadata.name ?? '';
  const upgrade = np.status?.upgrade;
  // Rolled back on the plan's abort: neither running nor failed (the replacement it held is not asked).
  if (upgrade?.phase === PoolUpgradePhase.RolledBack && !np.status?.blueGreen) return { isUpgrading: false };
  const target = np.metadata.annotations?.[Annotation.UpgradeTarget];
  // A pool whose version is not reported (a twin just taking over) is not there yet.
  const current = np.status?.currentOrchestratorVersion;
  const isBehind = target !== undefined && (current === undefined || isUpgrade(target, current));
  const imageTarget = np.metadata.annotations?.[Annotation.NodeImageTarget];
  const isImageBehind = imageTarget !== undefined && !isNodeImageDone(np, imageTarget);
  const why = isBeforeRetry(np, upgrade?.requestedBy) ? undefined : stalled(np.status?.conditions);
  const hasFailed = upgrade?.phase === PoolUpgradePhase.Failed && !isBeforeRetry(np, upgrade.requestedBy);
  if (hasFailed || (why && (isBehind || isImageBehind))) {
    return {
      isUpgrading: false,
      failure: {
        reason: why?.reason ?? UpgradePlanReason.PoolUpgradeFailed,
        message: `node pool ${name}: ${why?.message ?? upgrade?.step ?? 'the upgrade failed'}`,
      },
    };
  }
  if (upgrade?.phase === PoolUpgradePhase.Blocked) {
    const first = upgrade.blockedBy?.[0];
    const what = (upgrade.blockedBy ?? [])
      .map((b) => `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}: ${b.message}`)
      .join('; ');
    return {
      isUpgrading: true,
      blocker: {
        reason: first?.reason ?? UpgradePlanReason.BlockedByPodDisruptionBudget,
        message: `node pool ${name} is blocked: ${what || upgrade.step || 'see the NodePool status'}`,
      },
    };
  }
  const isRunning =
    (upgrade !== undefined && IN_FLIGHT_POOL.includes(upgrade.phase)) || np.status?.blueGreen !== undefined;
  return { isUpgrading: isBehind || isImageBehind || isRunning };
}

/** Stands for the steps a blocked cluster cannot plan yet, so it is never taken for done. */
function pendingStep(from: string, input: ClusterObservationInput): ClusterStep {
  const to = input.target.kind === 'KubernetesVersion' ? input.target.version : 'target';
  return { kind: 'ControlPlane', from, to };
}
