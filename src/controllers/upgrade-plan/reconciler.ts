// UpgradePlan reconciler: observe the selected ManagedClusters and their NodePools from the caches (and
// whether approved stages' regions offer the target), retry failed clusters when the plan asks, decide
// (pure), start stopped clusters the plan may start, run pre-flight before each step that starts, ask for
// the step through annotations (never spec), release the clusters it started once done with them, and
// report status, conditions and events once per pass.
import {
  Annotation,
  PlanEventReason,
  UpgradePlanConditionType,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  type UpgradePlan,
  type UpgradePlanStatus,
} from '../../api/index.js';
import {
  EventType,
  type ObjectKey,
  type Reconciler,
  type Result,
  type StatusWriter,
} from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { reportFailure } from '../shared/report-failure.js';
import { StatusReport } from '../shared/status-report.js';
import { CACHE_LAG_REQUEUE_MS, WriteExpectations } from '../shared/write-expectations.js';
import type { ObjectAnnotator } from './annotator.js';
import { describeStep } from './cluster-steps.js';
import { observePlanClusters } from './observe-plan.js';
import type { OfferedVersions } from './offered-versions.js';
import { decide, type ObservedCluster, type PlanDecision, type StartStep } from './plan-progress.js';
import { approvalHolds } from './approval-regions.js';
import { rollbackReleases, rollbackRequests } from './abort-replacements.js';
import { planEvents } from './plan-events.js';
import { failedClusters, pendingRetry, retryRequests } from './plan-retry.js';
import { planReport } from './plan-report.js';
import { preflightBlocker } from './preflight-findings.js';
import type { PreflightOutcome, PreflightRequest, PreflightRunner } from './preflight-run.js';
import { mustStart, overridesToRelease, startRequest } from './power-override.js';
import { hasAnnotations, stepAnnotations, wouldLowerTarget } from './step-annotations.js';
import { markHeld, type MarkInput } from './change-marks.js';
import { idleDecision, observeChanges, reportRun } from './spec-changes.js';

export interface UpgradePlanReconcilerOptions {
  ctx: ControllerContext;
  plans: ObjectCache<UpgradePlan>;
  clusters: ObjectCache<ManagedCluster>;
  pools: ObjectCache<NodePool>;
  /** NodePoolSnapshots, for snapshotRef targets; none when absent. */
  snapshots?: ObjectCache<NodePoolSnapshot>;
  statusWriter: StatusWriter;
  annotator: ObjectAnnotator;
  preflight: PreflightRunner;
  versions: OfferedVersions;
}

export const PLAN_CONDITION_TYPES = [
  UpgradePlanConditionType.Ready,
  UpgradePlanConditionType.Reconciling,
  UpgradePlanConditionType.Stalled,
  UpgradePlanConditionType.Progressing,
  UpgradePlanConditionType.Failed,
  UpgradePlanConditionType.PreflightPassed,
] as const;

interface Pass {
  plan: UpgradePlan;
  namespace: string;
  observed: Map<string, ObservedCluster>;
  signal: AbortSignal;
}

export class UpgradePlanReconciler implements Reconciler {
  private readonly ctx: ControllerContext;
  private readonly expectations: WriteExpectations;

  constructor(private readonly opts: UpgradePlanReconcilerOptions) {
    this.ctx = opts.ctx;
    this.expectations = new WriteExpectations(opts.ctx.clock);
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const plan = this.opts.plans.get(key);
    if (!plan) return {};
    // Our last status write has not reached the cache: deciding on it would restamp times and conflict.
    if (this.expectations.isStale(plan)) return { requeueAfterMs: CACHE_LAG_REQUEUE_MS };
    const report = new StatusReport<UpgradePlanStatus>(plan, {
      writer: this.opts.statusWriter,
      now: () => this.ctx.clock.now(),
      conditionTypes: PLAN_CONDITION_TYPES,
      onWrite: (obj) => this.expectations.wrote(obj),
    });
    try {
      return await this.sync(plan, report, signal);
    } catch (err: unknown) {
      reportFailure({ obj: plan, report, err, events: this.ctx.events });
      throw err;
    } finally {
      if (await report.flush(signal)) {
        for (const event of planEvents(plan.status, report.draft))
          await this.ctx.events.event(plan, event, signal);
      }
    }
  }

