// Runs a blue/green replacement one durable step per pass: create the twin pool at the target version,
// wait for its nodes, pin the old pool's autoscaler and cordon its nodes, drain them through the
// Eviction API in batches, delete the old pool once the twin serves what it ran, then make the twin the
// active pool (recorded in Azure tags too). A twin that fails or vanishes puts the old nodes back in
// service and stalls; an abort asked in time rolls the replacement back (abort.ts). Progress lives in status.blueGreen and status.upgrade; what blocks a drain is named
// in status.upgrade.blockedBy.
import type * as Arm from '@azure/arm-containerservice';
import type { V1Node } from '@kubernetes/client-node';
import {
  EventReason,
  AzureTag,
  BlueGreenPhase,
  NodePoolReason,
  PoolUpgradePhase,
  type NodePool,
  type NodePoolStatus,
  type OperationType,
} from '../../../api/index.js';
import { agentPoolId, type OperationHandle } from '../../../azure/index.js';
import { cordon, isCordonedByDrain, type DrainRuns } from '../../../drain/index.js';
import {
  isAbortError,
  isBlockedError,
  isConflictError,
  isOperationInProgressError,
  isThrottledError,
  isTransientError,
  TransientError,
  type Result,
} from '../../../runtime/index.js';
import type { ControllerContext } from '../../shared/controller-context.js';
import { refusedOperation } from '../../shared/last-operation.js';
import { requestedBy } from '../../shared/requested-by.js';
import type { StatusReport } from '../../shared/status-report.js';
import { OldPoolDrain, reportBlocked, reportUnblocked } from './drain.js';
import type { BlueGreenStep } from './decide.js';
import { nodeName, readBlueGreen, type BlueGreenReads } from './facts.js';
import { markRetry, stall, startRollBack, uncordonOld, type RollBackPass } from './rollback.js';
import { drainTwinBack, isOwnTwin, rolledBack, startAbort, tooLateNote } from './abort.js';
import { recordMovedWorkloads } from './serving.js';
import { activePoolName, twinPoolName } from './names.js';
import { desiredTwin } from './twin.js';
import type { PoolWorkload, PoolWorkloads } from './workload.js';
import type { ExternalNodePool } from '../external.js';
import { satisfies } from '../../shared/kube-version.js';
import { asWorkloadStepBlock, workloadAccessOf } from '../../shared/workload-unreachable.js';

/** Longest wait after recording a phase before acting on it. */
const STEP_REQUEUE_MAX_MS = 1_000;

export interface BlueGreenPass {
  /** The effective NodePool (annotations applied). */
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  ext: ExternalNodePool;
  clusterId: string;
  /** The active (old) pool as observed this pass; undefined when Azure no longer has it. */
  old: Arm.AgentPool | undefined;
  /** The twin pool as observed this pass; undefined when Azure does not have it (or none runs). */
  twin: Arm.AgentPool | undefined;
  /** The old pool's nodes as read this pass, when its phase read them. */
  oldNodes?: V1Node[];
  /** ARM ID of the snapshot named by spec.nodeImage.snapshotRef: the twin is created from it. */
  twinSnapshotId?: string;
  /** The Kubernetes version that snapshot holds. */
  twinSnapshotVersion?: string;
  signal: AbortSignal;
  /** Starts one Azure operation and records it in status.lastOperation. */
  write(
    type: OperationType,
    what: string,
    start: (signal: AbortSignal) => Promise<OperationHandle>,
    reason: string,
  ): Promise<Result>;
}

const PHASE_WORDS: Record<BlueGreenPhase, string> = {
  CreatingTwin: 'creating the twin pool',
  WaitingForTwin: 'waiting for the twin pool and its nodes',
  Cordoning: "pinning the old pool's autoscaler and cordoning its nodes",
  Draining: 'draining the old pool',
  DeletingOld: 'deleting the old pool',
  Completed: 'completed',
  RollingBack: 'putting the old pool back in service',
  DeletingTwin: 'rolling back: deleting the twin pool',
};

/**
 * Errors that say nothing about the twin's body: retried with backoff instead of rolling back. A block
 * outside the spec (a resource lock, a policy, a missing role) passes once it is lifted.
 */
