// Quota and capacity checks against the store: the vCPUs a request adds per VM family (preflight,
// synchronous QuotaExceeded) and whether the VMs can be allocated (asynchronous allocation failure).
import { aksErrors } from './aks-errors.js';
import { str, strings, type JsonObject } from './json.js';
import { poolCount } from './pool-model.js';
import type { SimContext } from './sim-context.js';

export interface VcpuDemand {
  vmSize: string;
  /** Additional VMs of that size. */
  nodes: number;
}

export interface QuotaScope {
  subscriptionId: string;
  location: string;
  clusterName: string;
  nodeResourceGroup: string;
}

/** vCPUs in use per quota family in a subscription and region. */
export function usageByFamily(
  ctx: SimContext,
  subscriptionId: string,
  location: string,
): Map<string, number> {
  const usage = new Map<string, number>();
  for (const pool of ctx.store.poolsIn(subscriptionId, location)) {
    const vm = ctx.vmSizes.get(str(pool.spec, 'vmSize') ?? '');
    if (!vm) continue;
    usage.set(vm.family, (usage.get(vm.family) ?? 0) + poolCount(pool) * vm.vCpus);
  }
  return usage;
}

/** Throws QuotaExceeded when the demands do not fit a family's or the regional vCPU quota. */
export function assertQuota(ctx: SimContext, scope: QuotaScope, demands: VcpuDemand[]): void {
  const byFamily = new Map<string, number>();
  for (const d of demands) {
    const vm = ctx.vmSizes.get(d.vmSize);
    if (!vm || d.nodes <= 0) continue;
    byFamily.set(vm.family, (byFamily.get(vm.family) ?? 0) + d.nodes * vm.vCpus);
  }
  if (byFamily.size === 0) return;
  const usage = usageByFamily(ctx, scope.subscriptionId, scope.location);
  let earlier = 0;
  for (const [family, required] of byFamily) {
    const violation = ctx.quota.check({
      subscriptionId: scope.subscriptionId,
      location: scope.location,
      family,
      usageByFamily: usage,
      required,
      requiredElsewhere: earlier,
    });
    if (violation) {
      throw aksErrors.quotaExceeded({
        clusterName: scope.clusterName,
        nodeResourceGroup: scope.nodeResourceGroup,
        quotaName: violation.quotaName,
        location: scope.location,
        limit: violation.limit,
        usage: violation.usage,
        required: violation.required,
      });
    }
    earlier += required;
  }
}

/** Throws (with the AKS allocation code) when the pool's VMs cannot be allocated now. */
export function assertCapacity(ctx: SimContext, location: string, spec: JsonObject): void {
  const failure = ctx.capacity.allocationError({
    vmSize: str(spec, 'vmSize') ?? '',
    location,
    zones: strings(spec, 'availabilityZones') ?? [],
    priority: str(spec, 'scaleSetPriority') === 'Spot' ? 'Spot' : 'Regular',
  });
  if (failure) throw Object.assign(new Error(failure.message), { code: failure.code });
}
