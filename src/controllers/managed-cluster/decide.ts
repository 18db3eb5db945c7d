// The pure decision of one ManagedCluster reconcile: from what Azure has and what the spec (and the
// power schedule) asks, at most one thing to do. Most unit tests of the controller target this.
import type * as Arm from '@azure/arm-containerservice';
import type { DriftPolicy } from '../../api/index.js';
import { DiffAction, describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { isTerminal } from '../shared/provisioning-state.js';

export interface ClusterFacts {
  /** Azure's cluster; undefined when it does not exist. */
  observed: Arm.ManagedCluster | undefined;
  isAdoption: boolean;
  /** Running or Stopped, from spec.powerState and the schedule; undefined when neither says. */
  desiredPower: 'Running' | 'Stopped' | undefined;
  /** compareCluster(spec, observed); empty when absent. */
  diffs: FieldDiff[];
  /** The operator had already made Azure match this generation: differences are drift. */
  isSpecApplied: boolean;
  driftPolicy: DriftPolicy;
  /** Azure refused this generation for a reason only a spec change fixes: make no write. */
  isStalledByAzure: boolean;
}

export type ClusterDecision =
  | { action: 'create' }
  | { action: 'adoptionTargetMissing' }
  /** Azure is busy with an operation we did not start (or lost track of). */
  | { action: 'wait'; provisioningState: string }
  | { action: 'start' }
  | { action: 'stop' }
  /** PUT the cluster; `isRevert` when it puts back drift, `isUpgrade` when the version moves. */
  | { action: 'update'; diffs: FieldDiff[]; isRevert: boolean; isUpgrade: boolean }
  | { action: 'updateTags'; diffs: FieldDiff[]; isRevert: boolean }
  | { action: 'immutableDiffers'; diffs: FieldDiff[]; message: string }
  /** Nothing to write while Azure refused this generation. */
  | { action: 'hold' }
  /**
   * Stopped as asked. Differences wait for the next start (AKS only starts or deletes a stopped cluster):
   * `pending` are those the operator will write then (empty: the spec is met while stopped).
   */
  | { action: 'stopped'; drift: FieldDiff[]; pending: FieldDiff[] }
  /** Matches the spec, except `drift`, which is reported and not written. */
  | { action: 'inSync'; drift: FieldDiff[] };

export function decideCluster(f: ClusterFacts): ClusterDecision {
  const observed = f.observed;
  if (!observed) {
    if (f.isAdoption) return { action: 'adoptionTargetMissing' };
    return f.isStalledByAzure ? { action: 'hold' } : { action: 'create' };
  }
  const state = observed.provisioningState ?? 'Succeeded';
  if (!isTerminal(state)) return { action: 'wait', provisioningState: state };

  const immutable = f.diffs.filter((d) => d.action === DiffAction.Immutable);
  if (immutable.length > 0) {
    return {
      action: 'immutableDiffers',
      diffs: immutable,
      message:
        `Azure has ${describeDiffs(immutable)}; AKS cannot change these on an existing cluster: ` +
        'make the spec match Azure, or create a new ManagedCluster',
    };
  }
  const reportOnly = f.diffs.filter((d) => d.action === DiffAction.ReportOnly);
  const actionable = f.diffs.filter((d) => d.action !== DiffAction.ReportOnly);

  if (observed.powerState?.code === 'Stopped') {
    if (f.desiredPower === 'Running') return f.isStalledByAzure ? { action: 'hold' } : { action: 'start' };
    return { action: 'stopped', drift: f.diffs, pending: pendingWrites(f, actionable) };
  }
  if (f.desiredPower === 'Stopped') return f.isStalledByAzure ? { action: 'hold' } : { action: 'stop' };

  if (actionable.length === 0) {
    // A cluster left Failed by an operation is retried with the same body (AKS resumes from there),
    // unless Azure refused this generation of the spec: then it stays as reported until the spec changes.
    if (state === 'Failed') {
      return f.isStalledByAzure
        ? { action: 'hold' }
        : { action: 'update', diffs: [], isRevert: false, isUpgrade: false };
    }
    return { action: 'inSync', drift: reportOnly };
  }
  // A version below the one wanted cannot come from outside (AKS has no downgrade): it is an upgrade
  // asked for (the spec or an UpgradePlan's annotation), never drift.
  const isUpgrade = actionable.some((d) => d.action === DiffAction.Upgrade);
  if (f.isSpecApplied && f.driftPolicy === 'Report' && !isUpgrade)
    return { action: 'inSync', drift: f.diffs };
  if (f.isStalledByAzure) return { action: 'hold' };
  const isRevert = f.isSpecApplied && !isUpgrade;
  if (actionable.every((d) => d.action === DiffAction.Tags))
    return { action: 'updateTags', diffs: actionable, isRevert };
  return {
    action: 'update',
    diffs: actionable,
    isRevert,
    isUpgrade,
  };
}

/** The differences a running cluster would be written for: not drift the policy only reports. */
function pendingWrites(f: ClusterFacts, actionable: FieldDiff[]): FieldDiff[] {
  const isUpgrade = actionable.some((d) => d.action === DiffAction.Upgrade);
  return f.isSpecApplied && f.driftPolicy === 'Report' && !isUpgrade ? [] : actionable;
}
