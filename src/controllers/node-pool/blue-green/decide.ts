// The pure decisions of a blue/green replacement: whether an upgrade runs as one, and from the recorded
// phase and what Azure and the workload cluster show, the one step of this pass. A phase is recorded
// (`advance`) in one pass and acted on in the next, so a crash at any point resumes from status.
// Capacity is never removed before its replacement serves: the old pool is deleted only once the twin
// runs Ready nodes and every workload the drain moved is back at its Ready replicas; a twin that fails
// or vanishes puts the old pool back in service (RollingBack) and stalls until the user answers. An abort
// asked before the old pool's deletion started rolls back to the end: old nodes uncordoned, the twin
// drained back to them and deleted; asked later, the replacement finishes and says it came too late.
import type * as Arm from '@azure/arm-containerservice';
import {
  AzureTag,
  BlueGreenPhase,
  NodePoolReason,
  UpgradeStrategy,
  type NodePoolSpec,
} from '../../../api/index.js';
import { isTerminal } from '../../shared/provisioning-state.js';
import type { PoolDecision } from '../decide.js';

export interface BlueGreenFacts {
  /** status.blueGreen.phase. */
  phase: BlueGreenPhase;
  /** Azure name of the twin pool. */
  twinName: string;
  /** The pool being replaced (the active one); undefined once Azure no longer has it. */
  old: Arm.AgentPool | undefined;
  /** The twin pool; undefined when Azure does not have it. */
  twin: Arm.AgentPool | undefined;
  /** The twin's Ready nodes in the workload cluster; undefined when unreadable or not read. */
  twinReadyNodes: number | undefined;
  /** Why the twin's last operation (its create) failed, `code: message`; undefined when unknown. */
  twinError?: string;
  /** Nodes of the old pool that are still schedulable; undefined when not read this pass. */
  uncordonedOldNodes?: number;
  /** Old nodes this replacement cordoned that are still cordoned; undefined when not read this pass. */
  cordonedOldNodes?: number;
  /**
   * Workloads whose pods the drain evicted that are not back at their desired Ready replicas, in words
   * (`Deployment shop/api: 2 of 3 Ready`); undefined when not read this pass.
   */
  shortWorkloads?: string[];
  /** Time since the old pool was drained, for the serving timeout; undefined when not read. */
  drainedForMs?: number;
  /** How long the twin and the moved workloads may take to serve before the replacement stalls. */
  servingTimeoutMs: number;
  /** After a TwinFailed/TwinLost stall, the spec or the request annotations changed: try the twin again. */
  isRetryAsked?: boolean;
  /** The abort-replacement annotation's value (who asks); undefined when it is not set. */
  abortAskedBy?: string;
  /** status.blueGreen.abortedBy: this replacement rolls back on request, to its end. */
  abortedBy?: string;
}

export type BlueGreenStep =
  /** Record the next phase; act on it in the next pass. */
  | { do: 'advance'; to: BlueGreenPhase; message: string }
  /** Nothing to do but look again later. */
  | { do: 'wait'; message: string }
  /** Stop and tell the user; the old pool stays. */
  | { do: 'stall'; reason: NodePoolReason; message: string }
  | { do: 'createTwin' }
  | { do: 'pinOldAutoscaler' }
  | { do: 'cordon' }
  | { do: 'drain' }
  /** Put the old nodes this replacement cordoned back in service (rolling back). */
  | { do: 'uncordon' }
  /** Record that the replacement rolls back on request (status.blueGreen.abortedBy, phase RollingBack). */
  | { do: 'abort'; by: string }
  /** Drain the twin's nodes back to the old ones (rolling back on request). */
  | { do: 'drainTwin' }
  /** Delete the drained twin (rolling back on request). */
  | { do: 'deleteTwin' }
  /** The twin is gone: the old pool is the active pool again, the replacement rolled back. */
  | { do: 'rolledBack' }
  | { do: 'deleteOld' }
  /** Record in the twin's Azure tags that it is the active pool. */
  | { do: 'tagTwinActive' }
  /** The old pool is gone: the twin becomes the active pool. */
  | { do: 'complete' };

/** Whether the pass's decision is an upgrade that runs as a blue/green replacement instead of a PUT. */
export function isBlueGreenUpgrade(spec: NodePoolSpec, decision: PoolDecision): boolean {
  return (
    spec.upgradeStrategy === UpgradeStrategy.BlueGreen &&
    decision.action === 'update' &&
    decision.type === 'Upgrade' &&
    decision.isUpgradeAllowed
  );
}

/**
 * Whether a BlueGreen pool's decision is a new VM size, which AKS cannot apply to an existing pool: a twin
 * pool of the new size replaces it. Any other setting fixed at creation still stalls (ImmutableFieldDiffers).
 */
