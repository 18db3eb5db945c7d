// The drain of a blue/green replacement's old pool: one pass of the drain engine over the next batch
// of old nodes (all nodes cordoned beforehand, evictions only through the Eviction API), and the status
// that says whether it moves or what blocks it.
import type { V1Node } from '@kubernetes/client-node';
import {
  EventReason,
  NodePoolConditionType,
  NodePoolReason,
  PoolUpgradePhase,
  type BlockedBy,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import {
  DRAIN_STARTED_ANNOTATION,
  DrainPhase,
  TimeoutPolicy,
  drainStep,
  renderDrainReport,
  type DrainReport,
} from '../../drain/index.js';
import { ConditionStatus, scaledValue } from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { StatusReport } from '../shared/status-report.js';
import { blockedConditionReason, blockersOf } from './blue-green-blocked.js';
import { activePoolName } from './blue-green-names.js';
import type { PoolWorkload } from './blue-green-workload.js';

/** Set on an old node once drained (ISO time): the batch soak is measured from it. */
export const DRAINED_AT_ANNOTATION = 'aks.lifecycle.dev/drained-at';
/** Longest wait between drain passes, so a relaxed budget is noticed soon. */
export const DRAIN_REQUEUE_MAX_MS = 10_000;
const DRAIN_REQUEUE_MIN_MS = 100;

export interface DrainPassInput {
  np: NodePool;
  clusterId: string;
  workload: PoolWorkload;
  signal: AbortSignal;
}

export interface DrainPassResult {
  /** Every old node is drained (or gone). */
  isDone: boolean;
  /** Old nodes in the workload cluster. */
  nodes: number;
  /** Nodes drained at once. */
  batch: number;
  /** This pass's reports of the nodes still draining. */
  draining: DrainReport[];
  /** Time left before the next node may start (batch soak); 0 when none. */
  soakLeftMs: number;
  requeueAfterMs: number;
}

export class OldPoolDrain {
  /** The last report of each node, for "blocked since" and backoff; lost on restart by design. */
  private readonly reports = new Map<string, DrainReport>();

  constructor(private readonly ctx: ControllerContext) {}

  /**
   * Nodes in name order: drained ones are passed over, the next `batch` not drained get one pass each.
   * A node not started yet waits until batchSoakDurationInMinutes has passed since the last node drained.
   */
  async pass(input: DrainPassInput): Promise<DrainPassResult> {
    const { np, workload, signal } = input;
    const nodes = (await workload.poolNodes(activePoolName(np), signal)).sort((a, b) =>
      nameOf(a).localeCompare(nameOf(b)),
    );
    const settings = np.spec.blueGreen;
    const batch = Math.max(1, scaledValue(settings?.drainBatchSize ?? 1, nodes.length) ?? 1);
    const timeoutMs = (settings?.drainTimeoutInMinutes ?? 30) * 60_000;
    const soakMs = (settings?.batchSoakDurationInMinutes ?? 0) * 60_000;
    const key = (node: string): string => `${input.clusterId.toLowerCase()}/${node}`;
    const nowMs = this.ctx.clock.now();
    let lastDrainedMs = Math.max(
      0,
      ...nodes.map((n) => Date.parse(annotation(n, DRAINED_AT_ANNOTATION) ?? '') || 0),
    );
    const draining: DrainReport[] = [];
    let soakLeftMs = 0;
    let requeueAfterMs = DRAIN_REQUEUE_MAX_MS;
    for (const node of nodes) {
      if (draining.length >= batch) break;
      const name = nameOf(node);
      const hasStarted = annotation(node, DRAIN_STARTED_ANNOTATION) !== undefined;
      if (!hasStarted && soakMs > 0 && lastDrainedMs > 0 && nowMs < lastDrainedMs + soakMs) {
        soakLeftMs = lastDrainedMs + soakMs - nowMs;
        break;
      }
      const previous = this.reports.get(key(name));
      const step = await drainStep(
        name,
        {
          cluster: workload.drain,
          clock: this.ctx.clock,
          timeoutMs,
          onTimeout: TimeoutPolicy.Wait,
          ...(previous ? { previous } : {}),
        },
        signal,
      );
      this.reports.set(key(name), step.report);
      if (step.isDone) {
        if (step.report.phase === DrainPhase.Drained && !annotation(node, DRAINED_AT_ANNOTATION)) {
          // Kept on the node, so the soak is measured from the same instant after a restart.
          const at = new Date(nowMs).toISOString();
          await workload.drain.patchNode(
            name,
            { metadata: { annotations: { [DRAINED_AT_ANNOTATION]: at } } },
            signal,
          );
          lastDrainedMs = nowMs;
          void this.ctx.events.event(np, {
            type: 'Normal',
            reason: EventReason.DrainedNode,
            message: `drained node ${name}`,
          });
        }
        continue;
      }
      draining.push(step.report);
      requeueAfterMs = Math.min(requeueAfterMs, step.requeueAfterMs);
    }
    const isDone = draining.length === 0 && soakLeftMs === 0;
    if (isDone) for (const node of nodes) this.reports.delete(key(nameOf(node)));
    if (soakLeftMs > 0) requeueAfterMs = Math.min(requeueAfterMs, soakLeftMs);
    return {
      isDone,
      nodes: nodes.length,
      batch,
      draining,
      soakLeftMs,
      requeueAfterMs: Math.max(DRAIN_REQUEUE_MIN_MS, requeueAfterMs),
    };
  }
}

const nameOf = (n: V1Node): string => n.metadata?.name ?? '';
const annotation = (n: V1Node, key: string): string | undefined => n.metadata?.annotations?.[key];

/** A drain that has stopped moving: past its timeout, refused or stuck pods, or evictions refused twice in a row. */
export function isStuck(r: DrainReport): boolean {
  return (
    r.phase === DrainPhase.TimedOut ||
    r.phase === DrainPhase.Stalled ||
    r.refused.length > 0 ||
    r.terminating.some((t) => t.isStuck) ||
    (r.blocked.length > 0 && r.passesWithoutProgress >= 1)
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
}

/**
 * When the drain is stuck: status.upgrade Blocked with what blocks it, Reconciling (never Stalled: the
 * drain keeps retrying) and DrainBlocked True with the reason, and a Warning event when the blockers
 * change. Returns whether it is blocked.
 */
export function reportBlocked(input: BlockedInput): boolean {
  const { ctx, np, report } = input;
  const stuck = input.draining.filter(isStuck);
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
    step: `draining the old pool: blocked (${reason})`,
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
      message: `drain of the old pool is blocked by ${names.join(', ')}: ${rendered.message}`.slice(0, 1024),
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
