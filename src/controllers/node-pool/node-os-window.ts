// Whether the cluster's aksManagedNodeOSUpgradeSchedule window is open at an instant: a `Latest` pool
// starts its own node-image upgrades only inside it, as AKS's node OS channel would. Windows last at most
// 24 hours, so only an opening today or yesterday (in the window's utcOffset) can cover the instant.
import type { ManagedClusterSpec } from '../../api/index.js';

export type NodeOSWindow = NonNullable<
  NonNullable<ManagedClusterSpec['maintenanceConfigurations']>['aksManagedNodeOSUpgradeSchedule']
>;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEK_INDEX = { First: 1, Second: 2, Third: 3, Fourth: 4 } as const;

/** `+05:30` → 19 800 000 ms; none → 0 (Azure's default offset). */
function offsetMs(utcOffset: string | undefined): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset ?? '');
  if (!m) return 0;
  const ms = Number(m[2]) * HOUR_MS + Number(m[3]) * MINUTE_MS;
  return m[1] === '-' ? -ms : ms;
}

const isoDay = (dayMs: number): string => new Date(dayMs).toISOString().slice(0, 10);
const daysInMonth = (d: Date): number =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
const monthIndex = (d: Date): number => d.getUTCFullYear() * 12 + d.getUTCMonth();

/**
 * Whether the schedule opens on the local day starting at `dayMs`. Intervals count from startDate; without
 * one AKS counts from when the configuration was written, which the spec does not say: the epoch stands in.
 */
function opensOn(w: NodeOSWindow, dayMs: number): boolean {
  const day = isoDay(dayMs);
  if (w.startDate && day < w.startDate) return false;
  if (w.notAllowedDates?.some((span) => span.start <= day && day <= span.end)) return false;
  const anchor = w.startDate ? Date.parse(`${w.startDate}T00:00:00Z`) : 0;
  const daysSince = Math.round((dayMs - anchor) / DAY_MS);
  const date = new Date(dayMs);
  const monthsSince = monthIndex(date) - monthIndex(new Date(anchor));
  const weekday = WEEK_DAYS[date.getUTCDay()];
  const s = w.schedule;
  if (s.daily) return daysSince % s.daily.intervalDays === 0;
  if (s.weekly)
    return weekday === s.weekly.dayOfWeek && Math.floor(daysSince / 7) % s.weekly.intervalWeeks === 0;
  if (s.absoluteMonthly) {
    const wanted = Math.min(s.absoluteMonthly.dayOfMonth, daysInMonth(date));
    return date.getUTCDate() === wanted && monthsSince % s.absoluteMonthly.intervalMonths === 0;
  }
  if (s.relativeMonthly) {
    const r = s.relativeMonthly;
    if (weekday !== r.dayOfWeek || monthsSince % r.intervalMonths !== 0) return false;
    return r.weekIndex === 'Last'
      ? date.getUTCDate() + 7 > daysInMonth(date)
      : Math.ceil(date.getUTCDate() / 7) === WEEK_INDEX[r.weekIndex];
  }
  return false;
}

/** Whether the window is open at `nowMs`: it opened at startTime of an opening day, durationHours ago at most. */
export function isNodeOSWindowOpen(w: NodeOSWindow, nowMs: number): boolean {
  const [hours = 0, minutes = 0] = w.startTime.split(':').map(Number);
  const localNow = nowMs + offsetMs(w.utcOffset);
  const today = Math.floor(localNow / DAY_MS) * DAY_MS;
  return [today - DAY_MS, today].some((day) => {
    const opensAt = day + hours * HOUR_MS + minutes * MINUTE_MS;
    return opensOn(w, day) && localNow >= opensAt && localNow < opensAt + w.durationHours * HOUR_MS;
  });
}
