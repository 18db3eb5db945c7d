// NodePoolSnapshot reconciler: resolve the source pool, settle what needs no Azure call (a refused region,
// a source not Ready yet), read the snapshot, decide, make at most one synchronous Azure write, and report
// what the snapshot captured. Steady state is one GET and no write.
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  Kind,
  NodePoolSnapshotConditionType,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  type NodePoolSnapshotStatus,
} from '../../api/index.js';
import { parseResourceId, type AzureArm } from '../../azure/index.js';
import {
  type CustomObjectClient,
  type ObjectKey,
  type Reconciler,
  type Result,
  type StatusWriter,
} from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { reconcileManaged } from '../shared/managed-reconcile.js';
import { accessProblemError } from '../shared/cluster-access.js';
import { isSpecProblem, specProblemError } from '../shared/spec-problem.js';
import { StatusReport } from '../shared/status-report.js';
import {
  claim,
  claimError,
  otherHolder,
  ownerOf,
  ownerTags,
  withOwnerTags,
  type Claim,
} from '../shared/ownership.js';
import { OLD_DELETION_DEFAULT, withoutUndeclaredDefaults } from '../shared/old-defaults.js';
import { recordedId as recordedIdOf, recordId, sameId } from '../shared/resource-anchor.js';
import { compareSnapshot } from './compare.js';
import { decideBeforeAzure, decideSnapshot, describeDecision, type SnapshotDecision } from './decide.js';
import { desiredSnapshot, snapshotResourceId } from './desired.js';
import { armSnapshot, type ExternalSnapshot } from './external.js';
import { SnapshotFinalizer } from './finalize.js';
import { snapshotUsers } from './in-use.js';
import { NodePoolSnapshotReason } from '../../api/index.js';
import { describeCaptured, recordSnapshot } from './snapshot-status.js';
import { resolveSource, type SnapshotSource, type SourceResolution } from './source.js';

export interface NodePoolSnapshotReconcilerOptions {
  ctx: ControllerContext;
  snapshots: ObjectCache<NodePoolSnapshot>;
  pools: ObjectCache<NodePool>;
  clusters: ObjectCache<ManagedCluster>;
  /** Client of the NodePoolSnapshot kind, for finalizers. */
  objects: CustomObjectClient;
  statusWriter: StatusWriter;
  /** The Azure side built from ARM adapters; tests may pass their own. */
  external?: (arm: AzureArm) => ExternalSnapshot;
}

export const SNAPSHOT_CONDITION_TYPES = [
  NodePoolSnapshotConditionType.Ready,
  NodePoolSnapshotConditionType.Reconciling,
  NodePoolSnapshotConditionType.Stalled,
] as const;

/** One pass over one object: what every step reads and writes. */
interface Pass {
  snap: NodePoolSnapshot;
  report: StatusReport<NodePoolSnapshotStatus>;
  id: string;
  ext: ExternalSnapshot;
  observed: Arm.Snapshot | undefined;
  signal: AbortSignal;
}

export class NodePoolSnapshotReconciler implements Reconciler {
  private readonly ctx: ControllerContext;
  private readonly external: (arm: AzureArm) => ExternalSnapshot;
  private readonly finalizer: SnapshotFinalizer;

  constructor(private readonly opts: NodePoolSnapshotReconcilerOptions) {
    this.ctx = opts.ctx;
    this.external = opts.external ?? armSnapshot;
    this.finalizer = new SnapshotFinalizer({
      ctx: opts.ctx,
      objects: opts.objects,
      newReport: (snap) => this.newReport(snap),
      externalFor: (snap, id, source, signal) => this.externalFor(snap, id, source, signal),
      isOwn: (snap, id, observed) => this.claimOf(snap, id, observed).ok,
      users: (snap) => {
        const namespace = snap.metadata.namespace;
        return snapshotUsers({
          name: snap.metadata.name ?? '',
          pools: opts.pools.list(namespace),
          clusters: opts.clusters.list(namespace),
        });
      },
    });
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const stored = this.opts.snapshots.get(key);
    // Gone from the cache: deleted. Azure is only ever deleted through the finalizer.
    if (!stored) return {};
    const snap = withoutUndeclaredDefaults(stored, OLD_DELETION_DEFAULT);
    const resolution = resolveSource(snap, { pools: this.opts.pools, clusters: this.opts.clusters });
    return reconcileManaged({
      obj: snap,
      objects: this.opts.objects,
      events: this.ctx.events,
      signal,
      finalize: () => this.finalizer.finalize(snap, resolution, signal),
      newReport: () => this.newReport(snap),
      sync: (report) => this.sync(snap, resolution, report, signal),
    });
  }

  private newReport(snap: NodePoolSnapshot): StatusReport<NodePoolSnapshotStatus> {
    return new StatusReport<NodePoolSnapshotStatus>(snap, {
      writer: this.opts.statusWriter,
      now: () => this.ctx.clock.now(),
      conditionTypes: SNAPSHOT_CONDITION_TYPES,
    });
  }

  /** The snapshot acts with its own credentials, else its source cluster's, in the snapshot's subscription. */
  private async externalFor(
    snap: NodePoolSnapshot,
    id: string,
    source: SnapshotSource | undefined,
    signal: AbortSignal,
  ): Promise<ExternalSnapshot> {
    const credentialRef = snap.spec.credentialRef ?? source?.credentialRef;
    const access = await this.ctx.access.resolve(
      {
        namespace: snap.metadata.namespace ?? '',
        subscriptionId: parseResourceId(id, 'snapshot').subscriptionId,
        ...(credentialRef ? { credentialRef } : {}),
      },
      signal,
    );
    if (isSpecProblem(access)) throw accessProblemError(access);
    return this.external(this.ctx.azure(access));
  }

