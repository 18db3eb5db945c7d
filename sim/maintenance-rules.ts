// AKS's rules for a maintenance configuration body: `default` takes timeInWeek and notAllowedTime, the
// two aksManaged* take a maintenanceWindow (one schedule type, durationHours 4-24, intervals in range,
// HH:MM start, ±HH:MM offset, date spans in order); the node OS window opens at least once a week.
// Returns the properties AKS stores, with its defaults (utcOffset +00:00, startDate the day of the PUT).
import { isObject, num, str, type JsonObject } from './json.js';
import { maintenanceErrors } from './maintenance-errors.js';

export const MAINTENANCE_NAMES = [
  'default',
  'aksManagedAutoUpgradeSchedule',
  'aksManagedNodeOSUpgradeSchedule',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'];
const SCHEDULE_TYPES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that names a day of the calendar (AKS parses it as a date). */
function isDate(d: string): boolean {
  const day = new Date(`${d}T00:00:00Z`);
  return DATE.test(d) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
}
const W = 'properties.maintenanceWindow';

/** The name AKS spells (names are case-insensitive), or a 400 for any other. */
export function canonicalMaintenanceName(name: string): string {
  const found = MAINTENANCE_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (!found) throw maintenanceErrors.invalidName(name);
  return found;
}

export function checkedMaintenanceProperties(name: string, body: JsonObject, today: Date): JsonObject {
  const props = isObject(body.properties) ? body.properties : {};
  if (name === 'default') {
    if (props.maintenanceWindow !== undefined)
      throw maintenanceErrors.invalidProperty(
        W,
        'maintenanceWindow is not supported by the default maintenance configuration; use timeInWeek and notAllowedTime.',
      );
    return checkedDefault(props);
  }
  if (props.timeInWeek !== undefined || props.notAllowedTime !== undefined)
    throw maintenanceErrors.invalidProperty(
      'properties.timeInWeek',
      `timeInWeek and notAllowedTime are not supported by ${name}; use maintenanceWindow.`,
    );
  if (!isObject(props.maintenanceWindow))
    throw maintenanceErrors.invalidProperty(W, `maintenanceWindow is required for ${name}.`);
  return { maintenanceWindow: checkedWindow(name, props.maintenanceWindow, today) };
}

function checkedDefault(props: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (Array.isArray(props.timeInWeek)) {
    for (const t of props.timeInWeek) {
      const day = isObject(t) ? str(t, 'day') : undefined;
      if (!day || !DAYS.includes(day))
        throw maintenanceErrors.invalidProperty(
          'properties.timeInWeek.day',
          `timeInWeek day ${day ?? 'unset'} is not a day of the week.`,
        );
      const slots = isObject(t) && Array.isArray(t.hourSlots) ? t.hourSlots : [];
      if (slots.some((h) => typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h > 23))
        throw maintenanceErrors.invalidProperty(
          'properties.timeInWeek.hourSlots',
          `timeInWeek hourSlots of ${day} must be hours 0-23.`,
        );
    }
    out.timeInWeek = props.timeInWeek;
  }
  if (Array.isArray(props.notAllowedTime)) {
    for (const span of props.notAllowedTime) {
      const start = Date.parse(isObject(span) ? (str(span, 'start') ?? '') : '');
      const end = Date.parse(isObject(span) ? (str(span, 'end') ?? '') : '');
      if (Number.isNaN(start) || Number.isNaN(end) || start >= end)
        throw maintenanceErrors.invalidProperty(
          'properties.notAllowedTime',
          'notAllowedTime start must be a time before its end.',
        );
    }
    out.notAllowedTime = props.notAllowedTime;
  }
  return out;
}

function checkedWindow(name: string, w: JsonObject, today: Date): JsonObject {
  const duration = num(w, 'durationHours');
  if (duration === undefined || !Number.isInteger(duration) || duration < 4 || duration > 24)
    throw maintenanceErrors.invalidProperty(
      `${W}.durationHours`,
      `durationHours ${duration ?? 'unset'} is invalid; it must be between 4 and 24.`,
    );
  const startTime = str(w, 'startTime');
  if (!startTime || !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime))
    throw maintenanceErrors.invalidProperty(
      `${W}.startTime`,
      `startTime ${startTime ?? 'unset'} is invalid; it must be HH:MM.`,
    );
  const utcOffset = str(w, 'utcOffset') ?? '+00:00';
  if (!/^[+-]\d{2}:\d{2}$/.test(utcOffset))
    throw maintenanceErrors.invalidProperty(
      `${W}.utcOffset`,
      `utcOffset ${utcOffset} is invalid; it must be +HH:MM or -HH:MM.`,
    );
  const startDate = str(w, 'startDate') ?? today.toISOString().slice(0, 10);
  if (!isDate(startDate))
    throw maintenanceErrors.invalidProperty(
      `${W}.startDate`,
      `startDate ${startDate} is invalid; it must be YYYY-MM-DD.`,
    );
  const schedule = checkedSchedule(isObject(w.schedule) ? w.schedule : {});
  if (name === 'aksManagedNodeOSUpgradeSchedule') checkNodeOSFrequency(schedule);
  const out: JsonObject = { schedule, durationHours: duration, utcOffset, startDate, startTime };
  if (Array.isArray(w.notAllowedDates)) {
    for (const span of w.notAllowedDates) {
      const start = isObject(span) ? str(span, 'start') : undefined;
      const end = isObject(span) ? str(span, 'end') : undefined;
      if (!start || !end || !isDate(start) || !isDate(end) || start > end)
        throw maintenanceErrors.invalidProperty(
          `${W}.notAllowedDates`,
          'notAllowedDates start must be a date (YYYY-MM-DD) on or before its end.',
        );
    }
    out.notAllowedDates = w.notAllowedDates;
  }
  return out;
}

