// The UpgradePlan state machine, pure: from the spec, the last status and what each cluster looks like
// now, decide which cluster steps start, when to look again, and the status to report.
import { ClusterUpgradePhase, FailureAction, StagePhase, UpgradePlanPhase } from '../../api/index.js';
import type {
  AbortedReplacement,
  ClusterProgress,
  StageProgress,
  UpgradePlan,
  UpgradePlanStatus,
} from '../../api/index.js';
import { boundDelay, kubeTime, parseKubeTime } from '../../runtime/index.js';
import type { ConditionUpdate } from '../../runtime/index.js';
import { describeStep } from './cluster-steps.js';
import type { ClusterStep } from './cluster-steps.js';
import { isWindowProblem, windowStateAt } from './maintenance-windows.js';
import { planConditions } from './plan-conditions.js';
import { selectClusters } from './select-clusters.js';
import { isAborting, withAbortOutcomes } from './abort-replacements.js';
import type { SelectionFinding } from './select-clusters.js';
import { stageMembers } from './stage-members.js';

/** How often to look again while steps run or clusters are blocked. */
export const POLL_INTERVAL_MS = 30_000;
const MINUTE_MS = 60_000;

export interface Blocker {
  reason: string;
  message: string;
}

/** One cluster as the reconciler observed it this pass. */
export interface ObservedCluster {
  name: string;
  labels?: Record<string, string>;
  currentVersion?: string;
  /** Steps still needed to reach the target (planClusterSteps); empty when the cluster is there. */
  remainingSteps: ClusterStep[];
  /** An Azure operation or a blue/green replacement of this cluster is running. */
  isUpgrading: boolean;
  /** A step ended in a failure that is not retried (the Azure code or our reason). */
  failure?: Blocker;
  /** Something the user can fix holds the cluster (an Error pre-flight finding, a PDB). */
  blocker?: Blocker;
  /** The cluster is left out (a stopped cluster with preflight.stoppedClusters: Skip). */
  skipped?: Blocker;
  /** A retry of the plan sends this Failed cluster back to work this pass. */
  isRetried?: boolean;
  /** After spec.abort: the blue/green replacements the plan had running here, and how each ended so far. */
  abortedReplacements?: AbortedReplacement[];
}

/** What the reconciler found beyond the clusters themselves. */
export interface DecideContext {
  /** Approved stages held back, by name: why their target is not offered in every region yet. */
  approvalHolds?: ReadonlyMap<string, string>;
}

export interface StartStep {
  type: 'StartStep';
  stage: string;
  cluster: string;
  step: ClusterStep;
}

export interface PlanDecision {
  /** Cluster steps to start now, in order; the reconciler runs pre-flight before each. */
  actions: StartStep[];
  requeueAfterMs?: number;
  status: Required<Pick<UpgradePlanStatus, 'phase' | 'progress' | 'stages' | 'counts'>>;
  conditions: ConditionUpdate[];
  findings: SelectionFinding[];
}

type PlanSpec = UpgradePlan['spec'];
type StageSpec = { name: string; maxConcurrency: number; soakMinutes: number; requireApproval: boolean };

const TERMINAL: readonly string[] = [
  ClusterUpgradePhase.Succeeded,
  ClusterUpgradePhase.Failed,
  ClusterUpgradePhase.Skipped,
  ClusterUpgradePhase.RolledBack,
];
const isTerminal = (c: ClusterProgress): boolean => TERMINAL.includes(c.phase);

interface Pass {
  spec: PlanSpec;
  nowMs: number;
  previous: Map<string, StageProgress>;
  observed: Map<string, ObservedCluster>;
  actions: StartStep[];
  wakeAtMs: number[];
  /** Set by the first stage that has not finished; later stages wait. */
  isGateClosed: boolean;
  isPlanFailed: boolean;
  /** More clusters failed across the stages than failurePolicy.maxTotalFailures allows. */
  isTotalExceeded: boolean;
  /** Failed clusters of the stages decided so far. */
  failedSoFar: number;
  waitingFor?: 'approval' | 'window';
  /** Set when an approved stage waits for its target to be offered in every region. */
  approvalHold?: string;
  approvalHolds: ReadonlyMap<string, string>;
  windowOpen: boolean;
  nextWindowMs?: number;
}

