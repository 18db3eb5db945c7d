// ManagedCluster.spec.maintenanceConfigurations: AKS planned maintenance (the cluster's
// maintenanceConfigurations sub-resources `default`, `aksManagedAutoUpgradeSchedule` and
// `aksManagedNodeOSUpgradeSchedule`). Static AKS rules are checked here, at admission.
import { s } from './schema.js';

/** The configuration names AKS accepts, which are also the spec's keys. */
export const MaintenanceConfigurationName = {
  /** AKS's weekly releases: timeInWeek and notAllowedTime. */
  Default: 'default',
  /** When AKS applies automatic Kubernetes upgrades (autoUpgradeProfile.upgradeChannel). */
  AutoUpgrade: 'aksManagedAutoUpgradeSchedule',
  /** When AKS applies automatic node OS updates (autoUpgradeProfile.nodeOSUpgradeChannel). */
  NodeOSUpgrade: 'aksManagedNodeOSUpgradeSchedule',
} as const;
export type MaintenanceConfigurationName =
  (typeof MaintenanceConfigurationName)[keyof typeof MaintenanceConfigurationName];

const WEEK_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'] as const;
const DATE = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** A YYYY-MM-DD day that exists (no 2026-02-30): AKS refuses the others. */
function calendarDate(description: string) {
  const year = 'int(self.substring(0, 4))';
  const leap = `(${year} % 4 == 0 && (${year} % 100 != 0 || ${year} % 400 == 0))`;
  return s.string({
    description,
    pattern: DATE,
    maxLength: 10,
    rules: [
      {
        rule: `!self.matches('${DATE}') || int(self.substring(8, 10)) <= [31, ${leap} ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][int(self.substring(5, 7)) - 1]`,
        message: 'not a day of the calendar (that month has fewer days)',
      },
    ],
  });
}

const dayOfWeek = s.enum(WEEK_DAYS, { description: 'Day of the week, e.g. Sunday.' });

const schedule = s.object(
  {
    daily: s
      .object(
        { intervalDays: s.integer({ description: 'Every this many days (1-7).', minimum: 1, maximum: 7 }) },
        { description: 'Every intervalDays days.' },
      )
      .optional(),
    weekly: s
      .object(
        {
          intervalWeeks: s.integer({ description: 'Every this many weeks (1-4).', minimum: 1, maximum: 4 }),
          dayOfWeek,
        },
        { description: 'On dayOfWeek, every intervalWeeks weeks.' },
      )
      .optional(),
    absoluteMonthly: s
      .object(
        {
          intervalMonths: s.integer({ description: 'Every this many months (1-6).', minimum: 1, maximum: 6 }),
          dayOfMonth: s.integer({
            description: 'Day of the month (1-31); in a shorter month, its last day.',
            minimum: 1,
            maximum: 31,
          }),
        },
        { description: 'On dayOfMonth, every intervalMonths months.' },
      )
      .optional(),
    relativeMonthly: s
      .object(
        {
          intervalMonths: s.integer({ description: 'Every this many months (1-6).', minimum: 1, maximum: 6 }),
          weekIndex: s.enum(WEEK_INDEXES, {
            description: 'Which week of the month: First to Fourth, or Last.',
          }),
          dayOfWeek,
        },
        { description: 'On the weekIndex dayOfWeek (e.g. the First Monday), every intervalMonths months.' },
      )
      .optional(),
  },
  {
    description:
      'How often the window recurs: exactly one of daily, weekly, absoluteMonthly, relativeMonthly.',
    rules: [
      {
        rule: '[has(self.daily), has(self.weekly), has(self.absoluteMonthly), has(self.relativeMonthly)].filter(x, x).size() == 1',
        message: 'schedule takes exactly one of daily, weekly, absoluteMonthly or relativeMonthly',
      },
    ],
  },
);

const dateSpan = s.object(
  {
    start: calendarDate('First day, YYYY-MM-DD.'),
    end: calendarDate('Last day, YYYY-MM-DD (included).'),
  },
  {
    description: 'Days on which the window does not open.',
    rules: [{ rule: 'self.start <= self.end', message: 'a notAllowedDates span ends before it starts' }],
  },
);

