// A ManagedCluster's cost in status: every agent pool Azure reports (the operator's NodePools and any
// other) plus the control-plane tier, from list prices; and, with spec.cost.monthlyBudget, the OverBudget
// condition with a Warning event when the month projection passes it.
import type * as Arm from '@azure/arm-containerservice';
import {
  Kind,
  ManagedClusterConditionType,
  ManagedClusterReason,
  type ManagedCluster,
  type ManagedClusterStatus,
} from '../../api/index.js';
import { judgeBudget, poolShapeOf, type PoolShape } from '../../cost/index.js';
import { ConditionStatus, getCondition } from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { costObject, reportCost } from '../shared/cost-report.js';
import type { StatusReport } from '../shared/status-report.js';
import { scheduledHours } from './scheduled-hours.js';

export async function reportClusterCost(o: {
  ctx: ControllerContext;
  mc: ManagedCluster;
  observed: Arm.ManagedCluster | undefined;
  report: StatusReport<ManagedClusterStatus>;
  signal: AbortSignal;
}): Promise<void> {
  const { ctx, mc, observed, report } = o;
  if (!ctx.cost || !observed) return;
  const pools = (observed.agentPoolProfiles ?? [])
    .map((p) => poolShapeOf(p, p.powerState?.code === 'Stopped' ? 0 : (p.count ?? 0)))
    .filter((p): p is PoolShape => p !== undefined);
  const answer = await reportCost({
    ctx,
    current: report.draft.cost,
    question: {
      region: observed.location ?? mc.spec.location,
      pools,
      ...(observed.sku?.tier ? { tier: observed.sku.tier } : {}),
      ...(mc.spec.cost?.discountPercent ? { discountPercent: mc.spec.cost.discountPercent } : {}),
    },
    isStopped: observed.powerState?.code === 'Stopped',
    ...(mc.spec.powerSchedule ? { ahead: scheduledHours(mc, observed.powerState?.code === 'Stopped') } : {}),
    object: costObject(Kind.ManagedCluster, mc.metadata),
    series: { namespace: mc.metadata.namespace ?? '', cluster: mc.metadata.name ?? '', pool: '' },
    signal: o.signal,
  });
  if (answer && 'cost' in answer) report.draft.cost = answer.cost;
  reportBudget({ ...o, missing: answer && 'missing' in answer ? answer.missing : [] });
}

/** OverBudget on clusters that declare a budget (removed when the budget is); a Warning when it turns True. */
function reportBudget(o: {
  ctx: ControllerContext;
  mc: ManagedCluster;
  report: StatusReport<ManagedClusterStatus>;
  missing: string[];
  signal: AbortSignal;
}): void {
  const { mc, report } = o;
  const budget = mc.spec.cost?.monthlyBudget;
  if (budget === undefined) {
    report.draft.conditions = report.draft.conditions?.filter(
      (c) => c.type !== ManagedClusterConditionType.OverBudget,
    );
    return;
  }
  const cost = report.draft.cost;
  const verdict = judgeBudget({
    budget,
    currency: cost?.currency ?? 'USD',
    projectedMonth: o.missing.length || !cost?.projectedMonth ? undefined : Number(cost.projectedMonth),
    missing: o.missing,
  });
  const status =
    verdict.isOver === undefined
      ? ConditionStatus.Unknown
      : verdict.isOver
        ? ConditionStatus.True
        : ConditionStatus.False;
  const wasOver =
    getCondition(mc.status?.conditions, ManagedClusterConditionType.OverBudget)?.status ===
    ConditionStatus.True;
  report.condition({
    type: ManagedClusterConditionType.OverBudget,
    status,
    reason: verdict.reason,
    message: verdict.message,
  });
  if (verdict.isOver && !wasOver)
    void o.ctx.events.event(
      mc,
      { type: 'Warning', reason: ManagedClusterReason.ProjectionOverBudget, message: verdict.message },
      o.signal,
    );
}
