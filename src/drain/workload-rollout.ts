// Roll instead of evict (opt-in): a pod whose budget allows no eviction only because its workload is at its
// minimum is replaced by rolling its Deployment (the change `kubectl rollout restart` makes), so the
// surge brings a new pod up on a schedulable node before the old one goes. Decided per pod from plain data
// (rolloutEligibility), acted on once per Deployment per drain (rollBlockedPods).

import type {
  V1Deployment,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1OwnerReference,
} from '@kubernetes/client-node';
import { DRAIN_ROLLOUT_ALLOWED, DRAIN_ROLLOUT_ANNOTATION } from '../api/index.js';
import type { DrainCluster } from './drain-cluster.js';
import { controllerRef } from './pod-state.js';
import { BlockReason } from './types.js';
import type { BlockedPod, PdbExplanation, WorkloadRollout } from './types.js';

/** Deployments (`namespace/name`) this drain has rolled: each is rolled at most once per drain. */
export type RolledWorkloads = Set<string>;

export interface RolloutFacts {
  pod: V1Pod;
  /** The budgets selecting the pod, as the blocked report explains them. */
  pdbs: PdbExplanation[];
  replicaSet?: V1ReplicaSet;
  deployment?: V1Deployment;
  /** The claims the pod mounts (those found). */
  claims: V1PersistentVolumeClaim[];
}

export type RolloutVerdict =
  | { isEligible: true; workload: string; namespace: string; name: string }
  | { isEligible: false; workload: string; why: string };

/** The Deployment API's default for both maxSurge and maxUnavailable. */
const DEFAULT_MAX_SURGE = '25%';

/** maxSurge as pods: an int, or a percent of the replicas rounded up (as the Deployment controller does). */
export function surgePods(deployment: V1Deployment): number {
  const replicas = deployment.spec?.replicas ?? 1;
  const surge: unknown = deployment.spec?.strategy?.rollingUpdate?.maxSurge ?? DEFAULT_MAX_SURGE;
  if (typeof surge === 'number') return surge;
  const percent = /^(\d+)%$/.exec(String(surge));
  if (percent) return Math.ceil((Number(percent[1]) * replicas) / 100);
  return Number(surge) || 0;
}

/** maxUnavailable as pods: an int, or a percent of the replicas rounded down (as the Deployment controller does). */
export function unavailablePods(deployment: V1Deployment): number {
  const replicas = deployment.spec?.replicas ?? 1;
  const value: unknown = deployment.spec?.strategy?.rollingUpdate?.maxUnavailable ?? DEFAULT_MAX_SURGE;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(String(value));
  if (percent) return Math.floor((Number(percent[1]) * replicas) / 100);
  return Number(value) || 0;
}

/** Why the budget's zero is not the "at its minimum" kind a roll can help with; undefined when it is. */
function budgetNotAtMinimum(p: PdbExplanation): string | undefined {
  const name = `PDB ${p.namespace}/${p.name}`;
  if (p.minAvailable === undefined) return `${name} sets maxUnavailable, not minAvailable`;
  const expected = p.expectedPods ?? 0;
  if ((p.currentHealthy ?? 0) < expected) return `${name} counts unhealthy pods; a roll would not help`;
  if ((p.desiredHealthy ?? 0) < expected) return `${name} allows disruptions when its pods are healthy`;
  return undefined;
}

function ownerWorkload(namespace: string, owner: V1OwnerReference | undefined): string {
  return owner ? `${owner.kind} ${namespace}/${owner.name}` : 'bare pod';
}