/** Decides one pass of an UpgradePlan at `nowMs`. */
export function decide(
  plan: Pick<UpgradePlan, 'spec' | 'status'>,
  observedClusters: readonly ObservedCluster[],
  nowMs: number,
  context: DecideContext = {},
): PlanDecision {
  const { spec } = plan;
  const selection = selectClusters(spec, observedClusters);
  const window = windowStateAt(spec.maintenanceWindows, nowMs);
  const pass: Pass = {
    spec,
    nowMs,
    previous: new Map((plan.status?.stages ?? []).map((s) => [s.name, s])),
    observed: new Map(observedClusters.map((c) => [c.name, c])),
    actions: [],
    wakeAtMs: [],
    isGateClosed: false,
    isPlanFailed: false,
    isTotalExceeded: false,
    failedSoFar: 0,
    approvalHolds: context.approvalHolds ?? new Map(),
    windowOpen: !isWindowProblem(window) && window.isOpen,
  };
  if (!isWindowProblem(window) && window.nextOpenAtMs !== undefined) pass.nextWindowMs = window.nextOpenAtMs;
  const stageSpecs: StageSpec[] = spec.stages?.length
    ? spec.stages
    : [
        {
          name: selection.stages[0]?.stage ?? 'default',
          maxConcurrency: 1,
          soakMinutes: 0,
          requireApproval: false,
        },
      ];
  // A window that cannot be read starts nothing; the conditions name it.
  const canStart = !spec.paused && !spec.abort && !isWindowProblem(window);
  const members = stageMembers({
    stages: stageSpecs.map((s) => s.name),
    selected: stageSpecs.map((_, i) => selection.stages[i]?.clusters ?? []),
    previous: pass.previous,
    isObserved: (name) => pass.observed.has(name),
  });
  const stages = stageSpecs.map((stage, i) => {
    const { clusters, joinedLate } = members[i] ?? { clusters: [], joinedLate: [] };
    const progress = stageProgress(pass, { stage, clusters, canStart });
    if (joinedLate.length > 0) progress.joinedLate = joinedLate;
    return progress;
  });
  const all = stages.flatMap((s) => s.clusters ?? []);
  const counts = {
    total: all.length,
    done: all.filter((c) => c.phase === ClusterUpgradePhase.Succeeded).length,
    failed: all.filter((c) => c.phase === ClusterUpgradePhase.Failed).length,
    inProgress: all.filter((c) => c.startedAt !== undefined && !isTerminal(c)).length,
  };
  const isRunning = all.some((c) => pass.observed.get(c.name)?.isUpgrading === true);
  const phase = planPhase(pass, stages, { inProgress: counts.inProgress, isRunning });
  if (pass.waitingFor === 'window' && pass.nextWindowMs !== undefined) pass.wakeAtMs.push(pass.nextWindowMs);
  if (counts.inProgress > 0 || pass.actions.length > 0) pass.wakeAtMs.push(nowMs + POLL_INTERVAL_MS);
  const decision: PlanDecision = {
    actions: pass.actions,
    status: { phase, progress: progressLine(phase, stages, counts), stages, counts },
    conditions: planConditions({
      phase,
      counts,
      stages,
      blocked: all.filter((c) => c.phase === ClusterUpgradePhase.Blocked),
      windowProblem: isWindowProblem(window) ? window.message : undefined,
      approvalHold: pass.approvalHold,
    }),
    findings: selection.findings,
  };
  const wakeAt = Math.min(...pass.wakeAtMs);
  if (Number.isFinite(wakeAt) && !isStopped(phase)) decision.requeueAfterMs = boundDelay(wakeAt - nowMs);
  return decision;
}

const isStopped = (phase: UpgradePlanPhase): boolean =>
  phase === UpgradePlanPhase.Aborted ||
  phase === UpgradePlanPhase.Failed ||
  phase === UpgradePlanPhase.Succeeded;

interface StageInput {
  stage: StageSpec;
  clusters: string[];
  canStart: boolean;
}

