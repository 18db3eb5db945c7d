// The savings ledger: unchanged while nothing changes (no status write), periods folded into the month
// when the power state or the rates change, a new month starting from zero, and a projection that holds
// through a period.
import { advanceLedger, monthToDate, periodOf, projectMonth } from './savings-ledger.js';
import type { Rates } from './cost-rates.js';

const HOUR = 3600_000;
const at = (iso: string) => Date.parse(iso);
// A pool of 2 spot nodes: 0.10 $/h running, 0.40 $/h at regular priority, 0.02 $/h of disks stopped.
const RATES: Rates = { running: 0.1, stopped: 0.02, regularRunning: 0.4 };

describe('savings ledger', () => {
  it('stays the same object while the period does not change, so status is not written', () => {
    const t0 = at('2026-12-07T08:00:00Z');
    const first = advanceLedger(undefined, undefined, periodOf(RATES, false), t0);
    expect(advanceLedger(first, RATES.running, periodOf(RATES, false), t0 + 5 * HOUR)).toBe(first);
  });

  it('adds eleven stopped hours and their savings when the object starts again', () => {
    const t0 = at('2026-12-07T08:00:00Z');
    const running = advanceLedger(undefined, undefined, periodOf(RATES, false), t0);
    const stopped = advanceLedger(running, RATES.running, periodOf(RATES, true), t0 + 10 * HOUR);
    const again = advanceLedger(stopped, RATES.stopped, periodOf(RATES, false), t0 + 21 * HOUR);
    expect(again).toMatchObject({
      month: '2026-12',
      stopped: false,
      trackedHours: '21.000',
      stoppedHours: '11.000',
      // 11 h × (0.10 - 0.02)
      stopSavings: '0.8800',
      // 10 h × (0.40 - 0.10)
      spotSavings: '3.0000',
      // 10 h × 0.10 + 11 h × 0.02
      spend: '1.2200',
    });
    const mtd = monthToDate(again, RATES.running, t0 + 23 * HOUR);
    expect(mtd.stoppedHours).toBeCloseTo(11, 9);
    expect(mtd.spotSavings).toBeCloseTo(3.6, 9);
  });

  it('counts month to date while stopped, without a new period', () => {
    const t0 = at('2026-12-07T19:00:00Z');
    const stopped = advanceLedger(undefined, undefined, periodOf(RATES, true), t0);
    const mtd = monthToDate(stopped, RATES.stopped, t0 + 13 * HOUR);
    expect(mtd.stoppedHours).toBeCloseTo(13, 9);
    expect(mtd.stopSavings).toBeCloseTo(13 * 0.08, 9);
  });

  it('starts a new month from zero, counting an open period only from the month start', () => {
    const t0 = at('2026-11-30T19:00:00Z');
    const stopped = advanceLedger(undefined, undefined, periodOf(RATES, true), t0);
    const dec1 = at('2026-12-01T08:00:00Z');
    expect(monthToDate(stopped, RATES.stopped, dec1).stoppedHours).toBeCloseTo(8, 9);
    const started = advanceLedger(stopped, RATES.stopped, periodOf(RATES, false), dec1);
    expect(started).toMatchObject({ month: '2026-12', stoppedHours: '8.000', trackedHours: '8.000' });
  });

  it('projects the month the same all through a period', () => {
    const t0 = at('2026-12-07T08:00:00Z');
    const running = advanceLedger(undefined, undefined, periodOf(RATES, false), t0);
    const stopped = advanceLedger(running, RATES.running, periodOf(RATES, true), t0 + 10 * HOUR);
    // 10 h × 0.10 so far, then 0.02 $/h for the other 734 hours of December.
    const expected = 1 + 0.02 * (31 * 24 - 10);
    expect(projectMonth({ ledger: stopped, hourly: RATES.stopped, nowMs: t0 + 10 * HOUR })).toBeCloseTo(
      expected,
      9,
    );
    expect(monthToDate(stopped, RATES.stopped, t0 + 100 * HOUR).projectedMonth).toBeCloseTo(expected, 9);
  });
  it('projects the rest of the month at the running and stopped rates for the hours a schedule gives each', () => {
    const t0 = at('2026-12-07T08:00:00Z');
    const running = advanceLedger(undefined, undefined, periodOf(RATES, false), t0);
    const stopped = advanceLedger(running, RATES.running, periodOf(RATES, true), t0 + 10 * HOUR);
    // From the stop on: a third of the remaining hours running, the rest stopped.
    const ahead = (fromMs: number, toMs: number) => {
      const hours = (toMs - fromMs) / HOUR;
      return { running: hours / 3, stopped: (hours * 2) / 3 };
    };
    // December 7 18:00 to the month's end is 582 h, and the 152 h before tracking began count the same way.
    const rest = 582 + 152;
    const expected = 1 + (rest / 3) * 0.1 + ((rest * 2) / 3) * 0.02;
    const projected = (nowMs: number) =>
      projectMonth({ ledger: stopped, hourly: RATES.stopped, nowMs, rates: RATES, ahead });
    expect(projected(t0 + 10 * HOUR)).toBeCloseTo(expected, 9);
    expect(projected(t0 + 50 * HOUR)).toBeCloseTo(expected, 9);
  });
});
