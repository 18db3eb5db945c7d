// The drain of a blue/green replacement's old pool (or, rolling back on request, of its twin): one
// long-lived run of the drain engine per NodePool (all nodes cordoned beforehand, evictions only through
// the Eviction API, several nodes at once within what every PDB allows), started by the pass that reaches
// the drain and observed by the passes after it; and the status that says whether it moves or what blocks it.
import type { V1Node } from '@kubernetes/client-node';
import {
  DrainRollouts,
  EventReason,
  NodePoolConditionType,
  NodePoolReason,
  PoolUpgradePhase,
  type BlockedBy,
  type NodePool,
  type NodePoolStatus,
} from '../../../api/index.js';
import {
  DrainPhase,
  TimeoutPolicy,
  renderDrainReport,
  type DrainReport,
  type DrainRuns,
} from '../../../drain/index.js';
import { ConditionStatus, TransientError, scaledValue, type ObjectKey } from '../../../runtime/index.js';
import type { ControllerContext } from '../../shared/controller-context.js';
import type { StatusReport } from '../../shared/status-report.js';
import { blockedConditionReason, blockersOf } from './blocked.js';
import { activePoolName } from './names.js';
import type { PoolWorkload } from './workload.js';

export { DRAINED_AT_ANNOTATION } from '../../../drain/index.js';
/**
 * Longest wait between two looks at a running drain: the run wakes the pool itself when its state
 * changes; this only refreshes "blocked since" in the report.
 */
export const DRAIN_RECHECK_MS = 30_000;
/**
 * How long one pass waits for spent budgets before it reports its pods blocked (the run then waits on
 * the watch): long enough that a pass covers many eviction cycles, short enough that a structural block
 * is reported within half a minute (two passes).
 */
const BUDGET_WAIT_MS = 10_000;
/**
 * A drain whose pods keep leaving is paced by its budgets, not blocked: it is reported blocked by them
 * only after this long without any pod leaving.
 */
export const STILL_AFTER_MS = 15_000;

export interface DrainPassInput {
  np: NodePool;
  workload: PoolWorkload;
  /** Agent pool whose nodes drain: the active (old) pool when omitted, the twin when rolling back. */
  pool?: string;
  signal: AbortSignal;
}

export interface DrainPassResult {
  /** Every old node is drained, gone or (CordonOnly) left cordoned. */
  isDone: boolean;
  /** Old nodes in the workload cluster. */
  nodes: number;
  /** Nodes drained at once. */
  batch: number;
  /** The last reports of the nodes still draining. */
  draining: DrainReport[];
  /** Nodes left cordoned with pods after the timeout under CordonOnly. */
  quarantined: DrainReport[];
  /** Time left before the next node may start (batch soak); 0 when none. */
  soakLeftMs: number;
  /** A pod left a node within the last STILL_AFTER_MS: budgets refusing now only pace the drain. */
  isMoving: boolean;
  requeueAfterMs: number;
}

const isFinished = (r: DrainReport): boolean =>
  r.phase === DrainPhase.Drained || r.phase === DrainPhase.NodeNotFound || r.phase === DrainPhase.Quarantined;

