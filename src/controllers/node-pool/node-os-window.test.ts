import { isNodeOSWindowOpen, type NodeOSWindow } from './node-os-window.js';

const at = (iso: string): number => Date.parse(iso);
const window = (w: Partial<NodeOSWindow>): NodeOSWindow => ({
  schedule: { daily: { intervalDays: 1 } },
  durationHours: 4,
  startTime: '22:00',
  ...w,
});

describe('isNodeOSWindowOpen', () => {
  it.each<[string, NodeOSWindow, string, boolean]>([
    ['is open after a daily opening', window({}), '2026-12-06T23:00:00Z', true],
    ['stays open past midnight for its duration', window({}), '2026-12-07T01:59:00Z', true],
    ['closes after its duration', window({}), '2026-12-07T02:00:00Z', false],
    ['is closed before the opening', window({}), '2026-12-06T21:59:00Z', false],
    [
      'reads startTime in utcOffset',
      window({ startTime: '10:00', utcOffset: '+05:30' }),
      '2026-12-06T04:45:00Z',
      true,
    ],
    [
      'opens on the weekly day only',
      window({ schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } } }),
      '2026-12-06T23:00:00Z',
      false,
    ],
    [
      'opens on the weekly day',
      window({ schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } } }),
      '2026-12-06T23:00:00Z',
      true,
    ],
    [
      'skips days between intervalDays openings, counted from startDate',
      window({ schedule: { daily: { intervalDays: 2 } }, startDate: '2026-12-05' }),
      '2026-12-06T23:00:00Z',
      false,
    ],
    [
      'opens every intervalDays from startDate',
      window({ schedule: { daily: { intervalDays: 2 } }, startDate: '2026-12-04' }),
      '2026-12-06T23:00:00Z',
      true,
    ],
    ['is closed before startDate', window({ startDate: '2026-12-07' }), '2026-12-06T23:00:00Z', false],
    [
      'is closed on notAllowedDates',
      window({ notAllowedDates: [{ start: '2026-12-01', end: '2026-12-06' }] }),
      '2026-12-06T23:00:00Z',
      false,
    ],
    [
      'opens on the day of the month, clamped to a shorter month',
      window({ schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 31 } } }),
      '2026-11-30T23:00:00Z',
      true,
    ],
    [
      'opens on the first Sunday of the month',
      window({
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'First', dayOfWeek: 'Sunday' } },
      }),
      '2026-12-06T23:00:00Z',
      true,
    ],
    [
      'opens on the last Sunday of the month only',
      window({
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Sunday' } },
      }),
      '2026-12-06T23:00:00Z',
      false,
    ],
  ])('%s', (_title, w, now, expected) => {
    expect(isNodeOSWindowOpen(w, at(now))).toBe(expected);
  });
});