  private async sync(
    stored: UpgradePlan,
    report: StatusReport<UpgradePlanStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    let plan = stored;
    const namespace = plan.metadata.namespace ?? '';
    const now = this.ctx.clock.now();
    // A specChanges plan runs the same stages for each run of held spec generations (spec-changes.ts).
    const changes = plan.spec.target.specChanges
      ? observeChanges({
          plan,
          clusters: this.opts.clusters.list(namespace),
          pools: this.opts.pools.list(namespace),
          nowMs: now,
        })
      : undefined;
    const observed =
      changes?.observed ??
      (await observePlanClusters({
        plan,
        clusters: this.opts.clusters.list(namespace),
        pools: this.opts.pools.list(namespace),
        plans: this.opts.plans.list(namespace),
        snapshots: this.opts.snapshots?.list(namespace) ?? [],
        versions: this.opts.versions,
        signal,
      }));
    if (changes) plan = { ...plan, status: changes.run.previous ?? {} };
    const pass: Pass = { plan, namespace, observed, signal };
    const retry = pendingRetry(plan);
    if (retry !== undefined) await this.retryFailed(pass, retry);
    const context = {
      approvalHolds: await approvalHolds({
        plan,
        observed: [...observed.values()],
        cluster: (name) => this.opts.clusters.get({ namespace, name }),
        versions: this.opts.versions,
        signal,
      }),
    };
    let decision = changes?.run.isIdle
      ? idleDecision(plan.status, observed.size)
      : decide(plan, [...observed.values()], now, context);
    const { ready, starts, outcomes, hasNewBlocker } = await this.runPreflight(pass, decision.actions);
    // A failed pre-flight blocks its cluster: decide again so status and counts say so.
    if (hasNewBlocker && !changes?.run.isIdle) decision = decide(plan, [...observed.values()], now, context);
    for (const action of starts) await this.askStart(pass, action);
    for (const action of ready) await this.act(pass, action);
    if (plan.spec.abort) await this.rollBackReplacements(pass);
    await this.releaseOverrides(pass, decision);
    const run = changes ? reportRun(decision, changes.run, now) : undefined;
    if (changes) await this.markHeld(pass, changes.fleet);
    planReport({
      report,
      target: plan.spec.target,
      previous: plan.status,
      decision,
      outcomes,
      lastRetry: retry ?? plan.status?.lastRetry,
    });
    if (run) report.draft.run = run;
    this.ctx.logger.debug(
      { plan: plan.metadata.name, phase: decision.status.phase, started: ready.length },
      'upgrade plan decided',
    );
    return requeue(decision, outcomes);
  }

  /**
   * Pre-flight of each step decide starts; only steps whose checks pass (and need no wait) go on. A
   * stopped cluster the plan may start is started first: its checks read a running cluster.
   */
  private async runPreflight(pass: Pass, actions: StartStep[]): Promise<PreflightPass> {
    const ready: StartStep[] = [];
    const starts: StartStep[] = [];
    const outcomes = new Map<string, PreflightOutcome>();
    let hasNewBlocker = false;
    for (const action of actions) {
      const observed = pass.observed.get(action.cluster);
      const cluster = this.opts.clusters.get({ namespace: pass.namespace, name: action.cluster });
      // Blocked by what was observed (another plan, a blocked pool): nothing to check or start.
      if (!observed || !cluster || observed.blocker) continue;
      if (mustStart(pass.plan.spec, cluster)) {
        starts.push(action);
        continue;
      }
      const request: PreflightRequest = {
        cluster,
        step: action.step,
        skip: pass.plan.spec.preflight.skip ?? [],
        pools: this.poolsOf(pass.namespace, action.cluster),
        drainTimeoutMinutes: pass.plan.spec.drain.timeoutMinutes,
        fleet: [...pass.observed.keys()].flatMap((name) => {
          const member = this.opts.clusters.get({ namespace: pass.namespace, name });
          return member ? [{ cluster: member, pools: this.poolsOf(pass.namespace, name) }] : [];
        }),
      };
      const outcome = await this.opts.preflight.run(request, pass.signal);
      outcomes.set(action.cluster, outcome);
      const blocker = preflightBlocker(outcome.findings);
      if (blocker) {
        observed.blocker = blocker;
        hasNewBlocker = true;
      } else if (!outcome.waitMessage) ready.push(action);
    }
    return { ready, starts, outcomes, hasNewBlocker };
  }

