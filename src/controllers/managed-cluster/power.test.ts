import { Annotation } from '../../api/index.js';
import { isSpecProblem } from '../shared/spec-problem.js';
import { managedCluster } from '../testing/objects.js';
import { planPower } from './power.js';

// Office hours in UTC: start 07:00, stop 19:00, Monday to Friday. 2026-03-02 is a Monday.
const OFFICE = { timeZone: 'UTC', startCron: '0 7 * * 1-5', stopCron: '0 19 * * 1-5', startLeadMinutes: 0 };
const EVENING = Date.parse('2026-03-02T20:00:00Z');
const RUN = { [Annotation.PowerOverride]: 'Running' };

describe('planPower', () => {
  it.each([
    ['a Stopped spec', { powerState: 'Stopped' as const }, undefined, 'Stopped'],
    ['a Running spec', { powerState: 'Running' as const }, undefined, 'Running'],
    ['the schedule in the evening', { powerSchedule: OFFICE }, undefined, 'Stopped'],
    ['the override over a Stopped spec', { powerState: 'Stopped' as const }, RUN, 'Running'],
    ['the override over the schedule in the evening', { powerSchedule: OFFICE }, RUN, 'Running'],
    ['the override on a running cluster', {}, RUN, 'Running'],
  ])('follows %s', (_name, spec, annotations, desired) => {
    const power = planPower(managedCluster({ spec, ...(annotations ? { annotations } : {}) }), EVENING);
    expect(power).toMatchObject({ desired });
  });

  it('keeps the schedule next change for status while the override holds the cluster running', () => {
    const power = planPower(managedCluster({ spec: { powerSchedule: OFFICE }, annotations: RUN }), EVENING);
    expect(power).toEqual({
      desired: 'Running',
      next: { powerState: 'Running', at: '2026-03-03T07:00:00Z' },
    });
  });

  it('lets spec and schedule decide again once the override is removed', () => {
    const power = planPower(managedCluster({ spec: { powerState: 'Stopped' }, annotations: {} }), EVENING);
    expect(power).toEqual({ desired: 'Stopped' });
  });

  it('refuses an override other than Running as a spec problem naming the annotation', () => {
    const power = planPower(
      managedCluster({ annotations: { [Annotation.PowerOverride]: 'Stopped' } }),
      EVENING,
    );
    expect(isSpecProblem(power) && power.field).toBe(`metadata.annotations[${Annotation.PowerOverride}]`);
    expect(power).toMatchObject({ reason: 'InvalidUpgradeAnnotation' });
  });
});
