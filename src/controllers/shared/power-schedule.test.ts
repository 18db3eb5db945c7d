import { evaluatePowerSchedule } from './power-schedule.js';
import { isSpecProblem } from './spec-problem.js';

// Office hours in Paris: start 07:00, stop 19:00, Monday to Friday. 2026-03-02 is a Monday (UTC+1).
const OFFICE = {
  timeZone: 'Europe/Paris',
  startCron: '0 7 * * 1-5',
  stopCron: '0 19 * * 1-5',
  startLeadMinutes: 0,
};
const at = (iso: string): number => Date.parse(iso);

describe('evaluatePowerSchedule', () => {
  it('asks for Running during office hours, with the stop at 19:00 local time next', () => {
    const r = evaluatePowerSchedule(OFFICE, at('2026-03-02T10:00:00Z'));
    expect(r).toEqual({
      state: 'Running',
      next: { powerState: 'Stopped', at: new Date('2026-03-02T18:00:00Z') },
    });
  });

  it('asks for Stopped in the evening, with the start at 07:00 local time next', () => {
    const r = evaluatePowerSchedule(OFFICE, at('2026-03-02T20:00:00Z'));
    expect(r).toEqual({
      state: 'Stopped',
      next: { powerState: 'Running', at: new Date('2026-03-03T06:00:00Z') },
    });
  });

  it('stays Stopped over the weekend until Monday', () => {
    const r = evaluatePowerSchedule(OFFICE, at('2026-03-07T12:00:00Z'));
    expect(r).toMatchObject({
      state: 'Stopped',
      next: { powerState: 'Running', at: new Date('2026-03-09T06:00:00Z') },
    });
  });

  it('starts startLeadMinutes ahead of the start time', () => {
    const lead = { ...OFFICE, startLeadMinutes: 30 };
    expect(evaluatePowerSchedule(lead, at('2026-03-03T05:00:00Z'))).toMatchObject({
      state: 'Stopped',
      next: { powerState: 'Running', at: new Date('2026-03-03T05:30:00Z') },
    });
    expect(evaluatePowerSchedule(lead, at('2026-03-03T05:40:00Z'))).toMatchObject({ state: 'Running' });
  });

  it('follows daylight saving time: after the change 19:00 in Paris is 17:00 UTC', () => {
    const r = evaluatePowerSchedule(OFFICE, at('2026-04-01T10:00:00Z'));
    expect(r).toMatchObject({ next: { powerState: 'Stopped', at: new Date('2026-04-01T17:00:00Z') } });
  });

  it('with only a stop expression, has no opinion before the first stop', () => {
    const r = evaluatePowerSchedule(
      { timeZone: 'UTC', stopCron: '0 0 1 1 *', startLeadMinutes: 0 },
      at('2026-06-01T00:00:00Z'),
    );
    expect(r).toMatchObject({ state: 'Stopped' });
  });

  it.each([
    ['an impossible minute', { ...OFFICE, startCron: '99 7 * * *' }, 'spec.powerSchedule.startCron'],
    ['an unknown time zone', { ...OFFICE, timeZone: 'Mars/Olympus' }, 'spec.powerSchedule.startCron'],
  ])('reports %s as InvalidPowerSchedule', (_what, schedule, field) => {
    const r = evaluatePowerSchedule(schedule, at('2026-03-02T10:00:00Z'));
    expect(isSpecProblem(r) && { reason: r.reason, field: r.field }).toEqual({
      reason: 'InvalidPowerSchedule',
      field,
    });
  });
});
