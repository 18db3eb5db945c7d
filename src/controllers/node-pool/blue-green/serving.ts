// Whether a blue/green twin serves what the old pool ran: the workloads whose pods the drain moves are
// written on each old node when it is cordoned (an annotation, so a restart or a lost status keeps
// them), and before the old pool is deleted each must be back at its desired Ready replicas.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { PoolWorkload, WorkloadRef } from './workload.js';

/** On an old node: the workloads of the pods it ran when cordoned, `Kind/namespace/name,…`. */
export const MOVED_WORKLOADS_ANNOTATION = 'aks.lifecycle.dev/moved-workloads';
const KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet'];

const keyOf = (r: WorkloadRef): string => `${r.kind}/${r.namespace}/${r.name}`;

function parse(value: string | undefined): WorkloadRef[] {
  const refs: WorkloadRef[] = [];
  for (const entry of (value ?? '').split(',')) {
    const [kind, namespace, name] = entry.split('/');
    if (kind && KINDS.includes(kind) && namespace && name)
      refs.push({ kind: kind as WorkloadRef['kind'], namespace, name });
  }
  return refs;
}

/** Pods that leave with the drain and come back through a workload (mirror and finished pods stay or end). */
function isMoved(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return pod.metadata?.annotations?.['kubernetes.io/config.mirror'] === undefined;
}

/** The pod's controller, or the pod itself when it has none. */
function ownerKey(pod: V1Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
  const namespace = pod.metadata?.namespace ?? '';
  return owner ? `${owner.kind}/${namespace}/${owner.name}` : `Pod/${namespace}/${pod.metadata?.name ?? ''}`;
}

/** Adds the workloads of the node's pods to its annotation (kept ones stay: a repeated pass loses none). */
export async function recordMovedWorkloads(
  workload: PoolWorkload,
  node: V1Node,
  signal: AbortSignal,
): Promise<void> {
  const name = node.metadata?.name ?? '';
  const kept = node.metadata?.annotations?.[MOVED_WORKLOADS_ANNOTATION];
  const keys = new Set(parse(kept).map(keyOf));
  // Pods of one owner lead to one workload: its owner is read once, and the owners at once.
  const byOwner = new Map<string, V1Pod>();
  for (const pod of await workload.drain.listPodsOnNode(name, signal)) {
    if (isMoved(pod)) byOwner.set(ownerKey(pod), pod);
  }
  const refs = await Promise.all([...byOwner.values()].map((pod) => workload.workloadOf(pod, signal)));
  for (const ref of refs) if (ref) keys.add(keyOf(ref));
  const value = [...keys].sort().join(',');
  if (value === (kept ?? '')) return;
  await workload.drain.patchNode(
    name,
    { metadata: { annotations: { [MOVED_WORKLOADS_ANNOTATION]: value } } },
    signal,
  );
}

/** Every workload recorded on the old nodes, once each. */
export function movedWorkloads(nodes: V1Node[]): WorkloadRef[] {
  const byKey = new Map<string, WorkloadRef>();
  for (const n of nodes)
    for (const ref of parse(n.metadata?.annotations?.[MOVED_WORKLOADS_ANNOTATION]))
      byKey.set(keyOf(ref), ref);
  return [...byKey.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/** The workloads not at their desired Ready replicas, in words; a workload deleted since is not waited for. */
export async function shortWorkloads(
  workload: PoolWorkload,
  refs: WorkloadRef[],
  signal: AbortSignal,
): Promise<string[]> {
  const short: string[] = [];
  for (const ref of refs) {
    const r = await workload.replicas(ref, signal);
    if (r && r.ready < r.desired)
      short.push(`${ref.kind} ${ref.namespace}/${ref.name} (${r.ready} of ${r.desired} Ready)`);
  }
  return short;
}
