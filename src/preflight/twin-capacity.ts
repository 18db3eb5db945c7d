// Pre-flight TwinPoolCapacity: the twin pool of a blue/green replacement starts with the old pool's node
// count (or the autoscaler's minimum) of the same VM size, and must hold the CPU and memory the old
// pool's pods request, beside the DaemonSet pods every node runs, or the drain leaves pods Pending.

import type { V1Pod } from '@kubernetes/client-node';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { parseQuantity } from './resource-quantity.js';

export interface TwinCapacityInput {
  poolName: string;
  /** Nodes the twin starts with. */
  twinNodes: number;
  /** Allocatable of one node of the pool (the twin has the same VM size), e.g. `{ cpu: '1900m', memory: '5Gi' }`. */
  allocatable: Record<string, string>;
  /** Pods on the old pool's nodes. */
  pods: V1Pod[];
}

const RESOURCES = ['cpu', 'memory'] as const;

const isFinished = (pod: V1Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isDaemon = (pod: V1Pod): boolean =>
  (pod.metadata?.ownerReferences ?? []).some((o) => o.controller && o.kind === 'DaemonSet') ||
  pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;

/** What a pod requests of a resource: the larger of its containers' sum and its largest init container. */
function requestOf(pod: V1Pod, resource: string): number {
  const of = (c: { resources?: { requests?: Record<string, string> } }): number =>
    parseQuantity(c.resources?.requests?.[resource]) ?? 0;
  const main = (pod.spec?.containers ?? []).reduce((n, c) => n + of(c), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map(of));
  return Math.max(main, init);
}

const format = (resource: string, value: number): string =>
  resource === 'cpu' ? `${Math.ceil(value * 1000)}m` : `${Math.ceil(value / 2 ** 20)}Mi`;

export function checkTwinCapacity(input: TwinCapacityInput): Finding[] {
  const live = input.pods.filter((p) => !isFinished(p));
  const moving = live.filter((p) => !isDaemon(p));
  const nodes = new Set(live.map((p) => p.spec?.nodeName).filter((n) => n !== undefined));
  const findings: Finding[] = [];
  for (const resource of RESOURCES) {
    const perNode = parseQuantity(input.allocatable[resource]);
    if (perNode === undefined) continue;
    const daemons = live.filter(isDaemon).reduce((n, p) => n + requestOf(p, resource), 0);
    // DaemonSet pods run on every node: the twin's nodes carry what one old node carries.
    const daemonPerNode = nodes.size > 0 ? daemons / nodes.size : 0;
    const capacity = input.twinNodes * Math.max(0, perNode - daemonPerNode);
    const need = moving.reduce((n, p) => n + requestOf(p, resource), 0);
    if (need <= capacity) continue;
    findings.push({
      severity: Severity.Error,
      reason: FindingReason.TwinPoolTooSmall,
      subject: `node pool ${input.poolName}`,
      message: `the twin of pool ${input.poolName} starts with ${input.twinNodes} node(s) holding ${format(resource, capacity)} of ${resource} for pods, but the pods to move request ${format(resource, need)}; raise the pool's count (or autoscaling.minCount) before the replacement, or pick a larger VM size`,
    });
  }
  return findings;
}
