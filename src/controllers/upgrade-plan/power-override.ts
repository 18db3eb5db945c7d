// Stopped clusters under spec.preflight.stoppedClusters: Start. Before a stopped cluster's next step the
// plan asks it to run (annotation power-override=Running), and once done with it (or when the plan
// ends) removes the annotation it set, so the cluster stops again by its spec or schedule. Pure.
import {
  Annotation,
  ClusterUpgradePhase,
  ManagedClusterReason,
  StoppedClusterAction,
  UpgradePlanPhase,
  type ClusterProgress,
  type ManagedCluster,
  type UpgradePlanSpec,
} from '../../api/index.js';
import { isNotRunning } from '../shared/running-condition.js';
import type { AnnotationRequest } from './step-annotations.js';

export const POWER_OVERRIDE_RUNNING = 'Running';

const ENDED: readonly string[] = [
  UpgradePlanPhase.Succeeded,
  UpgradePlanPhase.Failed,
  UpgradePlanPhase.Aborted,
];

/** The cluster is stopped and the plan starts stopped clusters: it must run before any step. */
export function mustStart(spec: UpgradePlanSpec, cluster: ManagedCluster): boolean {
  return isClusterStopped(cluster) && spec.preflight.stoppedClusters === StoppedClusterAction.Start;
}

/**
 * Stopped for the plan: its Running condition says stopped, or starting and not running yet. Not Ready
 * False: a cluster stopped as asked is Ready.
 */
export function isClusterStopped(cluster: ManagedCluster): boolean {
  return isNotRunning(cluster, [ManagedClusterReason.ClusterStopped, ManagedClusterReason.Starting]);
}

/** The annotations that start the cluster and mark it as held by the plan. */
export function startRequest(plan: string, cluster: ManagedCluster): AnnotationRequest {
  return {
    kind: 'ManagedCluster',
    name: cluster.metadata.name ?? '',
    annotations: { [Annotation.PowerOverride]: POWER_OVERRIDE_RUNNING, [Annotation.UpgradePlan]: plan },
  };
}

export interface ReleaseInput {
  plan: string;
  /** The plan's phase this pass. */
  phase: UpgradePlanPhase;
  /** Every cluster of the plan's status this pass. */
  progress: readonly ClusterProgress[];
  clusters: readonly ManagedCluster[];
}

/**
 * Clusters whose power override this plan set and no longer needs: the cluster reached the target, or
 * the plan ended. Empty when there is nothing to remove, so a quiet pass writes nothing.
 */
export function overridesToRelease(input: ReleaseInput): string[] {
  const isEnded = ENDED.includes(input.phase);
  const phaseOf = new Map(input.progress.map((c) => [c.name, c.phase]));
  return input.clusters
    .filter((mc) => {
      const annotations = mc.metadata.annotations ?? {};
      if (annotations[Annotation.PowerOverride] === undefined) return false;
      if (annotations[Annotation.UpgradePlan] !== input.plan) return false;
      return isEnded || phaseOf.get(mc.metadata.name ?? '') === ClusterUpgradePhase.Succeeded;
    })
    .map((mc) => mc.metadata.name ?? '');
}
