// Writes what was observed of the Azure cluster into the status draft: provisioning and power state,
// versions, FQDN, node resource group, ID, the main settings Azure has (declared or not); the
// conditions of a cluster stopped as asked; the generation Azure was found to match; and whether it runs.
import type * as Arm from '@azure/arm-containerservice';
import { ManagedClusterReason, type ManagedClusterStatus } from '../../api/index.js';
import { ConditionStatus, StandardCondition } from '../../runtime/index.js';
import { reportDrift } from '../shared/drift-report.js';
import { describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { runningCondition, type RunningReasons } from '../shared/running-condition.js';
import type { StatusReport } from '../shared/status-report.js';

const CLUSTER_RUNNING_REASONS: RunningReasons = {
  running: ManagedClusterReason.ClusterRunning,
  stopped: ManagedClusterReason.ClusterStopped,
  starting: ManagedClusterReason.Starting,
  stopping: ManagedClusterReason.Stopping,
  notProvisioned: ManagedClusterReason.NotProvisioned,
};

export class ClusterStatusView {
  constructor(private readonly report: StatusReport<ManagedClusterStatus>) {}

  observed(observed: Arm.ManagedCluster | undefined, id: string): void {
    const s = this.report.draft;
    if (!observed) {
      delete s.provisioningState;
      delete s.powerState;
      delete s.currentKubernetesVersion;
      delete s.fqdn;
      delete s.nodeResourceGroup;
      delete s.azureResourceID;
      delete s.settings;
      return;
    }
    set(s, 'provisioningState', observed.provisioningState);
    const power = observed.powerState?.code;
    set(s, 'powerState', power === 'Running' || power === 'Stopped' ? power : undefined);
    set(s, 'currentKubernetesVersion', observed.currentKubernetesVersion);
    set(s, 'fqdn', observed.fqdn);
    set(s, 'nodeResourceGroup', observed.nodeResourceGroup);
    s.azureResourceID = observed.id ?? id;
    s.settings = settingsOf(observed);
  }

  drift(diffs: readonly FieldDiff[], isReverting: boolean): void {
    reportDrift(this.report, diffs, isReverting);
  }

  /** Azure matches this generation of the spec: recorded for good (see isSpecApplied). */
  applied(generation: number): void {
    this.report.draft.appliedGeneration = generation;
  }

  /**
   * Stopped as asked: Ready (the spec is met, and `generation` recorded as applied; Running says it does not
   * run), neither working nor stuck. With changes that wait for the next start the spec is not met yet:
   * Ready False, still not working.
   */
  stopped(pending: readonly FieldDiff[], generation: number): void {
    const isMet = pending.length === 0;
    if (isMet) this.applied(generation);
    const message = isMet
      ? 'the cluster is stopped as the spec or the power schedule asks'
      : `the cluster is stopped as the spec or the power schedule asks; ${describeDiffs(pending)} waits for the next start`;
    this.report.condition({
      type: StandardCondition.Ready,
      status: isMet ? ConditionStatus.True : ConditionStatus.False,
      reason: ManagedClusterReason.ClusterStopped,
      message,
    });
    this.report.condition({
      type: StandardCondition.Reconciling,
      status: ConditionStatus.False,
      reason: ManagedClusterReason.ClusterStopped,
      message: '',
    });
    this.report.condition({
      type: StandardCondition.Stalled,
      status: ConditionStatus.False,
      reason: ManagedClusterReason.ClusterStopped,
      message: '',
    });
  }

  /** Running from what status now records (see running-condition.ts). */
  running(): void {
    this.report.condition(runningCondition(this.report.draft, CLUSTER_RUNNING_REASONS, 'cluster'));
  }
}

type Settings = NonNullable<ManagedClusterStatus['settings']>;

/** What Azure has for the main settings; keys Azure does not report are left out. */
export function settingsOf(observed: Arm.ManagedCluster): Settings {
  const net = observed.networkProfile;
  const access = observed.apiServerAccessProfile;
  const all: { [K in keyof Settings]: Settings[K] | undefined } = {
    skuTier: observed.sku?.tier,
    supportPlan: observed.supportPlan,
    // AKS leaves upgradeChannel out when automatic upgrades are off.
    upgradeChannel: observed.autoUpgradeProfile?.upgradeChannel ?? 'none',
    nodeOSUpgradeChannel: observed.autoUpgradeProfile?.nodeOSUpgradeChannel,
    identityType: observed.identity?.type,
    networkPlugin: net?.networkPlugin,
    networkPluginMode: net?.networkPluginMode,
    networkPolicy: net?.networkPolicy,
    networkDataplane: net?.networkDataplane,
    outboundType: net?.outboundType,
    privateCluster: access?.enablePrivateCluster ?? false,
    privateFQDN: observed.privateFqdn,
    entraIdManaged: observed.aadProfile?.managed ?? false,
    localAccountsDisabled: observed.disableLocalAccounts ?? false,
    oidcIssuerURL: observed.oidcIssuerProfile?.issuerURL,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Settings;
}

function set<K extends keyof ManagedClusterStatus>(
  s: ManagedClusterStatus,
  key: K,
  value: ManagedClusterStatus[K] | undefined,
): void {
  if (value === undefined) delete s[key];
  else s[key] = value;
}