/** Whether the pod's workload may be rolled, and if not, why (in words for the stuck report). */
export function rolloutEligibility(facts: RolloutFacts): RolloutVerdict {
  const namespace = facts.pod.metadata?.namespace ?? '';
  const owner = controllerRef(facts.pod);
  const podOwner = ownerWorkload(namespace, owner);
  if (!owner)
    return { isEligible: false, workload: podOwner, why: 'a pod without a controller is never rolled' };
  if (owner.kind !== 'ReplicaSet')
    return {
      isEligible: false,
      workload: podOwner,
      why: `only Deployments are rolled, never a ${owner.kind}`,
    };
  const rsOwner = facts.replicaSet?.metadata?.ownerReferences?.find((o) => o.controller);
  if (rsOwner?.kind !== 'Deployment' || !facts.deployment)
    return { isEligible: false, workload: podOwner, why: 'its ReplicaSet belongs to no Deployment' };
  const name = facts.deployment.metadata?.name ?? rsOwner.name;
  const workload = `Deployment ${namespace}/${name}`;
  const no = (why: string): RolloutVerdict => ({ isEligible: false, workload, why });
  if (facts.deployment.metadata?.annotations?.[DRAIN_ROLLOUT_ANNOTATION] !== DRAIN_ROLLOUT_ALLOWED)
    return no(`its owner has not set the annotation ${DRAIN_ROLLOUT_ANNOTATION}: "${DRAIN_ROLLOUT_ALLOWED}"`);
  const budgetWhy = facts.pdbs.map(budgetNotAtMinimum).find((w) => w !== undefined);
  if (facts.pdbs.length === 0) return no('no PodDisruptionBudget selects it');
  if (budgetWhy) return no(budgetWhy);
  const strategy = facts.deployment.spec?.strategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate')
    return no(`its strategy is ${strategy}, which takes the old pods down first`);
  if (surgePods(facts.deployment) < 1)
    return no('its maxSurge is 0, so a roll would take the pod down before its replacement is up');
  if (unavailablePods(facts.deployment) > 0)
    return no('its maxUnavailable lets a rollout take pods down before their replacements are Ready');
  const rwo = facts.claims.find((c) =>
    (c.spec?.accessModes ?? []).some((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod'),
  );
  if (rwo)
    return no(
      `it mounts the ReadWriteOnce claim ${rwo.metadata?.name ?? ''}, which a new pod could not attach`,
    );
  return { isEligible: true, workload, namespace, name };
}

/** A rollout the Deployment controller has not finished: rolled earlier, not to be rolled again. */
export function isRolloutInProgress(deployment: V1Deployment): boolean {
  const status = deployment.status ?? {};
  const replicas = deployment.spec?.replicas ?? 1;
  return (
    (status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0) ||
    (status.updatedReplicas ?? 0) < replicas ||
    (status.replicas ?? 0) > (status.updatedReplicas ?? 0)
  );
}

async function gatherFacts(
  cluster: DrainCluster,
  pod: V1Pod,
  pdbs: PdbExplanation[],
  signal: AbortSignal,
): Promise<RolloutFacts> {
  const namespace = pod.metadata?.namespace ?? '';
  const facts: RolloutFacts = { pod, pdbs, claims: [] };
  const owner = controllerRef(pod);
  if (owner?.kind !== 'ReplicaSet') return facts;
  const replicaSet = await cluster.getReplicaSet(namespace, owner.name, signal);
  if (replicaSet) facts.replicaSet = replicaSet;
  const rsOwner = replicaSet?.metadata?.ownerReferences?.find((o) => o.controller);
  if (rsOwner?.kind !== 'Deployment') return facts;
  const deployment = await cluster.getDeployment(namespace, rsOwner.name, signal);
  if (deployment) facts.deployment = deployment;
  for (const v of pod.spec?.volumes ?? []) {
    const claimName = v.persistentVolumeClaim?.claimName;
    const claim = claimName
      ? await cluster.getPersistentVolumeClaim(namespace, claimName, signal)
      : undefined;
    if (claim) facts.claims.push(claim);
  }
  return facts;
}

export interface RollInput {
  cluster: DrainCluster;
  rolled: RolledWorkloads;
  nowIso: string;
  signal: AbortSignal;
}

/**
 * For each pod its budget blocked: rolls its Deployment when eligible (at most once per drain, and not
 * while a rollout runs), turning the entry into WorkloadRolled; otherwise notes why not.
 */
export async function rollBlockedPods(blocked: BlockedPod[], pods: V1Pod[], input: RollInput): Promise<void> {
  const byUid = new Map(pods.map((p) => [p.metadata?.uid ?? '', p]));
  for (const entry of blocked) {
    const pod = byUid.get(entry.pod.uid ?? '');
    if (!pod || entry.reason !== BlockReason.PDBBlocked) continue;
    const facts = await gatherFacts(input.cluster, pod, entry.pdbs, input.signal);
    const verdict = rolloutEligibility(facts);
    if (!verdict.isEligible) {
      entry.rollout = { workload: verdict.workload, isRolled: false, isRolledNow: false, why: verdict.why };
      continue;
    }
    const key = `${verdict.namespace}/${verdict.name}`;
    const rollout: WorkloadRollout = { workload: verdict.workload, isRolled: true, isRolledNow: false };
    if (!input.rolled.has(key) && facts.deployment && !isRolloutInProgress(facts.deployment)) {
      await input.cluster.restartDeployment(verdict.namespace, verdict.name, input.nowIso, input.signal);
      rollout.isRolledNow = true;
    }
    input.rolled.add(key);
    entry.reason = BlockReason.WorkloadRolled;
    entry.message = `${verdict.workload} was rolled (rollout restart) because its budget allows no eviction; its surge replaces this pod`;
    entry.rollout = rollout;
  }
}
