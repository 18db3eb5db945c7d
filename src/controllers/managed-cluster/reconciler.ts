// ManagedCluster reconciler: observe the Azure cluster, compare it with the spec (and the power
// schedule), make at most one Azure write, and report. Operations are never awaited: the one in flight
// is kept in status.lastOperation and polled once per pass, so a restarted operator resumes it.
import type * as Arm from '@azure/arm-containerservice';
import {
  FINALIZER,
  ManagedClusterConditionType,
  ManagedClusterReason,
  type ManagedCluster,
  type ManagedClusterStatus,
  type OperationType,
} from '../../api/index.js';
import type { AzureArm, OperationHandle } from '../../azure/index.js';
import {
  ensureFinalizer,
  InvalidSpecError,
  isBeingDeleted,
  isInvalidSpecError,
  type CustomObjectClient,
  type ObjectKey,
  type Reconciler,
  type Result,
  type StatusWriter,
} from '../../runtime/index.js';
import { checkAdoptionSubscription, type AzureAccess } from '../shared/azure-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { effectiveDriftPolicy, isSpecApplied } from '../shared/drift.js';
import { describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { refusedOperation, startedOperation, isStalledByAzure } from '../shared/last-operation.js';
import { RUNNING_REASON, startedEvent } from '../shared/operation-words.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { pollInFlight, settleUntracked } from '../shared/operation-poll.js';
import { reportFailure } from '../shared/report-failure.js';
import { resolveSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import { isSpecProblem, specProblemError } from '../shared/spec-problem.js';
import { StatusReport } from '../shared/status-report.js';
import { ClusterStatusView } from './cluster-status.js';
import { compareCluster } from './compare.js';
import { decideCluster, type ClusterDecision } from './decide.js';
import { clusterResourceId, desiredClusterForCreate, desiredClusterForUpdate } from './desired.js';
import { armManagedCluster, type ExternalManagedCluster } from './external.js';
import { ClusterFinalizer } from './finalize.js';
import { planPower, type PowerPlan } from './power.js';
import { validateCluster } from './validate.js';

export interface ManagedClusterReconcilerOptions {
  ctx: ControllerContext;
  clusters: ObjectCache<ManagedCluster>;
  snapshots?: SnapshotLookup;
  /** Client of the ManagedCluster kind, for finalizers. */
  objects: CustomObjectClient;
  statusWriter: StatusWriter;
  /** The Azure side built from ARM adapters; tests may pass their own. */
  external?: (arm: AzureArm) => ExternalManagedCluster;
}

export const CLUSTER_CONDITION_TYPES = [
  ManagedClusterConditionType.Ready,
  ManagedClusterConditionType.Reconciling,
  ManagedClusterConditionType.Stalled,
  ManagedClusterConditionType.DriftDetected,
] as const;

/** One pass over one object: what every step reads and writes. */
interface Pass {
  mc: ManagedCluster;
  report: StatusReport<ManagedClusterStatus>;
  view: ClusterStatusView;
  ext: ExternalManagedCluster;
  id: string;
  generation: number;
  signal: AbortSignal;
}

export class ManagedClusterReconciler implements Reconciler {
  private readonly ctx: ControllerContext;
  private readonly external: (arm: AzureArm) => ExternalManagedCluster;
  private readonly finalizer: ClusterFinalizer;

  constructor(private readonly opts: ManagedClusterReconcilerOptions) {
    this.ctx = opts.ctx;
    this.external = opts.external ?? armManagedCluster;
    this.finalizer = new ClusterFinalizer({
      ctx: opts.ctx,
      objects: opts.objects,
      newReport: (mc) => this.newReport(mc),
      externalFor: (access) => this.external(this.ctx.azure(access)),
    });
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const mc = this.opts.clusters.get(key);
    // Gone from the cache: deleted. Azure is only ever deleted through the finalizer below.
    if (!mc) return {};
    if (isBeingDeleted(mc)) return this.finalizer.finalize(mc, signal);
    // The patch brings the object back through the watch, with the resourceVersion status writes need.
    if (await ensureFinalizer(this.opts.objects, mc, FINALIZER, signal)) return {};
    const report = this.newReport(mc);
    try {
      return await this.sync(mc, report, signal);
    } catch (err: unknown) {
      reportFailure({ obj: mc, report, err, events: this.ctx.events });
      throw err;
    } finally {
      await report.flush(signal);
    }
  }

  private newReport(mc: ManagedCluster): StatusReport<ManagedClusterStatus> {
    return new StatusReport<ManagedClusterStatus>(mc, {
      writer: this.opts.statusWriter,
      now: () => this.ctx.clock.now(),
      conditionTypes: CLUSTER_CONDITION_TYPES,
    });
  }

  private async sync(
    mc: ManagedCluster,
    report: StatusReport<ManagedClusterStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    const power = planPower(mc, this.ctx.clock.now());
    if (isSpecProblem(power)) throw specProblemError(power);
    report.draft.nextScheduledPowerChange = power.next;
    if (!power.next) delete report.draft.nextScheduledPowerChange;
    const problem = validateCluster(mc);
    if (problem) throw specProblemError(problem);
    const access = await this.resolveAccess(mc, signal);
    const pass: Pass = {
      mc,
      report,
      view: new ClusterStatusView(report),
      ext: this.external(this.ctx.azure(access)),
      id: clusterResourceId(mc, access.subscriptionId),
      generation: mc.metadata.generation ?? 0,
      signal,
    };
    const polled = await pollInFlight({
      obj: mc,
      report,
      poll: (h, s) => pass.ext.poll(h, s),
      events: this.ctx.events,
      now: () => this.ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    const observed = await pass.ext.observe(pass.id, signal);
    pass.view.observed(observed, pass.id);
    settleUntracked(report, observed?.provisioningState, this.ctx.clock.now());
    await this.refreshUpgrades(pass, observed);
    const decision = decideCluster({
      observed,
      isAdoption: Boolean(mc.spec.adoption),
      desiredPower: power.desired,
      diffs: observed ? compareCluster(mc.spec, observed) : [],
      isSpecApplied: isSpecApplied(mc.status?.conditions, pass.generation),
      driftPolicy: effectiveDriftPolicy(mc, mc.spec.driftPolicy),
      isStalledByAzure: isStalledByAzure(mc.status, pass.generation),
    });
    this.ctx.logger.debug({ name: mc.metadata.name, action: decision.action }, 'decided');
    return withSchedule(await this.act(pass, decision, observed), power, this.ctx.clock.now());
  }

  private async resolveAccess(mc: ManagedCluster, signal: AbortSignal): Promise<AzureAccess> {
    const access = await this.ctx.access.resolve(
      {
        namespace: mc.metadata.namespace ?? '',
        ...(mc.spec.credentialRef ? { credentialRef: mc.spec.credentialRef } : {}),
        ...(mc.spec.subscriptionId ? { subscriptionId: mc.spec.subscriptionId } : {}),
      },
      signal,
    );
    if (isSpecProblem(access)) throw specProblemError(access);
    const adoption = mc.spec.adoption?.resourceID;
    const mismatch = adoption ? checkAdoptionSubscription(adoption, access) : undefined;
    if (mismatch) throw specProblemError(mismatch);
    return access;
  }

  /** availableUpgrades is read again only when the running version changed (steady state reads nothing more). */
  private async refreshUpgrades(pass: Pass, observed: Arm.ManagedCluster | undefined): Promise<void> {
    const status = pass.mc.status;
    if (!observed?.currentKubernetesVersion) return;
    if (status?.availableUpgrades && status.currentKubernetesVersion === observed.currentKubernetesVersion)
      return;
    try {
      const upgrades = await pass.ext.availableUpgrades(pass.id, pass.signal);
      if (upgrades) pass.report.draft.availableUpgrades = upgrades;
    } catch (err: unknown) {
      // Advisory: a failed read leaves the previous list and is retried on a later pass.
      this.ctx.logger.debug({ err }, 'cannot read the upgrade profile');
    }
  }

  private async act(
    pass: Pass,
    d: ClusterDecision,
    observed: Arm.ManagedCluster | undefined,
  ): Promise<Result> {
    const { report, view } = pass;
    switch (d.action) {
      case 'create':
        return this.create(pass);
      case 'adoptionTargetMissing':
        throw new InvalidSpecError(
          `the cluster named by adoption.resourceID (${pass.id}) does not exist in Azure; correct the ID or remove adoption to create a cluster`,
          { reason: ManagedClusterReason.AdoptionTargetNotFound, field: 'spec.adoption.resourceID' },
        );
      case 'wait':
        report.progress({
          state: 'reconciling',
          reason: ManagedClusterReason.OperationInProgress,
          message: `Azure reports provisioningState ${d.provisioningState}; waiting for that operation to end`,
        });
        return { requeueAfterMs: this.ctx.pollIntervalMs };
      case 'start':
        view.drift([], false);
        return this.write(pass, 'Start', 'starting the stopped cluster', (s) => pass.ext.start(pass.id, s));
      case 'stop':
        view.drift([], false);
        return this.write(pass, 'Stop', 'stopping the cluster', (s) => pass.ext.stop(pass.id, s));
      case 'updateTags':
        this.noteDrift(pass, d.diffs, d.isRevert);
        return this.write(
          pass,
          'Update',
          `updating tags: ${describeDiffs(d.diffs)}`,
          (s) => pass.ext.updateTags(pass.id, pass.mc.spec.tags ?? {}, s),
          d.isRevert ? ManagedClusterReason.RevertingDrift : undefined,
        );
      case 'update': {
        this.noteDrift(pass, d.diffs, d.isRevert);
        if (!observed) return {};
        const body = desiredClusterForUpdate(pass.mc.spec, observed);
        const what = d.diffs.length > 0 ? describeDiffs(d.diffs) : 'retrying after a failed operation';
        const reason = d.isRevert ? ManagedClusterReason.RevertingDrift : undefined;
        return this.write(
          pass,
          d.isUpgrade ? 'Upgrade' : 'Update',
          what,
          (s) => pass.ext.createOrUpdate(pass.id, body, s),
          reason,
        );
      }
      case 'immutableDiffers':
        throw new InvalidSpecError(d.message, {
          reason: 'ImmutableFieldDiffers',
          field: d.diffs[0]?.path ?? 'spec',
        });
      case 'hold':
        return {};
      case 'stopped':
        view.drift(d.drift, false);
        view.stopped();
        return {};
      case 'inSync':
        return this.inSync(pass, d.drift);
    }
  }

  private noteDrift(pass: Pass, diffs: FieldDiff[], isRevert: boolean): void {
    if (isRevert) void this.ctx.events.event(pass.mc, driftEvent(diffs, true), pass.signal);
    pass.view.drift(isRevert ? diffs : [], isRevert);
  }

  private inSync(pass: Pass, drift: FieldDiff[]): Result {
    const { mc, view } = pass;
    const wasReady = view.wasReady(mc, pass.generation);
    if (drift.length > 0 && view.isNewDrift(mc, drift)) {
      void this.ctx.events.event(mc, driftEvent(drift, false), pass.signal);
    }
    view.drift(drift, false);
    const reason =
      drift.length > 0
        ? ManagedClusterReason.DriftFound
        : mc.spec.adoption
          ? ManagedClusterReason.Adopted
          : ManagedClusterReason.UpToDate;
    const message =
      drift.length > 0
        ? `Azure differs from the spec (reported, not reverted): ${describeDiffs(drift)}`
        : 'the Azure cluster matches the spec';
    pass.report.progress({ state: 'ready', reason, message });
    if (!wasReady && mc.spec.adoption && mc.status?.lastOperation === undefined) {
      void this.ctx.events.event(
        mc,
        { type: 'Normal', reason: 'AdoptedCluster', message: `adopted ${pass.id} without changing it` },
        pass.signal,
      );
    }
    return {};
  }

  private async create(pass: Pass): Promise<Result> {
    const ref = pass.mc.spec.systemPool?.snapshotRef;
    let snapshotId: string | undefined;
    if (ref) {
      const resolved = resolveSnapshot(
        this.opts.snapshots,
        pass.mc.metadata.namespace ?? '',
        ref,
        'spec.systemPool.snapshotRef',
      );
      if (isSpecProblem(resolved)) {
        if (!resolved.isWaiting) throw specProblemError(resolved);
        pass.report.progress({ state: 'reconciling', reason: resolved.reason, message: resolved.message });
        return { requeueAfterMs: this.ctx.pollIntervalMs };
      }
      snapshotId = resolved.snapshotId;
    }
    const body = desiredClusterForCreate(
      pass.mc.spec,
      snapshotId ? { systemPoolSnapshotId: snapshotId } : {},
    );
    return this.write(pass, 'Create', `creating ${pass.id}`, (s) =>
      pass.ext.createOrUpdate(pass.id, body, s),
    );
  }

  /** Starts one Azure operation, records it in status and comes back when it is worth polling. */
  private async write(
    pass: Pass,
    type: OperationType,
    what: string,
    start: (signal: AbortSignal) => Promise<OperationHandle>,
    reason?: string,
  ): Promise<Result> {
    let handle: OperationHandle;
    try {
      handle = await start(pass.signal);
    } catch (err: unknown) {
      if (isInvalidSpecError(err))
        pass.report.draft.lastOperation = refusedOperation(type, pass.generation, this.ctx.clock.now(), err);
      throw err;
    }
    pass.report.draft.lastOperation = startedOperation(type, handle, pass.generation);
    pass.report.progress({ state: 'reconciling', reason: reason ?? RUNNING_REASON[type], message: what });
    this.ctx.logger.info(
      { name: pass.mc.metadata.name, operation: type, id: pass.id },
      'started Azure operation',
    );
    void this.ctx.events.event(
      pass.mc,
      { type: 'Normal', reason: startedEvent(type), message: what },
      pass.signal,
    );
    return { requeueAfterMs: this.ctx.pollIntervalMs };
  }
}

function driftEvent(
  diffs: FieldDiff[],
  isRevert: boolean,
): { type: 'Warning'; reason: string; message: string } {
  return {
    type: 'Warning',
    reason: ManagedClusterReason.DriftFound,
    message: `Azure was changed outside the operator: ${describeDiffs(diffs)}${isRevert ? '; reverting to the spec' : '; reported only'}`,
  };
}

/** Comes back at the next scheduled power change when that is sooner than the result asks. */
function withSchedule(result: Result, power: PowerPlan, nowMs: number): Result {
  if (!power.next) return result;
  // A second late so the schedule, read again, sees the change as past.
  const untilNext = Math.max(1000, Date.parse(power.next.at) - nowMs + 1000);
  const after = result.requeueAfterMs === undefined ? untilNext : Math.min(result.requeueAfterMs, untilNext);
  return { requeueAfterMs: after };
}
