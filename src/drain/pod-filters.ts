// The drain pipeline's pod filters: each looks at one pod and says evict, skip, wait or refuse. The first
// filter that does not say "evict" decides; warnings from the others are kept.

import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import { MIRROR_POD_ANNOTATION, controllerRef, isTerminal, isTerminating, toDate } from './pod-state.js';
import { RefuseReason, SkipReason, WaitReason } from './types.js';
import type { PodFilter, Verdict } from './types.js';

/** Whether the controller a pod names still exists: undefined when it could not be read. */
export type OwnerExists = (namespace: string, owner: V1OwnerReference) => boolean | undefined;

export interface FilterSettings {
  /** Evict pods that no controller will re-create (they are lost). Default false: refuse. */
  allowUnmanagedPods?: boolean;
  /** Pods with emptyDir data: evict with a warning (default, the node's data goes with it) or refuse. */
  localStoragePods?: 'Evict' | 'Refuse';
  /** Pods the caller keeps out of the drain (e.g. the operator's own); skipped. */
  exclude?: (pod: V1Pod) => boolean;
}

export interface FilterContext {
  ownerExists: OwnerExists;
  isNodeUnreachable: boolean;
  nowMs: number;
}

const EVICT: Verdict = { action: 'evict' };
/** On an unreachable node a terminating pod is never confirmed gone; after this long it is left to the pod GC. */
export const UNREACHABLE_TERMINATING_SKIP_MS = 1000;

export const mirrorPodFilter: PodFilter = (pod) => {
  const isMirror = pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
  const isOwnedByNode = controllerRef(pod)?.kind === 'Node';
  return isMirror || isOwnedByNode ? { action: 'skip', reason: SkipReason.MirrorPod } : EVICT;
};

export const finishedPodFilter: PodFilter = (pod) =>
  isTerminal(pod) ? { action: 'skip', reason: SkipReason.Finished } : EVICT;

export function excludedPodFilter(exclude: (pod: V1Pod) => boolean): PodFilter {
  return (pod) => (exclude(pod) ? { action: 'skip', reason: SkipReason.Excluded } : EVICT);
}

/** A pod already on its way out is waited for, not evicted again (a second eviction only re-deletes it). */
export function terminatingPodFilter(ctx: Pick<FilterContext, 'isNodeUnreachable' | 'nowMs'>): PodFilter {
  return (pod) => {
    if (!isTerminating(pod)) return EVICT;
    const deletionMs = toDate(pod.metadata?.deletionTimestamp)?.getTime() ?? ctx.nowMs;
    if (ctx.isNodeUnreachable && ctx.nowMs - deletionMs > UNREACHABLE_TERMINATING_SKIP_MS) {
      return { action: 'skip', reason: SkipReason.TerminatingOnUnreachableNode };
    }
    return { action: 'wait', reason: WaitReason.Terminating };
  };
}

/** The DaemonSet controller ignores cordon and would put the pod straight back: leave it. */
export function daemonSetPodFilter(ownerExists: OwnerExists): PodFilter {
  return (pod) => {
    const owner = controllerRef(pod);
    if (owner?.kind !== 'DaemonSet') return EVICT;
    // An orphan whose DaemonSet is gone is nobody's: the unmanaged filter decides.
    return ownerExists(pod.metadata?.namespace ?? '', owner) === false
      ? EVICT
      : { action: 'skip', reason: SkipReason.DaemonSetPod };
  };
}

/** Evicting a pod no controller re-creates loses it; only with the user's consent. */
export function unmanagedPodFilter(ownerExists: OwnerExists, isAllowed: boolean): PodFilter {
  return (pod) => {
    const owner = controllerRef(pod);
    const isOrphan = owner !== undefined && ownerExists(pod.metadata?.namespace ?? '', owner) === false;
    if (owner !== undefined && !isOrphan) return EVICT;
    const what = isOrphan
      ? `its controller ${owner?.kind}/${owner?.name} no longer exists`
      : 'it has no controller';
    if (isAllowed) return { action: 'evict', warning: `evicted although ${what}; it will not be re-created` };
    return {
      action: 'refuse',
      reason: RefuseReason.Unmanaged,
      message: `not evicted because ${what} and would be lost; set allowUnmanagedPods to evict it`,
    };
  };
}

export function localStoragePodFilter(policy: 'Evict' | 'Refuse'): PodFilter {
  return (pod) => {
    const volumes = (pod.spec?.volumes ?? []).filter((v) => v.emptyDir !== undefined).map((v) => v.name);
    if (volumes.length === 0) return EVICT;
    const what = `emptyDir data (${volumes.join(', ')})`;
    if (policy === 'Evict') return { action: 'evict', warning: `local storage: ${what} is lost on eviction` };
    return {
      action: 'refuse',
      reason: RefuseReason.LocalStorage,
      message: `not evicted because its ${what} would be lost; set localStoragePods to Evict to allow it`,
    };
  };
}

/** The filters in the order they decide. */
export function drainFilters(settings: FilterSettings, ctx: FilterContext): PodFilter[] {
  const filters: PodFilter[] = [mirrorPodFilter];
  if (settings.exclude) filters.push(excludedPodFilter(settings.exclude));
  filters.push(
    finishedPodFilter,
    terminatingPodFilter(ctx),
    daemonSetPodFilter(ctx.ownerExists),
    unmanagedPodFilter(ctx.ownerExists, settings.allowUnmanagedPods ?? false),
    localStoragePodFilter(settings.localStoragePods ?? 'Evict'),
  );
  return filters;
}

/** Runs `pod` through `filters`: the first verdict other than evict wins; evict warnings are joined. */
export function classifyPod(pod: V1Pod, filters: PodFilter[]): Verdict {
  const warnings: string[] = [];
  for (const filter of filters) {
    const verdict = filter(pod);
    if (verdict.action !== 'evict') return verdict;
    if (verdict.warning) warnings.push(verdict.warning);
  }
  return warnings.length > 0 ? { action: 'evict', warning: warnings.join('; ') } : EVICT;
}
