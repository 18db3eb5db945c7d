// Pre-flight findings as UpgradePlan status reports them: one entry per check run, passed or not, with
// the worst severity, the objects involved as kind/namespace/name, and the blocker an Error makes. Pure.
import {
  PreflightCheck,
  PreflightSeverity,
  UpgradePlanReason,
  type PreflightFinding,
} from '../../api/index.js';
import { FindingReason, Severity, type Finding } from '../../preflight/index.js';
import type { Blocker } from './plan-progress.js';

const MAX_OBJECTS = 10;
const MAX_MESSAGE = 2048;

/** The API check a finding of the pure checks belongs to. */
export function checkOf(finding: Finding, source: 'manifests' | 'requests' = 'manifests'): PreflightCheck {
  switch (finding.reason) {
    case FindingReason.RemovedApiInUse:
    case FindingReason.DeprecatedAddonApiInUse:
      return source === 'requests' ? PreflightCheck.RemovedAPIsInUse : PreflightCheck.RemovedAPIsInManifests;
    case FindingReason.StructuralZeroPDB:
      return PreflightCheck.ZeroDisruptionPDB;
    case FindingReason.TransientZeroPDB:
      return PreflightCheck.PDBCurrentlyBlocking;
    case FindingReason.MultiplePDBs:
    case FindingReason.PDBNotObserved:
    case FindingReason.PDBSelectsUnmanagedPods:
      return PreflightCheck.BrokenPDB;
    case FindingReason.UnhealthyWorkload:
      return PreflightCheck.UnhealthyWorkloads;
    case FindingReason.QuotaExceeded:
    case FindingReason.QuotaUnreadable:
      return PreflightCheck.QuotaHeadroom;
    case FindingReason.UnmanagedPod:
      return PreflightCheck.UnmanagedPods;
    case FindingReason.LongGracePeriod:
      return PreflightCheck.LongTerminationGrace;
    case FindingReason.VersionDowngrade:
    case FindingReason.VersionNotAvailable:
    case FindingReason.PoolOutsideSkew:
      return PreflightCheck.VersionSkew;
    case FindingReason.SubnetFull:
    case FindingReason.SubnetUnreadable:
      return PreflightCheck.SubnetCapacity;
    case FindingReason.CidrOverlap:
    case FindingReason.InvalidCidr:
      return PreflightCheck.AddressSpaceOverlap;
    case FindingReason.WebhookBackendDrained:
      return PreflightCheck.WebhookBackends;
    case FindingReason.TwinPoolTooSmall:
    case FindingReason.PinnedToPool:
    case FindingReason.LocalVolumePinned:
      return PreflightCheck.TwinPoolCapacity;
    default:
      return PreflightCheck.ClusterBusy;
  }
}

/** `HorizontalPodAutoscaler shop/api` → `HorizontalPodAutoscaler/shop/api`; other subjects as they are. */
export function objectRef(subject: string): string {
  const m = /^([A-Z][A-Za-z0-9]*) (\S+)$/.exec(subject);
  return m ? `${m[1]}/${m[2]}` : subject;
}

const truncate = (text: string): string =>
  text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;

/** One status entry for a check that ran, from the findings it produced (none: passed). */
export function summarizeCheck(check: PreflightCheck, findings: readonly Finding[]): PreflightFinding {
  if (findings.length === 0) return { check, passed: true };
  const hasError = findings.some((f) => f.severity === Severity.Error);
  const worst = hasError ? findings.filter((f) => f.severity === Severity.Error) : findings;
  const objects = [...new Set(worst.map((f) => objectRef(f.subject)))];
  const summary: PreflightFinding = {
    check,
    passed: false,
    severity: hasError ? PreflightSeverity.Error : PreflightSeverity.Warning,
    reason: worst[0]?.reason ?? check,
    message: truncate(worst.map((f) => f.message).join('; ')),
  };
  if (objects.length > 0) summary.objects = objects.slice(0, MAX_OBJECTS);
  return summary;
}

/** A check that could not run, e.g. because the workload cluster cannot be reached. Blocks the step. */
export function checkNotRun(check: PreflightCheck, reason: string, message: string): PreflightFinding {
  return { check, passed: false, severity: PreflightSeverity.Error, reason, message: truncate(message) };
}

/** The blocker Error findings make, naming the checks and their objects; undefined when none failed. */
export function preflightBlocker(findings: readonly PreflightFinding[]): Blocker | undefined {
  const errors = findings.filter((f) => !f.passed && f.severity === PreflightSeverity.Error);
  if (errors.length === 0) return undefined;
  const parts = errors.map((f) => `${f.check}: ${f.message ?? f.reason ?? 'failed'}`);
  return {
    reason: UpgradePlanReason.ChecksFailed,
    message: truncate(`pre-flight checks failed; ${parts.join('; ')}`),
  };
}
