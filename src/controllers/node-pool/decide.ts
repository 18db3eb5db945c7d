// The agent pool's own part of a NodePool pass's decision (pass-decision.ts), pure: from the agent pool
// Azure has, the spec and the control plane's version, at most one thing to do. Version changes wait for
// the control plane; a version below what runs is never applied.
import type * as Arm from '@azure/arm-containerservice';
import type { DriftPolicy, OperationType } from '../../api/index.js';
import { DiffAction, describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { isUpgrade } from '../shared/kube-version.js';
import { isTerminal } from '../shared/provisioning-state.js';

export interface PoolFacts {
  /** Azure's pool; undefined when it does not exist. */
  observed: Arm.AgentPool | undefined;
  /** comparePool(spec, observed); empty when absent. */
  diffs: FieldDiff[];
  /** spec.orchestratorVersion. */
  wantedVersion: string | undefined;
  /** The version the control plane runs. */
  controlPlaneVersion: string;
  isSpecApplied: boolean;
  driftPolicy: DriftPolicy;
  isStalledByAzure: boolean;
}

export type PoolDecision =
  | { action: 'create' }
  | { action: 'waitForControlPlane'; message: string }
  | { action: 'wait'; provisioningState: string }
  | {
      action: 'update';
      type: OperationType;
      diffs: FieldDiff[];
      isRevert: boolean;
      isUpgradeAllowed: boolean;
    }
  | { action: 'immutableDiffers'; diffs: FieldDiff[]; message: string }
  | { action: 'hold' }
  | { action: 'inSync'; drift: FieldDiff[] };

/** Whether the wanted pool version is above the control plane (AKS refuses pools newer than it). */
export function isAboveControlPlane(wanted: string | undefined, controlPlane: string): boolean {
  return wanted !== undefined && isUpgrade(wanted, controlPlane);
}

function waitForControlPlane(f: PoolFacts): PoolDecision {
  return {
    action: 'waitForControlPlane',
    message: `orchestratorVersion ${f.wantedVersion ?? ''} is above the control plane (${f.controlPlaneVersion}); waiting for the control plane to be upgraded first`,
  };
}

export function decidePool(f: PoolFacts): PoolDecision {
  const observed = f.observed;
  const isBlockedByControlPlane = isAboveControlPlane(f.wantedVersion, f.controlPlaneVersion);
  if (!observed) {
    if (isBlockedByControlPlane) return waitForControlPlane(f);
    return f.isStalledByAzure ? { action: 'hold' } : { action: 'create' };
  }
  const state = observed.provisioningState ?? 'Succeeded';
  if (!isTerminal(state)) return { action: 'wait', provisioningState: state };
  const immutable = f.diffs.filter((d) => d.action === DiffAction.Immutable);
  if (immutable.length > 0) {
    return {
      action: 'immutableDiffers',
      diffs: immutable,
      message: `Azure has ${describeDiffs(immutable)}; AKS cannot change these on an existing pool: make the spec match Azure, or create a new NodePool`,
    };
  }
  const reportOnly = f.diffs.filter((d) => d.action === DiffAction.ReportOnly);
  let actionable = f.diffs.filter(
    (d) => d.action !== DiffAction.ReportOnly && d.action !== DiffAction.Immutable,
  );
  const upgradeBlocked = isBlockedByControlPlane && actionable.some((d) => d.action === DiffAction.Upgrade);
  if (upgradeBlocked) actionable = actionable.filter((d) => d.action !== DiffAction.Upgrade);

  if (actionable.length === 0) {
    if (upgradeBlocked) return waitForControlPlane(f);
    // Retried with the same body, unless Azure refused this generation: then held until the spec changes.
    if (state === 'Failed') {
      if (f.isStalledByAzure) return { action: 'hold' };
      return {
        action: 'update',
        type: 'Update',
        diffs: [],
        isRevert: false,
        isUpgradeAllowed: !isBlockedByControlPlane,
      };
    }
    return { action: 'inSync', drift: reportOnly };
  }
  // A version below the one wanted cannot come from outside (AKS has no downgrade): it is an upgrade
  // asked for (the spec or an UpgradePlan's annotation), never drift.
  const isUpgrade = actionable.some((d) => d.action === DiffAction.Upgrade);
  if (f.isSpecApplied && f.driftPolicy === 'Report' && !isUpgrade)
    return { action: 'inSync', drift: f.diffs };
  if (f.isStalledByAzure) return { action: 'hold' };
  return {
    action: 'update',
    type: operationType(actionable),
    diffs: actionable,
    isRevert: f.isSpecApplied && !isUpgrade,
    isUpgradeAllowed: !isBlockedByControlPlane,
  };
}

function operationType(diffs: FieldDiff[]): OperationType {
  if (diffs.some((d) => d.action === DiffAction.Upgrade)) return 'Upgrade';
  const power = diffs.find((d) => d.path === 'spec.powerState');
  if (power) return power.wanted === 'Stopped' ? 'Stop' : 'Start';
  if (diffs.every((d) => d.path === 'spec.count' || d.path === 'spec.autoscaling')) return 'Scale';
  return 'Update';
}