function stageProgress(pass: Pass, input: StageInput): StageProgress {
  const { stage } = input;
  const previous = pass.previous.get(stage.name);
  const clusters = input.clusters.map((name) =>
    withAbortOutcomes(
      clusterProgress(pass, name, previous),
      previous?.clusters?.find((c) => c.name === name),
      pass.observed.get(name)?.abortedReplacements,
    ),
  );
  const progress: StageProgress = { name: stage.name, phase: StagePhase.Pending, clusters };
  if (previous?.startedAt) progress.startedAt = previous.startedAt;
  const hasStarted = progress.startedAt !== undefined || clusters.some((c) => c.startedAt !== undefined);
  if (!hasStarted && (pass.isGateClosed || pass.isPlanFailed || pass.spec.abort)) {
    progress.phase = pass.isPlanFailed || pass.spec.abort ? StagePhase.Skipped : StagePhase.Pending;
    pass.isGateClosed = true;
    return progress;
  }
  if (!hasStarted && stage.requireApproval && !(pass.spec.approvals ?? []).includes(stage.name)) {
    progress.phase = StagePhase.WaitingForApproval;
    pass.waitingFor = 'approval';
    pass.isGateClosed = true;
    return progress;
  }
  const hold = stage.requireApproval ? pass.approvalHolds.get(stage.name) : undefined;
  if (!hasStarted && hold !== undefined) {
    progress.phase = StagePhase.WaitingForApproval;
    progress.message = hold;
    pass.waitingFor = 'approval';
    pass.approvalHold ??= hold;
    pass.isGateClosed = true;
    return progress;
  }
  // Nothing may start now (paused, aborted or outside every window): the stage has not started.
  const canStartNow = input.canStart && pass.windowOpen;
  if (!hasStarted && !canStartNow && !clusters.every(isTerminal)) {
    if (input.canStart) pass.waitingFor = 'window';
    pass.isGateClosed = true;
    return progress;
  }
  progress.startedAt ??= kubeTime(pass.nowMs);
  const failed = clusters.filter((c) => c.phase === ClusterUpgradePhase.Failed).length;
  pass.failedSoFar += failed;
  const { maxFailures, maxTotalFailures } = pass.spec.failurePolicy;
  if (maxTotalFailures !== undefined && pass.failedSoFar > maxTotalFailures) pass.isTotalExceeded = true;
  if (failed > maxFailures || pass.isTotalExceeded) {
    progress.phase = StagePhase.Failed;
    // StopStage and StopPlan both keep later stages from running; StopPlan, or the plan-wide limit, also
    // fails the plan at once.
    pass.isPlanFailed = true;
    pass.isGateClosed = true;
    return finish(progress, previous, pass.nowMs);
  }
  // A stage whose replacements an abort rolled back did not succeed: it stays where the abort left it.
  const isRolledBack = clusters.some((c) => c.phase === ClusterUpgradePhase.RolledBack);
  if (clusters.every(isTerminal) && !isRolledBack)
    return soakOrSucceed(pass, { progress, previous, soakMinutes: stage.soakMinutes });
  progress.phase = StagePhase.Progressing;
  pass.isGateClosed = true;
  if (input.canStart) startSteps(pass, { stage, clusters });
  return progress;
}

function finish(progress: StageProgress, previous: StageProgress | undefined, nowMs: number): StageProgress {
  progress.finishedAt = previous?.finishedAt ?? kubeTime(nowMs);
  return progress;
}

interface SoakInput {
  progress: StageProgress;
  previous: StageProgress | undefined;
  soakMinutes: number;
}

/** A finished stage soaks soakMinutes from its finish time before the next stage may start. */
function soakOrSucceed(pass: Pass, { progress, previous, soakMinutes }: SoakInput): StageProgress {
  finish(progress, previous, pass.nowMs);
  const soakEndMs = (parseKubeTime(progress.finishedAt) ?? pass.nowMs) + soakMinutes * MINUTE_MS;
  if (pass.nowMs < soakEndMs) {
    progress.phase = StagePhase.Soaking;
    pass.isGateClosed = true;
    pass.wakeAtMs.push(soakEndMs);
    return progress;
  }
  progress.phase = StagePhase.Succeeded;
  return progress;
}

/** Where one cluster is, from what was observed and what the last status recorded. */
function clusterProgress(
  pass: Pass,
  name: string,
  previousStage: StageProgress | undefined,
): ClusterProgress {
  const observed = pass.observed.get(name);
  const previous = previousStage?.clusters?.find((c) => c.name === name);
  // A failed cluster stays failed, though its objects retry by themselves, until the plan is retried.
  if (previous?.phase === ClusterUpgradePhase.Failed && !observed?.isRetried) {
    return observed?.currentVersion ? { ...previous, currentVersion: observed.currentVersion } : previous;
  }
  const progress: ClusterProgress = { name, phase: ClusterUpgradePhase.Pending };
  if (observed?.currentVersion) progress.currentVersion = observed.currentVersion;
  if (previous?.startedAt) progress.startedAt = previous.startedAt;
  const next = observed?.remainingSteps[0];
  if (next) progress.step = describeStep(next);
  if (observed?.isUpgrading) progress.startedAt ??= kubeTime(pass.nowMs);
  const terminal = terminalPhase(observed);
  if (terminal) {
    progress.phase = terminal.phase;
    if (terminal.blocker) progress.blocker = terminal.blocker;
    progress.finishedAt = previous?.finishedAt ?? kubeTime(pass.nowMs);
    return progress;
  }
  if (observed?.blocker) {
    progress.phase = ClusterUpgradePhase.Blocked;
    progress.blocker = observed.blocker;
  } else if (progress.startedAt !== undefined && next) {
    progress.phase = phaseOfStep(next);
  }
  return progress;
}

