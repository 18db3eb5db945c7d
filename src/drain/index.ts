// Public surface of the drain engine: cordon, pod filters, PDB-aware eviction (with a per-PDB limiter
// fed by a watch), the drain of a set of nodes and its long-lived runs, PDB arithmetic and the stuck-drain
// report.

export {
  CORDONED_AT_ANNOTATION,
  DRAINED_AT_ANNOTATION,
  DRAIN_STARTED_ANNOTATION,
  cordon,
  decideCordon,
  decideDrainStart,
  decideUncordon,
  isCordoned,
  isCordonedByDrain,
  uncordon,
} from './cordon.js';
export type { CordonDecision, CordonResult, UncordonSettings } from './cordon.js';
export type { DrainCluster, NodePatch } from './drain-cluster.js';
export type { DrainWatch, DrainWatchEvent } from './drain-watch.js';
export { BudgetGate, DEFAULT_MAX_EVICTIONS_IN_FLIGHT } from './budget-gate.js';
export type { AcquireRequest, BudgetGateOptions, Denied, Permit } from './budget-gate.js';
export { KubeDrainCluster } from './kube-drain-cluster.js';
export { classifyEvictionAnswer } from './eviction-answer.js';
export type { EvictionAnswer, EvictionRefusal, RawAnswer } from './eviction-answer.js';
export {
  classifyPod,
  daemonSetPodFilter,
  drainFilters,
  finishedPodFilter,
  localStoragePodFilter,
  mirrorPodFilter,
  terminatingPodFilter,
  unmanagedPodFilter,
} from './pod-filters.js';
export type { FilterContext, FilterSettings, OwnerExists } from './pod-filters.js';
export { explainPdb, structuralZeroReason, unhealthyPods } from './pdb-arithmetic.js';
export { DEFAULT_NODE_TIMEOUT_MS, drainStep } from './drain-step.js';
export type { DrainSettings, DrainStepOptions, DrainStepResult } from './drain-step.js';
export type { KnownOwners } from './owner-lookup.js';
export { drainNodes } from './drain-nodes.js';
export type { DrainNodesOptions, DrainNodesResult } from './drain-nodes.js';
export { DEFAULT_NOTIFY_INTERVAL_MS, DrainRuns } from './drain-runs.js';
export type { DrainRunRequest, DrainRunState } from './drain-runs.js';
export { describePdb, formatDuration, notRolledText, renderDrainReport } from './stuck-report.js';
export type { DrainEvent, RenderedDrain } from './stuck-report.js';
export { BlockReason, DrainPhase, RefuseReason, SkipReason, TimeoutPolicy } from './types.js';
export type {
  BlockedPod,
  DrainReport,
  ForcedPod,
  PdbExplanation,
  PendingPod,
  PodFilter,
  PodRef,
  PodWarning,
  RefusedPod,
  SkippedPod,
  TerminatingPod,
  UnreadyPod,
  Verdict,
  WorkloadRollout,
} from './types.js';