function checkedSchedule(schedule: JsonObject): JsonObject {
  const types = SCHEDULE_TYPES.filter((t) => schedule[t] !== undefined && schedule[t] !== null);
  if (types.length !== 1)
    throw maintenanceErrors.invalidProperty(
      `${W}.schedule`,
      'Exactly one of daily, weekly, absoluteMonthly and relativeMonthly schedule must be specified.',
    );
  const type = types[0] as string;
  const s = isObject(schedule[type]) ? (schedule[type] as JsonObject) : {};
  const inRange = (key: string, min: number, max: number): number => {
    const v = num(s, key);
    if (v === undefined || !Number.isInteger(v) || v < min || v > max)
      throw maintenanceErrors.invalidProperty(
        `${W}.schedule.${type}.${key}`,
        `${key} ${v ?? 'unset'} is invalid; it must be between ${min} and ${max}.`,
      );
    return v;
  };
  const oneOf = (key: string, allowed: string[]): string => {
    const v = str(s, key);
    if (!v || !allowed.includes(v))
      throw maintenanceErrors.invalidProperty(
        `${W}.schedule.${type}.${key}`,
        `${key} ${v ?? 'unset'} is invalid; it must be one of ${allowed.join(', ')}.`,
      );
    return v;
  };
  switch (type) {
    case 'daily':
      return { daily: { intervalDays: inRange('intervalDays', 1, 7) } };
    case 'weekly':
      return {
        weekly: { intervalWeeks: inRange('intervalWeeks', 1, 4), dayOfWeek: oneOf('dayOfWeek', DAYS) },
      };
    case 'absoluteMonthly':
      return {
        absoluteMonthly: {
          intervalMonths: inRange('intervalMonths', 1, 6),
          dayOfMonth: inRange('dayOfMonth', 1, 31),
        },
      };
    default:
      return {
        relativeMonthly: {
          intervalMonths: inRange('intervalMonths', 1, 6),
          weekIndex: oneOf('weekIndex', WEEK_INDEXES),
          dayOfWeek: oneOf('dayOfWeek', DAYS),
        },
      };
  }
}

/** Node OS updates come weekly: their window must open at least once a week. */
function checkNodeOSFrequency(schedule: JsonObject): void {
  const weekly = isObject(schedule.weekly) ? schedule.weekly : undefined;
  if (schedule.daily !== undefined || (weekly && num(weekly, 'intervalWeeks') === 1)) return;
  throw maintenanceErrors.invalidProperty(
    `${W}.schedule`,
    'The maintenance window of aksManagedNodeOSUpgradeSchedule must occur at least once a week; use a daily schedule or a weekly schedule with intervalWeeks 1.',
  );
}
