// Which Pending pods are waiting for a pool: pods the scheduler marked Unschedulable that select the
// pool's labels or tolerate its taints, and would fit its nodes (every selector met, every taint
// tolerated). Pods that name nothing of the pool are left out: they are not this pool's to serve.
import type { V1NodeSelectorRequirement, V1Pod, V1Taint, V1Toleration } from '@kubernetes/client-node';
import type { NodePool } from '../../api/index.js';

/** The labels and scheduling taints a pool's nodes carry. */
export interface PoolShape {
  labels: Record<string, string>;
  taints: V1Taint[];
}

const AGENT_POOL = 'kubernetes.azure.com/agentpool';
const SPOT_TAINT: V1Taint = {
  key: 'kubernetes.azure.com/scalesetpriority',
  value: 'spot',
  effect: 'NoSchedule',
};

/** Azure name of the agent pool serving a NodePool (a blue/green twin once it took over). */
export function servingPoolName(np: NodePool): string {
  return np.status?.activePoolName ?? np.spec.azureName ?? np.metadata.name ?? '';
}

/** What AKS puts on the pool's nodes that a pod can select or must tolerate. */
export function poolShape(np: NodePool): PoolShape {
  const name = servingPoolName(np);
  const isSpot = np.spec.scaleSetPriority === 'Spot';
  const labels: Record<string, string> = {
    ...(np.spec.nodeLabels ?? {}),
    [AGENT_POOL]: name,
    agentpool: name,
    'kubernetes.azure.com/mode': (np.spec.mode ?? 'User').toLowerCase(),
    ...(isSpot ? { [SPOT_TAINT.key]: 'spot' } : {}),
  };
  const taints = (np.spec.nodeTaints ?? []).flatMap((t) => parseTaint(t) ?? []);
  return { labels, taints: isSpot ? [...taints, SPOT_TAINT] : taints };
}

/** `key=value:Effect` or `key:Effect`. */
export function parseTaint(text: string): V1Taint | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text.trim());
  if (!m) return undefined;
  return { key: m[1] ?? '', ...(m[2] ? { value: m[2] } : {}), effect: m[3] ?? 'NoSchedule' };
}

function meets(req: V1NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function requiredTerms(pod: V1Pod): V1NodeSelectorRequirement[][] {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.map((t) => t.matchExpressions ?? []);
}

/** nodeSelector and required node affinity are met by the labels (affinity: any one term). */
export function selectsLabels(pod: V1Pod, labels: Record<string, string>): boolean {
  const selector = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const terms = requiredTerms(pod);
  return terms.length === 0 || terms.some((reqs) => reqs.every((r) => meets(r, labels)));
}

function tolerates(t: V1Toleration, taint: V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** Every taint that keeps pods off (NoSchedule, NoExecute) is tolerated. */
export function toleratesTaints(pod: V1Pod, taints: V1Taint[]): boolean {
  const tolerations = pod.spec?.tolerations ?? [];
  return taints
    .filter((taint) => taint.effect !== 'PreferNoSchedule')
    .every((taint) => tolerations.some((t) => tolerates(t, taint)));
}

/** The pod names the pool: selects one of its labels, or tolerates one of its taints by key. */
function namesPool(pod: V1Pod, shape: PoolShape): boolean {
  const keys = new Set(Object.keys(shape.labels));
  if (Object.keys(pod.spec?.nodeSelector ?? {}).some((k) => keys.has(k))) return true;
  if (requiredTerms(pod).some((reqs) => reqs.some((r) => keys.has(r.key)))) return true;
  return shape.taints.some((taint) =>
    (pod.spec?.tolerations ?? []).some((t) => t.key === taint.key && tolerates(t, taint)),
  );
}

/** When the scheduler first found no node for the pod (ms); undefined when it is not unschedulable. */
export function unschedulableSince(pod: V1Pod): number | undefined {
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName || pod.metadata?.deletionTimestamp)
    return undefined;
  const c = pod.status.conditions?.find((x) => x.type === 'PodScheduled');
  if (c?.status !== 'False' || c.reason !== 'Unschedulable') return undefined;
  const at = c.lastTransitionTime ?? pod.metadata?.creationTimestamp;
  const ms = at === undefined ? NaN : new Date(at).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether an unschedulable pod is one the pool should serve. */
export function waitsForPool(pod: V1Pod, shape: PoolShape): boolean {
  return namesPool(pod, shape) && selectsLabels(pod, shape.labels) && toleratesTaints(pod, shape.taints);
}

export interface PendingSummary {
  count: number;
  /** When the longest-waiting of them became unschedulable (ms). */
  oldestSinceMs?: number;
}

/** The unschedulable pods waiting for the pool. */
export function pendingForPool(pods: readonly V1Pod[], shape: PoolShape): PendingSummary {
  let count = 0;
  let oldest: number | undefined;
  for (const pod of pods) {
    const since = unschedulableSince(pod);
    if (since === undefined || !waitsForPool(pod, shape)) continue;
    count++;
    oldest = oldest === undefined ? since : Math.min(oldest, since);
  }
  return oldest === undefined ? { count } : { count, oldestSinceMs: oldest };
}

/** Labels and taints of the active pool the standby lacks (its own agent-pool and spot marks aside). */
export function missingOnStandby(active: NodePool, standby: NodePool): string[] {
  const want = active.spec.nodeLabels ?? {};
  const have = standby.spec.nodeLabels ?? {};
  const labels = Object.entries(want)
    .filter(([k, v]) => have[k] !== v)
    .map(([k, v]) => `label ${k}=${v}`);
  const theirs = new Set(standby.spec.nodeTaints ?? []);
  const taints = (active.spec.nodeTaints ?? []).filter((t) => !theirs.has(t)).map((t) => `taint ${t}`);
  return [...labels, ...taints];
}
