// One Azure write at a time per managed cluster: AKS refuses (409 OperationNotAllowed) an operation
// on a cluster or any of its pools while another runs, so the pools of a cluster take turns instead of
// racing and being refused. The slot covers the moment between a write and its record in status; from
// then on the pools' status.lastOperation says who is busy (also after a restart), and a slot whose
// holder never gives it back lapses.
import type { NodePool } from '../../api/index.js';

/** Longer than a write takes to reach status; short enough that a lost release costs little. */
export const SLOT_LAPSE_MS = 30_000;

export class ClusterWriteSlots {
  private readonly holders = new Map<string, { holder: string; untilMs: number }>();

  /** Takes the cluster's slot for `holder`; false when another holds it. Re-entrant for the holder. */
  tryAcquire(clusterId: string, holder: string, nowMs: number): boolean {
    const current = this.holders.get(clusterId);
    if (current && current.holder !== holder && current.untilMs > nowMs) return false;
    this.holders.set(clusterId, { holder, untilMs: nowMs + SLOT_LAPSE_MS });
    return true;
  }

  /** Gives the slot back when `holder` has it. */
  release(clusterId: string, holder: string): void {
    if (this.holders.get(clusterId)?.holder === holder) this.holders.delete(clusterId);
  }

  /** Who other than `holder` has the cluster's slot, while that hold has not lapsed. */
  otherHolder(clusterId: string, holder: string, nowMs: number): string | undefined {
    const current = this.holders.get(clusterId);
    return current && current.holder !== holder && current.untilMs > nowMs ? current.holder : undefined;
  }

  holder(clusterId: string): string | undefined {
    return this.holders.get(clusterId)?.holder;
  }
}

/** A sibling pool of the same cluster whose status shows an Azure operation still running. */
export function busySibling(np: NodePool, siblings: readonly NodePool[]): NodePool | undefined {
  return siblings.find(
    (other) =>
      other.metadata.name !== np.metadata.name &&
      other.spec.clusterRef.name === np.spec.clusterRef.name &&
      other.status?.lastOperation?.result === 'InProgress',
  );
}
