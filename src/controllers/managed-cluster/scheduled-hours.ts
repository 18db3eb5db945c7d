// Hours a ManagedCluster will run and stop between two instants, as its spec and power schedule will have
// it: walked from one scheduled change to the next (a few dozen a month), for the month projection.
import type { ManagedCluster } from '../../api/index.js';
import { isSpecProblem } from '../shared/spec-problem.js';
import { planPower } from './power.js';

const HOUR_MS = 3600_000;
/** A schedule changes the power state at most a few times a day. */
const MAX_CHANGES = 400;

export function scheduledHours(
  mc: ManagedCluster,
  isStoppedNow: boolean,
): (fromMs: number, toMs: number) => { running: number; stopped: number } {
  return (fromMs, toMs) => {
    const hours = { running: 0, stopped: 0 };
    let t = fromMs;
    for (let i = 0; t < toMs && i < MAX_CHANGES; i++) {
      // A second in, so a change due at `t` reads as made (as the reconciler does).
      const plan = planPower(mc, t + 1000);
      const state = isSpecProblem(plan) ? undefined : plan.desired;
      const isStopped = state === undefined ? isStoppedNow : state === 'Stopped';
      const next = isSpecProblem(plan) || !plan.next ? toMs : Math.min(Date.parse(plan.next.at), toMs);
      const until = next > t ? next : toMs;
      hours[isStopped ? 'stopped' : 'running'] += (until - t) / HOUR_MS;
      t = until;
    }
    return hours;
  };
}
