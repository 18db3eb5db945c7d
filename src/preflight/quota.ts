// Pre-flight P10: enough regional vCPU quota for the extra nodes an upgrade creates: surge nodes
// (ceil(maxSurge% × count), as AKS rounds) or, for blue/green, a whole new pool.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface PoolCapacityInput {
  name: string;
  /** Nodes in the pool now. */
  count: number;
  vmSize: string;
  /** Quota family of the VM size, e.g. `standardDSv2Family`. */
  family: string;
  vcpusPerVm: number;
  strategy: 'Surge' | 'BlueGreen';
  /** `"33%"` or a node count; AKS's default when unset is one node. */
  maxSurge?: string | number;
}

/** One line of the Compute usages API: `currentValue` of `limit` vCPUs for a family or the region. */
export interface QuotaUsage {
  /** Family name, or `cores` for total regional vCPUs. */
  name: string;
  currentValue: number;
  limit: number;
}

export const REGIONAL_VCPUS = 'cores';

/** Extra nodes an upgrade of the pool adds at once. */
export function extraNodes(pool: PoolCapacityInput): number {
  if (pool.strategy === 'BlueGreen') return pool.count;
  const surge = pool.maxSurge ?? 1;
  if (typeof surge === 'number') return Math.min(surge, Math.max(pool.count, 1));
  const pct = /^(\d+)%$/.exec(surge);
  const n = pct ? Math.ceil((Number(pct[1]) * pool.count) / 100) : Number(surge);
  return Math.max(1, Math.min(Number.isFinite(n) ? n : 1, Math.max(pool.count, 1)));
}

function check(
  name: string,
  need: number,
  usage: QuotaUsage | undefined,
  pools: PoolCapacityInput[],
): Finding | undefined {
  if (!usage) return undefined;
  const free = usage.limit - usage.currentValue;
  if (need <= free) return undefined;
  const detail = pools
    .map((p) => `${p.name}: ${extraNodes(p)} × ${p.vmSize} (${p.vcpusPerVm} vCPUs)`)
    .join(', ');
  return {
    severity: Severity.Error,
    reason: FindingReason.QuotaExceeded,
    subject: `quota ${name}`,
    message: `the upgrade needs ${need} more vCPUs of ${name} but only ${free} are free (currentValue ${usage.currentValue}, limit ${usage.limit}) [${detail}]; request a quota increase or lower maxSurge`,
  };
}

export function checkQuotaHeadroom(pools: PoolCapacityInput[], usages: QuotaUsage[]): Finding[] {
  const byName = new Map(usages.map((u) => [u.name, u]));
  const findings: Finding[] = [];
  const families = new Map<string, PoolCapacityInput[]>();
  for (const p of pools) families.set(p.family, [...(families.get(p.family) ?? []), p]);
  const need = (ps: PoolCapacityInput[]): number => ps.reduce((n, p) => n + extraNodes(p) * p.vcpusPerVm, 0);
  for (const [family, ps] of families) {
    const f = check(family, need(ps), byName.get(family), ps);
    if (f) findings.push(f);
  }
  const total = check('regional vCPUs', need(pools), byName.get(REGIONAL_VCPUS), pools);
  if (total) findings.push(total);
  return findings;
}
