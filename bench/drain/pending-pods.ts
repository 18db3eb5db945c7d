// Pods Pending during a replacement: each pod's time from when it was first seen Pending (or from when
// counting started) until it was seen leaving Pending (running, ended or deleted), and how many of them the
// scheduler marked Unschedulable (no node could take them). Fed pod states by the watches, timed by them.
import type { V1Pod } from '@kubernetes/client-node';
import { median } from '../stats.js';

export interface PodState {
  uid: string;
  isPending: boolean;
  /** The scheduler's PodScheduled condition says no node fits. */
  isUnschedulable: boolean;
  isDeleted: boolean;
}

export interface PendingSummary {
  /** Pods seen Pending at least once (a pod never returns to Pending, so one episode each). */
  pods: number;
  /** Of their Pending episodes, ended or not (one still Pending counts until `nowMs`). */
  medianMs: number;
  maxMs: number;
  /** Most pods Pending at the same time. */
  mostAtOnce: number;
  /** Pods the scheduler marked Unschedulable at least once. */
  unschedulable: number;
  /** Pods still Pending at `nowMs`. */
  stillPending: number;
}

export function podState(pod: V1Pod, isDeleted: boolean): PodState {
  const phase = pod.status?.phase ?? 'Pending';
  return {
    uid: pod.metadata?.uid ?? '',
    isPending: phase === 'Pending' && pod.metadata?.deletionTimestamp == null,
    isUnschedulable:
      pod.status?.conditions?.some(
        (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
      ) === true,
    isDeleted,
  };
}

export class PendingPods {
  /** Pods Pending now: when they were first seen so. */
  private readonly since = new Map<string, number>();
  private readonly durations: number[] = [];
  private readonly unschedulable = new Set<string>();
  private mostAtOnce = 0;

  /** A pod as a watch event showed it at `atMs`. */
  observe(pod: PodState, atMs: number): void {
    if (pod.isUnschedulable) this.unschedulable.add(pod.uid);
    const start = this.since.get(pod.uid);
    if (pod.isPending && !pod.isDeleted) {
      if (start === undefined) this.since.set(pod.uid, atMs);
      this.mostAtOnce = Math.max(this.mostAtOnce, this.since.size);
    } else if (start !== undefined) {
      this.since.delete(pod.uid);
      this.durations.push(atMs - start);
    }
  }

  summary(nowMs: number): PendingSummary {
    const open = [...this.since.values()].map((start) => nowMs - start);
    const all = [...this.durations, ...open];
    return {
      pods: all.length,
      medianMs: all.length === 0 ? 0 : median(all),
      maxMs: all.length === 0 ? 0 : Math.max(...all),
      mostAtOnce: this.mostAtOnce,
      unschedulable: this.unschedulable.size,
      stillPending: open.length,
    };
  }
}
