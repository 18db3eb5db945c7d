// Maintenance configurations through the real SDK client: the shapes of AKS's examples are stored and
// read back (with AKS's defaults), the rules AKS enforces answer InvalidParameter, and a configuration
// goes with its cluster. Real: SDK, TLS, HTTP. Simulated: AKS.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { sdkClient } from '../testing/sdk-client.js';
import { createCluster, startTestSimulator } from '../testing/test-simulator.js';

const RG = 'rg-maint';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'c1', {
    kubernetesVersion: '1.33.4',
    pools: [{ name: 'system', count: 1, vmSize: 'Standard_D4s_v3', mode: 'System' }],
  });
});
afterAll(() => sim.close());

const window = (w: Partial<Arm.MaintenanceWindow>): Arm.MaintenanceConfiguration => ({
  maintenanceWindow: {
    schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
    durationHours: 8,
    startTime: '00:00',
    ...w,
  },
});

it('stores an auto-upgrade window as the official example sends it and lists it', async () => {
  const put = await client.maintenanceConfigurations.createOrUpdate(
    RG,
    'c1',
    'aksManagedAutoUpgradeSchedule',
    {
      maintenanceWindow: {
        durationHours: 10,
        notAllowedDates: [{ start: new Date('2023-02-18'), end: new Date('2023-02-25') }],
        schedule: { relativeMonthly: { dayOfWeek: 'Monday', intervalMonths: 3, weekIndex: 'First' } },
        startDate: new Date('2023-01-01'),
        startTime: '08:30',
        utcOffset: '+05:30',
      },
    },
  );
  expect(put.id).toMatch(/managedClusters\/c1\/maintenanceConfigurations\/aksManagedAutoUpgradeSchedule$/);
  const got = await client.maintenanceConfigurations.get(RG, 'c1', 'aksManagedAutoUpgradeSchedule');
  expect(got.maintenanceWindow).toMatchObject({
    durationHours: 10,
    schedule: { relativeMonthly: { dayOfWeek: 'Monday', intervalMonths: 3, weekIndex: 'First' } },
    startTime: '08:30',
    utcOffset: '+05:30',
  });
  expect(got.maintenanceWindow?.startDate?.toISOString().slice(0, 10)).toBe('2023-01-01');
  const names: string[] = [];
  for await (const c of client.maintenanceConfigurations.listByManagedCluster(RG, 'c1'))
    names.push(c.name ?? '');
  expect(names).toContain('aksManagedAutoUpgradeSchedule');
});

it('fills utcOffset and startDate as AKS does when they are left out', async () => {
  await client.maintenanceConfigurations.createOrUpdate(
    RG,
    'c1',
    'aksManagedNodeOSUpgradeSchedule',
    window({
      schedule: { daily: { intervalDays: 5 } },
    }),
  );
  const got = await client.maintenanceConfigurations.get(RG, 'c1', 'aksManagedNodeOSUpgradeSchedule');
  expect(got.maintenanceWindow?.utcOffset).toBe('+00:00');
  expect(got.maintenanceWindow?.startDate).toBeInstanceOf(Date);
});

it('stores the default configuration with its weekly slots and excluded times', async () => {
  await client.maintenanceConfigurations.createOrUpdate(RG, 'c1', 'default', {
    timeInWeek: [{ day: 'Monday', hourSlots: [1, 2] }],
    notAllowedTime: [{ start: new Date('2026-11-26T02:00:00Z'), end: new Date('2026-11-30T12:00:00Z') }],
  });
  const got = await client.maintenanceConfigurations.get(RG, 'c1', 'default');
  expect(got.timeInWeek).toEqual([{ day: 'Monday', hourSlots: [1, 2] }]);
  expect(got.notAllowedTime?.[0]?.end?.toISOString()).toBe('2026-11-30T12:00:00.000Z');
});

it.each<[string, string, Arm.MaintenanceConfiguration, string]>([
  [
    'a window shorter than 4 hours',
    'aksManagedAutoUpgradeSchedule',
    window({ durationHours: 3 }),
    'durationHours',
  ],
  [
    'a window longer than 24 hours',
    'aksManagedAutoUpgradeSchedule',
    window({ durationHours: 25 }),
    'durationHours',
  ],
  [
    'a weekly interval above 4',
    'aksManagedAutoUpgradeSchedule',
    window({ schedule: { weekly: { intervalWeeks: 5, dayOfWeek: 'Sunday' } } }),
    'intervalWeeks',
  ],
  [
    'two schedule types at once',
    'aksManagedAutoUpgradeSchedule',
    window({ schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } } }),
    'Exactly one',
  ],
  [
    'a node OS window less often than weekly',
    'aksManagedNodeOSUpgradeSchedule',
    window({ schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 1 } } }),
    'at least once a week',
  ],
  ['a maintenanceWindow on default', 'default', window({}), 'not supported by the default'],
  [
    'timeInWeek on an aksManaged configuration',
    'aksManagedAutoUpgradeSchedule',
    { timeInWeek: [{ day: 'Monday', hourSlots: [1] }] },
    'not supported by aksManagedAutoUpgradeSchedule',
  ],
  [
    'a start date that is not a day of the calendar',
    'aksManagedAutoUpgradeSchedule',
    {
      maintenanceWindow: {
        ...window({}).maintenanceWindow!,
        // A Date cannot hold 30 February: the SDK sends what toISOString gives.
        startDate: { toISOString: () => '2026-02-30T00:00:00.000Z' } as unknown as Date,
      },
    },
    'startDate 2026-02-30 is invalid',
  ],
  ['an hour slot past 23', 'default', { timeInWeek: [{ day: 'Monday', hourSlots: [24] }] }, 'hourSlots'],
  ['an unknown configuration name', 'weekend', window({}), 'is invalid'],
])('refuses %s with InvalidParameter', async (_what, name, body, says) => {
  const err = await thrown(client.maintenanceConfigurations.createOrUpdate(RG, 'c1', name, body));
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(err.message).toContain(says);
});

it('answers NotFound for a configuration the cluster does not hold, and 204 on deleting it', async () => {
  await client.maintenanceConfigurations.delete(RG, 'c1', 'default');
  const err = await thrown(client.maintenanceConfigurations.get(RG, 'c1', 'default'));
  expect(err).toMatchObject({ statusCode: 404, code: 'NotFound' });
  await expect(client.maintenanceConfigurations.delete(RG, 'c1', 'default')).resolves.toBeUndefined();
  expect(sim.counters.get('maintenanceConfigurations.delete', 204)).toBe(1);
});