function isRetryable(err: unknown): boolean {
  return (
    isTransientError(err) ||
    isBlockedError(err) ||
    isThrottledError(err) ||
    isOperationInProgressError(err) ||
    isConflictError(err) ||
    isAbortError(err)
  );
}

export class BlueGreenReplacer {
  private readonly drain: OldPoolDrain;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly workload: PoolWorkloads,
    drains: DrainRuns,
  ) {
    this.drain = new OldPoolDrain(ctx, drains);
  }

  /** Ends the pool's drain run, if any: the pool is gone or being deleted. */
  forget(key: { namespace: string; name: string }): Promise<void> {
    return this.drain.stop(key);
  }

  /**
   * Records the start of a replacement; the twin is created in the next pass. (The decision made sure
   * no other pool has the twin's name: such a pool is never adopted.)
   */
  start(pass: BlueGreenPass, targetVersion: string): Result {
    const { np, report } = pass;
    const twin = twinPoolName(np);
    const now = new Date(this.ctx.clock.now()).toISOString();
    report.draft.blueGreen = { twinPoolName: twin, phase: BlueGreenPhase.CreatingTwin, startedAt: now };
    report.draft.upgrade = {
      phase: PoolUpgradePhase.Replacing,
      step: `${PHASE_WORDS.CreatingTwin} ${twin} at ${targetVersion}`,
      startedAt: now,
      targetVersion,
    };
    reportUnblocked(report);
    this.progress(
      pass,
      `replacing agent pool ${activePoolName(np)} by twin pool ${twin} at ${targetVersion}`,
    );
    void this.ctx.events.event(np, {
      type: 'Normal',
      reason: EventReason.BlueGreenStarted,
      message: `replacing agent pool ${activePoolName(np)} by a twin pool ${twin} at ${targetVersion}`,
    });
    return { requeueAfterMs: this.stepDelay() };
  }

  /** Takes the step decided for the replacement in progress. */
  async run(pass: BlueGreenPass, step: BlueGreenStep): Promise<Result> {
    try {
      return await this.runStep(pass, step);
    } catch (err: unknown) {
      throw asReplacementError(pass, err);
    }
  }

  /** Reads what the replacement in progress needs to decide its step (see facts.ts). Writes nothing. */
  async read(
    pass: Pick<BlueGreenPass, 'np' | 'ext' | 'clusterId' | 'old' | 'signal'> & { status: NodePoolStatus },
  ): Promise<BlueGreenReads> {
    const twinId = agentPoolId(pass.clusterId, pass.status.blueGreen?.twinPoolName ?? '');
    try {
      return await readBlueGreen({
        np: pass.np,
        status: pass.status,
        old: pass.old,
        observeTwin: (s) => pass.ext.observe(twinId, s),
        open: () => this.open(pass),
        signal: pass.signal,
      });
    } catch (err: unknown) {
      throw asReplacementError(pass, err);
    }
  }

  private async runStep(pass: BlueGreenPass, step: BlueGreenStep): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    if (!bg) return {};
    // A drain runs only while the replacement drains (or drains its twin back): any other step ends it.
    const isDraining =
      (bg.phase === BlueGreenPhase.Draining && step.do === 'drain') || step.do === 'drainTwin';
    if (!isDraining) await this.drain.stop(pass.np);
    return this.act(pass, step);
  }

  private async act(pass: BlueGreenPass, step: BlueGreenStep): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    const upgrade = pass.report.draft.upgrade;
    if (!bg) return {};
    const target = upgrade?.targetVersion ?? pass.np.spec.orchestratorVersion ?? '';
    switch (step.do) {
      case 'advance':
        if (step.to === BlueGreenPhase.RollingBack) return startRollBack(this.rollBack(pass), step.message);
        bg.phase = step.to;
        this.setStep(pass, `${PHASE_WORDS[step.to]} (${step.message})`);
        return { requeueAfterMs: this.stepDelay() };
      case 'wait':
        this.setStep(pass, `${PHASE_WORDS[bg.phase]}: ${step.message}`);
        return { requeueAfterMs: this.ctx.pollIntervalMs };
      case 'stall':
        return stall(this.rollBack(pass), step);
      case 'createTwin':
        return this.createTwin(pass, target);
      case 'uncordon':
        return uncordonOld(this.rollBack(pass), await this.open(pass), pass.oldNodes);
      case 'tagTwinActive':
        return this.tagTwinActive(pass);
      case 'pinOldAutoscaler':
        return this.pinOldAutoscaler(pass);
      case 'cordon':
        return this.cordonOld(pass);
      case 'drain':
        return this.drainOld(pass);
      case 'deleteOld':
        return this.deleteOld(pass);
      case 'complete':
        return this.complete(pass);
      case 'abort':
        return startAbort(this.rollBack(pass), step.by);
      case 'drainTwin':
        return drainTwinBack({ r: this.rollBack(pass), drain: this.drain, workload: await this.open(pass) });
      case 'deleteTwin':
        return this.deleteTwin(pass);
      case 'rolledBack':
        return rolledBack(this.rollBack(pass));
    }
  }

  private async createTwin(pass: BlueGreenPass, target: string): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    if (!bg) return {};
    // The user's retry is used up once Azure answers it: accepted, or refused for good. A refusal for now
    // (busy, throttled, unavailable) leaves it asked, or the next pass would find the failed twin and stall again.
    const isRetry = bg.phase === BlueGreenPhase.RollingBack;
    const oldName = activePoolName(pass.np);
    const running = pass.old?.currentOrchestratorVersion ?? pass.old?.orchestratorVersion;
    // A snapshot carries its Kubernetes version: the twin comes from it when that is the target's.
    const fromSnapshot =
      target === running ||
      (pass.twinSnapshotVersion !== undefined && satisfies(target, pass.twinSnapshotVersion));
    const snapshotId = fromSnapshot ? pass.twinSnapshotId : undefined;
    const body = desiredTwin(pass.np.spec, pass.old, {
      version: target,
      oldCount: pass.old?.count,
      ...(snapshotId ? { snapshotId } : {}),
    });
    // The old pool still serves: recorded on the twin, so a lost status never takes the twin for it.
    body.tags = { ...body.tags, [AzureTag.ActivePool]: oldName };
    this.setStep(pass, `creating twin pool ${bg.twinPoolName} at ${target} with ${body.count ?? 0} nodes`);
    try {
      const recorded = pass.report.draft.lastOperation;
      const result = await pass.write(
        'Create',
        `creating twin pool ${bg.twinPoolName} at ${target} to replace ${oldName}`,
        (s) => pass.ext.createOrUpdate(this.twinId(pass), body, s),
        NodePoolReason.Replacing,
      );
      // A write that waits for its turn on the cluster (AKS runs one operation at a time) sent nothing
      // and records nothing: the retry is still asked. Azure accepted it once a new operation is recorded.
      if (isRetry && pass.report.draft.lastOperation !== recorded) markRetry(pass.np, pass.report);
      return result;
    } catch (err: unknown) {
      if (isRetryable(err)) throw err;
      if (isRetry) markRetry(pass.np, pass.report);
      // Azure refused the twin outright: recorded as its failure; the next pass rolls back and stalls.
      const now = this.ctx.clock.now();
      const generation = pass.np.metadata.generation ?? 0;
      const requested = requestedBy(pass.np);
      pass.report.draft.lastOperation = {
        ...refusedOperation('Create', generation, now, err),
        ...(requested ? { requestedBy: requested } : {}),
      };
      const message = err instanceof Error ? err.message : String(err);
      return startRollBack(this.rollBack(pass), `Azure refused twin pool ${bg.twinPoolName}: ${message}`);
    }
  }

  /** The old pool is gone: the twin's tags say it serves now, before status does. */
  private tagTwinActive(pass: BlueGreenPass): Promise<Result> {
    const bg = pass.report.draft.blueGreen as NonNullable<NodePoolStatus['blueGreen']>;
    const twinId = this.twinId(pass);
    const twin = pass.twin;
    return pass.write(
      'Update',
      `recording twin pool ${bg.twinPoolName} as the active pool in its tags`,
      async (s) => {
        if (!twin) throw new Error(`cannot tag twin pool ${bg.twinPoolName}: Azure no longer has it`);
        const body: Arm.AgentPool = {
          ...twin,
          tags: { ...twin.tags, [AzureTag.ActivePool]: bg.twinPoolName },
        };
        return pass.ext.createOrUpdate(twinId, body, s);
      },
      NodePoolReason.Replacing,
    );
  }

  private pinOldAutoscaler(pass: BlueGreenPass): Promise<Result> {
    const old = pass.old as Arm.AgentPool;
    const body: Arm.AgentPool = { ...old, enableAutoScaling: false, count: old.count };
    delete body.minCount;
    delete body.maxCount;
    const name = activePoolName(pass.np);
    this.setStep(pass, `turning the autoscaler of ${name} off at ${old.count ?? 0} nodes`);
    return pass.write(
      'Scale',
      `turning the autoscaler of old pool ${name} off at ${old.count ?? 0} nodes before cordoning it`,
      (s) => pass.ext.createOrUpdate(this.oldId(pass), body, s),
      NodePoolReason.Replacing,
    );
  }

  private async cordonOld(pass: BlueGreenPass): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    if (!bg) return {};
    const workload = await this.open(pass);
    const at = new Date(this.ctx.clock.now()).toISOString();
    const ours = new Set(bg.cordonedNodes ?? []);
    const nodes = pass.oldNodes ?? (await workload.poolNodes(activePoolName(pass.np), pass.signal));
    for (const node of nodes) {
      const result = await cordon(workload.drain, nodeName(node), { at }, pass.signal);
      if (result.changed || isCordonedByDrain(node)) ours.add(nodeName(node));
      // Once cordoned no pod lands here: what it runs now is what the twin must serve before deletion.
      await recordMovedWorkloads(workload, node, pass.signal);
    }
    bg.cordonedNodes = [...ours].sort();
    this.setStep(pass, `cordoned ${ours.size} nodes of the old pool`);
    void this.ctx.events.event(pass.np, {
      type: 'Normal',
      reason: EventReason.CordonedNodes,
      message: `cordoned the nodes of old pool ${activePoolName(pass.np)}: ${bg.cordonedNodes.join(', ')}`,
    });
    return { requeueAfterMs: this.stepDelay() };
  }

  private async drainOld(pass: BlueGreenPass): Promise<Result> {
    const { np, report } = pass;
    const bg = report.draft.blueGreen;
    if (!bg) return {};
    const workload = await this.open(pass);
    const result = await this.drain.pass({ np, workload, signal: pass.signal });
    if (result.isDone) {
      reportUnblocked(report);
      bg.phase = BlueGreenPhase.DeletingOld;
      const left = result.quarantined.map((r) => r.node);
      const how =
        left.length > 0
          ? `${result.nodes - left.length} old nodes drained; ${left.join(', ')} left cordoned with pods after the drain timeout (onTimeout CordonOnly)`
          : `all ${result.nodes} old nodes drained`;
      this.setStep(pass, `${PHASE_WORDS.DeletingOld} (${how})`);
      return { requeueAfterMs: this.stepDelay() };
    }
    const { draining, isMoving } = result;
    if (!reportBlocked({ ctx: this.ctx, np, report, draining, isMoving })) {
      reportUnblocked(report);
      const names = result.draining.map((r) => r.node).join(', ');
      if (result.draining.length === 0) {
        this.setStep(
          pass,
          `soaking ${Math.ceil(result.soakLeftMs / 1000)}s before draining the next old nodes`,
        );
        return { requeueAfterMs: result.requeueAfterMs };
      }
      this.setStep(pass, `draining old nodes ${names} (batches of ${result.batch} of ${result.nodes} nodes)`);
    }
    return { requeueAfterMs: result.requeueAfterMs };
  }

  private async deleteOld(pass: BlueGreenPass): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    const oldName = activePoolName(pass.np);
    // Only the pool this replacement replaces is ever deleted, never its twin.
    if (!bg || oldName.toLowerCase() === bg.twinPoolName.toLowerCase()) {
      throw new Error(`refusing to delete agent pool ${oldName}: it is the twin of the replacement`);
    }
    this.setStep(pass, `deleting old pool ${oldName}`);
    const id = this.oldId(pass);
    const handle = await pass.ext.delete(id, pass.signal);
    if (!handle) return { requeueAfterMs: this.stepDelay() };
    return pass.write(
      'Delete',
      `deleting old pool ${oldName}; twin pool ${bg.twinPoolName} takes over`,
      async () => handle,
      NodePoolReason.Replacing,
    );
  }

  /** Rolling back on request: deletes the drained twin, only ever this NodePool's own. */
  private async deleteTwin(pass: BlueGreenPass): Promise<Result> {
    const bg = pass.report.draft.blueGreen;
    if (!bg) return {};
    const twin = pass.twin;
    if (!twin) return { requeueAfterMs: this.stepDelay() };
    if (!isOwnTwin(pass.np, twin))
      throw new Error(`refusing to delete agent pool ${bg.twinPoolName}: it is not this NodePool's twin`);
    this.setStep(pass, `rolling back: deleting twin pool ${bg.twinPoolName}`);
    const handle = await pass.ext.delete(this.twinId(pass), pass.signal);
    if (!handle) return { requeueAfterMs: this.stepDelay() };
    return pass.write(
      'Delete',
      `deleting twin pool ${bg.twinPoolName}; ${activePoolName(pass.np)} serves on (rolled back on request)`,
      async () => handle,
      NodePoolReason.RollingBackReplacement,
    );
  }

  private complete(pass: BlueGreenPass): Result {
    const { np, report } = pass;
    const bg = report.draft.blueGreen;
    if (!bg) return {};
    const old = activePoolName(np);
    report.draft.activePoolName = bg.twinPoolName;
    delete report.draft.blueGreen;
    const upgrade = report.draft.upgrade;
    const late = tooLateNote(np, report.draft);
    report.draft.upgrade = {
      phase: PoolUpgradePhase.Succeeded,
      step: `replaced agent pool ${old} by ${bg.twinPoolName}${late ? ` (${late})` : ''}`.slice(0, 256),
      ...(upgrade?.startedAt ? { startedAt: upgrade.startedAt } : {}),
      ...(upgrade?.targetVersion ? { targetVersion: upgrade.targetVersion } : {}),
    };
    this.progress(pass, `twin pool ${bg.twinPoolName} is now the active pool`);
    void this.ctx.events.event(np, {
      type: 'Normal',
      reason: EventReason.BlueGreenCompleted,
      message: `replaced agent pool ${old} by ${bg.twinPoolName}`,
    });
    if (late)
      void this.ctx.events.event(np, {
        type: 'Warning',
        reason: NodePoolReason.AbortTooLate,
        message: `${late}: ${bg.twinPoolName} replaced ${old}`,
      });
    return { requeueAfterMs: this.stepDelay() };
  }

  private rollBack(pass: BlueGreenPass): RollBackPass {
    return {
      ctx: this.ctx,
      np: pass.np,
      report: pass.report,
      setStep: (step) => this.setStep(pass, step),
      stepDelayMs: this.stepDelay(),
      signal: pass.signal,
    };
  }

  private setStep(pass: BlueGreenPass, step: string): void {
    const upgrade = pass.report.draft.upgrade;
    if (upgrade) upgrade.step = step.slice(0, 256);
    this.progress(pass, step);
  }

  private progress(pass: BlueGreenPass, message: string): void {
    const isAborting = pass.report.draft.blueGreen?.abortedBy !== undefined;
    const reason = isAborting ? NodePoolReason.RollingBackReplacement : NodePoolReason.Replacing;
    pass.report.progress({ state: 'reconciling', reason, message });
  }

  private stepDelay(): number {
    return Math.min(this.ctx.pollIntervalMs, STEP_REQUEUE_MAX_MS);
  }

  private twinId(pass: BlueGreenPass): string {
    return agentPoolId(pass.clusterId, pass.report.draft.blueGreen?.twinPoolName ?? '');
  }

  private oldId(pass: BlueGreenPass): string {
    return agentPoolId(pass.clusterId, activePoolName(pass.np));
  }

  private async open(pass: Pick<BlueGreenPass, 'ext' | 'clusterId' | 'signal'>): Promise<PoolWorkload> {
    const kc = await pass.ext.workloadClusters.open(pass.clusterId, pass.signal);
    if (!kc)
      throw new TransientError(`cannot reach the workload cluster ${pass.clusterId}: Azure no longer has it`);
    return this.workload.open(kc);
  }
}

/** The workload cluster's refusal or a private API server out of reach stalls naming its cause. */
function asReplacementError(pass: Pick<BlueGreenPass, 'np' | 'ext' | 'clusterId'>, err: unknown): unknown {
  return asWorkloadStepBlock(
    pass.np.spec.clusterRef.name,
    workloadAccessOf(pass.ext.workloadClusters, pass.clusterId),
    err,
  );
}
