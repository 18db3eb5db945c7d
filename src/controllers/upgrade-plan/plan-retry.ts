// Retrying an UpgradePlan's failed clusters: a new aks.lifecycle.dev/retry value on the plan sends every
// cluster its status lists as Failed back to work, with the same settings: the value is passed on to the
// cluster's objects the plan asked steps of, so their controllers try the refused write again. Pure.
import {
  Annotation,
  ClusterUpgradePhase,
  type ManagedCluster,
  type NodePool,
  type UpgradePlan,
} from '../../api/index.js';
import type { AnnotationRequest } from './step-annotations.js';

/** The retry value the plan asks for and has not acted on yet; undefined when there is none. */
export function pendingRetry(plan: UpgradePlan): string | undefined {
  const value = plan.metadata.annotations?.[Annotation.Retry];
  return value !== undefined && value !== plan.status?.lastRetry ? value : undefined;
}

/** Names of the clusters the plan's last status lists as Failed. */
export function failedClusters(plan: UpgradePlan): string[] {
  return (plan.status?.stages ?? [])
    .flatMap((s) => s.clusters ?? [])
    .filter((c) => c.phase === ClusterUpgradePhase.Failed)
    .map((c) => c.name);
}

export interface RetryTargets {
  plan: string;
  value: string;
  cluster: ManagedCluster;
  /** The NodePools of the cluster. */
  pools: NodePool[];
}

/** The retry annotation for the cluster and each pool the plan asked a step of (none already carry it). */
export function retryRequests(input: RetryTargets): AnnotationRequest[] {
  const isOurs = (obj: ManagedCluster | NodePool): boolean =>
    obj.metadata.annotations?.[Annotation.UpgradePlan] === input.plan &&
    obj.metadata.annotations[Annotation.Retry] !== input.value;
  const annotations = { [Annotation.Retry]: input.value };
  const requests: AnnotationRequest[] = [];
  if (isOurs(input.cluster))
    requests.push({ kind: 'ManagedCluster', name: input.cluster.metadata.name ?? '', annotations });
  for (const pool of input.pools.filter(isOurs))
    requests.push({ kind: 'NodePool', name: pool.metadata.name ?? '', annotations });
  return requests;
}
