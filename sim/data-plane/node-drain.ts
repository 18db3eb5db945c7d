// Drains one node as AKS does during upgrade, scale-in and pool deletion: cordon, then evict its pods
// through the policy/v1 Eviction API, re-listing and retrying refused evictions (429) until the deadline.
// A pool DELETE with ignore-pod-disruption-budget=true deletes the pods a PDB protects instead.
import type { V1Pod } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';
import type { BlockedEviction } from './errors.js';
import type { ClusterClient } from './kube-client.js';
import { ignoreNotFound, isApiError, requestOptions, statusOf } from './kube-client.js';
import { PodVerdict, drainVerdict, isPodReady, podRef, selectorString } from './pod-filters.js';
import { sleep } from './sim-time.js';

export interface DrainOptions {
  /** Epoch milliseconds after which a still-blocked drain gives up. */
  deadline: number;
  /** Real time between passes over the node's pods. */
  retryIntervalMs: number;
  signal: AbortSignal;
  /** Called once per pod whose eviction is first refused (AKS logs a node event then). */
  onBlocked?: (blocked: BlockedEviction) => void;
  /** Delete a pod whose eviction a PodDisruptionBudget refuses (AKS's ignore-pod-disruption-budget). */
  isIgnoringPdb?: boolean;
}

export interface DrainOutcome {
  node: string;
  isDrained: boolean;
  /** Evictions refused on the last pass, with the PDB's unready pods (empty when drained). */
  blocked: BlockedEviction[];
  /** Pods still terminating on the last pass. */
  terminating: string[];
}

/** Kubernetes' 429 text when a PodDisruptionBudget refuses an eviction. */
const PDB_REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";

export async function drainNode(
  client: ClusterClient,
  nodeName: string,
  options: DrainOptions,
): Promise<DrainOutcome> {
  const { signal } = options;
  const node = await client.core
    .readNode({ name: nodeName }, requestOptions(signal))
    .catch((err: unknown) => {
      if (isApiError(err, 404)) return undefined;
      throw err;
    });
  if (!node) return { node: nodeName, isDrained: true, blocked: [], terminating: [] };
  await client.setUnschedulable(node, true, signal);
  const reported = new Set<string>();
  for (;;) {
    const pods = await client.listNodePods(nodeName, signal);
    const toEvict = pods.filter((pod) => drainVerdict(pod) === PodVerdict.Evict);
    const terminating = pods.filter((pod) => drainVerdict(pod) === PodVerdict.Wait).map(podRef);
    const blocked: BlockedEviction[] = [];
    for (const pod of toEvict) {
      const refusal = await evict(client, pod, signal);
      if (!refusal) continue;
      if (options.isIgnoringPdb) {
        await deleteIgnoringPdb(client, pod, signal);
        continue;
      }
      blocked.push(refusal);
      if (!reported.has(podRef(pod))) {
        reported.add(podRef(pod));
        options.onBlocked?.(refusal);
      }
    }
    const hasEvicted = toEvict.length > blocked.length;
    if (toEvict.length === 0 && terminating.length === 0) {
      return { node: nodeName, isDrained: true, blocked: [], terminating: [] };
    }
    if (Date.now() >= options.deadline) {
      const described = await Promise.all(blocked.map((b) => withUnreadyPods(client, b, signal)));
      return { node: nodeName, isDrained: false, blocked: described, terminating };
    }
    // Pods just evicted usually vanish within a second; look again soon rather than a full interval.
    await sleep(hasEvicted ? Math.min(options.retryIntervalMs, 250) : options.retryIntervalMs, signal);
  }
}

/** Evicts a pod; returns the refusal when the API answers 429, nothing when the pod is going or gone. */
async function evict(
  client: ClusterClient,
  pod: V1Pod,
  signal: AbortSignal,
): Promise<BlockedEviction | undefined> {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  try {
    await client.core.createNamespacedPodEviction(
      {
        name,
        namespace,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          deleteOptions: { preconditions: { uid: pod.metadata?.uid } },
        },
      },
      requestOptions(signal),
    );
    return undefined;
  } catch (err: unknown) {
    // 404: already gone; 409: a new pod took the name (the UID precondition failed).
    if (isApiError(err, 404) || isApiError(err, 409)) return undefined;
    if (isApiError(err, 429)) return refusal(pod, err);
    // The apiserver briefly unavailable or a PDB update conflict (5xx): the next pass retries.
    if (err instanceof ApiException && err.code >= 500) return undefined;
    throw err;
  }
}

/** A plain delete: the API server checks no PodDisruptionBudget for it. */
async function deleteIgnoringPdb(client: ClusterClient, pod: V1Pod, signal: AbortSignal): Promise<void> {
  await ignoreNotFound(
    client.core.deleteNamespacedPod(
      {
        name: pod.metadata?.name ?? '',
        namespace: pod.metadata?.namespace ?? '',
        body: { preconditions: { uid: pod.metadata?.uid } },
      },
      requestOptions(signal),
    ),
  ).catch((err: unknown) => {
    // 409: a new pod took the name (the UID precondition failed); the next pass looks at it.
    if (!isApiError(err, 409)) throw err;
  });
}

function refusal(pod: V1Pod, err: unknown): BlockedEviction {
  const status = statusOf(err);
  const budgetCause = status.details?.causes?.find((cause) => cause.reason === 'DisruptionBudget');
  // "The disruption budget <name> needs <n> healthy pods and has <m> currently"
  const pdb = /disruption budget (\S+)/.exec(budgetCause?.message ?? '')?.[1];
  const namespace = pod.metadata?.namespace ?? '';
  return {
    namespace,
    pod: pod.metadata?.name ?? '',
    reason: status.message ?? PDB_REFUSAL,
    ...(pdb ? { pdb } : {}),
    unreadyPods: [],
  };
}

async function withUnreadyPods(
  client: ClusterClient,
  blocked: BlockedEviction,
  signal: AbortSignal,
): Promise<BlockedEviction> {
  if (!blocked.pdb) return blocked;
  return { ...blocked, unreadyPods: await unreadyPods(client, blocked.namespace, blocked.pdb, signal) };
}

/** The pods a PDB selects that are not Ready: what AKS lists in its "PDB debug info". */
async function unreadyPods(client: ClusterClient, namespace: string, pdbName: string, signal: AbortSignal) {
  const pdb = await client.policy
    .readNamespacedPodDisruptionBudget({ name: pdbName, namespace }, requestOptions(signal))
    .catch((err: unknown) => {
      if (isApiError(err, 404)) return undefined;
      throw err;
    });
  const selector = pdb?.spec?.selector;
  if (!selector) return [];
  const pods = await client.core.listNamespacedPod(
    { namespace, labelSelector: selectorString(selector) },
    requestOptions(signal),
  );
  return pods.items.filter((pod) => !isPodReady(pod) || pod.metadata?.deletionTimestamp).map(podRef);
}
