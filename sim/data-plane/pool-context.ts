// What every pool operation works with: the cluster's API, its identity, simulated time, the caller's
// signal and progress callback, instance numbering per scale set, and AKS-style node events.
import type { ClusterShape, ProgressFn } from '../data-plane.js';
import type { ClusterClient } from './kube-client.js';
import { requestOptions } from './kube-client.js';
import { nextInstance } from './node-names.js';
import type { SimTime } from './sim-time.js';

export interface PoolContext {
  client: ClusterClient;
  cluster: ClusterShape;
  time: SimTime;
  signal: AbortSignal;
  progress: ProgressFn;
  instances: InstanceCounter;
}

/** Hands out scale-set instance numbers per pool; never reuses one while the process lives. */
export class InstanceCounter {
  private readonly next = new Map<string, number>();

  allocate(poolName: string, count: number, inUse: Iterable<string>): number[] {
    const first = nextInstance(inUse, this.next.get(poolName) ?? 0);
    this.next.set(poolName, first + count);
    return Array.from({ length: count }, (_, i) => first + i);
  }

  forget(poolName: string): void {
    this.next.delete(poolName);
  }
}

export const EventReason = {
  Surge: 'Surge',
  Drain: 'Drain',
  Upgrade: 'Upgrade',
} as const;
export type EventReason = (typeof EventReason)[keyof typeof EventReason];

/** Reports a step as AKS does: a progress line for the operation and an Event on the node. */
export async function reportNodeEvent(
  ctx: PoolContext,
  options: { node: string; reason: EventReason; message: string; isWarning?: boolean },
): Promise<void> {
  ctx.progress(options.message);
  const now = new Date();
  await ctx.client.core.createNamespacedEvent(
    {
      namespace: 'default',
      body: {
        metadata: { generateName: `${options.node}.`, namespace: 'default' },
        involvedObject: { apiVersion: 'v1', kind: 'Node', name: options.node },
        reason: options.reason,
        message: options.message,
        type: options.isWarning ? 'Warning' : 'Normal',
        source: { component: 'aks-upgrade' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    },
    requestOptions(ctx.signal),
  );
}
