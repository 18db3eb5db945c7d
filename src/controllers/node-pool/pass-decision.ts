// The one decision of a NodePool pass, pure: from what the pass observed, the single thing to do. A
// replacement in progress takes its next step; else the agent pool's own decision (decide.ts) holds,
// unless an UpgradePlan holds the write, a BlueGreen version upgrade or new VM size starts a replacement, or
// the pool is in sync but lacks the node image asked of it (reimaged in place with Surge, replaced with
// BlueGreen).
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  NodePoolReason,
  UpgradeStrategy,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import { holdsWrite, type ChangeHold } from '../shared/change-hold.js';
import { isUpgrade } from '../shared/kube-version.js';
import {
  decideBlueGreen,
  isBlueGreenResize,
  isBlueGreenUpgrade,
  type BlueGreenStep,
} from './blue-green/decide.js';
import { blueGreenFacts, type BlueGreenReads } from './blue-green/facts.js';
import { activePoolName, twinPoolName } from './blue-green/names.js';
import { decidePool, isAboveControlPlane, type PoolDecision, type PoolFacts } from './decide.js';
import { needsLatestImage, nodeImageGoal, type ImageFacts } from './node-image.js';

export interface PassFacts {
  /** The effective NodePool (annotations applied). */
  np: NodePool;
  /** Status as the pass found it. */
  status: NodePoolStatus;
  nowMs: number;
  /** What the agent pool's own decision needs; `observed` is the active pool. */
  pool: PoolFacts;
  /** A specChanges UpgradePlan holding this generation back; undefined when none does. */
  hold: ChangeHold | undefined;
  /** What was read of the replacement in progress (status.blueGreen); undefined when none runs. */
  blueGreen: BlueGreenReads | undefined;
  /** What the node-image decision needs (the newest image, once read). */
  image: ImageFacts;
  /** Whether another agent pool has the twin's name; undefined until read (only when a replacement may start). */
  isTwinNameTaken?: boolean;
}

export type PassDecision =
  /** The agent pool's own decision: create, update (a Surge version upgrade too), wait, hold, in sync… */
  | Exclude<PoolDecision, { action: 'inSync' }>
  /** In sync; `imageReached` when the pool now runs the node image asked of it (the request is answered). */
  | (Extract<PoolDecision, { action: 'inSync' }> & { imageReached?: string })
  /** A fact that costs an Azure call is needed: the observe reads it, then the decision is made again. */
  | { action: 'observe'; fact: 'latestNodeImage' | 'twinName' }
  /** An UpgradePlan holds this generation until the pool's stage opens. */
  | { action: 'held'; hold: ChangeHold }
  /** Reimage the pool in place (Surge). */
  | { action: 'upgradeNodeImage'; image: string; snapshotId?: string }
  /** Record the start of a blue/green replacement; the twin is created in the next pass. */
  | { action: 'startReplacement'; targetVersion: string }
  /** The replacement in progress takes its step: create, wait, cordon, drain, delete old, roll back, abort… */
  | { action: 'replace'; step: BlueGreenStep }
  /**
   * Nothing may be done until the user changes something: `spec` (an InvalidSpecError, retried with a new
   * generation) names the field; `annotation` holds while an annotation stays.
   */
  | { action: 'blocked'; by: 'spec' | 'annotation'; reason: NodePoolReason; message: string; field?: string };

export function decidePass(f: PassFacts): PassDecision {
  // A replacement under way goes on, whatever holds new writes.
  if (f.status.blueGreen && f.blueGreen) {
    const facts = blueGreenFacts({ ...f, old: f.pool.observed, reads: f.blueGreen });
    return { action: 'replace', step: decideBlueGreen(facts) };
  }
  const pool = decidePool(f.pool);
  const isResize = isBlueGreenResize(f.np.spec, pool);
  if (f.hold && (holdsWrite(pool.action) || isResize)) return { action: 'held', hold: f.hold };
  if (isBlueGreenUpgrade(f.np.spec, pool)) return startReplacement(f, f.np.spec.orchestratorVersion ?? '');
  const observed = f.pool.observed;
  if (isResize && observed) return startReplacement(f, resizeVersion(f, observed));
  if (pool.action !== 'inSync' || !observed || observed.powerState?.code === 'Stopped') return pool;
  return imageStep(f, pool, observed);
}

/** A pool in sync with its spec: the node image asked of it, if it lacks it. */
function imageStep(
  f: PassFacts,
  pool: Extract<PoolDecision, { action: 'inSync' }>,
  observed: Arm.AgentPool,
): PassDecision {
  if (!f.image.latest && needsLatestImage(f.image)) return { action: 'observe', fact: 'latestNodeImage' };
  const goal = nodeImageGoal(f.image);
  switch (goal.state) {
    case 'none':
      return pool;
    case 'done':
      return { ...pool, imageReached: goal.image };
    case 'unreachable':
      return {
        action: 'blocked',
        by: 'spec',
        reason: NodePoolReason.NodeImageNotOffered,
        message: goal.message,
        field: `metadata.annotations[${Annotation.NodeImageTarget}]`,
      };
    case 'upgrade':
      if (f.np.spec.upgradeStrategy !== UpgradeStrategy.BlueGreen)
        return {
          action: 'upgradeNodeImage',
          image: goal.image,
          ...(goal.snapshotId ? { snapshotId: goal.snapshotId } : {}),
        };
      // Same version, new image: a twin pool comes up with the newest image AKS offers.
      return startReplacement(f, runningVersion(observed));
  }
}

/** The version the pool's nodes run. */
function runningVersion(observed: Arm.AgentPool): string {
  return observed.currentOrchestratorVersion ?? observed.orchestratorVersion ?? '';
}

/**
 * The version of a twin that brings a new VM size: the version the spec asks for when the control plane
 * allows it (one replacement for both), else the one the pool runs.
 */
function resizeVersion(f: PassFacts, observed: Arm.AgentPool): string {
  const running = runningVersion(observed);
  const wanted = f.pool.wantedVersion;
  if (wanted && isUpgrade(wanted, running) && !isAboveControlPlane(wanted, f.pool.controlPlaneVersion))
    return wanted;
  return running;
}

/**
 * A replacement starts unless the abort-replacement annotation holds replacements, or another agent pool
 * already has the twin's name (it belongs to someone else: never adopted).
 */
function startReplacement(f: PassFacts, targetVersion: string): PassDecision {
  const np = f.np;
  const by = np.metadata.annotations?.[Annotation.AbortReplacement];
  if (by !== undefined)
    return {
      action: 'blocked',
      by: 'annotation',
      reason: NodePoolReason.ReplacementHeld,
      message: `an upgrade would replace agent pool ${activePoolName(np)} blue/green, but ${Annotation.AbortReplacement}=${by} holds replacements; remove the annotation to allow it`,
    };
  if (f.isTwinNameTaken === undefined) return { action: 'observe', fact: 'twinName' };
  if (f.isTwinNameTaken)
    return {
      action: 'blocked',
      by: 'spec',
      reason: NodePoolReason.TwinPoolNameTaken,
      message: `cannot replace agent pool ${activePoolName(np)}: its twin name ${twinPoolName(np)} is taken by another agent pool of the cluster; set spec.blueGreen.twinAzureName to a free name`,
      field: 'spec.blueGreen.twinAzureName',
    };
  return { action: 'startReplacement', targetVersion };
}
