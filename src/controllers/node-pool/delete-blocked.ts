// An agent pool DELETE that AKS stopped because a PodDisruptionBudget blocked the drain: reported with
// the pod and PDB AKS names, and tried again after a wait that doubles per blocked DELETE in a row
// instead of at once; a change of the spec (ignorePodDisruptionBudget set, say) tries again at once.
import {
  ConditionStatus,
  NodePoolConditionType,
  NodePoolReason,
  OperationType,
  type BlockedBy,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import { pdbDrainFailureOf, type DrainFailure } from '../../azure/index.js';
import type { Result } from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { StatusReport } from '../shared/status-report.js';

/**
 * Wait before the DELETE after the first blocked one, doubling per blocked DELETE in a row up to the
 * cap. Each blocked DELETE already spent the pool's drainTimeoutInMinutes (30 by default) in AKS.
 */
export const DELETE_BLOCKED_BACKOFF = { firstMs: 60_000, maxMs: 30 * 60_000 } as const;

/** The wait after `attempts` blocked DELETEs in a row. */
export function blockedDeleteBackoffMs(attempts: number): number {
  const doublings = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(DELETE_BLOCKED_BACKOFF.firstMs * 2 ** doublings, DELETE_BLOCKED_BACKOFF.maxMs);
}

/** The PDB block behind a failed DELETE this object started; undefined for any other failure. */
export function blockedDeleteOf(err: unknown, status: NodePoolStatus): DrainFailure | undefined {
  return status.lastOperation?.type === OperationType.Delete ? pdbDrainFailureOf(err) : undefined;
}

/** How long the next DELETE must still wait: 0 when nothing blocked it or the spec changed since. */
export function deleteRetryWaitMs(np: NodePool, status: NodePoolStatus, nowMs: number): number {
  const deletion = status.deletion;
  if (!deletion) return 0;
  const last = status.lastOperation;
  if (last?.type === OperationType.Delete && last.generation !== (np.metadata.generation ?? 0)) return 0;
  return Math.max(Date.parse(deletion.nextAttemptAt) - nowMs, 0);
}

export interface DeleteBlockedInput {
  ctx: ControllerContext;
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  failure: DrainFailure;
}

/**
 * Records the blocked DELETE (status.deletion), sets Reconciling and DrainBlocked True with reason
 * DeleteBlockedByPodDisruptionBudget, emits one Warning event, and says when to look again.
 */
export function reportDeleteBlocked(input: DeleteBlockedInput): Result {
  const { ctx, np, report, failure } = input;
  const attempts = (report.draft.deletion?.blockedAttempts ?? 0) + 1;
  const waitMs = blockedDeleteBackoffMs(attempts);
  const blockedBy = blockersOf(failure);
  report.draft.deletion = {
    blockedAttempts: attempts,
    nextAttemptAt: new Date(ctx.clock.now() + waitMs).toISOString(),
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
  };
  const reason = NodePoolReason.DeleteBlockedByPodDisruptionBudget;
  const message = blockedMessage(failure, { attempts, waitMs });
  report.progress({ state: 'reconciling', reason, message });
  report.condition({
    type: NodePoolConditionType.DrainBlocked,
    status: ConditionStatus.True,
    reason,
    message,
  });
  void ctx.events.event(np, { type: 'Warning', reason, message: message.slice(0, 1024) });
  return { requeueAfterMs: waitMs };
}

function blockersOf(failure: DrainFailure): BlockedBy[] {
  const reason = NodePoolReason.DeleteBlockedByPodDisruptionBudget;
  const namespace = failure.namespace ? { namespace: failure.namespace } : {};
  const blockers: BlockedBy[] = [];
  if (failure.pod) {
    blockers.push({
      kind: 'Pod',
      ...namespace,
      name: failure.pod,
      reason,
      message: `its eviction from node ${failure.node ?? '(unknown)'} was refused`,
    });
  }
  if (failure.pdb) {
    blockers.push({
      kind: 'PodDisruptionBudget',
      ...namespace,
      name: failure.pdb,
      reason,
      message: 'allows no disruption of the pod now',
    });
  }
  return blockers;
}

function blockedMessage(failure: DrainFailure, retry: { attempts: number; waitMs: number }): string {
  const qualified = (name: string) => (failure.namespace ? `${failure.namespace}/${name}` : name);
  const pod = failure.pod ? `pod ${qualified(failure.pod)}` : 'a pod';
  const pdb = failure.pdb ? `PodDisruptionBudget ${qualified(failure.pdb)}` : 'a PodDisruptionBudget';
  return (
    `AKS stopped deleting the agent pool: ${pdb} refused the eviction of ${pod}` +
    `${failure.node ? ` from node ${failure.node}` : ''} (blocked DELETE ${retry.attempts} in a row; ` +
    `next try in ${Math.round(retry.waitMs / 1000)}s). Scale the workload up, relax or delete the PDB, ` +
    `or set spec.deletion.ignorePodDisruptionBudget: true. Azure said: ${failure.message}`
  );
}
