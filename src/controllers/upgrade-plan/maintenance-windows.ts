// Maintenance windows of an UpgradePlan: whether one is open at an instant, and when the next one opens.
// A cluster step may only start inside a window; steps already running finish outside it.
import { Reason } from '../../api/index.js';
import { Cron } from 'croner';
import type { UpgradePlanSpec, Weekday } from '../../api/index.js';

type MaintenanceWindow = NonNullable<UpgradePlanSpec['maintenanceWindows']>[number];

export interface WindowState {
  isOpen: boolean;
  /** When the next window opens (epoch ms), if any will. */
  nextOpenAtMs?: number;
}

/** A window that cannot be read; the message names it and says why. */
export interface WindowProblem {
  reason: typeof Reason.InvalidSpec;
  message: string;
}

const MINUTE_MS = 60_000;

// croner numbers days from Sunday = 0, as cron does.
const CRON_DAY: Record<Weekday, number> = {
  Sunday: 0,
  Monday: 1,
  Tuesday: 2,
  Wednesday: 3,
  Thursday: 4,
  Friday: 5,
  Saturday: 6,
};

/** The window's openings as a cron expression: cron as given, or days with start. */
function openingCron(window: MaintenanceWindow): string {
  if (window.cron) return window.cron;
  const [hours, minutes] = (window.start ?? '00:00').split(':').map(Number);
  const days = (window.days ?? []).map((d) => CRON_DAY[d]).join(',');
  return `${minutes} ${hours} * * ${days || '*'}`;
}

function compile(window: MaintenanceWindow, index: number): Cron | WindowProblem {
  const expr = openingCron(window);
  try {
    const cron = new Cron(expr, { timezone: window.timeZone });
    // Evaluating once surfaces an unknown time zone, which the constructor accepts.
    cron.nextRun(new Date(0));
    return cron;
  } catch (err: unknown) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      reason: Reason.InvalidSpec,
      message: `maintenanceWindows[${index}] ("${expr}" in ${window.timeZone}) cannot be read: ${why}; fix the cron expression or time zone`,
    };
  }
}

/**
 * Whether any window is open at `nowMs`, and the next opening after it. No windows means always open.
 * A window that opened at t is open on [t, t + durationMinutes).
 */
export function windowStateAt(
  windows: readonly MaintenanceWindow[] | undefined,
  nowMs: number,
): WindowState | WindowProblem {
  if (!windows?.length) return { isOpen: true };
  let isOpen = false;
  let nextOpenAtMs: number | undefined;
  for (const [index, window] of windows.entries()) {
    const cron = compile(window, index);
    if (!(cron instanceof Cron)) return cron;
    const durationMs = window.durationMinutes * MINUTE_MS;
    // The first opening after now - duration is open now if it is not later than now.
    const latest = cron.nextRun(new Date(nowMs - durationMs));
    if (latest && latest.getTime() <= nowMs) isOpen = true;
    const next = cron.nextRun(new Date(nowMs));
    if (next && (nextOpenAtMs === undefined || next.getTime() < nextOpenAtMs)) nextOpenAtMs = next.getTime();
  }
  return nextOpenAtMs === undefined ? { isOpen } : { isOpen, nextOpenAtMs };
}

export function isWindowProblem(state: WindowState | WindowProblem): state is WindowProblem {
  return 'reason' in state;
}
