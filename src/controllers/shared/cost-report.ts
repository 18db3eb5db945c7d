// Writes an object's cost into its status draft: the estimate from list prices, and the savings ledger
// advanced only when the period changes (power state, size, price), so a steady object writes nothing.
// Pricing never fails a reconcile: without prices the last figures stay.
import { HOURS_PER_MONTH, type CostStatus } from '../../api/index.js';
import {
  advanceLedger,
  fmt,
  periodOf,
  projectMonth,
  type CostQuestion,
  type CostSeriesKey,
  type HoursAhead,
  type Rates,
} from '../../cost/index.js';
import type { ControllerContext } from './controller-context.js';

export interface CostReportInput {
  ctx: ControllerContext;
  /** What status has now; the answer replaces it. */
  current: CostStatus | undefined;
  question: CostQuestion;
  isStopped: boolean;
  /** Hours a power schedule will run and stop the object, for the month projection; the current state when absent. */
  ahead?: HoursAhead;
  /** `kind/namespace/name` of the object, and its metric labels. */
  object: string;
  series: CostSeriesKey;
  signal?: AbortSignal;
}

export type CostReportAnswer = { cost: CostStatus } | { missing: string[] } | undefined;

/** The cost status for this pass (undefined without a cost estimator). */
export async function reportCost(o: CostReportInput): Promise<CostReportAnswer> {
  const tracking = o.ctx.cost;
  if (!tracking) return undefined;
  let answer;
  try {
    answer = await tracking.estimator.estimate(o.question, o.signal);
  } catch (err: unknown) {
    // Deliberately not thrown: an estimate is beside the object's reconcile, which must not fail for it.
    o.ctx.logger.warn({ err, ...o.series }, 'cannot estimate cost');
    return { missing: ['prices (the price source failed)'] };
  }
  if ('missing' in answer) return answer;
  const nodes = o.question.pools.reduce((n, p) => n + p.nodes, 0);
  const rates = carriedWhenStopped(o.current, o.isStopped, nodes) ?? answer.estimate.rates;
  const now = o.ctx.clock.now();
  const period = periodOf(rates, o.isStopped);
  const prevHourly = o.current ? Number(o.current.hourlyRate) : undefined;
  const savings = advanceLedger(o.current?.savings, prevHourly, period, now);
  const { priceDate } = answer.estimate;
  const cost: CostStatus = {
    hourlyRate: fmt.money(period.hourly),
    runningHourlyRate: fmt.money(rates.running),
    stoppedHourlyRate: fmt.money(rates.stopped),
    monthlyEstimate: fmt.money(rates.running * HOURS_PER_MONTH),
    currency: answer.estimate.currency,
    ...(priceDate ? { priceDate } : {}),
    source: answer.estimate.source,
    nodes: o.isStopped && nodes === 0 && o.current?.nodes ? o.current.nodes : nodes,
    projectedMonth: fmt.money(
      projectMonth({
        ledger: savings,
        hourly: period.hourly,
        nowMs: now,
        rates,
        ...(o.ahead ? { ahead: o.ahead } : {}),
      }),
    ),
    savings,
  };
  tracking.metrics.record(o.object, o.series, cost);
  return { cost };
}

/**
 * A stopped object whose nodes Azure counts as 0 keeps the rates it had: what it costs running is what it
 * had when it last ran.
 */
function carriedWhenStopped(
  current: CostStatus | undefined,
  isStopped: boolean,
  nodes: number,
): Rates | undefined {
  if (!isStopped || nodes > 0 || !current?.nodes) return undefined;
  const running = Number(current.runningHourlyRate);
  return { running, stopped: Number(current.stoppedHourlyRate), regularRunning: running };
}

/** The object's name for the cost metrics. */
export function costObject(kind: string, key: { namespace?: string; name?: string }): string {
  return `${kind}/${key.namespace ?? ''}/${key.name ?? ''}`;
}
