// Puts one pass's decision into the plan's status draft: phase, progress, stages with each cluster's
// latest pre-flight results (kept from the last status when no check ran this pass) and conditions,
// PreflightPassed included.
import {
  ClusterUpgradePhase,
  PreflightSeverity,
  UpgradePlanConditionType,
  UpgradePlanReason,
  type ClusterProgress,
  type PreflightFinding,
  type UpgradePlanSpec,
  type UpgradePlanStatus,
} from '../../api/index.js';
import { ConditionStatus, type ConditionUpdate } from '../../runtime/index.js';
import type { StatusReport } from '../shared/status-report.js';
import type { PlanDecision } from './plan-progress.js';
import type { PreflightOutcome } from './preflight-run.js';

export interface PlanReportInput {
  report: StatusReport<UpgradePlanStatus>;
  target: UpgradePlanSpec['target'];
  previous: UpgradePlanStatus | undefined;
  decision: PlanDecision;
  outcomes: Map<string, PreflightOutcome>;
  /** The aks.lifecycle.dev/retry value the plan has acted on. */
  lastRetry?: string | undefined;
}

const MAX_FINDINGS = 16;

export function planReport(input: PlanReportInput): void {
  const { report, decision } = input;
  const before = new Map(
    (input.previous?.stages ?? []).flatMap((s) => s.clusters ?? []).map((c) => [c.name, c.preflight]),
  );
  const stages = decision.status.stages.map((stage) => ({
    ...stage,
    clusters: (stage.clusters ?? []).map((c) => {
      const findings = input.outcomes.get(c.name)?.findings ?? before.get(c.name);
      return findings?.length ? { ...c, preflight: findings.slice(0, MAX_FINDINGS) } : c;
    }),
  }));
  const draft = report.draft;
  draft.target = targetPhrase(input.target);
  draft.phase = decision.status.phase;
  draft.progress = decision.status.progress;
  draft.counts = decision.status.counts;
  draft.stages = stages;
  if (input.lastRetry !== undefined) draft.lastRetry = input.lastRetry;
  for (const condition of decision.conditions) report.condition(condition);
  const preflight = preflightCondition(stages.flatMap((s) => s.clusters));
  if (preflight) report.condition(preflight);
}

/** `1.34`, `node image` or `snapshot gold`: what the Target column shows. */
export function targetPhrase(target: UpgradePlanSpec['target']): string {
  if (target.kubernetesVersion) return target.kubernetesVersion;
  if (target.snapshotRef) return `snapshot ${target.snapshotRef.name}`;
  if (target.specChanges) return 'spec changes';
  return 'node image';
}

const failing = (findings: PreflightFinding[] | undefined): PreflightFinding[] =>
  (findings ?? []).filter((f) => !f.passed && f.severity === PreflightSeverity.Error);

/** False while a cluster is Blocked by an Error finding; True once checks ran and none blocks; else unset. */
export function preflightCondition(clusters: ClusterProgress[]): ConditionUpdate | undefined {
  const blocked = clusters.filter(
    (c) => c.phase === ClusterUpgradePhase.Blocked && failing(c.preflight).length > 0,
  );
  if (blocked.length > 0) {
    const message = blocked
      .map(
        (c) =>
          `${c.name}: ${failing(c.preflight)
            .map((f) => `${f.check} (${(f.objects ?? []).join(', ') || f.reason})`)
            .join(', ')}`,
      )
      .join('; ');
    return {
      type: UpgradePlanConditionType.PreflightPassed,
      status: ConditionStatus.False,
      reason: UpgradePlanReason.ChecksFailed,
      message: `pre-flight checks block ${message}; fix the objects named or list the checks in spec.preflight.skip`,
    };
  }
  if (!clusters.some((c) => c.preflight?.length)) return undefined;
  return {
    type: UpgradePlanConditionType.PreflightPassed,
    status: ConditionStatus.True,
    reason: UpgradePlanReason.ChecksPassed,
    message: 'no Error-severity pre-flight finding blocks a cluster',
  };
}
