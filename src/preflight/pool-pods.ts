// Pre-flight for replacing or draining a pool, from the pods on its nodes: pods pinned to the old pool by
// a selector or affinity (P12), pods bound to a local volume pinned to one of its nodes (E12), bare
// pods the drain will refuse (P14), and grace periods longer than the drain timeout (P13).

import type { V1PersistentVolume, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface PoolPodsInput {
  poolName: string;
  nodeNames: string[];
  /** Pods bound to the pool's nodes. */
  pods: V1Pod[];
  pvcs?: V1PersistentVolumeClaim[];
  pvs?: V1PersistentVolume[];
  drainTimeoutMinutes?: number;
  /** Whether the plan allows evicting pods without a controller. */
  allowUnmanagedPods?: boolean;
}

export const POOL_LABELS = ['kubernetes.azure.com/agentpool', 'agentpool'];

const podName = (pod: V1Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
const isDaemonOrMirror = (pod: V1Pod): boolean =>
  pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined ||
  (pod.metadata?.ownerReferences ?? []).some(
    (o) => o.controller && (o.kind === 'DaemonSet' || o.kind === 'Node'),
  );

function pinsPool(pod: V1Pod, poolName: string): string | undefined {
  for (const label of POOL_LABELS) {
    if (pod.spec?.nodeSelector?.[label] === poolName) return `nodeSelector ${label}=${poolName}`;
  }
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const expr of term.matchExpressions ?? []) {
      if (
        POOL_LABELS.includes(expr.key) &&
        expr.operator === 'In' &&
        (expr.values ?? []).every((v) => v === poolName)
      ) {
        return `required node affinity ${expr.key} in (${poolName})`;
      }
    }
  }
  return undefined;
}

function localVolumeOn(pod: V1Pod, input: PoolPodsInput): string | undefined {
  const nodes = new Set(input.nodeNames);
  for (const volume of pod.spec?.volumes ?? []) {
    const claim = volume.persistentVolumeClaim?.claimName;
    if (!claim) continue;
    const pvc = input.pvcs?.find(
      (c) => c.metadata?.namespace === pod.metadata?.namespace && c.metadata?.name === claim,
    );
    const pv = input.pvs?.find((v) => v.metadata?.name === pvc?.spec?.volumeName);
    const terms = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
    const pinned = terms
      .flatMap((t) => t.matchExpressions ?? [])
      .find((e) => e.key === 'kubernetes.io/hostname' && (e.values ?? []).some((v) => nodes.has(v)));
    if (pv && (pv.spec?.local || pv.spec?.hostPath) && pinned) {
      return `PersistentVolume ${pv.metadata?.name} (claim ${claim}) is pinned to node ${(pinned.values ?? []).join(', ')}`;
    }
  }
  return undefined;
}

export function checkPoolPods(input: PoolPodsInput): Finding[] {
  const findings: Finding[] = [];
  const timeoutSeconds = (input.drainTimeoutMinutes ?? 30) * 60;
  for (const pod of input.pods) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || isDaemonOrMirror(pod))
      continue;
    const subject = `Pod ${podName(pod)}`;
    const pin = pinsPool(pod, input.poolName);
    if (pin) {
      findings.push({
        severity: Severity.Error,
        reason: FindingReason.PinnedToPool,
        subject,
        message: `pod ${podName(pod)} has ${pin}: it can never schedule on the replacement pool; select the pool by a label both pools carry`,
      });
    }
    const local = localVolumeOn(pod, input);
    if (local) {
      findings.push({
        severity: Severity.Error,
        reason: FindingReason.LocalVolumePinned,
        subject,
        message: `pod ${podName(pod)} uses a node-local volume: ${local}; its replacement can never schedule elsewhere, move the data first`,
      });
    }
    if (!(pod.metadata?.ownerReferences ?? []).some((o) => o.controller)) {
      findings.push({
        severity: input.allowUnmanagedPods ? Severity.Warning : Severity.Error,
        reason: FindingReason.UnmanagedPod,
        subject,
        message: `pod ${podName(pod)} has no controller: evicting it loses it${input.allowUnmanagedPods ? '' : '; the drain will refuse it unless the plan allows unmanaged pods'}`,
      });
    }
    const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    if (grace > timeoutSeconds) {
      findings.push({
        severity: Severity.Warning,
        reason: FindingReason.LongGracePeriod,
        subject,
        message: `pod ${podName(pod)} may take ${grace}s to terminate, longer than the ${timeoutSeconds / 60}-minute drain timeout`,
      });
    }
  }
  return findings;
}
