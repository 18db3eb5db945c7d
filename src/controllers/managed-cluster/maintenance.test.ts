import type * as Arm from '@azure/arm-containerservice';
import {
  decideMaintenance,
  desiredMaintenance,
  maintenanceDiffs,
  type MaintenanceFacts,
} from './maintenance.js';

const window = {
  schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' as const } },
  durationHours: 6,
  startTime: '02:00',
};
const azureWindow = (w: Partial<Arm.MaintenanceWindow> = {}): Arm.MaintenanceConfiguration => ({
  maintenanceWindow: {
    schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
    durationHours: 6,
    startTime: '02:00',
    utcOffset: '+00:00',
    startDate: new Date('2026-12-01T00:00:00Z'),
    ...w,
  },
});
const auto = (observed: Arm.MaintenanceConfiguration | undefined, declared = {}): MaintenanceFacts => ({
  name: 'aksManagedAutoUpgradeSchedule',
  declared: { ...window, ...declared },
  observed,
});

describe('maintenanceDiffs', () => {
  it.each<[string, MaintenanceFacts, string[]]>([
    ['finds nothing when Azure holds the declared window and adds its own defaults', auto(azureWindow()), []],
    ['leaves an undeclared utcOffset and startDate to Azure', auto(azureWindow({ utcOffset: '+05:30' })), []],
    [
      'names each declared field Azure changed',
      auto(azureWindow({ durationHours: 8, startTime: '03:00' })),
      ['durationHours', 'startTime'],
    ],
    [
      'compares the schedule as a whole when its type changed',
      auto(azureWindow({ schedule: { daily: { intervalDays: 1 } } })),
      ['schedule'],
    ],
    [
      'reads a schedule the same whatever the order of its keys',
      auto(azureWindow({ schedule: { weekly: { dayOfWeek: 'Sunday', intervalWeeks: 1 } } })),
      [],
    ],
    ['compares a declared utcOffset', auto(azureWindow(), { utcOffset: '+01:00' }), ['utcOffset']],
    ['compares a declared startDate by day', auto(azureWindow(), { startDate: '2026-12-01' }), []],
    [
      'names every declared field of a configuration Azure does not hold',
      auto(undefined),
      ['schedule', 'durationHours', 'startTime'],
    ],
    [
      'compares default timeInWeek whatever the order of days and hours',
      {
        name: 'default',
        declared: {
          timeInWeek: [
            { day: 'Tuesday', hourSlots: [3, 1] },
            { day: 'Monday', hourSlots: [2] },
          ],
        },
        observed: {
          timeInWeek: [
            { day: 'Monday', hourSlots: [2] },
            { day: 'Tuesday', hourSlots: [1, 3] },
          ],
        },
      },
      [],
    ],
    [
      'compares default notAllowedTime as instants',
      {
        name: 'default',
        declared: { notAllowedTime: [{ start: '2026-12-24T00:00:00Z', end: '2026-12-26T00:00:00Z' }] },
        observed: {
          notAllowedTime: [
            { start: new Date('2026-12-24T00:00:00Z'), end: new Date('2026-12-27T00:00:00Z') },
          ],
        },
      },
      ['notAllowedTime'],
    ],
  ])('%s', (_title, facts, fields) => {
    expect(maintenanceDiffs(facts).map((d) => d.path)).toEqual(
      fields.map((f) => `spec.maintenanceConfigurations.${facts.name}.${f}`),
    );
  });
});

describe('desiredMaintenance', () => {
  it("lays the declared fields over Azure's window, keeping what the spec leaves out", () => {
    const body = desiredMaintenance(auto(azureWindow({ durationHours: 9, utcOffset: '+05:30' })));
    expect(body.maintenanceWindow).toMatchObject({
      durationHours: 6,
      utcOffset: '+05:30',
      startTime: '02:00',
    });
    expect(body.maintenanceWindow?.startDate?.toISOString().slice(0, 10)).toBe('2026-12-01');
  });

  it('replaces the schedule rather than merging two schedule types', () => {
    const body = desiredMaintenance(auto(azureWindow({ schedule: { daily: { intervalDays: 1 } } })));
    expect(body.maintenanceWindow?.schedule).toEqual(window.schedule);
  });
});

describe('decideMaintenance', () => {
  const drifted = auto(azureWindow({ durationHours: 12 }));
  it('puts a configuration the spec newly declares, not as a revert', () => {
    expect(
      decideMaintenance({
        configs: [auto(undefined)],
        isSpecApplied: false,
        driftPolicy: 'Revert',
        isStalledByAzure: false,
      }),
    ).toMatchObject({
      action: 'put',
      name: 'aksManagedAutoUpgradeSchedule',
      isRevert: false,
    });
  });
  it('puts back drift under driftPolicy Revert', () => {
    expect(
      decideMaintenance({
        configs: [drifted],
        isSpecApplied: true,
        driftPolicy: 'Revert',
        isStalledByAzure: false,
      }),
    ).toMatchObject({
      action: 'put',
      isRevert: true,
    });
  });
  it('only reports drift under driftPolicy Report', () => {
    const d = decideMaintenance({
      configs: [drifted],
      isSpecApplied: true,
      driftPolicy: 'Report',
      isStalledByAzure: false,
    });
    expect(d).toMatchObject({ action: 'inSync' });
    expect(d.action === 'inSync' && d.drift.map((x) => x.path)).toEqual([
      'spec.maintenanceConfigurations.aksManagedAutoUpgradeSchedule.durationHours',
    ]);
  });
  it('writes nothing more once AKS refused this generation', () => {
    expect(
      decideMaintenance({
        configs: [auto(undefined)],
        isSpecApplied: false,
        driftPolicy: 'Revert',
        isStalledByAzure: true,
      }),
    ).toEqual({ action: 'hold' });
  });
  it('writes nothing when no configuration is declared', () => {
    expect(
      decideMaintenance({ configs: [], isSpecApplied: true, driftPolicy: 'Revert', isStalledByAzure: false }),
    ).toEqual({
      action: 'inSync',
      drift: [],
    });
  });
});
