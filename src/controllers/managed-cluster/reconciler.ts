// ManagedCluster reconciler: observe the Azure cluster, compare it with the spec (and the power
// schedule), make at most one Azure write, and report. Operations are never awaited: the one in flight
// is kept in status.lastOperation and polled once per pass, so a restarted operator resumes it.
import type * as Arm from '@azure/arm-containerservice';
import {
  EventReason,
  DriftPolicy,
  Kind,
  ManagedClusterConditionType,
  ManagedClusterReason,
  type ManagedCluster,
  type ManagedClusterStatus,
  type OperationType,
  type UpgradePlan,
} from '../../api/index.js';
import type { AzureArm, OperationHandle, OperationOutcome } from '../../azure/index.js';
import {
  InvalidSpecError,
  isInvalidSpecError,
  type CustomObjectClient,
  type ObjectKey,
  type Reconciler,
  type Result,
  type StatusWriter,
} from '../../runtime/index.js';
import { checkAdoptionSubscription, type AzureAccess } from '../shared/azure-access.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { effectiveDeletionPolicy } from '../shared/deletion-policy.js';
import { OLD_CLUSTER_DEFAULTS, withoutUndeclaredDefaults } from '../shared/old-defaults.js';
import {
  changeHeldProgress,
  changeHold,
  holdsWrite,
  livePlans,
  type ChangeHold,
} from '../shared/change-hold.js';
import { carryAppliedGeneration, effectiveDriftPolicy, isSpecApplied } from '../shared/drift.js';
import { describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { isStalledByAzure, refusedOperation } from '../shared/last-operation.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { pollInFlight, settleUntracked } from '../shared/operation-poll.js';
import { reconcileManaged } from '../shared/managed-reconcile.js';
import { requireSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import { isSpecProblem, specProblemError } from '../shared/spec-problem.js';
import { startAzureOperation } from '../shared/start-operation.js';
import { StatusReport } from '../shared/status-report.js';
import { describeUpdate, immutableDiffersError, noteRevert, reportInSync } from '../shared/sync-outcome.js';
import { claim, claimError, otherHolder, ownerOf, ownerTags, type Claim } from '../shared/ownership.js';
import { ifMatch } from '../shared/if-match.js';
import { anchorResource, sameId } from '../shared/resource-anchor.js';
import { WriteExpectations } from '../shared/write-expectations.js';
import { effectiveCluster } from '../shared/upgrade-target.js';
import { requestedBy } from '../shared/requested-by.js';
import { reportAddressOverlap } from './address-overlap.js';
import { reportClusterCost } from './cluster-cost.js';
import { costObject } from '../shared/cost-report.js';
import { ClusterStatusView } from './cluster-status.js';
import { compareCluster } from './compare.js';
import { decideCluster, type ClusterDecision } from './decide.js';
import {
  clusterResourceId,
  desiredClusterForCreate,
  desiredClusterForUpdate,
  desiredClusterTags,
} from './desired.js';
import { armManagedCluster, type ExternalManagedCluster } from './external.js';
import { ClusterFinalizer } from './finalize.js';
import type { FleetNetworks } from './fleet-networks.js';
import {
  decideMaintenance,
  declaredMaintenance,
  type MaintenanceDecision,
  type MaintenanceFacts,
} from './maintenance.js';
import { planPower, withSchedule } from './power.js';
import { refreshUpgrades } from './upgrades.js';
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
  /** The cluster's fleets, for AddressSpaceOverlap; without it the condition is not reported. */
  fleet?: FleetNetworks;
  /** UpgradePlans: a deleted plan holds no spec change (without the cache, every holder counts). */
  plans?: ObjectCache<UpgradePlan>;
}

export const CLUSTER_CONDITION_TYPES = [
  ManagedClusterConditionType.Ready,
  ManagedClusterConditionType.Reconciling,
  ManagedClusterConditionType.Stalled,
  ManagedClusterConditionType.DriftDetected,
  ManagedClusterConditionType.Running,
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
  private readonly expectations: WriteExpectations;
  private readonly finalizer: ClusterFinalizer;

  constructor(private readonly opts: ManagedClusterReconcilerOptions) {
    this.ctx = opts.ctx;
    this.expectations = new WriteExpectations(opts.ctx.clock);
    this.external = opts.external ?? armManagedCluster;
    this.finalizer = new ClusterFinalizer({
      ctx: opts.ctx,
      objects: opts.objects,
      newReport: (mc) => this.newReport(mc),
      externalFor: (access) => this.external(this.ctx.azure(access)),
      isOwn: (mc, id, observed) => this.claimOf(mc, id, observed).ok,
    });
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const stored = this.opts.clusters.get(key);
    // Gone from the cache: deleted. Azure is only ever deleted through the finalizer.
    if (!stored) {
      this.ctx.cost?.metrics.forget(costObject(Kind.ManagedCluster, key));
      return {};
    }
    // Values the CRD used to default, which the user never declared, are Azure's.
    const mc = withoutUndeclaredDefaults(stored, OLD_CLUSTER_DEFAULTS);
    return reconcileManaged({
      obj: mc,
      objects: this.opts.objects,
      events: this.ctx.events,
      signal,
      expectations: this.expectations,
      finalize: () => this.finalizer.finalize(mc, signal),
      newReport: () => this.newReport(mc),
      sync: (report) => this.syncAndReportRunning(effectiveCluster(mc), report, signal),
    });
  }

  /** The hold of a specChanges UpgradePlan that still exists on the cluster, if any. */
  private changeHold(mc: ManagedCluster): ChangeHold | undefined {
    return changeHold(mc, livePlans(this.opts.plans, mc.metadata.namespace ?? ''));
  }

  private newReport(mc: ManagedCluster): StatusReport<ManagedClusterStatus> {
    return new StatusReport<ManagedClusterStatus>(mc, {
      writer: this.opts.statusWriter,
      now: () => this.ctx.clock.now(),
      conditionTypes: CLUSTER_CONDITION_TYPES,
      onWrite: (obj) => this.expectations.wrote(obj),
    });
  }

  /** The pass, then Running from what status records at its end, whatever the pass concluded. */
  private async syncAndReportRunning(
    mc: ManagedCluster,
    report: StatusReport<ManagedClusterStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    try {
      return await this.sync(mc, report, signal);
    } finally {
      new ClusterStatusView(report).running();
      const fleet = this.opts.fleet;
      if (fleet) await reportAddressOverlap({ fleet, events: this.ctx.events, mc, report, signal });
    }
  }

  private async sync(
    mc: ManagedCluster,
    report: StatusReport<ManagedClusterStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    report.draft.deletionPolicy = effectiveDeletionPolicy(mc);
    carryAppliedGeneration(report.draft, mc);
    const power = planPower(mc, this.ctx.clock.now());
    if (isSpecProblem(power)) throw specProblemError(power);
    report.draft.nextScheduledPowerChange = power.next;
    if (!power.next) delete report.draft.nextScheduledPowerChange;
    const problem = validateCluster(mc);
    if (problem) throw specProblemError(problem);
    const waiting = this.checkCreationSnapshot(mc, report);
    if (waiting) return waiting;
    const access = await this.resolveAccess(mc, signal);
    const ext = this.external(this.ctx.azure(access));
    const anchored = await this.anchor(mc, clusterResourceId(mc, access.subscriptionId), ext, signal);
    if ('result' in anchored) {
      report.discard();
      return anchored.result;
    }
    const pass: Pass = {
      mc,
      report,
      view: new ClusterStatusView(report),
      ext,
      id: anchored.id,
      generation: mc.metadata.generation ?? 0,
      signal,
    };
    let finished: Arm.ManagedCluster | undefined;
    const polled = await pollInFlight({
      obj: mc,
      report,
      poll: async (h, s) => {
        const outcome = await pass.ext.poll(h, s);
        finished = finishedCluster(h, outcome);
        return outcome;
      },
      events: this.ctx.events,
      now: () => this.ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    const observed = finished ?? (await pass.ext.observe(pass.id, signal));
    if (observed) this.requireOwnership(mc, pass.id, observed);
    pass.view.observed(observed, pass.id);
    await reportClusterCost({ ctx: this.ctx, mc, observed, report, signal });
    settleUntracked(report, observed?.provisioningState, this.ctx.clock.now());
    await refreshUpgrades({
      mc,
      observed,
      report,
      ext: pass.ext,
      id: pass.id,
      logger: this.ctx.logger,
      signal,
    });
    const decision = decideCluster({
      observed,
      isAdoption: Boolean(mc.spec.adoption),
      desiredPower: power.desired,
      diffs: observed ? compareCluster(mc.spec, observed) : [],
      isSpecApplied: isSpecApplied(mc.status, pass.generation),
      driftPolicy: effectiveDriftPolicy(mc, mc.spec.driftPolicy ?? DriftPolicy.Revert),
      isStalledByAzure: isStalledByAzure(mc.status, pass.generation, requestedBy(mc)),
    });
    this.ctx.logger.debug({ name: mc.metadata.name, action: decision.action }, 'decided');
    // A specChanges UpgradePlan holds this generation until the cluster's stage opens.
    const hold = holdsWrite(decision.action) ? this.changeHold(mc) : undefined;
    if (hold) report.progress(changeHeldProgress(hold));
    const result = hold ? {} : await this.act(pass, decision, observed);
    return withSchedule(result, power, this.ctx.clock.now());
  }

  /**
   * Before the cluster was ever created, its System pool's snapshot must exist (else stalled) and be
   * Ready (else wait): checked before any Azure call.
   */
  private checkCreationSnapshot(
    mc: ManagedCluster,
    report: StatusReport<ManagedClusterStatus>,
  ): Result | undefined {
    const ref = mc.spec.systemPool?.snapshotRef;
    if (!ref || mc.spec.adoption || mc.status?.azureResourceID) return undefined;
    const found = this.requireSnapshot(mc, ref, report);
    return 'wait' in found ? found.wait : undefined;
  }

  private requireSnapshot(
    mc: ManagedCluster,
    ref: { name: string },
    report: StatusReport<ManagedClusterStatus>,
  ) {
    return requireSnapshot({
      snapshots: this.opts.snapshots,
      namespace: mc.metadata.namespace ?? '',
      ref,
      field: 'spec.systemPool.snapshotRef',
      ...(mc.spec.systemPool?.vmSize ? { vmSize: mc.spec.systemPool.vmSize } : {}),
      report,
      pollIntervalMs: this.ctx.pollIntervalMs,
    });
  }

  /** The recorded ARM ID this pass acts on (see resource-anchor.ts). */
  private async anchor(
    mc: ManagedCluster,
    wanted: string,
    ext: ExternalManagedCluster,
    signal: AbortSignal,
  ): Promise<{ id: string } | { result: Result }> {
    const anchored = await anchorResource({
      obj: mc,
      wanted,
      client: this.opts.objects,
      signal,
      observe: (id, s) => ext.observe(id, s),
      isOwn: (id, observed) => this.claimOf(mc, id, observed).ok,
    });
    if ('id' in anchored) return anchored;
    if (anchored.recorded) this.expectations.wrote(mc);
    return { result: {} };
  }

  private claimOf(mc: ManagedCluster, id: string, observed: Arm.ManagedCluster): Claim {
    const me = ownerOf(mc, Kind.ManagedCluster);
    const holder = otherHolder(this.opts.clusters.list(), mc, id);
    return claim({
      me,
      id,
      tags: observed.tags,
      mayTakeUntagged: Boolean(mc.spec.adoption) || sameId(mc.status?.azureResourceID, id),
      ...(holder ? { otherHolder: ownerOf(holder, Kind.ManagedCluster) } : {}),
      // Pools' owners are not in this controller's cache: a pool-owned name is never taken.
      isLive: (o) =>
        o.kind !== Kind.ManagedCluster ||
        this.opts.clusters.get({ namespace: o.namespace, name: o.name }) !== undefined,
      adoptHint: `create a ManagedCluster with spec.adoption.resourceID: ${id}`,
    });
  }

  /** Stalls the object unless the cluster Azure has at its ID is its own to act on. */
  private requireOwnership(mc: ManagedCluster, id: string, observed: Arm.ManagedCluster): void {
    const c = this.claimOf(mc, id, observed);
    if (!c.ok) throw claimError(c, mc.spec.adoption ? 'spec.adoption.resourceID' : 'metadata.name');
  }

  private async resolveAccess(mc: ManagedCluster, signal: AbortSignal): Promise<AzureAccess> {
    const access = await clusterAccess(this.ctx, mc, signal);
    const adoption = mc.spec.adoption?.resourceID;
    const mismatch = adoption ? checkAdoptionSubscription(adoption, access) : undefined;
    if (mismatch) throw specProblemError(mismatch);
    return access;
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
        noteRevert(this.outcome(pass), d.diffs, d.isRevert);
        return this.write(
          pass,
          'Update',
          `updating tags: ${describeDiffs(d.diffs)}`,
          (s) =>
            pass.ext.updateTags(
              pass.id,
              desiredClusterTags(pass.mc.spec, observed, ownerTags(pass.mc, Kind.ManagedCluster)),
              s,
              ifMatch(observed),
            ),
          d.isRevert ? ManagedClusterReason.RevertingDrift : undefined,
        );
      case 'update': {
        noteRevert(this.outcome(pass), d.diffs, d.isRevert);
        if (!observed) return {};
        const body = desiredClusterForUpdate(pass.mc.spec, observed, ownerTags(pass.mc, Kind.ManagedCluster));
        const what = describeUpdate(d.diffs);
        const reason = d.isRevert ? ManagedClusterReason.RevertingDrift : undefined;
        return this.write(
          pass,
          d.isUpgrade ? 'Upgrade' : 'Update',
          what,
          (s) => pass.ext.createOrUpdate(pass.id, body, s, ifMatch(observed)),
          reason,
        );
      }
      case 'immutableDiffers':
        throw immutableDiffersError(d, ManagedClusterReason.ImmutableFieldDiffers);
      case 'hold':
        return {};
      case 'stopped': {
        // Configurations wait for the start too: one that would be written then is pending as well.
        const m = await this.maintenanceDecision(pass);
        view.drift(d.drift, false);
        view.stopped(m.action === 'put' ? [...d.pending, ...m.diffs] : d.pending, pass.generation);
        return {};
      }
      case 'inSync':
        return this.syncMaintenance(pass, d.drift);
    }
  }

  /**
   * The cluster matches its spec: its declared maintenance configurations next (at most one PUT, which
   * AKS answers synchronously), then in sync with the drift of both.
   */
  private async syncMaintenance(pass: Pass, clusterDrift: FieldDiff[]): Promise<Result> {
    const requested = requestedBy(pass.mc);
    const m = await this.maintenanceDecision(pass);
    if (m.action === 'hold') return {};
    if (m.action === 'inSync') return this.inSync(pass, [...clusterDrift, ...m.drift]);
    const hold = this.changeHold(pass.mc);
    if (hold) {
      pass.report.progress(changeHeldProgress(hold));
      return {};
    }
    noteRevert(this.outcome(pass), m.diffs, m.isRevert);
    try {
      await pass.ext.putMaintenance(pass.id, m.name, m.body, pass.signal);
    } catch (err: unknown) {
      // Recorded as a refused write, so this generation is not sent again (see isStalledByAzure).
      if (isInvalidSpecError(err)) {
        const refused = refusedOperation('Update', pass.generation, this.ctx.clock.now(), err);
        pass.report.draft.lastOperation = requested ? { ...refused, requestedBy: requested } : refused;
      }
      throw err;
    }
    pass.report.progress({
      state: 'reconciling',
      reason: m.isRevert ? ManagedClusterReason.RevertingDrift : ManagedClusterReason.Updating,
      message: `updated maintenance configuration ${m.name}: ${describeDiffs(m.diffs)}`,
    });
    return { requeueAfterMs: this.ctx.pollIntervalMs };
  }

  /** What the declared maintenance configurations need, from what Azure has of each. */
  private async maintenanceDecision(pass: Pass): Promise<MaintenanceDecision> {
    const configs: MaintenanceFacts[] = [];
    for (const c of declaredMaintenance(pass.mc.spec))
      configs.push({ ...c, observed: await pass.ext.observeMaintenance(pass.id, c.name, pass.signal) });
    return decideMaintenance({
      configs,
      isSpecApplied: isSpecApplied(pass.mc.status, pass.generation),
      driftPolicy: effectiveDriftPolicy(pass.mc, pass.mc.spec.driftPolicy ?? DriftPolicy.Revert),
      isStalledByAzure: isStalledByAzure(pass.mc.status, pass.generation, requestedBy(pass.mc)),
    });
  }

  private outcome(pass: Pass) {
    return { obj: pass.mc, report: pass.report, events: this.ctx.events, signal: pass.signal };
  }

  private inSync(pass: Pass, drift: FieldDiff[]): Result {
    const { mc, view } = pass;
    const wasApplied = isSpecApplied(mc.status, pass.generation);
    view.applied(pass.generation);
    reportInSync(this.outcome(pass), drift, {
      upToDate: mc.spec.adoption ? ManagedClusterReason.Adopted : ManagedClusterReason.UpToDate,
      driftFound: ManagedClusterReason.DriftFound,
      upToDateMessage: 'the Azure cluster matches the spec',
    });
    if (!wasApplied && mc.spec.adoption && mc.status?.lastOperation === undefined) {
      void this.ctx.events.event(
        mc,
        {
          type: 'Normal',
          reason: EventReason.AdoptedCluster,
          message: `adopted ${pass.id} without changing it`,
        },
        pass.signal,
      );
    }
    return {};
  }

  private async create(pass: Pass): Promise<Result> {
    const ref = pass.mc.spec.systemPool?.snapshotRef;
    let snapshotId: string | undefined;
    if (ref) {
      const found = this.requireSnapshot(pass.mc, ref, pass.report);
      if ('wait' in found) return found.wait;
      snapshotId = found.snapshotId;
    }
    const body = desiredClusterForCreate(pass.mc.spec, {
      ownerTags: ownerTags(pass.mc, Kind.ManagedCluster),
      ...(snapshotId ? { systemPoolSnapshotId: snapshotId } : {}),
    });
    // Create only: a cluster that appeared meanwhile (another object, another tool) answers 412, and the
    // next pass reads whose it is.
    return this.write(pass, 'Create', `creating ${pass.id}`, (s) =>
      pass.ext.createOrUpdate(pass.id, body, s, { ifNoneMatch: '*' }),
    );
  }

  /** Starts one Azure operation, records it in status and comes back when it is worth polling. */
  private write(
    pass: Pass,
    type: OperationType,
    what: string,
    start: (signal: AbortSignal) => Promise<OperationHandle>,
    reason?: string,
  ): Promise<Result> {
    return startAzureOperation({
      ctx: this.ctx,
      obj: pass.mc,
      report: pass.report,
      generation: pass.generation,
      type,
      what,
      id: pass.id,
      start,
      signal: pass.signal,
      ...(reason ? { reason } : {}),
    });
  }
}

/**
 * The cluster a finished create, update or tag change ended with: the operation's last step read it, so
 * the pass observes that read instead of reading the cluster again.
 */
function finishedCluster(handle: OperationHandle, outcome: OperationOutcome): Arm.ManagedCluster | undefined {
  if (outcome.status !== 'Succeeded') return undefined;
  if (handle.kind !== 'managedCluster.put' && handle.kind !== 'managedCluster.patchTags') return undefined;
  const result = outcome.result as Arm.ManagedCluster | undefined;
  return result?.provisioningState ? result : undefined;
}
