// NodePool reconciler: wait for the cluster, observe what the pass needs (observe.ts), decide the one
// thing to do (pass-decision.ts, pure), make at most one Azure write, and report (node counts read from
// the workload cluster). The operation in flight is kept in status.lastOperation and polled once per pass.
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  AzureTag,
  DriftPolicy,
  Kind,
  NodePoolConditionType,
  parseOwnerTag,
  NodePoolReason,
  PoolUpgradePhase,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
  type OperationType,
  type UpgradePlan,
} from '../../api/index.js';
import {
  agentPoolId,
  PoolListings,
  type AzureArm,
  type OperationHandle,
  type OperationOutcome,
  type SubnetsArm,
} from '../../azure/index.js';
import {
  InvalidSpecError,
  type CustomObjectClient,
  type ObjectKey,
  type Reconciler,
  type Result,
  type StatusWriter,
} from '../../runtime/index.js';
import { DrainRuns } from '../../drain/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { carryAppliedGeneration, effectiveDriftPolicy, isSpecApplied } from '../shared/drift.js';
import { reportDrift } from '../shared/drift-report.js';
import type { FieldDiff } from '../shared/field-diff.js';
import type { NamespaceReader } from '../shared/namespace-reader.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { changeHeldProgress } from '../shared/change-hold.js';
import { pollInFlight, settleUntracked } from '../shared/operation-poll.js';
import { reconcileManaged } from '../shared/managed-reconcile.js';
import { requireSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import { specProblemError } from '../shared/spec-problem.js';
import { startAzureOperation } from '../shared/start-operation.js';
import { StatusReport } from '../shared/status-report.js';
import { describeUpdate, immutableDiffersError, noteRevert, reportInSync } from '../shared/sync-outcome.js';
import { effectiveDeletionPolicy, isAdopted } from '../shared/deletion-policy.js';
import { OLD_POOL_DEFAULTS, withoutUndeclaredDefaults } from '../shared/old-defaults.js';
import { ifMatch } from '../shared/if-match.js';
import { claim, claimError, otherHolder, ownerOf, type Claim } from '../shared/ownership.js';
import { anchorResource, sameId } from '../shared/resource-anchor.js';
import { isSamePair, withPoolOwnerTags } from './pool-ownership.js';
import { WriteExpectations } from '../shared/write-expectations.js';
import type { WorkloadNodes } from '../shared/workload-nodes.js';
import { effectivePool } from '../shared/upgrade-target.js';
import { requestedBy } from '../shared/requested-by.js';
import { busySibling, ClusterWriteSlots } from '../shared/cluster-write-slots.js';
import { satisfies } from '../shared/kube-version.js';
import { isAtLeast, pinnedSnapshot, recordImageReached } from './node-image.js';
import { LatestImageReads, nodeImagePolicyCondition, policyOf } from './node-image-policy.js';
import { clusterGate } from './cluster-gate.js';
import type { PoolDecision } from './decide.js';
import { BlueGreenReplacer, type BlueGreenPass } from './blue-green/replacer.js';
import { activePoolName } from './blue-green/names.js';
import { recoverActivePool } from './blue-green/recovery.js';
import { KubePoolWorkloads, type PoolWorkloads } from './blue-green/workload.js';
import { desiredPoolForCreate, desiredPoolForUpdate } from './desired.js';
import { armNodePool, type ExternalNodePool } from './external.js';
import { PoolFinalizer } from './finalize.js';
import { observePass } from './observe.js';
import { decidePass, type PassDecision, type PassFacts } from './pass-decision.js';
import { reportPoolCost } from './pool-cost.js';
import { costObject } from '../shared/cost-report.js';
import { PoolStatusView } from './pool-status.js';
import { checkCreationSnapshots, checkCreationVersion } from './pre-checks.js';
import { checkPoolSubnets } from './subnet-check.js';
import { validatePool } from './validate.js';

export interface NodePoolReconcilerOptions {
  ctx: ControllerContext;
  pools: ObjectCache<NodePool>;
  clusters: ObjectCache<ManagedCluster>;
  /** UpgradePlans: a deleted plan holds no spec change (without the cache, every holder counts). */
  plans?: ObjectCache<UpgradePlan>;
  snapshots?: SnapshotLookup;
  /** Client of the NodePool kind, for finalizers. */
  objects: CustomObjectClient;
  statusWriter: StatusWriter;
  nodes?: WorkloadNodes;
  external?: (arm: AzureArm) => ExternalNodePool;
  /** Workload clusters, for blue/green replacements (cordon, drain, twin nodes). */
  workload?: PoolWorkloads;
  /** The drains of blue/green replacements this process runs; the controller wakes the pool on their changes. */
  drains?: DrainRuns;
  /** Whether a namespace is being deleted, for the finalizer; none: never. */
  namespaces?: NamespaceReader;
  /** Least time between two reads of a pool's newest node image (nodeImage.policy Latest): the resync period. */
  latestImageReadIntervalMs?: number;
}

const DEFAULT_LATEST_IMAGE_READ_INTERVAL_MS = 600_000;

export const POOL_CONDITION_TYPES = [
  NodePoolConditionType.Ready,
  NodePoolConditionType.Reconciling,
  NodePoolConditionType.Stalled,
  NodePoolConditionType.DriftDetected,
  NodePoolConditionType.Running,
] as const;

interface Pass {
  np: NodePool;
  cluster: ManagedCluster;
  clusterId: string;
  controlPlaneVersion: string;
  report: StatusReport<NodePoolStatus>;
  view: PoolStatusView;
  ext: ExternalNodePool;
  /** The subnets pools join, read before a create. */
  subnets: SubnetsArm;
  id: string;
  generation: number;
  signal: AbortSignal;
}

export class NodePoolReconciler implements Reconciler {
  private readonly ctx: ControllerContext;
  private readonly external: (arm: AzureArm) => ExternalNodePool;
  private readonly expectations: WriteExpectations;
  private readonly finalizer: PoolFinalizer;
  private readonly blueGreen: BlueGreenReplacer;
  private readonly slots = new ClusterWriteSlots();
  private readonly latestReads: LatestImageReads;
  /** The agent pools of each cluster as its NodePools share them (see pool-listings.ts). */
  private readonly listings: PoolListings;

  constructor(private readonly opts: NodePoolReconcilerOptions) {
    this.ctx = opts.ctx;
    this.expectations = new WriteExpectations(opts.ctx.clock);
    this.listings = new PoolListings({ now: () => opts.ctx.clock.now() });
    this.external = opts.external ?? ((arm) => armNodePool(arm, this.listings));
    this.latestReads = new LatestImageReads(
      opts.latestImageReadIntervalMs ?? DEFAULT_LATEST_IMAGE_READ_INTERVAL_MS,
    );
    this.blueGreen = new BlueGreenReplacer(
      opts.ctx,
      opts.workload ?? new KubePoolWorkloads(),
      opts.drains ?? new DrainRuns({ clock: opts.ctx.clock }),
    );
    this.finalizer = new PoolFinalizer({
      ctx: opts.ctx,
      objects: opts.objects,
      newReport: (np) => this.newReport(np),
      externalFor: (access) => this.external(this.ctx.azure(access)),
      ...(opts.namespaces ? { namespaces: opts.namespaces } : {}),
      isOwn: (np, cluster, id, observed) => this.claimOf({ np, cluster }, id, observed).ok,
    });
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const stored = this.opts.pools.get(key);
    // Gone from the cache: deleted. Azure is only ever deleted through the finalizer.
    if (!stored || stored.metadata.deletionTimestamp) await this.blueGreen.forget(key);
    if (!stored) {
      this.latestReads.forget(`${key.namespace}/${key.name}`);
      this.ctx.cost?.metrics.forget(costObject(Kind.NodePool, key));
      return {};
    }
    // Values the CRD used to default, which the user never declared, are Azure's.
    const np = withoutUndeclaredDefaults(stored, OLD_POOL_DEFAULTS);
    const cluster = this.opts.clusters.get({ namespace: key.namespace, name: np.spec.clusterRef.name });
    return reconcileManaged({
      obj: np,
      objects: this.opts.objects,
      events: this.ctx.events,
      signal,
      expectations: this.expectations,
      finalize: () => this.finalizer.finalize(np, cluster, signal),
      newReport: () => this.newReport(np),
      sync: (report) => this.syncAndReportRunning(effectivePool(np), cluster, report, signal),
    });
  }

  private newReport(np: NodePool): StatusReport<NodePoolStatus> {
    return new StatusReport<NodePoolStatus>(np, {
      writer: this.opts.statusWriter,
      now: () => this.ctx.clock.now(),
      conditionTypes: POOL_CONDITION_TYPES,
      onWrite: (obj) => this.expectations.wrote(obj),
    });
  }

  /** The pass, then Running from what status records at its end, whatever the pass concluded. */
  private async syncAndReportRunning(
    np: NodePool,
    cluster: ManagedCluster | undefined,
    report: StatusReport<NodePoolStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    try {
      return await this.sync(np, cluster, report, signal);
    } finally {
      new PoolStatusView(report).running(cluster);
      await reportPoolCost({ ctx: this.ctx, np, cluster, report, signal });
    }
  }

  private async sync(
    np: NodePool,
    cluster: ManagedCluster | undefined,
    report: StatusReport<NodePoolStatus>,
    signal: AbortSignal,
  ): Promise<Result> {
    const view = new PoolStatusView(report);
    report.draft.deletionPolicy = effectiveDeletionPolicy(np);
    carryAppliedGeneration(report.draft, np);
    const gate = clusterGate(np, cluster);
    if (gate.state === 'stopped') {
      // Met while stopped when the cluster stops as asked and this generation was applied before.
      const isMet = gate.isAsked && isSpecApplied(np.status, np.metadata.generation);
      view.idle(NodePoolReason.ClusterStopped, gate.message, isMet);
      return {};
    }
    if (gate.state !== 'ready') {
      // The cluster's own changes bring the pool back (the controller watches ManagedClusters).
      report.progress({
        state: 'reconciling',
        reason: NodePoolReason.WaitingForCluster,
        message: gate.message,
      });
      return {};
    }
    const problem = validatePool({
      np,
      cluster: gate.cluster,
      siblings: this.opts.pools.list(np.metadata.namespace),
    });
    if (problem) throw specProblemError(problem);
    const policy = nodeImagePolicyCondition(np, gate.cluster);
    if (policy) report.condition(policy);
    else if (!policyOf(np)) report.withoutCondition(NodePoolConditionType.NodeImagePolicy);
    const waiting =
      checkCreationSnapshots({
        np,
        report,
        snapshots: this.opts.snapshots,
        pollIntervalMs: this.ctx.pollIntervalMs,
      }) ?? checkCreationVersion(np, gate.controlPlaneVersion, report);
    if (waiting) return waiting;
    const access = await clusterAccess(this.ctx, gate.cluster, signal);
    const azure = this.ctx.azure(access);
    const ext = withPoolOwnerTags(this.external(azure), np);
    const pass: Pass = {
      np,
      cluster: gate.cluster,
      clusterId: gate.clusterId,
      controlPlaneVersion: gate.controlPlaneVersion,
      report,
      view,
      ext,
      subnets: azure.subnets,
      id: agentPoolId(gate.clusterId, activePoolName(np)),
      generation: np.metadata.generation ?? 0,
      signal,
    };
    let finished: { id: string; pool: Arm.AgentPool } | undefined;
    const polled = await pollInFlight({
      obj: np,
      report,
      poll: async (h, s) => {
        const outcome = await ext.poll(h, s);
        const pool = finishedPool(h, outcome);
        finished = pool ? { id: h.resourceId, pool } : undefined;
        return outcome;
      },
      events: this.ctx.events,
      now: () => this.ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    // No operation of this pool runs any more: its turn on the cluster is over.
    this.slots.release(gate.clusterId, slotKey(np));
    // Status lost (restored, re-created): Azure's tags say which pool serves, never the base name alone.
    // Asked before any wait for a sibling, so the new pools of a cluster share one listing.
    np = await recoverActivePool({ ...pass, nowMs: this.ctx.clock.now() });
    Object.assign(pass, { np, id: agentPoolId(gate.clusterId, activePoolName(np)) });
    // While a sibling's operation runs, AKS would refuse any write of ours: look again after it, and
    // spare Azure the read meanwhile.
    const busy = busySibling(np, this.opts.pools.list(np.metadata.namespace));
    if (busy) return this.waitForSibling(pass, busy.metadata.name ?? 'another pool');
    const anchored = await this.anchor(pass);
    if ('result' in anchored) {
      report.discard();
      return anchored.result;
    }
    pass.id = anchored.id;
    // A pool never seen in Azure can only be created, and not while another pool has the cluster's
    // turn (its operation not yet in the cache): reading it now could change nothing.
    const turn = this.slots.otherHolder(gate.clusterId, slotKey(np), this.ctx.clock.now());
    if (turn && !np.status?.azureResourceID && !np.status?.blueGreen)
      return this.waitForSibling(pass, turn.split('/')[1] ?? 'another pool');
    const facts = await observePass({
      np,
      status: report.draft,
      cluster: gate.cluster,
      clusterId: gate.clusterId,
      controlPlaneVersion: pass.controlPlaneVersion,
      id: pass.id,
      ...(finished && sameId(finished.id, pass.id) ? { finished: finished.pool } : {}),
      ext,
      replacer: this.blueGreen,
      plans: this.opts.plans,
      snapshots: this.opts.snapshots,
      latestReads: this.latestReads,
      driftPolicy: effectiveDriftPolicy(np, gate.cluster.spec.driftPolicy ?? DriftPolicy.Revert),
      isSpecApplied: isSpecApplied(np.status, pass.generation),
      requireOwnership: (observed) => this.requireOwnership(pass, observed),
      nowMs: this.ctx.clock.now(),
      signal,
    });
    const observed = facts.pool.observed;
    // Status shows what Azure has, and an operation it finished untracked, before the decision reads it.
    view.observed(observed, pass.id, activePoolName(np));
    settleUntracked(report, observed?.provisioningState, this.ctx.clock.now());
    const decision = decidePass(facts);
    const step = decision.action === 'replace' ? { step: decision.step.do } : {};
    this.ctx.logger.debug({ name: np.metadata.name, action: decision.action, ...step }, 'decided');
    const result = await this.act(pass, decision, facts);
    if (observed) await this.countNodes(pass, observed);
    return result;
  }

  /**
   * The ARM ID this pass acts on: the recorded one. A pool without one records it first, after checking
   * that what Azure has there is its own to take (an adopted pool is marked so its deletion keeps it).
   * A replacement moving between the pair's two names is not a re-target; any other change stalls.
   */
  private async anchor(pass: Pass): Promise<{ id: string } | { result: Result }> {
    const { np, signal } = pass;
    const anchored = await anchorResource({
      obj: np,
      wanted: pass.id,
      client: this.opts.objects,
      signal,
      observe: (id, s) => pass.ext.observe(id, s),
      isOwn: (id, observed) => this.claimOf(pass, id, observed).ok,
      isOwnMove: (recorded, wanted) => isSamePair(np, recorded, wanted),
      beforeRecord: async (id): Promise<Record<string, string>> => {
        // One listing of the cluster tells its new pools at once which of them exist: no read per pool.
        await pass.ext.sharedPools(pass.clusterId, [], signal);
        const there = await observeUnlessListedAbsent(pass.ext, id, signal);
        if (!there) return {};
        this.requireOwnership(pass, there);
        // A pool it takes without our tag, and never recorded before, is adopted: kept on delete.
        const isAdopting =
          !parseOwnerTag(there.tags?.[AzureTag.Owner]) && !sameId(np.status?.azureResourceID, id);
        return isAdopting ? { [Annotation.Adopted]: 'true' } : {};
      },
    });
    if ('id' in anchored) return anchored;
    if (anchored.recorded) this.expectations.wrote(np);
    return { result: {} };
  }

  private claimOf(pass: Pick<Pass, 'np' | 'cluster'>, id: string, observed: Arm.AgentPool): Claim {
    const { np, cluster } = pass;
    const holder = otherHolder(this.opts.pools.list(), np, id);
    return claim({
      me: ownerOf(np, Kind.NodePool),
      id,
      tags: observed.tags,
      // Pools of an adopted cluster were not created by the operator: a NodePool of their name adopts them.
      mayTakeUntagged: isAdopted(cluster) || isAdopted(np) || sameId(np.status?.azureResourceID, id),
      ...(holder ? { otherHolder: ownerOf(holder, Kind.NodePool) } : {}),
      // The cluster hands its System pool over to a System NodePool that names it.
      ...(np.spec.mode === 'System' ? { handsOver: ownerOf(cluster, Kind.ManagedCluster) } : {}),
      isLive: (o) =>
        (o.kind === Kind.NodePool ? this.opts.pools : this.opts.clusters).get({
          namespace: o.namespace,
          name: o.name,
        }) !== undefined,
      adoptHint:
        "adopt the cluster (a ManagedCluster with spec.adoption) so a NodePool of the pool's name adopts it, " +
        'or, for the System pool the cluster was created with, give the NodePool mode: System',
    });
  }

  /** Stalls the pool unless the agent pool Azure has at its ID is its own to act on. */
  private requireOwnership(pass: Pass, observed: Arm.AgentPool): void {
    const c = this.claimOf(pass, pass.id, observed);
    if (!c.ok) throw claimError(c, 'spec.azureName');
  }

  /** At most one write: the replacement's step, a node-image upgrade, or the agent pool's own decision. */
  private async act(pass: Pass, d: PassDecision, facts: PassFacts): Promise<Result> {
    const { np, report } = pass;
    switch (d.action) {
      case 'observe':
        throw new Error(`cannot decide NodePool ${np.metadata.name ?? ''}: ${d.fact} was not read`);
      case 'held':
        report.progress(changeHeldProgress(d.hold));
        return {};
      case 'blocked':
        if (d.by === 'spec')
          throw new InvalidSpecError(d.message, { reason: d.reason, ...(d.field ? { field: d.field } : {}) });
        report.progress({ state: 'stalled', reason: d.reason, message: d.message });
        return {};
      case 'replace':
        return this.blueGreen.run(this.blueGreenPass(pass, facts), d.step);
      case 'startReplacement':
        return stampRequest(
          np,
          report,
          this.blueGreen.start(this.blueGreenPass(pass, facts), d.targetVersion),
        );
      case 'upgradeNodeImage':
        return this.upgradeNodeImage(pass, d);
      case 'inSync':
        if (d.imageReached) recordImageReached(np, report.draft, d.imageReached);
        return this.inSync(pass, d.drift, facts.pool.observed);
      default:
        return this.actOnPool(pass, d, facts.pool.observed);
    }
  }

  private blueGreenPass(pass: Pass, facts: PassFacts): BlueGreenPass {
    const pinned = facts.image.pinned;
    return {
      np: pass.np,
      report: pass.report,
      ext: pass.ext,
      clusterId: pass.clusterId,
      old: facts.pool.observed,
      twin: facts.blueGreen?.twin,
      ...(facts.blueGreen?.oldNodes ? { oldNodes: facts.blueGreen.oldNodes } : {}),
      ...(pinned ? { twinSnapshotId: pinned.snapshotId } : {}),
      ...(pinned?.kubernetesVersion ? { twinSnapshotVersion: pinned.kubernetesVersion } : {}),
      signal: pass.signal,
      write: (type, what, start, reason) => this.write(pass, type, what, start, reason),
    };
  }

  /** Surge: AKS reimages the pool's nodes in place, to the newest image it offers or the snapshot's. */
  private upgradeNodeImage(pass: Pass, d: { image: string; snapshotId?: string }): Promise<Result> {
    const { np } = pass;
    pass.report.draft.upgrade = {
      phase: PoolUpgradePhase.Upgrading,
      step: `upgrading the node image to ${d.image}`,
      startedAt: new Date(this.ctx.clock.now()).toISOString(),
      ...requestOf(np),
    };
    return this.write(
      pass,
      'UpgradeNodeImage',
      `upgrading the node image of ${activePoolName(np)} to ${d.image}`,
      (s) => pass.ext.upgradeNodeImage(pass.id, s, d.snapshotId),
      NodePoolReason.UpgradingNodeImage,
    );
  }

  private async actOnPool(
    pass: Pass,
    d: Exclude<PoolDecision, { action: 'inSync' }>,
    observed: Arm.AgentPool | undefined,
  ): Promise<Result> {
    const { report } = pass;
    switch (d.action) {
      case 'create':
        return this.create(pass);
      case 'waitForControlPlane':
        report.progress({
          state: 'reconciling',
          reason: NodePoolReason.WaitingForControlPlane,
          message: d.message,
        });
        return {};
      case 'wait': {
        const message = `Azure reports provisioningState ${d.provisioningState}; waiting for that operation to end`;
        // A stop or start the operator did not start, of a pool at its applied generation: its cluster's
        // (AKS marks every pool Stopping before the cluster's status records the stop) or one made
        // outside. Ready stays, as the spec still holds: pools of a cluster stopped as asked do not flap.
        if (POWER_TRANSITIONS.has(d.provisioningState) && isSpecApplied(pass.np.status, pass.generation)) {
          pass.view.busyKeepingReady(NodePoolReason.OperationInProgress, message);
        } else {
          report.progress({ state: 'reconciling', reason: NodePoolReason.OperationInProgress, message });
        }
        return { requeueAfterMs: this.ctx.pollIntervalMs };
      }
      case 'update': {
        if (!observed) return {};
        noteRevert(this.outcome(pass), d.diffs, d.isRevert);
        const body = desiredPoolForUpdate(pass.np.spec, observed, {
          isUpgradeAllowed: d.isUpgradeAllowed,
          ...this.upgradeSnapshot(pass.np, d, observed),
        });
        const what = describeUpdate(d.diffs);
        const reason = d.isRevert ? NodePoolReason.RevertingDrift : undefined;
        return this.write(
          pass,
          d.type,
          what,
          (s) => pass.ext.createOrUpdate(pass.id, body, s, ifMatch(observed)),
          reason,
        );
      }
      case 'immutableDiffers':
        throw immutableDiffersError(d, NodePoolReason.ImmutableFieldDiffers);
      case 'hold':
        return {};
    }
  }

  private outcome(pass: Pass) {
    return { obj: pass.np, report: pass.report, events: this.ctx.events, signal: pass.signal };
  }

  private inSync(pass: Pass, drift: FieldDiff[], observed: Arm.AgentPool | undefined): Result {
    pass.view.applied(pass.generation);
    if (pass.np.spec.powerState === 'Stopped' && observed?.powerState?.code === 'Stopped') {
      reportDrift(pass.report, drift, false);
      pass.view.poolStopped();
      return {};
    }
    reportInSync(this.outcome(pass), drift, {
      upToDate: NodePoolReason.UpToDate,
      driftFound: NodePoolReason.DriftFound,
      upToDateMessage: 'the agent pool matches the spec',
    });
    return {};
  }

  private async create(pass: Pass): Promise<Result> {
    const ref = pass.np.spec.snapshotRef;
    let snapshotId: string | undefined;
    if (ref) {
      const found = requireSnapshot({
        snapshots: this.opts.snapshots,
        namespace: pass.np.metadata.namespace ?? '',
        ref,
        field: 'spec.snapshotRef',
        vmSize: pass.np.spec.vmSize,
        report: pass.report,
        pollIntervalMs: this.ctx.pollIntervalMs,
      });
      if ('wait' in found) return found.wait;
      snapshotId = found.snapshotId;
    }
    const problem = await checkPoolSubnets({
      spec: pass.np.spec,
      cluster: pass.cluster,
      subnets: pass.subnets,
      signal: pass.signal,
    });
    if (problem) throw specProblemError(problem);
    const body = desiredPoolForCreate(pass.np.spec, snapshotId ? { snapshotId } : {});
    // Create only: a pool that appeared meanwhile answers 412, and the next pass reads whose it is.
    return this.write(pass, 'Create', `creating ${pass.id}`, (s) =>
      pass.ext.createOrUpdate(pass.id, body, s, { ifNoneMatch: '*' }),
    );
  }

  private async write(
    pass: Pass,
    type: OperationType,
    what: string,
    start: (signal: AbortSignal) => Promise<OperationHandle>,
    reason?: string,
  ): Promise<Result> {
    // Deletes are started by their callers before they get here; only the writes they start take turns.
    if (type !== 'Delete') {
      const waiting = this.waitForTurn(pass);
      if (waiting) return waiting;
    }
    return startAzureOperation({
      ctx: this.ctx,
      obj: pass.np,
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

  /**
   * A version upgrade to exactly a pinned snapshot's version comes from that snapshot, for its node
   * image too; AKS takes a snapshot only when its image is newer than the pool's (else the version
   * upgrade alone lands on the same image).
   */
  private upgradeSnapshot(np: NodePool, d: PoolDecision, observed: Arm.AgentPool): { snapshotId?: string } {
    if (d.action !== 'update' || d.type !== 'Upgrade' || !np.spec.orchestratorVersion) return {};
    const pinned = pinnedSnapshot(np, this.opts.snapshots);
    if (!pinned?.kubernetesVersion || !satisfies(np.spec.orchestratorVersion, pinned.kubernetesVersion))
      return {};
    const current = observed.nodeImageVersion;
    const isNewerImage =
      pinned.image !== undefined &&
      (!current || (pinned.image !== current && isAtLeast(pinned.image, current)));
    return isNewerImage ? { snapshotId: pinned.snapshotId } : {};
  }

  /** AKS runs one operation per cluster: wait while a sibling pool's operation runs or is starting. */
  private waitForTurn(pass: Pass): Result | undefined {
    const { np } = pass;
    const busy = busySibling(np, this.opts.pools.list(np.metadata.namespace));
    const holder = this.slots.holder(pass.clusterId);
    const key = slotKey(np);
    if (!busy && this.slots.tryAcquire(pass.clusterId, key, this.ctx.clock.now())) return undefined;
    return this.waitForSibling(pass, busy?.metadata.name ?? holder?.split('/')[1] ?? 'another pool');
  }

  private waitForSibling(pass: Pass, other: string): Result {
    pass.report.progress({
      state: 'reconciling',
      reason: NodePoolReason.OperationInProgress,
      message: `waiting for the operation of NodePool ${other} on cluster ${pass.np.spec.clusterRef.name} to end (AKS runs one at a time)`,
    });
    return { requeueAfterMs: this.ctx.pollIntervalMs };
  }

  private async countNodes(pass: Pass, observed: Arm.AgentPool): Promise<void> {
    const nodes = this.opts.nodes;
    const counts = nodes
      ? await nodes.countPoolNodes(
          { clusterId: pass.clusterId, clusters: pass.ext.workloadClusters },
          activePoolName(pass.np),
          pass.signal,
        )
      : undefined;
    pass.view.nodes(observed, counts);
  }
}

/** Provisioning states of a pool being stopped or started, whoever asked. */
const POWER_TRANSITIONS: ReadonlySet<string> = new Set(['Stopping', 'Starting']);

/**
 * The pool, spared the read a shared listing already answers: absent moments ago, not written since
 * (a create is conditional, so a pool made meanwhile answers 412 and is read on the next pass).
 */
async function observeUnlessListedAbsent(
  ext: ExternalNodePool,
  id: string,
  signal: AbortSignal,
): Promise<Arm.AgentPool | undefined> {
  return ext.isListedAbsent(id) ? undefined : ext.observe(id, signal);
}

/**
 * The pool a finished create or update ended with: the operation's last step read it, so the pass
 * observes that read instead of reading the pool again.
 */
function finishedPool(handle: OperationHandle, outcome: OperationOutcome): Arm.AgentPool | undefined {
  if (outcome.status !== 'Succeeded' || handle.kind !== 'agentPool.put') return undefined;
  const result = outcome.result as Arm.AgentPool | undefined;
  return result?.provisioningState ? result : undefined;
}

function requestOf(np: NodePool): { requestedBy?: string } {
  const requested = requestedBy(np);
  return requested ? { requestedBy: requested } : {};
}

/** Marks the upgrade record with the request it serves (an UpgradePlan tells its own upgrade by it). */
function stampRequest(np: NodePool, report: StatusReport<NodePoolStatus>, result: Result): Result {
  const upgrade = report.draft.upgrade;
  if (upgrade) Object.assign(upgrade, requestOf(np));
  return result;
}

const slotKey = (np: NodePool): string => `${np.metadata.namespace ?? ''}/${np.metadata.name ?? ''}`;