  /**
   * Sends the clusters the last status lists as Failed back to work: passes the retry value on to their
   * objects the plan asked steps of, and lets this pass decide on them afresh.
   */
  private async retryFailed(pass: Pass, value: string): Promise<void> {
    const { namespace, plan } = pass;
    const names = failedClusters(plan).filter((name) => pass.observed.has(name));
    for (const name of names) {
      const observed = pass.observed.get(name);
      const cluster = this.opts.clusters.get({ namespace, name });
      if (!observed || !cluster) continue;
      observed.isRetried = true;
      // What the cache shows predates the retry.
      delete observed.failure;
      const requests = retryRequests({
        plan: plan.metadata.name ?? '',
        value,
        cluster,
        pools: this.poolsOf(namespace, name),
      });
      for (const request of requests) await this.opts.annotator.annotate(namespace, request, pass.signal);
    }
    this.ctx.logger.info(
      { plan: plan.metadata.name, retry: value, clusters: names },
      'failed clusters retried',
    );
    await this.ctx.events.event(
      plan,
      {
        type: EventType.Normal,
        reason: PlanEventReason.RetriedFailedClusters,
        message: `${Annotation.Retry}=${value}: retrying ${names.join(', ') || 'no failed cluster'} with the same settings`,
      },
      pass.signal,
    );
  }

  /** Marks the objects of a specChanges plan's clusters as held by it. */
  private async markHeld(pass: Pass, fleet: MarkInput['fleet']): Promise<void> {
    const plan = pass.plan.metadata.name ?? '';
    const marked = await markHeld({
      fleet,
      spec: pass.plan.spec,
      plan,
      namespace: pass.namespace,
      annotator: this.opts.annotator,
      signal: pass.signal,
    });
    if (marked > 0) this.ctx.logger.info({ plan, marked }, 'objects marked as held for spec changes');
  }

  /** The NodePools of a cluster, from the cache. */
  private poolsOf(namespace: string, cluster: string): NodePool[] {
    return this.opts.pools.list(namespace).filter((p) => p.spec.clusterRef.name === cluster);
  }

  /** Asks a stopped cluster to run for its upgrade; writes nothing once it was asked. */
  private async askStart(pass: Pass, action: StartStep): Promise<void> {
    const { namespace, plan } = pass;
    const cluster = this.opts.clusters.get({ namespace, name: action.cluster });
    if (!cluster) return;
    const request = startRequest(plan.metadata.name ?? '', cluster);
    if (hasAnnotations(cluster, request.annotations)) return;
    await this.opts.annotator.annotate(namespace, request, pass.signal);
    this.ctx.logger.info(
      { plan: plan.metadata.name, cluster: action.cluster },
      'stopped cluster start asked',
    );
    await this.ctx.events.event(
      plan,
      {
        type: EventType.Normal,
        reason: PlanEventReason.StartedStoppedCluster,
        message: `cluster ${action.cluster} (stage ${action.stage}) is stopped: asked it to run for ${describeStep(action.step)}`,
      },
      pass.signal,
    );
  }

