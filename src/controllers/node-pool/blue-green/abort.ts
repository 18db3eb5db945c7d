// Rolling a blue/green replacement back on request (the abort-replacement annotation): recorded once, then
// the old nodes are uncordoned (rollback.ts), the twin's nodes drained back through the same
// drain engine and PDB gating as the forward drain, the twin deleted, and the old pool is the active pool
// again. Only the twin this NodePool created is ever deleted; the old pool never is.
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  AzureTag,
  BlueGreenPhase,
  EventReason,
  Kind,
  NodePoolReason,
  PoolUpgradePhase,
  parseOwnerTag,
  type NodePool,
  type NodePoolStatus,
} from '../../../api/index.js';
import type { Result } from '../../../runtime/index.js';
import { reportBlocked, reportUnblocked, type OldPoolDrain } from './drain.js';
import { activePoolName } from './names.js';
import type { RollBackPass } from './rollback.js';
import type { PoolWorkload } from './workload.js';

/** Records the abort: the replacement rolls back to its end, whatever the annotation does next. */
export function startAbort(r: RollBackPass, by: string): Result {
  const bg = r.report.draft.blueGreen;
  if (!bg) return {};
  const from = bg.phase;
  bg.abortedBy = by;
  bg.phase = BlueGreenPhase.RollingBack;
  reportUnblocked(r.report);
  r.setStep(`rolling back on request (abort-replacement=${by}), from ${from}: uncordoning the old nodes`);
  void r.ctx.events.event(r.np, {
    type: 'Normal',
    reason: EventReason.AbortedReplacement,
    message: `abort-replacement=${by}: rolling back the replacement of ${activePoolName(r.np)} by twin pool ${bg.twinPoolName} (it was ${from}); the old nodes are uncordoned, the twin drained back and deleted`,
  });
  return { requeueAfterMs: r.stepDelayMs };
}

export interface DrainTwinInput {
  r: RollBackPass;
  drain: OldPoolDrain;
  workload: PoolWorkload;
}

/** One look at the drain of the twin's nodes back to the old ones; once done, the twin is deleted next. */
export async function drainTwinBack(input: DrainTwinInput): Promise<Result> {
  const { r, drain, workload } = input;
  const bg = r.report.draft.blueGreen;
  if (!bg) return {};
  const what = `twin pool ${bg.twinPoolName} back to the old pool`;
  const result = await drain.pass({ np: r.np, workload, pool: bg.twinPoolName, signal: r.signal });
  if (result.isDone) {
    reportUnblocked(r.report);
    bg.phase = BlueGreenPhase.DeletingTwin;
    r.setStep(`rolling back: drained the ${result.nodes} nodes of ${what}; deleting the twin`);
    return { requeueAfterMs: r.stepDelayMs };
  }
  const blocked = reportBlocked({
    ctx: r.ctx,
    np: r.np,
    report: r.report,
    draining: result.draining,
    isMoving: result.isMoving,
    what,
  });
  if (!blocked) {
    reportUnblocked(r.report);
    r.setStep(
      `rolling back: draining ${what} (${result.draining.map((d) => d.node).join(', ') || 'next nodes'})`,
    );
  }
  return { requeueAfterMs: result.requeueAfterMs };
}

/**
 * Whether Azure's pool is this replacement's twin, to delete: another name than the active pool's, and
 * (when tagged) owned by this NodePool.
 */
export function isOwnTwin(np: NodePool, twin: Arm.AgentPool): boolean {
  if ((twin.name ?? '').toLowerCase() === activePoolName(np).toLowerCase()) return false;
  const owner = parseOwnerTag(twin.tags?.[AzureTag.Owner]);
  if (!owner) return true;
  return (
    owner.kind.toLowerCase() === Kind.NodePool.toLowerCase() &&
    owner.namespace === np.metadata.namespace &&
    owner.name === np.metadata.name
  );
}

/** The twin is gone: the old pool serves on, the replacement is over, and status and one event say so. */
export function rolledBack(r: RollBackPass): Result {
  const { report } = r;
  const bg = report.draft.blueGreen;
  if (!bg) return {};
  const upgrade = report.draft.upgrade;
  const old = activePoolName(r.np);
  const by = bg.abortedBy ?? '';
  delete report.draft.blueGreen;
  reportUnblocked(report);
  report.draft.upgrade = {
    ...(upgrade ?? {}),
    phase: PoolUpgradePhase.RolledBack,
    step: `rolled back on request (abort-replacement=${by}): twin pool ${bg.twinPoolName} drained and deleted; ${old} serves`.slice(
      0,
      256,
    ),
  };
  delete report.draft.upgrade.blockedBy;
  report.progress({
    state: 'reconciling',
    reason: NodePoolReason.RollingBackReplacement,
    message: `rolled back: ${old} is the active pool again`,
  });
  void r.ctx.events.event(r.np, {
    type: 'Normal',
    reason: EventReason.RolledBackReplacement,
    message: `rolled back the replacement of ${old} on request (abort-replacement=${by}): twin pool ${bg.twinPoolName} drained and deleted, ${old} serves`,
  });
  return { requeueAfterMs: r.stepDelayMs };
}

/** Words for status and the event when an abort came after the old pool's deletion started. */
export function tooLateNote(np: NodePool, status: NodePoolStatus): string | undefined {
  const by = np.metadata.annotations?.[Annotation.AbortReplacement];
  if (by === undefined || status.blueGreen?.abortedBy !== undefined) return undefined;
  return `abort-replacement=${by} came after the old pool's deletion started, so the replacement finished`;
}