export function isBlueGreenResize(spec: NodePoolSpec, decision: PoolDecision): boolean {
  return (
    spec.upgradeStrategy === UpgradeStrategy.BlueGreen &&
    decision.action === 'immutableDiffers' &&
    decision.diffs.every((d) => d.path === 'spec.vmSize')
  );
}

const state = (p: Arm.AgentPool): string => p.provisioningState ?? 'Succeeded';

/** The twin is Failed or gone: the step that rolls back, or undefined when it is neither. */
function twinLost(f: BlueGreenFacts): BlueGreenStep | undefined {
  if (!f.twin)
    return { do: 'advance', to: BlueGreenPhase.RollingBack, message: `twin pool ${f.twinName} is gone` };
  if (state(f.twin) !== 'Failed') return undefined;
  const why = f.twinError ? `: ${f.twinError}` : '';
  return { do: 'advance', to: BlueGreenPhase.RollingBack, message: `twin pool ${f.twinName} failed${why}` };
}

function createTwin(f: BlueGreenFacts): BlueGreenStep {
  const twin = f.twin;
  // Looked up first: a twin created before a crash is never created twice.
  if (!twin) return { do: 'createTwin' };
  if (!isTerminal(state(twin))) return { do: 'wait', message: `twin pool is ${state(twin)}` };
  // A failed create stalls (RollingBack); it is put again only when the user asks (isRetryAsked).
  if (state(twin) === 'Failed') return twinLost(f) as BlueGreenStep;
  if (state(twin) !== 'Succeeded') return { do: 'createTwin' };
  return { do: 'advance', to: BlueGreenPhase.WaitingForTwin, message: 'twin pool created' };
}

function waitForTwin(f: BlueGreenFacts): BlueGreenStep {
  const twin = f.twin;
  if (!twin) return { do: 'advance', to: BlueGreenPhase.CreatingTwin, message: 'twin pool is missing' };
  if (state(twin) === 'Failed') return twinLost(f) as BlueGreenStep;
  if (state(twin) !== 'Succeeded') return { do: 'wait', message: `twin pool is ${state(twin)}` };
  const wanted = twin.count ?? 0;
  const ready = f.twinReadyNodes;
  if (ready === undefined || ready < wanted)
    return { do: 'wait', message: `${ready ?? 0} of ${wanted} twin nodes Ready` };
  return { do: 'advance', to: BlueGreenPhase.Cordoning, message: `twin pool has ${ready} Ready nodes` };
}

function cordonOld(f: BlueGreenFacts): BlueGreenStep {
  const old = f.old;
  if (!old) return { do: 'advance', to: BlueGreenPhase.DeletingOld, message: 'old pool is already gone' };
  const lost = twinLost(f);
  if (lost) return lost;
  if (!isTerminal(state(old))) return { do: 'wait', message: `old pool is ${state(old)}` };
  // The autoscaler must not add uncordoned old nodes (or remove nodes) while pods move.
  if (old.enableAutoScaling) return { do: 'pinOldAutoscaler' };
  if (f.uncordonedOldNodes === undefined || f.uncordonedOldNodes > 0) return { do: 'cordon' };
  return { do: 'advance', to: BlueGreenPhase.Draining, message: 'every old node is cordoned' };
}

function drainOld(f: BlueGreenFacts): BlueGreenStep {
  if (!f.old) return { do: 'advance', to: BlueGreenPhase.DeletingOld, message: 'old pool is already gone' };
  return twinLost(f) ?? { do: 'drain' };
}

/** What keeps the old pool from being deleted yet: twin nodes not Ready, or moved workloads short. */
function notServing(f: BlueGreenFacts, twin: Arm.AgentPool): string | undefined {
  const wanted = twin.count ?? 0;
  const ready = f.twinReadyNodes;
  if (ready === undefined || ready < wanted) return `${ready ?? 0} of ${wanted} twin nodes Ready`;
  if (f.shortWorkloads === undefined) return 'the moved workloads are not read yet';
  if (f.shortWorkloads.length > 0) return `waiting for ${f.shortWorkloads.join(', ')}`;
  return undefined;
}