  private async sync(
    snap: NodePoolSnapshot,
    resolution: SourceResolution,
    report: StatusReport<NodePoolSnapshotStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    // Taken (status), or at least anchored (annotation) before a create whose answer may have been lost.
    const anchored = recordedIdOf(snap);
    const recordedId = snap.status?.azureResourceID;
    const before = decideBeforeAzure({ spec: snap.spec, resolution, recordedId });
    if (before) return this.settle(snap, report, before);
    const source = resolution.state === 'resolved' ? resolution.source : undefined;
    // decideBeforeAzure waits unless the snapshot is recorded or its source resolved.
    const id = anchored ?? snapshotResourceId(snap, source?.poolId ?? '');
    if (!snap.metadata.annotations?.[Annotation.AzureResourceId]) {
      // Recorded before anything is taken, so the finalizer never has to guess which snapshot is ours.
      report.discard();
      await recordId(this.opts.objects, snap, id, signal);
      return {};
    }
    const ext = await this.externalFor(snap, id, source, signal);
    const observed = await ext.observe(id, signal);
    if (observed) {
      // Snapshots have no If-None-Match: whose a snapshot is, is read from its owner tag before any write.
      const c = this.claimOf(snap, id, observed);
      if (!c.ok) throw claimError(c, 'spec.azureName');
    }
    const sourcePool =
      !observed && !recordedId && source?.kind === 'resourceId'
        ? await ext.observeSource(source.poolId, signal)
        : undefined;
    const decision = decideSnapshot({
      spec: snap.spec,
      observed,
      diffs: observed
        ? compareSnapshot({ spec: snap.spec, observed, source, isRecorded: recordedId !== undefined })
        : [],
      resolution,
      recordedId,
      ...(sourcePool ? { sourcePool } : {}),
    });
    this.ctx.logger.debug({ name: snap.metadata.name, decision: describeDecision(decision) }, 'decided');
    return this.act({ snap, report, id, ext, observed, signal }, decision);
  }

  private claimOf(snap: NodePoolSnapshot, id: string, observed: Arm.Snapshot): Claim {
    const holder = otherHolder(this.opts.snapshots.list(), snap, id);
    return claim({
      me: ownerOf(snap, Kind.NodePoolSnapshot),
      id,
      tags: observed.tags,
      // Snapshots are never adopted; one recorded in status before owner tags existed is this object's.
      mayTakeUntagged: sameId(snap.status?.azureResourceID, id),
      ...(holder ? { otherHolder: ownerOf(holder, Kind.NodePoolSnapshot) } : {}),
      isLive: (o) =>
        o.kind !== Kind.NodePoolSnapshot ||
        this.opts.snapshots.get({ namespace: o.namespace, name: o.name }) !== undefined,
      adoptHint:
        'delete it in Azure or give this NodePoolSnapshot another azureName (snapshots are not adopted)',
    });
  }

  /** Decisions that need no Azure call. */
  private settle(
    snap: NodePoolSnapshot,
    report: StatusReport<NodePoolSnapshotStatus>,
    d: SnapshotDecision,
  ): Result {
    if (d.action === 'refuse') throw specProblemError(d.problem);
    report.progress({
      state: 'reconciling',
      reason: NodePoolSnapshotReason.WaitingForNodePool,
      message: d.action === 'wait' ? d.message : '',
    });
    this.ctx.logger.debug(
      { name: snap.metadata.name, decision: describeDecision(d) },
      'waiting for the source pool',
    );
    // NodePool and ManagedCluster changes also bring the snapshot back; the requeue covers ARM-ID sources.
    return { requeueAfterMs: this.ctx.pollIntervalMs };
  }

  private async act(pass: Pass, d: SnapshotDecision): Promise<Result> {
    switch (d.action) {
      case 'wait':
      case 'refuse':
        return this.settle(pass.snap, pass.report, d);
      case 'create': {
        const created = await pass.ext.create(
          pass.id,
          desiredSnapshot(pass.snap, d, ownerTags(pass.snap, Kind.NodePoolSnapshot)),
          pass.signal,
        );
        return this.done(pass, created, 'CreatedSnapshot', `took snapshot ${pass.id} of ${d.poolId}`);
      }
      case 'updateTags': {
        const tags = withOwnerTags(d.tags, pass.snap, Kind.NodePoolSnapshot);
        const updated = await pass.ext.updateTags(pass.id, tags, pass.signal);
        // Deleted between the read and the write: the next pass sees it gone.
        if (!updated) return { requeueAfterMs: this.ctx.pollIntervalMs };
        return this.done(pass, updated, 'UpdatedSnapshotTags', `replaced the tags of ${pass.id}`);
      }
      case 'inSync':
        return this.done(pass, pass.observed);
    }
  }

  /** Records what Azure holds and reports Ready; with an action, logs it and sends its event. */
  private done(
    pass: Pass,
    snapshot: Arm.Snapshot | undefined,
    eventReason?: string,
    message?: string,
  ): Result {
    const { report } = pass;
    if (snapshot) recordSnapshot(report.draft, snapshot, pass.id);
    report.progress({
      state: 'ready',
      reason: NodePoolSnapshotReason.UpToDate,
      message: describeCaptured(report.draft),
    });
    if (eventReason && message) {
      this.ctx.logger.info({ name: pass.snap.metadata.name, id: pass.id, action: eventReason }, message);
      void this.ctx.events.event(pass.snap, { type: 'Normal', reason: eventReason, message }, pass.signal);
    }
    return {};
  }
}
