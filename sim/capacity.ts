// Capacity model: a VM size can be out of capacity in a region or in one zone, for regular or spot
// priority. Allocation against a lost capacity fails the operation with AKS's allocation error.
import { operationErrors } from './aks-errors.js';

export interface CapacityLoss {
  vmSize: string;
  location?: string;
  /** Only this zone; absent: the whole region. */
  zone?: string;
  /** Only this priority; absent: both. */
  priority?: 'Regular' | 'Spot';
}

export interface AllocationRequest {
  vmSize: string;
  location: string;
  zones: string[];
  priority: 'Regular' | 'Spot';
}

export class CapacityModel {
  private losses: CapacityLoss[] = [];

  set(losses: CapacityLoss[]): void {
    this.losses = [...losses];
  }

  add(loss: CapacityLoss): void {
    this.losses.push(loss);
  }

  list(): CapacityLoss[] {
    return [...this.losses];
  }

  /** The allocation error for a request that hits lost capacity, or undefined when it fits. */
  allocationError(req: AllocationRequest): { code: string; message: string } | undefined {
    for (const loss of this.losses) {
      if (loss.vmSize.toLowerCase() !== req.vmSize.toLowerCase()) continue;
      if (loss.location && loss.location.toLowerCase() !== req.location.toLowerCase()) continue;
      if (loss.priority && loss.priority !== req.priority) continue;
      if (!loss.zone) return operationErrors.allocationFailed;
      if (req.zones.length === 0 || req.zones.includes(loss.zone))
        return operationErrors.zonalAllocationFailed;
    }
    return undefined;
  }
}
