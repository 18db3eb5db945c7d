// Preconditions every write checks first: one operation at a time per cluster (pools included),
// and a stopped cluster accepts only start and delete.
import { aksErrors } from './aks-errors.js';
import { clusterKey } from './arm-ids.js';
import type { ClusterRecord } from './resource-store.js';
import type { SimContext } from './sim-context.js';

/** Throws 409 OperationNotAllowed while another operation runs on the cluster or any of its pools. */
export function assertNotBusy(ctx: SimContext, cluster: ClusterRecord, forPool?: string): void {
  const op = ctx.engine.running(clusterKey(cluster.ref));
  if (!op) return;
  const label = op.pool ? `${op.pool} - ${op.label}` : op.label;
  throw aksErrors.operationInProgress(label, { byAgentPool: forPool !== undefined && op.pool !== undefined });
}

/** Throws when the cluster is stopped; `action` names the attempted operation (`updating`). */
export function assertRunning(cluster: ClusterRecord, action: string): void {
  if (cluster.powerState === 'Stopped') throw aksErrors.clusterStopped(action);
}
