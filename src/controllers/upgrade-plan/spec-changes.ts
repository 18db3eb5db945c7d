// An UpgradePlan with target.specChanges, pure: which run the plan is in (a run starts when a selected
// object holds a new spec generation and the last run ended), and each cluster as the plan's stage
// machinery sees it: one Release step per object whose generation this run has not released yet, in
// flight until the object's controller has applied it.
import {
  Annotation,
  ConditionType,
  Kind,
  UpgradePlanConditionType,
  UpgradePlanPhase,
  UpgradePlanReason,
  type ClusterProgress,
  type ManagedCluster,
  type NodePool,
  type RunGeneration,
  type UpgradePlan,
  type UpgradePlanStatus,
} from '../../api/index.js';
import { getCondition, kubeTime } from '../../runtime/index.js';
import { changeHold } from '../shared/change-hold.js';
import type { ClusterStep } from './cluster-steps.js';
import type { ObservedCluster, PlanDecision } from './plan-progress.js';
import { selectsLabels } from './select-clusters.js';

export type ChangesRun = NonNullable<UpgradePlanStatus['run']>;

/** One cluster and the NodePools that name it. */
export interface ClusterObjects {
  cluster: ManagedCluster;
  pools: NodePool[];
}

type HeldObject = ManagedCluster | NodePool;

interface Member {
  kind: typeof Kind.ManagedCluster | typeof Kind.NodePool;
  obj: HeldObject;
}

/** The cluster first, then its pools by name: the order a run releases them in. */
function membersOf({ cluster, pools }: ClusterObjects): Member[] {
  const sorted = [...pools].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return [
    { kind: Kind.ManagedCluster, obj: cluster },
    ...sorted.map((obj) => ({ kind: Kind.NodePool, obj })),
  ];
}

/** The generation of the cluster and each pool now: what a run starting now releases. */
export function currentGenerations(objects: ClusterObjects): RunGeneration[] {
  return membersOf(objects).map(({ kind, obj }) => ({
    kind,
    name: obj.metadata.name ?? '',
    generation: obj.metadata.generation ?? 0,
  }));
}

export interface RunInput {
  previous: UpgradePlanStatus | undefined;
  /** The selected clusters with their pools. */
  fleet: ClusterObjects[];
  /** The plan's name: only objects it marked hold changes for it. */
  plan: string;
  nowMs: number;
}

export interface RunPass {
  run?: ChangesRun;
  /** No run is under way and none starts: the stages have nothing to do until the next change. */
  isIdle: boolean;
  /** The status the stage machinery continues from: no stages when a new run starts. */
  previous: UpgradePlanStatus | undefined;
  /** The generations each cluster's objects go to in this run, by cluster name. */
  generations: Map<string, RunGeneration[]>;
}

/**
 * The run of this pass: the last one while it has not finished, else a new one when an object of the
 * fleet holds a generation for this plan, else none (the plan waits for a change).
 */
export function changesRun(input: RunInput): RunPass {
  const { previous, fleet } = input;
  const last = previous?.run;
  const isHeld = (obj: HeldObject): boolean => changeHold(obj)?.plan === input.plan;
  const hasChange = fleet.some((c) => membersOf(c).some((m) => isHeld(m.obj)));
  const isRunning = last !== undefined && last.finishedAt === undefined;
  if (!isRunning && hasChange) {
    const run: ChangesRun = { number: (last?.number ?? 0) + 1, startedAt: kubeTime(input.nowMs) };
    const generations = new Map(fleet.map((c) => [c.cluster.metadata.name ?? '', currentGenerations(c)]));
    const fresh: UpgradePlanStatus = { ...previous, stages: [] };
    return { run, isIdle: false, previous: fresh, generations };
  }
  const recorded = new Map(
    (previous?.stages ?? [])
      .flatMap((s) => s.clusters ?? [])
      .map((c): [string, ClusterProgress] => [c.name, c]),
  );
  // Until a stage after the first has released anything, every object follows its newest generation: a
  // change committed to the whole fleet reaches the objects one by one, and whatever the first stage has
  // not applied yet it applies before the next stage opens. From then on the run's generations are
  // fixed, and a newer change waits for the next run, to reach the earlier stages first.
  const isFixed = (previous?.stages ?? [])
    .slice(1)
    .some((s) => (s.clusters ?? []).some((c) => c.startedAt !== undefined));
  const generations = new Map(
    fleet.map((c) => {
      const name = c.cluster.metadata.name ?? '';
      const recordedGenerations = isFixed ? recorded.get(name)?.generations : undefined;
      return [name, recordedGenerations ?? currentGenerations(c)];
    }),
  );
  return { ...(last ? { run: last } : {}), isIdle: !isRunning, previous, generations };
}

