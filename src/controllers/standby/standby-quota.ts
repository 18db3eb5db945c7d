// vCPU quota ahead of a standby scale-out: how many of the nodes wanted the standby's VM family and the
// region still have room for, using the pre-flight quota arithmetic on Compute usages read beforehand.
import type { NodePool } from '../../api/index.js';
import { checkQuotaHeadroom, REGIONAL_VCPUS, type QuotaUsage } from '../../preflight/index.js';
import { quotaFamily } from '../shared/vm-family.js';
import { vmSizeFacts } from '../shared/vm-sizes.js';

export { quotaFamily };

/** Compute usages (vCPUs per quota family and `cores` for the region) of a subscription and region. */
export interface QuotaUsageSource {
  /** Read-only. Rejects when the usages cannot be read. */
  list(scope: { subscriptionId: string; location: string }, signal: AbortSignal): Promise<QuotaUsage[]>;
}

export interface StandbyHeadroom {
  /** Nodes of those wanted that fit the quota (0..wanted). */
  fits: number;
  /** When not all fit: what is short, for the Warning event. */
  shortfall?: string;
}

/**
 * How many of `addNodes` new nodes of `vmSize` fit the usages; undefined when the VM size's vCPUs or
 * family are unknown (Azure then judges, and the standby pool reports a refusal as QuotaExceeded).
 */
export function standbyHeadroom(o: {
  poolName: string;
  vmSize: string;
  addNodes: number;
  usages: readonly QuotaUsage[];
}): StandbyHeadroom | undefined {
  const facts = vmSizeFacts(o.vmSize);
  const family = quotaFamily(o.vmSize);
  if (!facts || !family || o.addNodes <= 0) return undefined;
  // Usages name families with Azure's capitals (standardDSv3Family); match them regardless of case.
  const usages = o.usages.map((u) =>
    u.name.toLowerCase() === family.toLowerCase() ? { ...u, name: family } : u,
  );
  const findings = (nodes: number) =>
    checkQuotaHeadroom(
      [
        {
          name: o.poolName,
          count: nodes,
          vmSize: o.vmSize,
          family,
          vcpusPerVm: facts.vCpus,
          // A whole pool's worth of new nodes: extraNodes() is then exactly `count`.
          strategy: 'BlueGreen',
        },
      ],
      usages,
    );
  let fits = o.addNodes;
  while (fits > 0 && findings(fits).length > 0) fits--;
  if (fits === o.addNodes) return { fits };
  const free = (name: string): string => {
    const u = usages.find((x) => x.name === name);
    return u ? `${u.limit - u.currentValue} of ${u.limit}` : 'unknown';
  };
  return {
    fits,
    shortfall:
      `${o.addNodes} standby node(s) of ${o.vmSize} need ${o.addNodes * facts.vCpus} vCPUs but ${family} has ` +
      `${free(family)} free and the region ${free(REGIONAL_VCPUS)} free; ${fits} fit. Request a quota increase for ` +
      `${family} or choose a standby pool of another VM family`,
  };
}

/** Azure's refusal of the count asked of the standby pool for want of quota, as its NodePool reports it. */
export function quotaRefusal(standby: NodePool): string | undefined {
  const op = standby.status?.lastOperation;
  if (op?.result !== 'Failed' || op.error?.code !== 'QuotaExceeded') return undefined;
  return `Azure refused to scale standby pool ${standby.metadata.name ?? ''} for want of quota: ${op.error.message}`;
}
