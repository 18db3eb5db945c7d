// Reads a power schedule (start and stop cron expressions in an IANA time zone, start brought forward
// by startLeadMinutes) at a given instant: which state the schedule asks for now, and its next change.
import { ManagedClusterReason } from '../../api/index.js';
import { Cron } from 'croner';
import { isSpecProblem, type SpecProblem } from './spec-problem.js';

export type PowerStateName = 'Running' | 'Stopped';

export interface PowerScheduleSpec {
  timeZone: string;
  startCron?: string;
  stopCron?: string;
  startLeadMinutes: number;
}

export interface ScheduledPower {
  /** The state set by the latest schedule event at or before now; undefined before any event. */
  state?: PowerStateName;
  /** The next change the schedule will make. */
  next?: { powerState: PowerStateName; at: Date };
}

interface Edge {
  powerState: PowerStateName;
  at: Date;
}

const MINUTE_MS = 60_000;

/** Compiles the cron expressions; a problem names the bad expression or time zone. */
function compile(schedule: PowerScheduleSpec): { start?: Cron; stop?: Cron } | SpecProblem {
  const out: { start?: Cron; stop?: Cron } = {};
  for (const [key, expr] of [
    ['startCron', schedule.startCron],
    ['stopCron', schedule.stopCron],
  ] as const) {
    if (!expr) continue;
    try {
      const cron = new Cron(expr, { timezone: schedule.timeZone });
      // Evaluating once surfaces an unknown time zone, which the constructor accepts.
      cron.nextRun(new Date(0));
      if (key === 'startCron') out.start = cron;
      else out.stop = cron;
    } catch (err: unknown) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        reason: ManagedClusterReason.InvalidPowerSchedule,
        field: `spec.powerSchedule.${key}`,
        message: `powerSchedule.${key} "${expr}" in time zone ${schedule.timeZone} cannot be read: ${why}`,
      };
    }
  }
  return out;
}

/** What the schedule asks for at `nowMs`, or the problem that makes it unreadable. */
export function evaluatePowerSchedule(
  schedule: PowerScheduleSpec,
  nowMs: number,
): ScheduledPower | SpecProblem {
  const compiled = compile(schedule);
  if (isSpecProblem(compiled)) return compiled;
  const leadMs = schedule.startLeadMinutes * MINUTE_MS;
  const now = new Date(nowMs);
  const previous: Edge[] = [];
  const upcoming: Edge[] = [];
  if (compiled.start) {
    // A start at T is acted on at T - lead: look at occurrences relative to now + lead.
    const shifted = new Date(nowMs + leadMs);
    const prev = compiled.start.previousRuns(1, shifted)[0];
    if (prev) previous.push({ powerState: 'Running', at: new Date(prev.getTime() - leadMs) });
    const next = compiled.start.nextRun(shifted);
    if (next) upcoming.push({ powerState: 'Running', at: new Date(next.getTime() - leadMs) });
  }
  if (compiled.stop) {
    const prev = compiled.stop.previousRuns(1, now)[0];
    if (prev) previous.push({ powerState: 'Stopped', at: prev });
    const next = compiled.stop.nextRun(now);
    if (next) upcoming.push({ powerState: 'Stopped', at: next });
  }
  const latest = previous.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const soonest = upcoming.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  const result: ScheduledPower = {};
  if (latest) result.state = latest.powerState;
  if (soonest) result.next = soonest;
  return result;
}
