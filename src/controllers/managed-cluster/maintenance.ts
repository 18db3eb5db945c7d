// The cluster's maintenance configurations (AKS planned maintenance): what the spec declares, how it
// differs from what Azure holds (declared fields only), the body to PUT (Azure's configuration with the
// declared fields laid over it) and the pure decision of at most one PUT. A configuration removed from
// the spec is released: it is no longer read, compared or written, and stays in Azure as it is.
import type * as Arm from '@azure/arm-containerservice';
import type { DriftPolicy, ManagedClusterSpec } from '../../api/index.js';
import { DiffAction, type FieldDiff } from '../shared/field-diff.js';

type Declared = NonNullable<ManagedClusterSpec['maintenanceConfigurations']>;
type DeclaredDefault = NonNullable<Declared['default']>;
type DeclaredWindow = NonNullable<Declared['aksManagedAutoUpgradeSchedule']>;

/** One declared configuration, by AKS's name. */
export type DeclaredMaintenance =
  | { name: 'default'; declared: DeclaredDefault }
  | { name: 'aksManagedAutoUpgradeSchedule' | 'aksManagedNodeOSUpgradeSchedule'; declared: DeclaredWindow };

/** A declared configuration and what Azure holds under its name (undefined: absent). */
export type MaintenanceFacts = DeclaredMaintenance & { observed: Arm.MaintenanceConfiguration | undefined };

export function declaredMaintenance(spec: ManagedClusterSpec): DeclaredMaintenance[] {
  const m = spec.maintenanceConfigurations;
  const out: DeclaredMaintenance[] = [];
  if (m?.default) out.push({ name: 'default', declared: m.default });
  if (m?.aksManagedAutoUpgradeSchedule)
    out.push({ name: 'aksManagedAutoUpgradeSchedule', declared: m.aksManagedAutoUpgradeSchedule });
  if (m?.aksManagedNodeOSUpgradeSchedule)
    out.push({ name: 'aksManagedNodeOSUpgradeSchedule', declared: m.aksManagedNodeOSUpgradeSchedule });
  return out;
}

const day = (d: Date | undefined): string | undefined => d?.toISOString().slice(0, 10);
const asDate = (d: string): Date => new Date(`${d}T00:00:00Z`);
/** JSON with keys in order: the apiserver and the SDK do not keep the same key order. */
const json = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/** A schedule with only the keys it sets, for comparison. */
function scheduleOf(s: Arm.Schedule | DeclaredWindow['schedule'] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s ?? {})) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

function sortedTimeInWeek(t: readonly Arm.TimeInWeek[] | undefined) {
  return [...(t ?? [])]
    .map((x) => ({ day: x.day, hourSlots: [...(x.hourSlots ?? [])].sort((a, b) => a - b) }))
    .sort((a, b) => (a.day ?? '').localeCompare(b.day ?? ''));
}

/** The declared fields whose value Azure does not hold. */
export function maintenanceDiffs(f: MaintenanceFacts): FieldDiff[] {
  const at = (field: string, azure: unknown, wanted: unknown): FieldDiff[] =>
    json(azure) === json(wanted)
      ? []
      : [
          {
            path: `spec.maintenanceConfigurations.${f.name}.${field}`,
            action: DiffAction.Update,
            azure: json(azure),
            wanted: json(wanted),
          },
        ];
  if (f.name === 'default') {
    const d = f.declared;
    return [
      ...(d.timeInWeek
        ? at('timeInWeek', sortedTimeInWeek(f.observed?.timeInWeek), sortedTimeInWeek(d.timeInWeek))
        : []),
      ...(d.notAllowedTime
        ? at(
            'notAllowedTime',
            (f.observed?.notAllowedTime ?? []).map((s) => [s.start?.getTime(), s.end?.getTime()]),
            d.notAllowedTime.map((s) => [Date.parse(s.start), Date.parse(s.end)]),
          )
        : []),
    ];
  }
  const w = f.declared;
  const o = f.observed?.maintenanceWindow;
  return [
    ...at('schedule', scheduleOf(o?.schedule), scheduleOf(w.schedule)),
    ...at('durationHours', o?.durationHours, w.durationHours),
    ...at('startTime', o?.startTime, w.startTime),
    ...(w.utcOffset !== undefined ? at('utcOffset', o?.utcOffset, w.utcOffset) : []),
    ...(w.startDate !== undefined ? at('startDate', day(o?.startDate), w.startDate) : []),
    ...(w.notAllowedDates
      ? at(
          'notAllowedDates',
          (o?.notAllowedDates ?? []).map((s) => ({ start: day(s.start), end: day(s.end) })),
          w.notAllowedDates,
        )
      : []),
  ];
}

/** What to PUT: Azure's configuration (if any) with the declared fields laid over it. */
export function desiredMaintenance(f: MaintenanceFacts): Arm.MaintenanceConfiguration {
  if (f.name === 'default') {
    const d = f.declared;
    const timeInWeek = d.timeInWeek ?? f.observed?.timeInWeek;
    const notAllowedTime = d.notAllowedTime
      ? d.notAllowedTime.map((s) => ({ start: new Date(s.start), end: new Date(s.end) }))
      : f.observed?.notAllowedTime;
    return { ...(timeInWeek ? { timeInWeek } : {}), ...(notAllowedTime ? { notAllowedTime } : {}) };
  }
  const w = f.declared;
  const o = f.observed?.maintenanceWindow;
  const window: Arm.MaintenanceWindow = {
    ...o,
    schedule: w.schedule,
    durationHours: w.durationHours,
    startTime: w.startTime,
  };
  if (w.utcOffset !== undefined) window.utcOffset = w.utcOffset;
  if (w.startDate !== undefined) window.startDate = asDate(w.startDate);
  if (w.notAllowedDates)
    window.notAllowedDates = w.notAllowedDates.map((s) => ({ start: asDate(s.start), end: asDate(s.end) }));
  return { maintenanceWindow: window };
}

export type MaintenanceDecision =
  /** PUT one configuration; `isRevert` when it puts back a change made outside the operator. */
  | {
      action: 'put';
      name: DeclaredMaintenance['name'];
      body: Arm.MaintenanceConfiguration;
      diffs: FieldDiff[];
      isRevert: boolean;
    }
  /** AKS refused this generation's configuration: nothing is written until the spec changes. */
  | { action: 'hold' }
  /** Nothing to write; `drift` is reported only (driftPolicy Report). */
  | { action: 'inSync'; drift: FieldDiff[] };

export function decideMaintenance(input: {
  configs: readonly MaintenanceFacts[];
  /** The operator had made Azure match this generation: differences are drift. */
  isSpecApplied: boolean;
  driftPolicy: DriftPolicy;
  /** Azure refused a write of this generation for a reason only a spec change fixes. */
  isStalledByAzure: boolean;
}): MaintenanceDecision {
  const differing = input.configs
    .map((f) => ({ f, diffs: maintenanceDiffs(f) }))
    .filter((x) => x.diffs.length > 0);
  const first = differing[0];
  if (!first) return { action: 'inSync', drift: [] };
  if (input.isSpecApplied && input.driftPolicy === 'Report')
    return { action: 'inSync', drift: differing.flatMap((x) => x.diffs) };
  if (input.isStalledByAzure) return { action: 'hold' };
  // One write per pass: the next pass finds the next configuration that differs.
  return {
    action: 'put',
    name: first.f.name,
    body: desiredMaintenance(first.f),
    diffs: first.diffs,
    isRevert: input.isSpecApplied,
  };
}
