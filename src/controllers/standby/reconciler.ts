// Standby reconciler, keyed by the active NodePool (the one whose spec.standby names a pool): observe the
// pools and the workload cluster's Pending pods, decide, make at most one change of phase through
// annotations (never Azure: the NodePool controller applies the standby count), report by Events.
import type { V1Pod } from '@kubernetes/client-node';
import type { ManagedCluster, NodePool } from '../../api/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import { DrainRuns } from '../../drain/index.js';
import {
  EventType,
  isBlockedError,
  type CustomObjectClient,
  type ObjectKey,
  type Reconciler,
  type Result,
} from '../../runtime/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { isRunning } from '../shared/running-condition.js';
import { activeCapacity } from './active-capacity.js';
import { decideStandby, type StandbyDecision } from './decide.js';
import { StandbyDrain } from './drain-standby.js';
import { missingOnStandby, pendingForPool, poolShape, servingPoolName } from './pool-fit.js';
import { annotatedTime, askedCount, StandbyAnnotation, type AnnotationPatch } from './standby-annotations.js';
import type { QuotaUsage } from '../../preflight/index.js';
import { quotaRefusal, standbyHeadroom, type QuotaUsageSource } from './standby-quota.js';
import { Reason, StandbyReason } from '../../api/index.js';
import { standbyProblem } from './standby-ref.js';
import { KubeStandbyWorkloads, type StandbyWorkload, type StandbyWorkloads } from './workload-cluster.js';
import { asWorkloadBlock, workloadAccessOf } from '../shared/workload-unreachable.js';

export interface StandbyReconcilerOptions {
  ctx: ControllerContext;
  pools: ObjectCache<NodePool>;
  clusters: ObjectCache<ManagedCluster>;
  /** Client of the NodePool kind: the annotations are merge patches through it. */
  objects: Pick<CustomObjectClient, 'mergePatch'>;
  workloads?: StandbyWorkloads;
  /** Compute usages, for the quota check ahead of a scale-out; Azure's (as the cluster's identity) when absent. */
  quota?: QuotaUsageSource;
  /** The standby drains this process runs; the controller wakes the pool on their changes. */
  drains?: DrainRuns;
}

/** Shortest and longest wait between looks at the Pending pods. */
const MIN_POLL_MS = 500;
const MAX_POLL_MS = 15_000;
/**
 * Longest wait between two looks at a running standby drain: the drain wakes the pool itself when it
 * reports or evicts, and the pool's own changes wake it; this is only a safety net.
 */
export const DRAIN_RECHECK_MS = 30_000;
const DEFAULT_THRESHOLD_SECONDS = 60;

interface Pass {
  np: NodePool;
  standby: NodePool;
  cluster: ManagedCluster;
  clusterId: string;
  workload: StandbyWorkload;
  pendingPods: V1Pod[];
  thresholdMs: number;
  pollIntervalMs: number;
  signal: AbortSignal;
}

export class StandbyReconciler implements Reconciler {
  private readonly ctx: ControllerContext;
  private readonly workloads: StandbyWorkloads;
  /** Last Warning message per pool and reason: one event per change, not per pass. */
  private readonly warned = new Map<string, string>();
  /** The standby drain of each active pool, running across passes. */
  private readonly drains: StandbyDrain;

