// The pure decisions of a blue/green replacement: whether an upgrade runs as one, and from the recorded
// phase and what Azure and the workload cluster show, the one step of this pass. A phase is recorded
// (`advance`) in one pass and acted on in the next, so a crash at any point resumes from status.
import type * as Arm from '@azure/arm-containerservice';
import { BlueGreenPhase, UpgradeStrategy, type NodePoolSpec } from '../../api/index.js';
import { isTerminal } from '../shared/provisioning-state.js';
import type { PoolDecision } from './decide.js';

export interface BlueGreenFacts {
  /** status.blueGreen.phase. */
  phase: BlueGreenPhase;
  /** The pool being replaced (the active one); undefined once Azure no longer has it. */
  old: Arm.AgentPool | undefined;
  /** The twin pool; undefined when Azure does not have it. */
  twin: Arm.AgentPool | undefined;
  /** The twin's Ready nodes in the workload cluster; undefined when unreadable. */
  twinReadyNodes: number | undefined;
  /** Nodes of the old pool that are still schedulable; undefined when not read this pass. */
  uncordonedOldNodes?: number;
}

export type BlueGreenStep =
  /** Record the next phase; act on it in the next pass. */
  | { do: 'advance'; to: BlueGreenPhase; message: string }
  /** Nothing to do but look again later. */
  | { do: 'wait'; message: string }
  | { do: 'createTwin' }
  | { do: 'pinOldAutoscaler' }
  | { do: 'cordon' }
  | { do: 'drain' }
  | { do: 'deleteOld' }
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

const state = (p: Arm.AgentPool): string => p.provisioningState ?? 'Succeeded';

function createTwin(f: BlueGreenFacts): BlueGreenStep {
  const twin = f.twin;
  // Looked up first: a twin created before a crash is never created twice.
  if (!twin) return { do: 'createTwin' };
  if (!isTerminal(state(twin))) return { do: 'wait', message: `twin pool is ${state(twin)}` };
  // A failed create is put again with the same body (same name: still one twin).
  if (state(twin) !== 'Succeeded') return { do: 'createTwin' };
  return { do: 'advance', to: BlueGreenPhase.WaitingForTwin, message: 'twin pool created' };
}

function waitForTwin(f: BlueGreenFacts): BlueGreenStep {
  const twin = f.twin;
  if (!twin) return { do: 'advance', to: BlueGreenPhase.CreatingTwin, message: 'twin pool is missing' };
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
  if (!isTerminal(state(old))) return { do: 'wait', message: `old pool is ${state(old)}` };
  // The autoscaler must not add uncordoned old nodes (or remove nodes) while pods move.
  if (old.enableAutoScaling) return { do: 'pinOldAutoscaler' };
  if (f.uncordonedOldNodes === undefined || f.uncordonedOldNodes > 0) return { do: 'cordon' };
  return { do: 'advance', to: BlueGreenPhase.Draining, message: 'every old node is cordoned' };
}

export function decideBlueGreen(f: BlueGreenFacts): BlueGreenStep {
  switch (f.phase) {
    case BlueGreenPhase.CreatingTwin:
      return createTwin(f);
    case BlueGreenPhase.WaitingForTwin:
      return waitForTwin(f);
    case BlueGreenPhase.Cordoning:
      return cordonOld(f);
    case BlueGreenPhase.Draining:
      if (!f.old)
        return { do: 'advance', to: BlueGreenPhase.DeletingOld, message: 'old pool is already gone' };
      return { do: 'drain' };
    case BlueGreenPhase.DeletingOld:
      if (!f.old) return { do: 'complete' };
      if (!isTerminal(state(f.old))) return { do: 'wait', message: `old pool is ${state(f.old)}` };
      return { do: 'deleteOld' };
    case BlueGreenPhase.Completed:
      return { do: 'complete' };
    case BlueGreenPhase.RollingBack:
      return { do: 'wait', message: 'rolling back is not supported by this operator version' };
  }
}
