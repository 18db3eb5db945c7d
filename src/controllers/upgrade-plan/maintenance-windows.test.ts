import { isWindowProblem, windowStateAt } from './maintenance-windows.js';

const at = (iso: string): number => Date.parse(iso);
const weeknights = { cron: '0 22 * * 1-5', durationMinutes: 240, timeZone: 'UTC' };
const parisSaturday = {
  days: ['Saturday' as const],
  start: '02:00',
  durationMinutes: 120,
  timeZone: 'Europe/Paris',
};

describe('windowStateAt', () => {
  // 2025-01-06 is a Monday.
  it.each<[string, Parameters<typeof windowStateAt>[0], string, boolean, string | undefined]>([
    ['no windows means always open', undefined, '2025-01-06T12:00:00Z', true, undefined],
    [
      'closed before a cron window opens; the next opening is tonight',
      [weeknights],
      '2025-01-06T21:59:00Z',
      false,
      '2025-01-06T22:00:00Z',
    ],
    [
      'open at the instant a cron window opens',
      [weeknights],
      '2025-01-06T22:00:00Z',
      true,
      '2025-01-07T22:00:00Z',
    ],
    [
      'open past midnight while the duration lasts',
      [weeknights],
      '2025-01-07T01:59:00Z',
      true,
      '2025-01-07T22:00:00Z',
    ],
    [
      'closed once the duration has passed',
      [weeknights],
      '2025-01-07T02:00:00Z',
      false,
      '2025-01-07T22:00:00Z',
    ],
    [
      'closed on a weekend for a weekday cron; next is Monday',
      [weeknights],
      '2025-01-11T23:00:00Z',
      false,
      '2025-01-13T22:00:00Z',
    ],
    [
      'days and start read in the time zone: 02:00 Paris is 01:00 UTC in winter',
      [parisSaturday],
      '2025-01-11T01:30:00Z',
      true,
      '2025-01-18T01:00:00Z',
    ],
    [
      'days and start: closed on another day',
      [parisSaturday],
      '2025-01-10T01:30:00Z',
      false,
      '2025-01-11T01:00:00Z',
    ],
    [
      'any open window of several opens the plan; the next opening is the earliest',
      [weeknights, parisSaturday],
      '2025-01-11T01:00:00Z',
      true,
      '2025-01-13T22:00:00Z',
    ],
  ])('%s', (_name, windows, now, isOpen, next) => {
    const state = windowStateAt(windows, at(now));
    if (isWindowProblem(state)) throw new Error(state.message);
    expect(state.isOpen).toBe(isOpen);
    expect(state.nextOpenAtMs).toBe(next === undefined ? undefined : at(next));
  });

  it.each([
    ['an unknown time zone', { cron: '0 22 * * *', durationMinutes: 60, timeZone: 'Mars/Olympus' }],
    ['an unreadable cron expression', { cron: '61 25 * * *', durationMinutes: 60, timeZone: 'UTC' }],
  ])('reports %s as a problem naming the window', (_name, window) => {
    const state = windowStateAt([weeknights, window], at('2025-01-06T12:00:00Z'));
    expect(isWindowProblem(state) && state.reason).toBe('InvalidSpec');
    expect(isWindowProblem(state) && state.message).toContain('maintenanceWindows[1]');
  });
});
