// One Azure write at a time per managed cluster: AKS refuses (409 OperationNotAllowed) an operation
// on a cluster or any of its pools while another runs, so the pools of a cluster take turns instead of
// racing and being refused. Held in memory between a write and the end of its operation; a restarted
// operator rebuilds the same picture from the pools' status.lastOperation.
import type { NodePool } from '../../api/index.js';

export class ClusterWriteSlots {
  private readonly holders = new Map<string, string>();

  /** Takes the cluster's slot for `holder`; false when another holds it. Re-entrant for the holder. */
  tryAcquire(clusterId: string, holder: string): boolean {
    const current = this.holders.get(clusterId);
    if (current !== undefined && current !== holder) return false;
    this.holders.set(clusterId, holder);
    return true;
  }

  /** Gives the slot back when `holder` has it. */
  release(clusterId: string, holder: string): void {
    if (this.holders.get(clusterId) === holder) this.holders.delete(clusterId);
  }

  holder(clusterId: string): string | undefined {
    return this.holders.get(clusterId);
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
