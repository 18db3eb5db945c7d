// Savings and spend per month, kept in status so a restarted operator resumes them. Status records the
// amounts up to the start of the current period and what accrues per hour in it; it changes only when the
// period does (power state, size or price), and month-to-date figures are computed on read.
import type { CostSavings } from '../api/index.js';
import type { Rates } from './cost-rates.js';

const HOUR_MS = 3600_000;

/** What accrues per hour now: derived from the rates and the power state. */
export interface Period {
  isStopped: boolean;
  /** What the object costs per hour now. */
  hourly: number;
  stopSavingsPerHour: number;
  spotSavingsPerHour: number;
}

/** Month-to-date figures of a ledger at some instant. */
export interface MonthToDate {
  month: string;
  stoppedHours: number;
  stopSavings: number;
  spotSavings: number;
  spend: number;
  /** Spend so far plus the current hourly rate until the month ends (untracked hours at that rate too). */
  projectedMonth: number;
}

/** Stopped: the compute not paid. Running: regular priority minus what spot costs. */
export function periodOf(rates: Rates, isStopped: boolean): Period {
  return isStopped
    ? {
        isStopped,
        hourly: rates.stopped,
        stopSavingsPerHour: rates.running - rates.stopped,
        spotSavingsPerHour: 0,
      }
    : {
        isStopped,
        hourly: rates.running,
        stopSavingsPerHour: 0,
        spotSavingsPerHour: rates.regularRunning - rates.running,
      };
}

/** The UTC month of an instant, YYYY-MM. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function hoursInMonth(ms: number): number {
  const d = new Date(ms);
  return (Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - monthStart(ms)) / HOUR_MS;
}

/** Money to the hundredth of a cent and hours to the thousandth, as status strings. */
export const fmt = {
  money: (x: number): string => (Math.round(Math.max(0, x) * 10_000) / 10_000).toFixed(4),
  hours: (x: number): string => (Math.round(Math.max(0, x) * 1000) / 1000).toFixed(3),
};

/**
 * The ledger after this pass: unchanged while the period is the same (so a steady object writes nothing);
 * otherwise the ending period's amounts are added (only what falls in the current month) and a new one starts.
 */
export function advanceLedger(
  prev: CostSavings | undefined,
  prevHourly: number | undefined,
  next: Period,
  nowMs: number,
): CostSavings {
  const month = monthOf(nowMs);
  if (prev && prevHourly !== undefined && isSamePeriod(prev, prevHourly, next)) return prev;
  const base = prev && prevHourly !== undefined ? monthToDate(prev, prevHourly, nowMs) : undefined;
  const trackedHours = prev && prevHourly !== undefined ? trackedBefore(prev, nowMs) : 0;
  return {
    month,
    since: new Date(nowMs).toISOString(),
    stopped: next.isStopped,
    trackedHours: fmt.hours(trackedHours),
    stoppedHours: fmt.hours(base?.stoppedHours ?? 0),
    stopSavings: fmt.money(base?.stopSavings ?? 0),
    spotSavings: fmt.money(base?.spotSavings ?? 0),
    spend: fmt.money(base?.spend ?? 0),
    stopSavingsPerHour: fmt.money(next.stopSavingsPerHour),
    spotSavingsPerHour: fmt.money(next.spotSavingsPerHour),
  };
}

/** The ledger's figures at `nowMs`: closed amounts of this month plus the open period's accrual. */
export function monthToDate(ledger: CostSavings, hourly: number, nowMs: number): MonthToDate {
  const month = monthOf(nowMs);
  const isSameMonth = ledger.month === month;
  const since = Date.parse(ledger.since);
  const openHours = Math.max(0, nowMs - Math.max(since, monthStart(nowMs))) / HOUR_MS;
  const closed = (x: string): number => (isSameMonth ? Number(x) : 0);
  const spend = closed(ledger.spend) + hourly * openHours;
  return {
    month,
    stoppedHours: closed(ledger.stoppedHours) + (ledger.stopped ? openHours : 0),
    stopSavings: closed(ledger.stopSavings) + Number(ledger.stopSavingsPerHour) * openHours,
    spotSavings: closed(ledger.spotSavings) + Number(ledger.spotSavingsPerHour) * openHours,
    spend,
    projectedMonth: projectMonth({ ledger, hourly, nowMs }),
  };
}

/** Hours running and stopped ahead, between two instants, as a power schedule will have them. */
export type HoursAhead = (fromMs: number, toMs: number) => { running: number; stopped: number };

/**
 * Spend so far plus the rest of the month: at the current hourly rate, or, given `ahead` (a power
 * schedule), at the running and stopped rates for the hours it runs and stops; hours of the month before
 * tracking began count the same way. Anchored at the period's start, so it stays the same figure all through
 * a period.
 */
export function projectMonth(o: {
  ledger: CostSavings;
  hourly: number;
  nowMs: number;
  rates?: Rates;
  ahead?: HoursAhead;
}): number {
  const { ledger, hourly, nowMs } = o;
  const hours = hoursInMonth(nowMs);
  const isSameMonth = ledger.month === monthOf(nowMs);
  const start = Math.max(Date.parse(ledger.since), monthStart(nowMs));
  const end = monthStart(nowMs) + hours * HOUR_MS;
  const restHours = Math.max(0, end - start) / HOUR_MS;
  const tracked = isSameMonth ? Number(ledger.trackedHours) : 0;
  const untracked = Math.max(0, hours - tracked - restHours);
  // Hours before tracking began (those before the first period) are valued as the hours ahead are.
  const trackingStart = start - tracked * HOUR_MS;
  const at = (fromMs: number, toMs: number, hoursBetween: number): number => {
    if (!o.ahead || !o.rates || toMs <= fromMs) return hourly * hoursBetween;
    const split = o.ahead(fromMs, toMs);
    return split.running * o.rates.running + split.stopped * o.rates.stopped;
  };
  return (
    (isSameMonth ? Number(ledger.spend) : 0) +
    at(start, end, restHours) +
    at(monthStart(nowMs), trackingStart, untracked)
  );
}

/** Hours of the current month the ledger accounts for at `nowMs`. */
function trackedBefore(ledger: CostSavings, nowMs: number): number {
  const isSameMonth = ledger.month === monthOf(nowMs);
  const since = Date.parse(ledger.since);
  const openHours = Math.max(0, nowMs - Math.max(since, monthStart(nowMs))) / HOUR_MS;
  return (isSameMonth ? Number(ledger.trackedHours) : 0) + openHours;
}

function isSamePeriod(prev: CostSavings, prevHourly: number, next: Period): boolean {
  return (
    prev.stopped === next.isStopped &&
    fmt.money(prevHourly) === fmt.money(next.hourly) &&
    prev.stopSavingsPerHour === fmt.money(next.stopSavingsPerHour) &&
    prev.spotSavingsPerHour === fmt.money(next.spotSavingsPerHour)
  );
}