/** The window of the two aksManaged* configurations (AKS's MaintenanceWindow). */
function maintenanceWindow(what: string, rules: { rule: string; message: string }[] = []) {
  return s.object(
    {
      schedule,
      durationHours: s.integer({
        description: 'How long the window stays open, in hours (AKS: 4-24).',
        minimum: 4,
        maximum: 24,
      }),
      startTime: s.string({
        description: 'When the window opens, HH:MM in utcOffset.',
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        maxLength: 5,
      }),
      utcOffset: s
        .string({
          description: "Offset of startTime from UTC, e.g. +05:30 or -07:00. When omitted, Azure's (+00:00).",
          pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$',
          maxLength: 6,
        })
        .optional(),
      startDate: calendarDate(
        "First day the schedule applies, YYYY-MM-DD. When omitted, Azure's (the window applies at once).",
      ).optional(),
      notAllowedDates: s
        .array(dateSpan, {
          description: "Date ranges excluded from the schedule. When omitted, Azure's.",
          maxItems: 50,
        })
        .optional(),
    },
    { description: what, ...(rules.length > 0 ? { rules } : {}) },
  );
}

const timeInWeek = s.object(
  {
    day: dayOfWeek,
    hourSlots: s.array(
      s.integer({
        description: 'An hour of the day, 0-23 (UTC): the hour from HH:00 to HH:59.',
        minimum: 0,
        maximum: 23,
      }),
      {
        description: 'Hours of that day in which maintenance may start.',
        minItems: 1,
        maxItems: 24,
        listType: 'set',
      },
    ),
  },
  { description: 'A day of the week and its allowed hours.' },
);

const timeSpan = s.object(
  {
    start: s.dateTime({ description: 'Start, RFC 3339, e.g. 2026-12-24T00:00:00Z.' }),
    end: s.dateTime({ description: 'End, RFC 3339.' }),
  },
  {
    description: 'A period in which maintenance must not run.',
    rules: [
      {
        rule: 'timestamp(self.start) < timestamp(self.end)',
        message: 'a notAllowedTime span must end after it starts',
      },
    ],
  },
);

const defaultConfiguration = s.object(
  {
    timeInWeek: s
      .array(timeInWeek, {
        description: "Days and hours in which AKS may run its weekly releases. When omitted, Azure's.",
        maxItems: 7,
        listType: 'map',
        listMapKeys: ['day'],
      })
      .optional(),
    notAllowedTime: s
      .array(timeSpan, {
        description: "Periods in which AKS must not run them. When omitted, Azure's.",
        maxItems: 50,
      })
      .optional(),
  },
  {
    description:
      'The `default` configuration: when AKS may roll out its weekly releases (timeInWeek, notAllowedTime).',
    rules: [
      {
        rule: 'has(self.timeInWeek) || has(self.notAllowedTime)',
        message: 'maintenanceConfigurations.default needs timeInWeek, notAllowedTime or both',
      },
    ],
  },
);

export const maintenanceConfigurations = s.object(
  {
    default: defaultConfiguration.optional(),
    aksManagedAutoUpgradeSchedule: maintenanceWindow(
      'When AKS applies automatic Kubernetes upgrades (autoUpgradeProfile.upgradeChannel).',
    ).optional(),
    aksManagedNodeOSUpgradeSchedule: maintenanceWindow(
      'When AKS applies automatic node OS updates (autoUpgradeProfile.nodeOSUpgradeChannel). AKS requires it to open at least once a week: daily, or weekly with intervalWeeks 1.',
      [
        {
          rule: 'has(self.schedule.daily) || (has(self.schedule.weekly) && self.schedule.weekly.intervalWeeks == 1)',
          message:
            'aksManagedNodeOSUpgradeSchedule must open at least once a week: use a daily schedule or weekly with intervalWeeks: 1',
        },
      ],
    ).optional(),
  },
  {
    description:
      "AKS planned maintenance: the cluster's maintenance configurations. Each one declared is created or updated in Azure and drift-checked on its declared fields; " +
      "one left out is Azure's, and removing one from the spec releases it (the operator stops managing it and does not delete it). " +
      'These windows govern what AKS does on its own; UpgradePlan.spec.maintenanceWindows govern when the operator upgrades.',
  },
);