  /** Removes the power override from clusters the plan started and is done with; they stop again. */
  private async releaseOverrides(pass: Pass, decision: PlanDecision): Promise<void> {
    const { namespace, plan } = pass;
    const names = overridesToRelease({
      plan: plan.metadata.name ?? '',
      phase: decision.status.phase,
      progress: decision.status.stages.flatMap((s) => s.clusters ?? []),
      clusters: [...pass.observed.keys()].flatMap(
        (name) => this.opts.clusters.get({ namespace, name }) ?? [],
      ),
    });
    for (const name of names) {
      await this.opts.annotator.remove(
        namespace,
        { kind: 'ManagedCluster', name, keys: [Annotation.PowerOverride] },
        pass.signal,
      );
      this.ctx.logger.info({ plan: plan.metadata.name, cluster: name }, 'power override removed');
      await this.ctx.events.event(
        plan,
        {
          type: EventType.Normal,
          reason: PlanEventReason.ReleasedPowerOverride,
          message: `cluster ${name}: removed ${Annotation.PowerOverride}; it runs or stops by its spec and schedule again`,
        },
        pass.signal,
      );
    }
  }

  /**
   * After abort: asks the replacements the plan started to roll back, and releases the NodePools whose
   * replacement ended (rolled back, or finished too late) from the annotations the plan set.
   */
  private async rollBackReplacements(pass: Pass): Promise<void> {
    const { namespace, plan } = pass;
    const name = plan.metadata.name ?? '';
    const pools = this.opts.pools.list(namespace).filter((p) => pass.observed.has(p.spec.clusterRef.name));
    for (const request of rollbackRequests(name, pools)) {
      await this.opts.annotator.annotate(namespace, request, pass.signal);
      this.ctx.logger.info({ plan: name, pool: request.name }, 'replacement rollback asked');
      await this.ctx.events.event(
        plan,
        {
          type: EventType.Normal,
          reason: PlanEventReason.AbortedReplacement,
          message: `node pool ${request.name}: asked its blue/green replacement to roll back (${Annotation.AbortReplacement}=${name})`,
        },
        pass.signal,
      );
    }
    for (const removal of rollbackReleases(name, pools)) {
      await this.opts.annotator.remove(namespace, removal, pass.signal);
      await this.ctx.events.event(
        plan,
        {
          type: EventType.Normal,
          reason: PlanEventReason.ReleasedNodePool,
          message: `node pool ${removal.name}: its replacement ended; removed ${removal.keys.join(', ')}`,
        },
        pass.signal,
      );
    }
  }

  /** Asks for one step through annotations; writes nothing when they are in place already. */
  private async act(pass: Pass, action: StartStep): Promise<void> {
    const { namespace, plan } = pass;
    const cluster = this.opts.clusters.get({ namespace, name: action.cluster });
    if (!cluster) return;
    const pools = this.opts.pools.list(namespace);
    const request = stepAnnotations({
      plan: plan.metadata.name ?? '',
      cluster,
      poolObject: (name) => pools.find((p) => p.metadata.name === name),
      step: action.step,
      drain: plan.spec.drain,
    });
    if (!request) return;
    const target =
      request.kind === 'ManagedCluster' ? cluster : pools.find((p) => p.metadata.name === request.name);
    if (
      !target ||
      hasAnnotations(target, request.annotations) ||
      wouldLowerTarget(target, request.annotations)
    )
      return;
    await this.opts.annotator.annotate(namespace, request, pass.signal);
    this.ctx.logger.info(
      { plan: plan.metadata.name, cluster: action.cluster, step: describeStep(action.step) },
      'upgrade step asked',
    );
    await this.ctx.events.event(
      plan,
      {
        type: EventType.Normal,
        reason: PlanEventReason.UpgradeStepStarted,
        message: `cluster ${action.cluster} (stage ${action.stage}): ${describeStep(action.step)}`,
      },
      pass.signal,
    );
  }
}

interface PreflightPass {
  ready: StartStep[];
  /** Stopped clusters to start before their step. */
  starts: StartStep[];
  outcomes: Map<string, PreflightOutcome>;
  hasNewBlocker: boolean;
}

function requeue(decision: PlanDecision, outcomes: Map<string, PreflightOutcome>): Result {
  const isWaiting = [...outcomes.values()].some((o) => o.waitMessage !== undefined);
  const after = decision.requeueAfterMs;
  if (isWaiting && after === undefined) return { requeueAfterMs: WAIT_REQUEUE_MS };
  return after === undefined ? {} : { requeueAfterMs: after };
}

/** Look again this soon when a cluster was busy with another operation. */
const WAIT_REQUEUE_MS = 30_000;