export class OldPoolDrain {
  /** The agent pool each owner's run drains, so a run over another pool is never taken for it. */
  private readonly pools = new Map<string, string>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly runs: DrainRuns,
  ) {}

  /**
   * The pool's drain run: started over the old pool's nodes (in name order, `drainBatchSize` at once, a
   * node not started yet waiting batchSoakDurationInMinutes after the last drained) when none runs, else
   * observed. A run that failed is forgotten and its error thrown: the next pass starts a new one.
   */
  async pass(input: DrainPassInput): Promise<DrainPassResult> {
    const { np, workload, signal } = input;
    const owner = ownerOf(np);
    const pool = input.pool ?? activePoolName(np);
    const settings = np.spec.blueGreen;
    if (this.pools.get(keyOf(owner)) !== pool) await this.stop(owner);
    let state = this.runs.get(owner);
    if (!state) {
      this.pools.set(keyOf(owner), pool);
      const nodes = (await workload.poolNodes(pool, signal)).map(nameOf).sort();
      const batch = batchOf(np, nodes.length);
      const onTimeout = onTimeoutOf(np);
      state = this.runs.ensure(owner, () => ({
        nodes,
        options: {
          cluster: workload.drain,
          clock: this.ctx.clock,
          nodeConcurrency: batch,
          timeoutMs: (settings?.drainTimeoutInMinutes ?? 30) * 60_000,
          onTimeout,
          soakMs: (settings?.batchSoakDurationInMinutes ?? 0) * 60_000,
          budgetWaitMs: BUDGET_WAIT_MS,
          allowRollouts: settings?.rollouts === DrainRollouts.Allowed,
        },
        onReport: (report) => this.onReport(np, report),
      }));
    }
    if (state.error !== undefined) {
      const err = state.error;
      await this.runs.stop(owner);
      const message = err instanceof Error ? err.message : String(err);
      throw new TransientError(`cannot drain agent pool ${pool}: ${message}`, { cause: err });
    }
    const nowMs = this.ctx.clock.now();
    const soakLeftMs = state.soakUntilMs !== undefined ? Math.max(0, state.soakUntilMs - nowMs) : 0;
    return {
      isDone: !state.isRunning,
      nodes: state.nodes.length,
      batch: batchOf(np, state.nodes.length),
      draining: state.reports.filter((r) => !isFinished(r)),
      quarantined: state.reports.filter((r) => r.phase === DrainPhase.Quarantined),
      soakLeftMs,
      isMoving: nowMs - state.lastProgressMs < STILL_AFTER_MS,
      requeueAfterMs: soakLeftMs > 0 ? Math.min(DRAIN_RECHECK_MS, soakLeftMs) : DRAIN_RECHECK_MS,
    };
  }

  /** Ends the pool's drain run, if any (what it wrote to the nodes stays). */
  stop(np: NodePool | ObjectKey): Promise<void> {
    const owner = 'metadata' in np ? ownerOf(np) : np;
    this.pools.delete(keyOf(owner));
    return this.runs.stop(owner);
  }

  /** One event per drained or quarantined node, per rolled workload and (Warning) per pod deleted under Force. */
  private onReport(np: NodePool, report: DrainReport): void {
    for (const b of report.blocked.filter((x) => x.rollout?.isRolledNow)) {
      void this.ctx.events.event(np, {
        type: 'Normal',
        reason: EventReason.RolledWorkload,
        message: `rolled ${b.rollout?.workload ?? ''} (rollout restart) because its PDB allows no eviction of pod ${b.pod.namespace}/${b.pod.name} on node ${report.node}; its surge replaces the pod`,
      });
    }
    if (report.phase === DrainPhase.Quarantined) {
      const pods = report.blocked.map((b) => `${b.pod.namespace}/${b.pod.name}`).join(', ');
      void this.ctx.events.event(np, {
        type: 'Warning',
        reason: NodePoolReason.DrainTimeout,
        message: `left node ${report.node} cordoned with pods ${pods} after the drain timeout (onDrainTimeout CordonOnly); the replacement goes on`,
      });
    }
    if (report.phase === DrainPhase.Drained) {
      void this.ctx.events.event(np, {
        type: 'Normal',
        reason: EventReason.DrainedNode,
        message: `drained node ${report.node}`,
      });
    }
    for (const f of report.forced) {
      const bypassed = f.bypassedPdbs.length > 0 ? `, bypassing PDB ${f.bypassedPdbs.join(', ')}` : '';
      void this.ctx.events.event(np, {
        type: 'Warning',
        reason: EventReason.ForceDeletedPod,
        message: `deleted pod ${f.pod.namespace}/${f.pod.name} on node ${report.node} after the drain timed out (onTimeout Force)${bypassed}`,
      });
    }
  }
}