const stalledOf = (obj: HeldObject) => {
  const c = getCondition(obj.status?.conditions, ConditionType.Stalled);
  return c?.status === 'True' ? c : undefined;
};

/** One cluster as the stage machinery sees it in this run. */
export function observeChangedCluster(
  objects: ClusterObjects,
  generations: readonly RunGeneration[],
): ObservedCluster {
  const { cluster } = objects;
  const name = cluster.metadata.name ?? '';
  const observed: ObservedCluster = { name, remainingSteps: [], isUpgrading: false };
  if (cluster.metadata.labels) observed.labels = cluster.metadata.labels;
  if (cluster.status?.currentKubernetesVersion)
    observed.currentVersion = cluster.status.currentKubernetesVersion;
  const steps: ClusterStep[] = [];
  for (const { kind, obj } of membersOf(objects)) {
    const objName = obj.metadata.name ?? '';
    const generation = obj.metadata.generation ?? 0;
    const to = generations.find((g) => g.kind === kind && g.name === objName)?.generation ?? generation;
    const applied = obj.status?.appliedGeneration ?? 0;
    if (applied >= to) continue;
    // Only the newest spec can be applied: a later change would skip the earlier stages' soak.
    if (generation > to) {
      observed.skipped = {
        reason: UpgradePlanReason.ChangedDuringRun,
        message: `${kind} ${objName} changed again (generation ${generation}) after this run took generation ${to}; it goes through every stage in the next run`,
      };
      return observed;
    }
    const released = Number(obj.metadata.annotations?.[Annotation.ReleasedGeneration] ?? '0');
    if (released < to) {
      steps.push({ kind: 'Release', object: kind, name: objName, from: applied, to });
      continue;
    }
    const stalled = stalledOf(obj);
    if (stalled) {
      observed.failure = {
        reason: stalled.reason ?? UpgradePlanReason.PoolUpgradeFailed,
        message: `${kind} ${objName}: ${stalled.message ?? 'applying the released generation stalled'}`,
      };
      return observed;
    }
    // Released and not applied yet: the object's controller is writing it to Azure.
    observed.isUpgrading = true;
    steps.unshift({ kind: 'Release', object: kind, name: objName, from: applied, to });
  }
  observed.remainingSteps = steps;
  return observed;
}

/**
 * The annotations that mark an object as held by the plan in `stage`: a first mark releases the
 * generation the object has (a change made before the plan marked it goes through); later only the stage
 * follows the selectors. Undefined when nothing changes, or another plan holds the object.
 */
export function holdMark(
  obj: HeldObject,
  { plan, stage }: { plan: string; stage: string },
): Record<string, string> | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const holder = annotations[Annotation.ChangesHeldBy];
  if (holder && holder !== plan) return undefined;
  if (holder === plan) {
    return annotations[Annotation.ChangesStage] === stage ? undefined : { [Annotation.ChangesStage]: stage };
  }
  return {
    [Annotation.ChangesHeldBy]: plan,
    [Annotation.ChangesStage]: stage,
    [Annotation.ReleasedGeneration]: String(obj.metadata.generation ?? 0),
  };
}

