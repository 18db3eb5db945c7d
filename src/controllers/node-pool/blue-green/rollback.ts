// Putting the old pool back in service when a blue/green twin fails or vanishes, and the stalls that
// follow: the drain stops, the old nodes this replacement cordoned are uncordoned (what the drain
// recorded on them cleared), and the NodePool waits for the user (a retry puts the twin again under the
// same name). The old pool is never deleted.
import type { V1Node } from '@kubernetes/client-node';
import {
  EventReason,
  BlueGreenPhase,
  NodePoolReason,
  PoolUpgradePhase,
  type NodePool,
  type NodePoolStatus,
} from '../../../api/index.js';
import { uncordon } from '../../../drain/index.js';
import { getCondition, StandardCondition, type Result } from '../../../runtime/index.js';
import type { ControllerContext } from '../../shared/controller-context.js';
import { requestedBy } from '../../shared/requested-by.js';
import type { StatusReport } from '../../shared/status-report.js';
import type { BlueGreenStep } from './decide.js';
import { DRAINED_AT_ANNOTATION, reportUnblocked } from './drain.js';
import { isOurCordon, nodeName } from './facts.js';
import { activePoolName } from './names.js';
import { MOVED_WORKLOADS_ANNOTATION } from './serving.js';
import type { PoolWorkload } from './workload.js';

export interface RollBackPass {
  ctx: ControllerContext;
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  /** Says the current step in status.upgrade and Reconciling. */
  setStep(step: string): void;
  /** Requeue after a recorded step. */
  stepDelayMs: number;
  signal: AbortSignal;
}

/** Stops the drain and records RollingBack: the old nodes this replacement cordoned go back in service. */
export function startRollBack(r: RollBackPass, why: string): Result {
  const bg = r.report.draft.blueGreen;
  if (!bg) return {};
  bg.phase = BlueGreenPhase.RollingBack;
  reportUnblocked(r.report);
  r.setStep(`putting the old pool back in service: ${why}`);
  const message = `${why}; the old pool ${activePoolName(r.np)} is kept and its nodes uncordoned`;
  void r.ctx.events.event(r.np, {
    type: 'Warning',
    reason: EventReason.BlueGreenRollingBack,
    message: message.slice(0, 1024),
  });
  return { requeueAfterMs: r.stepDelayMs };
}

const hasDrainRecords = (n: V1Node): boolean => {
  const annotations = n.metadata?.annotations ?? {};
  return (
    annotations[DRAINED_AT_ANNOTATION] !== undefined || annotations[MOVED_WORKLOADS_ANNOTATION] !== undefined
  );
};

/** Puts the old nodes back in service; `read` are the old pool's nodes when this pass read them already. */
export async function uncordonOld(r: RollBackPass, workload: PoolWorkload, read?: V1Node[]): Promise<Result> {
  const bg = r.report.draft.blueGreen;
  if (!bg) return {};
  const nodes = read ?? (await workload.poolNodes(activePoolName(r.np), r.signal));
  const done: string[] = [];
  // What the drain recorded first: a later replacement measures its drain and serving anew.
  for (const node of nodes.filter(hasDrainRecords)) {
    const cleared = { [DRAINED_AT_ANNOTATION]: null, [MOVED_WORKLOADS_ANNOTATION]: null };
    await workload.drain.patchNode(nodeName(node), { metadata: { annotations: cleared } }, r.signal);
  }
  for (const node of nodes.filter((n) => isOurCordon(r.report.draft, n))) {
    // The drain's own marks decide: a cordon an administrator set stays.
    await uncordon(workload.drain, nodeName(node), {}, r.signal);
    done.push(nodeName(node));
  }
  delete bg.cordonedNodes;
  r.setStep(`putting the old pool back in service: uncordoned ${done.length} old nodes`);
  if (done.length > 0)
    void r.ctx.events.event(r.np, {
      type: 'Normal',
      reason: EventReason.UncordonedNodes,
      message: `uncordoned the nodes of old pool ${activePoolName(r.np)}: ${done.join(', ')}`,
    });
  return { requeueAfterMs: r.stepDelayMs };
}

/** The user asked again after a stall: the twin is put again, and a new stall needs a new request. */
export function markRetry(np: NodePool, report: StatusReport<NodePoolStatus>): void {
  const bg = report.draft.blueGreen;
  const upgrade = report.draft.upgrade;
  if (!bg) return;
  bg.phase = BlueGreenPhase.CreatingTwin;
  delete bg.stalledGeneration;
  if (!upgrade) return;
  upgrade.phase = PoolUpgradePhase.Replacing;
  const requested = requestedBy(np);
  if (requested) upgrade.requestedBy = requested;
  else delete upgrade.requestedBy;
}

/** Stopped until the user answers: the old pool stays, the condition and one event say why. */
export function stall(r: RollBackPass, step: Extract<BlueGreenStep, { do: 'stall' }>): Result {
  const { np, report } = r;
  const before = getCondition(report.draft.conditions, StandardCondition.Stalled);
  const upgrade = report.draft.upgrade;
  const isNotServing = step.reason === NodePoolReason.ReplacementNotServing;
  if (upgrade) {
    upgrade.phase = isNotServing ? PoolUpgradePhase.Blocked : PoolUpgradePhase.Failed;
    upgrade.step = step.message.slice(0, 256);
  }
  // The twin failed or vanished: a later generation or new request annotations ask for it again.
  const bg = report.draft.blueGreen;
  if (bg && !isNotServing) bg.stalledGeneration = np.metadata.generation ?? 0;
  report.progress({ state: 'stalled', reason: step.reason, message: step.message });
  if (before?.status !== 'True' || before.reason !== step.reason)
    void r.ctx.events.event(np, { type: 'Warning', reason: step.reason, message: step.message });
  // Nothing changes by itself; the resync looks again (a workload may still come up).
  return {};
}