const keyOf = (owner: ObjectKey): string => `${owner.namespace}/${owner.name}`;

function ownerOf(np: NodePool): ObjectKey {
  return { namespace: np.metadata.namespace ?? '', name: np.metadata.name ?? '' };
}

function batchOf(np: NodePool, nodes: number): number {
  return Math.max(1, scaledValue(np.spec.blueGreen?.drainBatchSize ?? 1, nodes) ?? 1);
}

function onTimeoutOf(np: NodePool): TimeoutPolicy {
  return np.spec.blueGreen?.onDrainTimeout ?? TimeoutPolicy.Wait;
}

const nameOf = (n: V1Node): string => n.metadata?.name ?? '';

/**
 * A drain that has stopped moving: past its timeout, refused or stuck pods, or (while no pod of the whole
 * drain left for STILL_AFTER_MS) evictions refused twice in a row.
 */
export function isStuck(r: DrainReport, isMoving = false): boolean {
  return (
    r.phase === DrainPhase.TimedOut ||
    r.phase === DrainPhase.Stalled ||
    r.refused.length > 0 ||
    r.terminating.some((t) => t.isStuck) ||
    (!isMoving && r.blocked.length > 0 && r.passesWithoutProgress >= 1)
  );
}

function blockerKey(b: BlockedBy): string {
  return `${b.kind}/${b.namespace ?? ''}/${b.name}/${b.reason}`;
}

export interface BlockedInput {
  ctx: ControllerContext;
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  draining: DrainReport[];
  /** Pods of the drain are still leaving: budgets refusing only pace it. */
  isMoving: boolean;
  /** What drains, in words: the old pool unless said. */
  what?: string;
}

/**
 * When the drain is stuck: status.upgrade Blocked with what blocks it, Reconciling (never Stalled: the
 * drain keeps retrying) and DrainBlocked True with the reason, and a Warning event when the blockers
 * change. Returns whether it is blocked.
 */
export function reportBlocked(input: BlockedInput): boolean {
  const { ctx, np, report } = input;
  const stuck = input.draining.filter((r) => isStuck(r, input.isMoving));
  const blockers = blockersOf(stuck);
  const first = stuck[0];
  if (blockers.length === 0 || !first) return false;
  const upgrade = report.draft.upgrade;
  const before = (upgrade?.blockedBy ?? []).map(blockerKey).sort().join(',');
  const after = blockers.map(blockerKey).sort().join(',');
  const rendered = renderDrainReport(first, ctx.clock.now());
  const reason = blockedConditionReason(blockers);
  report.draft.upgrade = {
    ...(upgrade ?? { phase: PoolUpgradePhase.Blocked }),
    phase: PoolUpgradePhase.Blocked,
    step: `draining ${input.what ?? 'the old pool'}: blocked (${reason})`,
    blockedBy: blockers,
  };
  report.progress({ state: 'reconciling', reason, message: rendered.message });
  report.condition({
    type: NodePoolConditionType.DrainBlocked,
    status: ConditionStatus.True,
    reason,
    message: rendered.message,
  });
  if (before !== after) {
    const names = blockers.map(
      (b) => `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} (${b.reason})`,
    );
    void ctx.events.event(np, {
      type: 'Warning',
      reason,
      message:
        `drain of ${input.what ?? 'the old pool'} is blocked by ${names.join(', ')}: ${rendered.message}`.slice(
          0,
          1024,
        ),
    });
  }
  return true;
}

/** The drain moves: upgrade back to Replacing, no blockers, DrainBlocked False. */
export function reportUnblocked(report: StatusReport<NodePoolStatus>): void {
  const upgrade = report.draft.upgrade;
  if (upgrade) {
    upgrade.phase = PoolUpgradePhase.Replacing;
    delete upgrade.blockedBy;
  }
  report.condition({
    type: NodePoolConditionType.DrainBlocked,
    status: ConditionStatus.False,
    reason: NodePoolReason.NotBlocked,
    message: '',
  });
}
