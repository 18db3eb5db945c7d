// Small facts read off a pod: readiness, phase, owner, priority tier. Shared by filters, eviction and reports.

import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import type { PodRef } from './types.js';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const CRITICAL_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

export function podRef(pod: V1Pod): PodRef {
  const ref: PodRef = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
  if (pod.metadata?.uid) ref.uid = pod.metadata.uid;
  return ref;
}

export function podKey(pod: PodRef): string {
  return `${pod.namespace}/${pod.name}`;
}

export function isTerminal(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function isTerminating(pod: V1Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

export function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function controllerRef(pod: V1Pod): V1OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((o) => o.controller === true);
}

/** Critical pods go last: evicting them first can take down what the rest depends on. */
export function isCritical(pod: V1Pod): boolean {
  return CRITICAL_PRIORITY_CLASSES.has(pod.spec?.priorityClassName ?? '');
}

/** `Ready=False CrashLoopBackOff`-style summary of why a pod does not count as healthy. */
export function unreadyReason(pod: V1Pod): string {
  if (isTerminating(pod)) return 'Terminating';
  if (pod.status?.phase === 'Pending') return 'Pending';
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting?.reason)?.state?.waiting
    ?.reason;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const detail = waiting ?? ready?.reason;
  return `Ready=${ready?.status ?? 'Unknown'}${detail ? ` ${detail}` : ''}`;
}

/** The PodScheduled=False message the scheduler left on a Pending pod, if any. */
export function schedulingMessage(pod: V1Pod): string | undefined {
  const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (!cond) return undefined;
  return [cond.reason, cond.message].filter(Boolean).join(': ') || undefined;
}

export function toDate(value: Date | string | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