/**
 * The decision between runs: nothing starts, the last run's stages stay as its record, and the plan
 * reads Ready (reportRun words it).
 */
export function idleDecision(previous: UpgradePlanStatus | undefined, total: number): PlanDecision {
  const counts = previous?.counts ?? { total, done: total, failed: 0, inProgress: 0 };
  const condition = (type: string, status: 'True' | 'False') => ({
    type,
    status,
    reason: UpgradePlanReason.WaitingForChanges,
    message: '',
  });
  return {
    actions: [],
    status: {
      phase: UpgradePlanPhase.Succeeded,
      progress: '',
      stages: previous?.stages ?? [],
      counts: { ...counts, total },
    },
    conditions: [
      condition(UpgradePlanConditionType.Ready, 'True'),
      condition(UpgradePlanConditionType.Reconciling, 'False'),
      condition(UpgradePlanConditionType.Stalled, 'False'),
      condition(UpgradePlanConditionType.Progressing, 'False'),
      condition(UpgradePlanConditionType.Failed, 'False'),
    ],
    findings: [],
  };
}

const WAITING_TYPES: ReadonlySet<string> = new Set([
  UpgradePlanConditionType.Ready,
  UpgradePlanConditionType.Reconciling,
  UpgradePlanConditionType.Stalled,
  UpgradePlanConditionType.Progressing,
  UpgradePlanConditionType.Failed,
]);

/**
 * Puts the run into the decision: each cluster's generations, the run's end once every stage has, and,
 * between runs, a plan that reads Ready and says it waits for the next change.
 */
export function reportRun(decision: PlanDecision, pass: RunPass, nowMs: number): ChangesRun | undefined {
  for (const stage of decision.status.stages) {
    for (const cluster of stage.clusters ?? []) {
      const generations = pass.generations.get(cluster.name);
      if (generations) cluster.generations = generations;
    }
  }
  if (decision.status.phase !== UpgradePlanPhase.Succeeded) return pass.run;
  const run = pass.run ? { ...pass.run, finishedAt: pass.run.finishedAt ?? kubeTime(nowMs) } : undefined;
  const message = run
    ? `run ${run.number} done: every stage applied its spec changes; waiting for the next spec change`
    : 'no spec change held yet; waiting for the next spec change';
  decision.status.progress = message;
  // Between runs the trio and Progressing say the plan waits for a change, not that it completed.
  decision.conditions = decision.conditions.map((c) => {
    if (!WAITING_TYPES.has(c.type)) return c;
    const waiting = { ...c, reason: UpgradePlanReason.WaitingForChanges };
    return c.type === UpgradePlanConditionType.Ready ? { ...waiting, message } : waiting;
  });
  return run;
}

export interface ChangesObservationInput {
  plan: UpgradePlan;
  /** ManagedClusters of the plan's namespace. */
  clusters: ManagedCluster[];
  /** NodePools of the plan's namespace. */
  pools: NodePool[];
  nowMs: number;
}

export interface ChangesObservation {
  run: RunPass;
  observed: Map<string, ObservedCluster>;
  /** The selected clusters with their pools, to mark as held. */
  fleet: ClusterObjects[];
}

/** The selected clusters of a specChanges plan, in the run of this pass. */
export function observeChanges(input: ChangesObservationInput): ChangesObservation {
  const { plan } = input;
  const fleet = input.clusters
    .filter((c) => selectsLabels(plan.spec.clusterSelector, c.metadata.labels))
    .map((cluster) => ({
      cluster,
      pools: input.pools.filter((p) => p.spec.clusterRef.name === cluster.metadata.name),
    }));
  const run = changesRun({
    previous: plan.status,
    fleet,
    plan: plan.metadata.name ?? '',
    nowMs: input.nowMs,
  });
  const observed = new Map(
    fleet.map((c) => {
      const name = c.cluster.metadata.name ?? '';
      return [name, observeChangedCluster(c, run.generations.get(name) ?? [])];
    }),
  );
  return { run, observed, fleet };
}