function deleteOld(f: BlueGreenFacts): BlueGreenStep {
  const { old, twin } = f;
  if (!old) {
    // Recorded in Azure before status: losing status then finds the twin as the active pool.
    if (twin && isTerminal(state(twin)) && twin.tags?.[AzureTag.ActivePool] !== f.twinName)
      return { do: 'tagTwinActive' };
    if (twin && !isTerminal(state(twin))) return { do: 'wait', message: `twin pool is ${state(twin)}` };
    return { do: 'complete' };
  }
  // A delete that started cannot be taken back: the twin is all there will be.
  if (!isTerminal(state(old))) return { do: 'wait', message: `old pool is ${state(old)}` };
  const lost = twinLost(f);
  if (lost) return lost;
  const live = twin as Arm.AgentPool;
  if (state(live) !== 'Succeeded') return { do: 'wait', message: `twin pool is ${state(live)}` };
  const short = notServing(f, live);
  if (!short) return { do: 'deleteOld' };
  const waited = f.drainedForMs ?? 0;
  if (waited < f.servingTimeoutMs) return { do: 'wait', message: `keeping the old pool: ${short}` };
  return {
    do: 'stall',
    reason: NodePoolReason.ReplacementNotServing,
    message: `the old pool is drained but its replacement does not serve after ${Math.round(waited / 60_000)} minutes (${short}); the old pool is kept`,
  };
}

/**
 * An abort asked while the old pool serves untouched (its deletion not started): the step that records
 * it; undefined when none is asked, one already runs, or it comes too late (the replacement finishes).
 */
function abortStep(f: BlueGreenFacts): BlueGreenStep | undefined {
  const by = f.abortAskedBy;
  if (by === undefined || f.abortedBy !== undefined) return undefined;
  switch (f.phase) {
    case BlueGreenPhase.DeletingOld:
      // A delete that started cannot be taken back; before it, the old pool still has every node.
      return f.old && isTerminal(state(f.old)) ? { do: 'abort', by } : undefined;
    case BlueGreenPhase.Completed:
    case BlueGreenPhase.DeletingTwin:
      return undefined;
    default:
      return { do: 'abort', by };
  }
}

/** Rolling back on request: old nodes uncordoned first, so the pods the twin's drain evicts land there. */
function rollBackOnRequest(f: BlueGreenFacts): BlueGreenStep {
  if (f.cordonedOldNodes === undefined || f.cordonedOldNodes > 0) return { do: 'uncordon' };
  const twin = f.twin;
  if (!twin) return { do: 'rolledBack' };
  // Deleted outside the operator: the twin is all the NodePool has, so it becomes the active pool.
  if (!f.old) return { do: 'advance', to: BlueGreenPhase.DeletingOld, message: 'the old pool is gone' };
  // An operation on the twin (its create) ends before it is drained and deleted.
  if (!isTerminal(state(twin))) return { do: 'wait', message: `twin pool is ${state(twin)}` };
  return { do: 'drainTwin' };
}

function deleteTwin(f: BlueGreenFacts): BlueGreenStep {
  const twin = f.twin;
  if (!twin) return { do: 'rolledBack' };
  if (!isTerminal(state(twin))) return { do: 'wait', message: `twin pool is ${state(twin)}` };
  return { do: 'deleteTwin' };
}

function rollBack(f: BlueGreenFacts): BlueGreenStep {
  if (f.abortedBy !== undefined) return rollBackOnRequest(f);
  if (f.cordonedOldNodes === undefined || f.cordonedOldNodes > 0) return { do: 'uncordon' };
  const twin = f.twin;
  if (f.isRetryAsked) {
    if (!twin || state(twin) === 'Failed') return { do: 'createTwin' };
    return { do: 'advance', to: BlueGreenPhase.CreatingTwin, message: 'trying the twin pool again' };
  }
  const answer =
    'the old pool serves again; fix the cause, then change the spec or set the retry annotation to try the twin again';
  if (!twin)
    return {
      do: 'stall',
      reason: NodePoolReason.TwinLost,
      message: `twin pool ${f.twinName} disappeared during the replacement; ${answer}`,
    };
  const why = f.twinError ?? `Azure reports it ${state(twin)}`;
  return {
    do: 'stall',
    reason: NodePoolReason.TwinFailed,
    message: `twin pool ${f.twinName} failed (${why}); ${answer}`,
  };
}

export function decideBlueGreen(f: BlueGreenFacts): BlueGreenStep {
  const abort = abortStep(f);
  if (abort) return abort;
  switch (f.phase) {
    case BlueGreenPhase.CreatingTwin:
      return createTwin(f);
    case BlueGreenPhase.WaitingForTwin:
      return waitForTwin(f);
    case BlueGreenPhase.Cordoning:
      return cordonOld(f);
    case BlueGreenPhase.Draining:
      return drainOld(f);
    case BlueGreenPhase.DeletingOld:
      return deleteOld(f);
    case BlueGreenPhase.Completed:
      return { do: 'complete' };
    case BlueGreenPhase.RollingBack:
      return rollBack(f);
    case BlueGreenPhase.DeletingTwin:
      return deleteTwin(f);
  }
}
