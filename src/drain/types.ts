// Plain data the drain engine hands back: verdicts on pods, what each pass did, and why a pod is still
// on the node. Everything here is serialisable so a controller can persist it or render it.

import type { V1Pod } from '@kubernetes/client-node';

export interface PodRef {
  namespace: string;
  name: string;
  uid?: string;
}

/** Why a pod is left on the node on purpose. */
export const SkipReason = {
  MirrorPod: 'MirrorPod',
  DaemonSetPod: 'DaemonSetPod',
  Finished: 'Finished',
  Excluded: 'Excluded',
  /** Node unreachable and the pod has been terminating long enough: the kubelet will never confirm. */
  TerminatingOnUnreachableNode: 'TerminatingOnUnreachableNode',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Why a pod that must go is not evicted until the user allows it. */
export const RefuseReason = {
  Unmanaged: 'Unmanaged',
  LocalStorage: 'LocalStorage',
} as const;
export type RefuseReason = (typeof RefuseReason)[keyof typeof RefuseReason];

/** Why an eviction that was asked for did not go through (yet). */
export const BlockReason = {
  /** 429 with a DisruptionBudget cause: the budget allows no disruption now. */
  PDBBlocked: 'PDBBlocked',
  /** 429 "still being processed": the PDB controller has not observed the latest PDB spec. */
  PDBProcessing: 'PDBProcessing',
  /** 500: two or more PDBs select the pod; the eviction subresource refuses. */
  MultiplePDBs: 'MultiplePDBs',
  /** 403 NamespaceTerminating: the namespace is being deleted; its controller will delete the pod. */
  NamespaceTerminating: 'NamespaceTerminating',
  /** 403 from the budget check itself (negative allowance, too many unconfirmed evictions). */
  PDBRejected: 'PDBRejected',
  /** 429 without a DisruptionBudget cause: API priority and fairness throttling. */
  Throttled: 'Throttled',
  /** 401/403: the operator may not create pods/eviction. Retrying does not help. */
  EvictionForbidden: 'EvictionForbidden',
  /** 5xx, timeouts, transport failures: retried, never taken for success. */
  ServerError: 'ServerError',
  /** Held back: critical pods leave only after the other pods on the node are gone. */
  AwaitingOtherPods: 'AwaitingOtherPods',
  /** Held back: the node also holds pods the drain refuses, so it can never be emptied; evicting the rest would only disrupt. */
  AwaitingRefusedPods: 'AwaitingRefusedPods',
  /** Not evicted: the node's drain timed out under the CordonOnly policy. */
  DrainTimedOut: 'DrainTimedOut',
  /** Not evicted: its budget allowed nothing, so its Deployment was rolled; its surge replaces the pod. */
  WorkloadRolled: 'WorkloadRolled',
} as const;
export type BlockReason = (typeof BlockReason)[keyof typeof BlockReason];

/** Why a pod is waited for rather than evicted. */
export const WaitReason = {
  /** The pod is already terminating: the drain waits for it to go. */
  Terminating: 'Terminating',
} as const;
export type WaitReason = (typeof WaitReason)[keyof typeof WaitReason];

/** What the pipeline decides for one pod. `message` says which setting changes the outcome. */
export type Verdict =
  | { action: 'evict'; warning?: string }
  | { action: 'skip'; reason: SkipReason }
  | { action: 'wait'; reason: WaitReason }
  | { action: 'refuse'; reason: RefuseReason; message: string };

export type PodFilter = (pod: V1Pod) => Verdict;

/** What to do once a node's drain has run past its timeout. */
export const TimeoutPolicy = {
  /** Keep the node cordoned, keep trying and report `TimedOut`; the caller stops the rollout. */
  Wait: 'Wait',
  /** Stop evicting, leave the node cordoned and report it `Quarantined` so the rollout can move on. */
  CordonOnly: 'CordonOnly',
  /** Delete the pods still there, bypassing their PDBs. Only when the user opted in explicitly. */
  Force: 'Force',
} as const;
export type TimeoutPolicy = (typeof TimeoutPolicy)[keyof typeof TimeoutPolicy];

export const DrainPhase = {
  Draining: 'Draining',
  Drained: 'Drained',
  /** The Node object is gone: nothing to drain, the pod GC removes what was bound to it. */
  NodeNotFound: 'NodeNotFound',
  TimedOut: 'TimedOut',
  Quarantined: 'Quarantined',
  /** Retrying cannot help (eviction forbidden); the user must change something. */
  Stalled: 'Stalled',
} as const;
export type DrainPhase = (typeof DrainPhase)[keyof typeof DrainPhase];

/** A disruption budget seen from a blocked pod: its spec, the controller's arithmetic and why it is zero. */
export interface PdbExplanation {
  namespace: string;
  name: string;
  minAvailable?: string;
  maxUnavailable?: string;
  unhealthyPodEvictionPolicy?: string;
  expectedPods?: number;
  desiredHealthy?: number;
  currentHealthy?: number;
  disruptionsAllowed?: number;
  /** Structural: the spec can never allow an eviction. Effective: it could, but pods are unhealthy now. */
  zero: 'Structural' | 'Effective' | 'None' | 'Unknown';
  /** For a structural zero, the rule that makes it so. */
  structuralReason?: string;
  unreadyPods: UnreadyPod[];
  pendingPods: PendingPod[];
}

export interface UnreadyPod {
  pod: PodRef;
  node?: string;
  /** e.g. `Ready=False CrashLoopBackOff`, `Terminating`. */
  reason: string;
}

export interface PendingPod {
  pod: PodRef;
  /** The PodScheduled condition's message, when the scheduler gave one. */
  schedulingMessage?: string;
}

export interface BlockedPod {
  pod: PodRef;
  reason: BlockReason;
  /** The server's own words (status message and causes). */
  message: string;
  /** ISO time this pod was first seen blocked; carried over from the previous pass. */
  since: string;
  /** Names of every PDB that selects the pod (two or more for MultiplePDBs). */
  pdbNames: string[];
  pdbs: PdbExplanation[];
  retryAfterMs?: number;
  /** With rollouts allowed: the pod's workload was rolled, or why it could not be. */
  rollout?: WorkloadRollout;
}

/** What a drain that allows rollouts made of a pod its budget blocked. */
export interface WorkloadRollout {
  /** `Deployment namespace/name`, `StatefulSet namespace/name`, or `bare pod` when it has no controller. */
  workload: string;
  /** Rolled by this drain (now or in an earlier pass), or not eligible. */
  isRolled: boolean;
  /** True only in the pass that wrote the restart (one event per rolled workload). */
  isRolledNow: boolean;
  /** Why the workload is not eligible, in words; absent when rolled. */
  why?: string;
}

export interface SkippedPod {
  pod: PodRef;
  reason: SkipReason;
}

export interface RefusedPod {
  pod: PodRef;
  reason: RefuseReason;
  message: string;
}

export interface TerminatingPod {
  pod: PodRef;
  deletionTimestamp: string;
  /** Past deletionTimestamp plus the stuck buffer. */
  isStuck: boolean;
  finalizers: string[];
}

export interface PodWarning {
  pod: PodRef;
  message: string;
}

export interface ForcedPod {
  pod: PodRef;
  gracePeriodSeconds: number;
  /** PDBs whose protection the deletion bypassed. */
  bypassedPdbs: string[];
}

/** One pass over one node. Every pod on the node appears in exactly one list (or was gone). */
export interface DrainReport {
  node: string;
  phase: DrainPhase;
  /** ISO time the drain of this node started; persist it and pass it back so timeouts survive restarts. */
  startedAt: string;
  /** ISO time of this pass. */
  observedAt: string;
  /** True when the node was unschedulable before this drain touched it (so it must not be uncordoned). */
  wasCordonedBefore: boolean;
  /** Whether this pass wrote the cordon. */
  cordonedNow: boolean;
  isUnreachable: boolean;
  evicted: PodRef[];
  skipped: SkippedPod[];
  refused: RefusedPod[];
  terminating: TerminatingPod[];
  blocked: BlockedPod[];
  forced: ForcedPod[];
  warnings: PodWarning[];
  /** Pods that must still leave (not skipped, not finished). Zero means drained. */
  remaining: number;
  /** Consecutive passes in which nothing left the node and nothing was evicted (drives backoff). */
  passesWithoutProgress: number;
}
