// Deleting an agent pool as AKS does: cordon every node, drain them through the Eviction API honouring
// PodDisruptionBudgets for up to the drain timeout, and only then delete them. A drain still blocked at
// the timeout fails the DELETE with PodDrainFailure and leaves the pool's nodes in place, schedulable
// again (as a failed upgrade leaves blocked nodes); ignore-pod-disruption-budget deletes the pods instead.
import type { V1Node } from '@kubernetes/client-node';
import { DataPlaneError, DataPlaneErrorCode, drainFailedMessage, drainTimedOutMessage } from './errors.js';
import type { DrainOutcome } from './node-drain.js';
import type { PoolContext } from './pool-context.js';
import { deleteNode, drainReporting, nodeNameOf } from './pool-nodes.js';
import { requestOptions } from './kube-client.js';

export interface PoolDeletion {
  nodes: V1Node[];
  drainTimeoutInMinutes: number;
  /** The DELETE's ignore-pod-disruption-budget=true: pods a PDB protects are deleted, not waited for. */
  isIgnoringPdb: boolean;
}

/** Drains and deletes the nodes; rejects with PodDrainFailure (nothing deleted) when a drain stays blocked. */
export async function deletePoolNodes(ctx: PoolContext, deletion: PoolDeletion): Promise<void> {
  for (const node of deletion.nodes) await ctx.client.setUnschedulable(node, true, ctx.signal);
  // One deadline for the whole pool: its nodes drain at once, as AKS removes the scale set as a whole.
  const outcomes = await Promise.all(
    deletion.nodes.map((node) =>
      drainReporting(ctx, nodeNameOf(node), {
        drainTimeoutInMinutes: deletion.drainTimeoutInMinutes,
        isIgnoringPdb: deletion.isIgnoringPdb,
      }),
    ),
  );
  const blocked = outcomes.find((outcome) => !outcome.isDrained);
  if (blocked) {
    await uncordon(ctx, deletion.nodes);
    throw deleteFailed(blocked, deletion.drainTimeoutInMinutes);
  }
  for (const node of deletion.nodes) await deleteNode(ctx, nodeNameOf(node));
}

/** The pool stays after a failed DELETE: its nodes take pods again, as after a failed upgrade. */
async function uncordon(ctx: PoolContext, nodes: V1Node[]): Promise<void> {
  for (const node of nodes) {
    const current = await ctx.client.core.readNode({ name: nodeNameOf(node) }, requestOptions(ctx.signal));
    await ctx.client.setUnschedulable(current, false, ctx.signal);
  }
}

function deleteFailed(outcome: DrainOutcome, drainTimeoutInMinutes: number): DataPlaneError {
  const first = outcome.blocked[0];
  const message = first
    ? drainFailedMessage(outcome.node, first)
    : drainTimedOutMessage(outcome.node, outcome.terminating, drainTimeoutInMinutes);
  return new DataPlaneError(DataPlaneErrorCode.PodDrainFailure, message);
}
