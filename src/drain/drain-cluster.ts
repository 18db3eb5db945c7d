// The narrow view of a workload cluster the drain engine needs. The real one talks to the API server
// (kube-drain-cluster.ts); unit tests use an in-memory fake (testing/fake-drain-cluster.ts).

import type {
  V1Deployment,
  V1Node,
  V1OwnerReference,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { DrainWatch } from './drain-watch.js';
import type { EvictionAnswer } from './eviction-answer.js';
import type { PodRef } from './types.js';

/** A merge patch of a Node's `spec.unschedulable` and `metadata.annotations` (null deletes a key). */
export interface NodePatch {
  spec?: { unschedulable: boolean | null };
  metadata?: { annotations: Record<string, string | null> };
}

/**
 * Reads answer from the API server (no cache); `undefined` means NotFound. Only `patchNode`, `evict`,
 * `deletePod` and `restartDeployment` write. Calls check `signal` before they start.
 */
export interface DrainCluster {
  getNode(name: string, signal: AbortSignal): Promise<V1Node | undefined>;
  patchNode(name: string, patch: NodePatch, signal: AbortSignal): Promise<void>;
  /** Every pod bound to the node, all namespaces, all pages. */
  listPodsOnNode(nodeName: string, signal: AbortSignal): Promise<V1Pod[]>;
  /** Pods of one namespace matching a `labelSelector=` query (`''` = all). */
  listPods(namespace: string, labelSelector: string, signal: AbortSignal): Promise<V1Pod[]>;
  getPod(namespace: string, name: string, signal: AbortSignal): Promise<V1Pod | undefined>;
  listPdbs(namespace: string, signal: AbortSignal): Promise<V1PodDisruptionBudget[]>;
  /** Whether the controller `owner` still exists; undefined when that cannot be told. */
  ownerExists(namespace: string, owner: V1OwnerReference, signal: AbortSignal): Promise<boolean | undefined>;
  /** POSTs a policy/v1 Eviction with a UID precondition; never throws for an API answer. */
  evict(pod: PodRef, gracePeriodSeconds: number | undefined, signal: AbortSignal): Promise<EvictionAnswer>;
  /** Deletes the pod (PDBs bypassed) with a UID precondition. Only the Force timeout policy calls this. */
  deletePod(pod: PodRef, gracePeriodSeconds: number, signal: AbortSignal): Promise<EvictionAnswer>;
  /** The ReplicaSet, Deployment and claim reads a rollout decision needs. */
  getReplicaSet(namespace: string, name: string, signal: AbortSignal): Promise<V1ReplicaSet | undefined>;
  getDeployment(namespace: string, name: string, signal: AbortSignal): Promise<V1Deployment | undefined>;
  getPersistentVolumeClaim(
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<V1PersistentVolumeClaim | undefined>;
  /**
   * The change `kubectl rollout restart` makes: a merge patch of the pod template's
   * `kubectl.kubernetes.io/restartedAt` annotation. Only a drain that allows rollouts calls this.
   */
  restartDeployment(namespace: string, name: string, restartedAt: string, signal: AbortSignal): Promise<void>;
  /**
   * Optional: starts watching every PDB and the pods of `nodes`, resolving once the caches are filled.
   * Without it a drain polls. The caller stops the watch.
   */
  openWatch?(nodes: string[], signal: AbortSignal): Promise<DrainWatch>;
}