function terminalPhase(
  observed: ObservedCluster | undefined,
): { phase: ClusterUpgradePhase; blocker?: Blocker } | undefined {
  if (!observed) return undefined;
  if (observed.failure) return { phase: ClusterUpgradePhase.Failed, blocker: observed.failure };
  if (observed.isUpgrading) return undefined;
  if (observed.skipped) return { phase: ClusterUpgradePhase.Skipped, blocker: observed.skipped };
  if (observed.remainingSteps.length === 0) return { phase: ClusterUpgradePhase.Succeeded };
  return undefined;
}

interface StartInput {
  stage: StageSpec;
  clusters: ClusterProgress[];
}

/**
 * Starts the next step of clusters already under way that are between steps, then new clusters while
 * fewer than maxConcurrency are under way. A step starts only inside a maintenance window.
 */
function startSteps(pass: Pass, { stage, clusters }: StartInput): void {
  const underWay = clusters.filter(
    (c) => !isTerminal(c) && (c.startedAt !== undefined || c.phase === ClusterUpgradePhase.Blocked),
  );
  const waiting = clusters.filter((c) => c.phase === ClusterUpgradePhase.Pending);
  const free = Math.max(0, stage.maxConcurrency - underWay.length);
  const candidates = [...underWay, ...waiting.slice(0, free)].filter(
    (c) => !pass.observed.get(c.name)?.isUpgrading,
  );
  if (candidates.length === 0) return;
  if (!pass.windowOpen) {
    pass.waitingFor = 'window';
    return;
  }
  for (const cluster of candidates) {
    const step = pass.observed.get(cluster.name)?.remainingSteps[0];
    if (!step) continue;
    pass.actions.push({ type: 'StartStep', stage: stage.name, cluster: cluster.name, step });
    cluster.startedAt ??= kubeTime(pass.nowMs);
    if (cluster.phase === ClusterUpgradePhase.Pending) {
      cluster.phase = phaseOfStep(step);
    }
  }
}

function phaseOfStep(step: ClusterStep): ClusterUpgradePhase {
  if (step.kind === 'ControlPlane') return ClusterUpgradePhase.UpgradingControlPlane;
  if (step.kind === 'Release') return ClusterUpgradePhase.ApplyingChanges;
  return ClusterUpgradePhase.UpgradingNodePools;
}

function planPhase(
  pass: Pass,
  stages: StageProgress[],
  { inProgress, isRunning }: { inProgress: number; isRunning: boolean },
): UpgradePlanPhase {
  if (pass.spec.abort) {
    const isRollingBack = isAborting(stages.flatMap((s) => s.clusters ?? []));
    return isRollingBack ? UpgradePlanPhase.Aborting : UpgradePlanPhase.Aborted;
  }
  const isStopPlan = pass.spec.failurePolicy.action === FailureAction.StopPlan || pass.isTotalExceeded;
  if (pass.isPlanFailed && (isStopPlan || inProgress === 0)) {
    return UpgradePlanPhase.Failed;
  }
  if (stages.length > 0 && stages.every((s) => s.phase === StagePhase.Succeeded)) {
    return stages.some((s) => s.clusters?.length) ? UpgradePlanPhase.Succeeded : UpgradePlanPhase.Pending;
  }
  if (pass.spec.paused) return UpgradePlanPhase.Paused;
  if (pass.waitingFor === 'approval') return UpgradePlanPhase.WaitingForApproval;
  if (pass.waitingFor === 'window' && !isRunning) return UpgradePlanPhase.WaitingForWindow;
  const hasStarted = stages.some((s) => s.phase !== StagePhase.Pending);
  return hasStarted ? UpgradePlanPhase.Progressing : UpgradePlanPhase.Pending;
}

function progressLine(
  phase: UpgradePlanPhase,
  stages: StageProgress[],
  counts: PlanDecision['status']['counts'],
): string {
  const current = stages.find((s) => s.phase !== StagePhase.Succeeded && s.phase !== StagePhase.Skipped);
  const where = current ? `stage ${current.name} ${current.phase}` : 'all stages done';
  const late = stages.reduce((n, s) => n + (s.joinedLate?.length ?? 0), 0);
  const left = late > 0 ? `, ${late} joined late (next plan)` : '';
  return `${phase}: ${where}; ${counts.done}/${counts.total} clusters done, ${counts.failed} failed${left}`;
}
