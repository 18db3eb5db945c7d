// metav1.Condition helpers, and the Ready / Reconciling / Stalled trio that kstatus (and so Argo CD
// and Flux) read. Functions are pure: they return a new list and never touch the input.
import { kubeTime } from './kube-time.js';

export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** The condition types every kind carries. */
export const StandardCondition = { Ready: 'Ready', Reconciling: 'Reconciling', Stalled: 'Stalled' } as const;
export type StandardCondition = (typeof StandardCondition)[keyof typeof StandardCondition];

/** metav1.Condition. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  /** One CamelCase token naming the category. */
  reason: string;
  message: string;
  /** RFC 3339; moves only when `status` flips. */
  lastTransitionTime: string;
  observedGeneration?: number;
}

export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
}

export interface StampOptions {
  /** `metadata.generation` of the object the conditions describe. */
  observedGeneration: number | undefined;
  /** Now, in epoch milliseconds. */
  now: number;
}

/** The condition of `type`, if present. */
export function getCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export const isTrue = (conditions: readonly Condition[] | undefined, type: string): boolean =>
  getCondition(conditions, type)?.status === ConditionStatus.True;
export const isFalse = (conditions: readonly Condition[] | undefined, type: string): boolean =>
  getCondition(conditions, type)?.status === ConditionStatus.False;

/**
 * Sets one condition: keeps `lastTransitionTime` unless `status` changes, stamps `observedGeneration`,
 * keeps the position of an existing condition and appends a new one.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  update: ConditionUpdate,
  options: StampOptions,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === update.type);
  const existing = index >= 0 ? list[index] : undefined;
  const next: Condition = {
    type: update.type,
    status: update.status,
    reason: update.reason,
    message: update.message ?? '',
    lastTransitionTime:
      existing && existing.status === update.status ? existing.lastTransitionTime : kubeTime(options.now),
  };
  if (options.observedGeneration !== undefined) next.observedGeneration = options.observedGeneration;
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

/** Adds `Unknown` conditions for the types not present yet (first visit), reason as given. */
export function initConditions(
  conditions: readonly Condition[] | undefined,
  types: readonly string[],
  options: StampOptions & { reason?: string; message?: string },
): Condition[] {
  let list = [...(conditions ?? [])];
  for (const type of types) {
    if (getCondition(list, type)) continue;
    const update = {
      type,
      status: ConditionStatus.Unknown,
      reason: options.reason ?? 'Pending',
      message: options.message ?? '',
    };
    list = setCondition(list, update, options);
  }
  return list;
}

/** What a reconcile concluded, in terms of the three standard conditions. */
export type Progress =
  /** In sync: Ready=True, Reconciling=False, Stalled=False. */
  | { state: 'ready'; reason: string; message?: string }
  /** Work in progress (or a retryable failure): Ready=False, Reconciling=True, Stalled=False. */
  | { state: 'reconciling'; reason: string; message?: string }
  /** Given up until the spec changes: Ready=False, Reconciling=False, Stalled=True. */
  | { state: 'stalled'; reason: string; message?: string };

/** Sets Ready, Reconciling and Stalled consistently for `progress` (kstatus's abnormal-true convention). */
export function setProgress(
  conditions: readonly Condition[] | undefined,
  progress: Progress,
  options: StampOptions,
): Condition[] {
  const { reason } = progress;
  const message = progress.message ?? '';
  const s = (b: boolean): ConditionStatus => (b ? ConditionStatus.True : ConditionStatus.False);
  let list = setCondition(
    conditions,
    { type: StandardCondition.Ready, status: s(progress.state === 'ready'), reason, message },
    options,
  );
  list = setCondition(
    list,
    {
      type: StandardCondition.Reconciling,
      status: s(progress.state === 'reconciling'),
      reason,
      message: progress.state === 'reconciling' ? message : '',
    },
    options,
  );
  return setCondition(
    list,
    {
      type: StandardCondition.Stalled,
      status: s(progress.state === 'stalled'),
      reason,
      message: progress.state === 'stalled' ? message : '',
    },
    options,
  );
}