  constructor(private readonly opts: StandbyReconcilerOptions) {
    this.ctx = opts.ctx;
    this.workloads = opts.workloads ?? new KubeStandbyWorkloads();
    this.drains = new StandbyDrain(opts.drains ?? new DrainRuns({ clock: opts.ctx.clock }));
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const np = this.opts.pools.get(key);
    if (!np?.spec.standby?.poolRef || np.metadata.deletionTimestamp) {
      await this.drains.stop(key);
      return {};
    }
    const standby = await this.usableStandby(np, signal);
    if (!standby) return {};
    const thresholdMs = (np.spec.standby.pendingPodThresholdSeconds ?? DEFAULT_THRESHOLD_SECONDS) * 1000;
    const pollIntervalMs = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, thresholdMs / 4));
    const pass = await this.observeWarning({ np, standby, thresholdMs, pollIntervalMs, signal });
    if (!pass) return { requeueAfterMs: pollIntervalMs };
    const decision = decideStandby({
      nowMs: this.ctx.clock.now(),
      thresholdMs,
      pollIntervalMs,
      active: activeCapacity(np),
      pending: pendingForPool(pass.pendingPods, poolShape(np)),
      asked: askedCount(standby),
      isStandbyApplied: (standby.status?.nodes?.desired ?? 0) >= askedCount(standby),
      ...times(np),
    });
    this.ctx.logger.debug(
      { namespace: key.namespace, name: key.name, action: decision.action },
      'standby decided',
    );
    return this.act(pass, decision);
  }

  /** The pool named as standby, when it can serve; warns (once per change) when it cannot or differs. */
  private async usableStandby(np: NodePool, signal: AbortSignal): Promise<NodePool | undefined> {
    const name = np.spec.standby?.poolRef?.name ?? '';
    const standby = this.opts.pools.get({ namespace: np.metadata.namespace ?? '', name });
    const problem = standbyProblem(np, standby);
    await this.warnOnce(np, StandbyReason.StandbyPoolInvalid, problem, signal);
    if (problem || !standby) return undefined;
    const missing = missingOnStandby(np, standby);
    const mismatch =
      missing.length > 0
        ? `standby pool ${name} lacks ${missing.join(', ')} of this pool; pods meant for this pool may not fit there`
        : undefined;
    await this.warnOnce(np, StandbyReason.StandbyPoolMismatch, mismatch, signal);
    const refusal = askedCount(standby) > 0 ? quotaRefusal(standby) : undefined;
    await this.warnOnce(np, StandbyReason.StandbyQuotaShortfall, refusal, signal, 'refused');
    return standby;
  }

  /** observe, warning once per cause when the workload cluster cannot be read (the standby reports by events). */
  private async observeWarning(
    o: Omit<Pass, 'cluster' | 'clusterId' | 'workload' | 'pendingPods'>,
  ): Promise<Pass | undefined> {
    const causes = [Reason.WorkloadClusterUnreachable, Reason.PrivateApiServerUnreachable];
    try {
      const pass = await this.observe(o);
      for (const cause of causes) await this.warnOnce(o.np, cause, undefined, o.signal);
      return pass;
    } catch (err: unknown) {
      if (isBlockedError(err) && causes.some((c) => c === err.reason))
        await this.warnOnce(o.np, err.reason, err.message, o.signal);
      throw err;
    }
  }

  /**
   * The cluster and its Pending pods; undefined while the cluster is not provisioned, not running (its
   * Running condition: a cluster stopped as asked is Ready but has no API server to read) or not reachable.
   */
  private async observe(
    o: Omit<Pass, 'cluster' | 'clusterId' | 'workload' | 'pendingPods'>,
  ): Promise<Pass | undefined> {
    const cluster = this.opts.clusters.get({
      namespace: o.np.metadata.namespace ?? '',
      name: o.np.spec.clusterRef.name,
    });
    const clusterId = cluster?.status?.azureResourceID;
    if (!cluster || !clusterId || !isRunning(cluster)) return undefined;
    const arm = this.ctx.azure(await clusterAccess(this.ctx, cluster, o.signal));
    const kc = await arm.workloadClusters.open(clusterId, o.signal);
    if (!kc) return undefined;
    const workload = await this.workloads.open(kc);
    try {
      const pendingPods = await workload.pendingPods(o.signal);
      return { ...o, cluster, clusterId, workload, pendingPods };
    } catch (err: unknown) {
      // A refused credential may have rotated: it is fetched again next time. A refusal or a private API
      // server out of reach stalls naming its cause.
      throw asWorkloadBlock(
        cluster.metadata.name ?? clusterId,
        workloadAccessOf(arm.workloadClusters, clusterId),
        err,
      );
    }
  }

  private async act(pass: Pass, d: StandbyDecision): Promise<Result> {
    const now = new Date(this.ctx.clock.now()).toISOString();
    const { np, pollIntervalMs } = pass;
    switch (d.action) {
      case 'wait':
        return { requeueAfterMs: d.requeueAfterMs };
      case 'scaleOut':
        return this.scaleOut(pass, d);
      case 'markRecovered':
        await this.annotate(np, { [StandbyAnnotation.RecoveredSince]: now }, pass.signal);
        return { requeueAfterMs: pollIntervalMs };
      case 'clearRecovered':
        await this.annotate(np, { [StandbyAnnotation.RecoveredSince]: null }, pass.signal);
        return { requeueAfterMs: pollIntervalMs };
      case 'startDrain':
        await this.annotate(
          np,
          { [StandbyAnnotation.DrainingSince]: now, [StandbyAnnotation.RecoveredSince]: null },
          pass.signal,
        );
        await this.drains.stop(ownerOf(np));
        await this.event(
          np,
          EventType.Normal,
          StandbyReason.DrainingStandby,
          `the pool has all its nodes and no pods wait; draining standby pool ${pass.standby.metadata.name ?? ''}`,
          pass.signal,
        );
        return { requeueAfterMs: 1 };
      case 'drain':
        return this.drain(pass);
      case 'abortDrain': {
        const nodes = await pass.workload.poolNodes(servingPoolName(pass.standby), pass.signal);
        await this.drains.returnNodes(ownerOf(np), nodes, pass.workload.drain, pass.signal);
        await this.annotate(
          np,
          { [StandbyAnnotation.DrainingSince]: null, [StandbyAnnotation.RecoveredSince]: null },
          pass.signal,
        );
        await this.event(np, EventType.Warning, StandbyReason.StandbyDrainAborted, d.message, pass.signal);
        return { requeueAfterMs: pollIntervalMs };
      }
    }
  }

  private async scaleOut(pass: Pass, d: Extract<StandbyDecision, { action: 'scaleOut' }>): Promise<Result> {
    const { np, standby, signal } = pass;
    const asked = askedCount(standby);
    const count = asked + (await this.nodesWithinQuota(pass, d.count - asked));
    if (count <= asked) return { requeueAfterMs: pass.pollIntervalMs };
    // The standby count first: should the second write be lost, the count alone marks the standby in use.
    await this.annotate(standby, { [StandbyAnnotation.Count]: String(count) }, signal);
    if (np.metadata.annotations?.[StandbyAnnotation.ActiveSince] === undefined) {
      const now = new Date(this.ctx.clock.now()).toISOString();
      await this.annotate(np, { [StandbyAnnotation.ActiveSince]: now }, signal);
    }
    const quotaNote = count < d.count ? ` (quota allows ${count} of ${d.count})` : '';
    const message = `${d.message}; standby pool ${standby.metadata.name ?? ''} scaled to ${count}${quotaNote}`;
    await this.event(np, EventType.Normal, StandbyReason.ScaledOutStandby, message, signal);
    return { requeueAfterMs: pass.pollIntervalMs };
  }

  /** Of `add` more nodes, how many the quota has room for (all when quota cannot be read or checked). */
  private async nodesWithinQuota(pass: Pass, add: number): Promise<number> {
    const subscriptionId = tryParseResourceId(pass.clusterId)?.subscriptionId;
    if (!subscriptionId || add <= 0) return Math.max(0, add);
    const source = this.opts.quota ?? (await this.armQuota(pass));
    let usages: QuotaUsage[];
    try {
      usages = await source.list({ subscriptionId, location: pass.cluster.spec.location }, pass.signal);
    } catch (err: unknown) {
      // Capacity comes first: unread quota is Azure's to judge (a refusal shows as QuotaExceeded).
      this.ctx.logger.warn(
        { pool: pass.standby.metadata.name, err: err instanceof Error ? err.message : String(err) },
        'cannot read vCPU quota; scaling the standby out unchecked',
      );
      return add;
    }
    const headroom = standbyHeadroom({
      poolName: pass.standby.metadata.name ?? '',
      vmSize: pass.standby.spec.vmSize,
      addNodes: add,
      usages,
    });
    if (!headroom) return add;
    await this.warnOnce(pass.np, StandbyReason.StandbyQuotaShortfall, headroom.shortfall, pass.signal);
    return headroom.fits;
  }

  /** Compute usages read from Azure as the cluster's identity. */
  private async armQuota(pass: Pass): Promise<QuotaUsageSource> {
    const access = await clusterAccess(this.ctx, pass.cluster, pass.signal);
    return this.ctx.azure(access).computeUsages;
  }

  private async drain(pass: Pass): Promise<Result> {
    const { np, standby, signal } = pass;
    const nodes = await pass.workload.poolNodes(servingPoolName(standby), signal);
    const result = await this.drains.pass({
      owner: ownerOf(np),
      nodes,
      cluster: pass.workload.drain,
      clock: this.ctx.clock,
    });
    const blocked =
      result.blocked.length > 0
        ? `draining standby pool ${standby.metadata.name ?? ''} waits on ${result.blocked.join('; ')}`
        : undefined;
    await this.warnOnce(np, StandbyReason.StandbyDrainBlocked, blocked, signal);
    if (!result.isDone) return { requeueAfterMs: this.drainRecheckMs(pass) };
    // Drained: give the count back (the NodePool controller scales the pool in to its spec), then close.
    await this.annotate(standby, { [StandbyAnnotation.Count]: null }, signal);
    await this.annotate(
      np,
      {
        [StandbyAnnotation.ActiveSince]: null,
        [StandbyAnnotation.DrainingSince]: null,
        [StandbyAnnotation.RecoveredSince]: null,
      },
      signal,
    );
    await this.drains.stop(ownerOf(np));
    await this.event(
      np,
      EventType.Normal,
      StandbyReason.ReleasedStandby,
      `drained ${nodes.length} node(s) of standby pool ${standby.metadata.name ?? ''}; it scales back to its spec`,
      signal,
    );
    return { requeueAfterMs: pass.pollIntervalMs };
  }

  /**
   * While the drain runs, the drain and the pools' changes wake the pool; it only comes back on its own
   * when a Pending pod would reach the threshold (the drain is then aborted), else after DRAIN_RECHECK_MS.
   */
  private drainRecheckMs(pass: Pass): number {
    const oldest = pendingForPool(pass.pendingPods, poolShape(pass.np)).oldestSinceMs;
    if (oldest === undefined) return DRAIN_RECHECK_MS;
    const dueMs = oldest + pass.thresholdMs - this.ctx.clock.now();
    return Math.min(DRAIN_RECHECK_MS, Math.max(MIN_POLL_MS, dueMs));
  }

  private async annotate(np: NodePool, patch: AnnotationPatch, signal: AbortSignal): Promise<void> {
    const key = { namespace: np.metadata.namespace ?? '', name: np.metadata.name ?? '' };
    await this.opts.objects.mergePatch(key, { metadata: { annotations: patch } }, signal);
  }

  private async event(
    np: NodePool,
    type: EventType,
    reason: string,
    message: string,
    signal: AbortSignal,
  ): Promise<void> {
    await this.ctx.events.event(np, { type, reason, message }, signal);
  }

  /**
   * A Warning when `message` is new for this pool, reason and topic; nothing when undefined (and the next
   * message is new again).
   */
  private async warnOnce(
    np: NodePool,
    reason: string,
    message: string | undefined,
    signal: AbortSignal,
    topic = '',
  ): Promise<void> {
    const key = `${poolKey(np)} ${reason} ${topic}`;
    if (message === undefined) {
      this.warned.delete(key);
      return;
    }
    if (this.warned.get(key) === message) return;
    this.warned.set(key, message);
    await this.event(np, EventType.Warning, reason, message, signal);
  }
}

function ownerOf(np: NodePool): ObjectKey {
  return { namespace: np.metadata.namespace ?? '', name: np.metadata.name ?? '' };
}

function poolKey(np: NodePool): string {
  return `${np.metadata.namespace ?? ''}/${np.metadata.name ?? ''}`;
}

function times(np: NodePool): {
  activeSinceMs?: number;
  recoveredSinceMs?: number;
  drainingSinceMs?: number;
} {
  const active = annotatedTime(np, StandbyAnnotation.ActiveSince);
  const recovered = annotatedTime(np, StandbyAnnotation.RecoveredSince);
  const draining = annotatedTime(np, StandbyAnnotation.DrainingSince);
  return {
    ...(active !== undefined ? { activeSinceMs: active } : {}),
    ...(recovered !== undefined ? { recoveredSinceMs: recovered } : {}),
    ...(draining !== undefined ? { drainingSinceMs: draining } : {}),
  };
}
