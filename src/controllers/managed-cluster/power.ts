// The power state a ManagedCluster should be in now: Running while the power-override annotation asks
// it (an UpgradePlan upgrading a stopped cluster); else Stopped when the spec says so; otherwise what
// the schedule last set (Running before any schedule event), with the schedule's next change. Without
// spec.powerState and schedule there is no wish: the cluster stays as it is (an adopted stopped cluster
// is not started).
import { ManagedClusterReason, Annotation, type ManagedCluster } from '../../api/index.js';
import { kubeTime, type Result } from '../../runtime/index.js';
import { evaluatePowerSchedule, type PowerStateName } from '../shared/power-schedule.js';
import { isSpecProblem, type SpecProblem } from '../shared/spec-problem.js';

export interface PowerPlan {
  /** Undefined when neither the spec nor a schedule says: the cluster stays as Azure has it. */
  desired: PowerStateName | undefined;
  /** For status.nextScheduledPowerChange. */
  next?: { powerState: PowerStateName; at: string };
}

export function planPower(mc: ManagedCluster, nowMs: number): PowerPlan | SpecProblem {
  const override = powerOverride(mc);
  if (typeof override !== 'boolean') return override;
  const plan = specPower(mc, nowMs);
  // The override wins over spec and schedule; the schedule's next change stays in status.
  if (override && !isSpecProblem(plan)) return { ...plan, desired: 'Running' };
  return plan;
}

/** Whether the annotation asks the cluster to run; a value other than Running is a spec problem. */
function powerOverride(mc: ManagedCluster): boolean | SpecProblem {
  const value = mc.metadata.annotations?.[Annotation.PowerOverride];
  if (value === undefined) return false;
  if (value.trim() === 'Running') return true;
  return {
    reason: ManagedClusterReason.InvalidUpgradeAnnotation,
    message: `annotation ${Annotation.PowerOverride} is "${value}"; the only value is Running (remove it to let spec.powerState and the schedule decide)`,
    field: `metadata.annotations[${Annotation.PowerOverride}]`,
  };
}

function specPower(mc: ManagedCluster, nowMs: number): PowerPlan | SpecProblem {
  // A Stopped spec wins over the schedule, and a stopped cluster is never scheduled to start.
  if (mc.spec.powerState === 'Stopped') return { desired: 'Stopped' };
  const schedule = mc.spec.powerSchedule;
  if (!schedule) return { desired: mc.spec.powerState };
  const read = evaluatePowerSchedule(
    {
      timeZone: schedule.timeZone,
      startLeadMinutes: schedule.startLeadMinutes,
      ...(schedule.startCron ? { startCron: schedule.startCron } : {}),
      ...(schedule.stopCron ? { stopCron: schedule.stopCron } : {}),
    },
    nowMs,
  );
  if (isSpecProblem(read)) return read;
  const plan: PowerPlan = { desired: read.state ?? 'Running' };
  if (read.next) plan.next = { powerState: read.next.powerState, at: kubeTime(read.next.at.getTime()) };
  return plan;
}

/** Comes back at the next scheduled power change when that is sooner than the result asks. */
export function withSchedule(result: Result, power: PowerPlan, nowMs: number): Result {
  if (!power.next) return result;
  // A second late so the schedule, read again, sees the change as past.
  const untilNext = Math.max(1000, Date.parse(power.next.at) - nowMs + 1000);
  const after = result.requeueAfterMs === undefined ? untilNext : Math.min(result.requeueAfterMs, untilNext);
  return { requeueAfterMs: after };
}
