// Which pods a node drain evicts, as AKS's drain does: everything but DaemonSet and mirror pods and pods
// that already finished; pods already terminating are waited for, not evicted again.
import type { V1LabelSelector, V1Pod } from '@kubernetes/client-node';

export const PodVerdict = {
  Evict: 'evict',
  Wait: 'wait',
  Skip: 'skip',
} as const;
export type PodVerdict = (typeof PodVerdict)[keyof typeof PodVerdict];

export function drainVerdict(pod: V1Pod): PodVerdict {
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return PodVerdict.Skip;
  if (pod.metadata?.ownerReferences?.some((ref) => ref.controller && ref.kind === 'DaemonSet')) {
    return PodVerdict.Skip;
  }
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return PodVerdict.Skip;
  if (pod.metadata?.deletionTimestamp) return PodVerdict.Wait;
  return PodVerdict.Evict;
}

export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

export function podRef(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** A label selector as the `labelSelector` query parameter spells it. */
export function selectorString(selector: V1LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expr of selector.matchExpressions ?? []) {
    const values = (expr.values ?? []).join(',');
    if (expr.operator === 'In') parts.push(`${expr.key} in (${values})`);
    else if (expr.operator === 'NotIn') parts.push(`${expr.key} notin (${values})`);
    else if (expr.operator === 'Exists') parts.push(expr.key);
    else if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.join(',');
}
