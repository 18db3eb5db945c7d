// Microsoft.Compute usages per location: vCPU usage and limit per VM family and in total, the numbers
// a quota pre-flight reads before asking AKS for more nodes.
import type { SimRequest, SimResponse } from '../http-types.js';
import type { JsonObject } from '../json.js';
import { TOTAL_REGIONAL } from '../quota.js';
import { usageByFamily } from '../quota-check.js';
import type { SimContext } from '../sim-context.js';

export function listComputeUsages(ctx: SimContext, req: SimRequest): SimResponse {
  const sub = req.params.subscriptionId ?? '';
  const location = req.params.location ?? '';
  const usage = usageByFamily(ctx, sub, location);
  const families = [...new Set(ctx.vmSizes.all().map((v) => v.family))].sort();
  let total = 0;
  for (const v of usage.values()) total += v;
  const entry = (value: string, localizedValue: string, currentValue: number): JsonObject => ({
    unit: 'Count',
    currentValue,
    limit: ctx.quota.limitFor(sub, location, value),
    name: { value, localizedValue },
  });
  const value = [
    entry(TOTAL_REGIONAL, 'Total Regional vCPUs', total),
    ...families.map((f) =>
      entry(
        f,
        `${f.replace(/^standard/, 'Standard ').replace(/Family$/, ' Family')} vCPUs`,
        usage.get(f) ?? 0,
      ),
    ),
  ];
  return { status: 200, body: { value } };
}
