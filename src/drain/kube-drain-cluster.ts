// DrainCluster over a workload cluster's API server, built from a KubeConfig (fetching credentials for
// that cluster is the caller's business).

import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  PolicyV1Api,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type {
  KubeConfig,
  V1Deployment,
  V1Node,
  V1OwnerReference,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { DrainCluster, NodePatch } from './drain-cluster.js';
import type { DrainWatch } from './drain-watch.js';
import { classifyEvictionAnswer } from './eviction-answer.js';
import type { EvictionAnswer } from './eviction-answer.js';
import { KeepAlive } from './keep-alive.js';
import { startKubeDrainWatch } from './kube-drain-watch.js';
import type { PodRef } from './types.js';

const PAGE_SIZE = 500;
/** The pod template annotation `kubectl rollout restart` sets. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

function isNotFound(err: unknown): boolean {
  return err instanceof ApiException && err.code === 404;
}

async function orUndefinedIfNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err: unknown) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function answerFromError(err: unknown): EvictionAnswer {
  if (err instanceof ApiException) {
    return classifyEvictionAnswer({ code: err.code, body: err.body, headers: err.headers });
  }
  return classifyEvictionAnswer({ code: undefined, error: err instanceof Error ? err.message : String(err) });
}

export class KubeDrainCluster implements DrainCluster {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly policy: PolicyV1Api;
  private readonly objects: KubernetesObjectApi;
  private readonly keepAlive: KeepAlive;

  constructor(private readonly kubeConfig: KubeConfig) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.policy = kubeConfig.makeApiClient(PolicyV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.keepAlive = new KeepAlive(kubeConfig);
  }

  async getNode(name: string, signal: AbortSignal): Promise<V1Node | undefined> {
    signal.throwIfAborted();
    return orUndefinedIfNotFound(this.core.readNode({ name }, this.keepAlive.options(signal)));
  }

  async patchNode(name: string, patch: NodePatch, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    await this.core.patchNode(
      { name, body: patch },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async listPodsOnNode(nodeName: string, signal: AbortSignal): Promise<V1Pod[]> {
    const pods: V1Pod[] = [];
    let token: string | undefined;
    do {
      signal.throwIfAborted();
      const page = await this.core.listPodForAllNamespaces(
        {
          fieldSelector: `spec.nodeName=${nodeName}`,
          limit: PAGE_SIZE,
          ...(token ? { _continue: token } : {}),
        },
        this.keepAlive.options(signal),
      );
      pods.push(...page.items);
      token = page.metadata?._continue;
    } while (token);
    return pods;
  }

  async listPods(namespace: string, labelSelector: string, signal: AbortSignal): Promise<V1Pod[]> {
    const pods: V1Pod[] = [];
    let token: string | undefined;
    do {
      signal.throwIfAborted();
      const page = await this.core.listNamespacedPod(
        {
          namespace,
          labelSelector,
          limit: PAGE_SIZE,
          ...(token ? { _continue: token } : {}),
        },
        this.keepAlive.options(signal),
      );
      pods.push(...page.items);
      token = page.metadata?._continue;
    } while (token);
    return pods;
  }

  async getPod(namespace: string, name: string, signal: AbortSignal): Promise<V1Pod | undefined> {
    signal.throwIfAborted();
    return orUndefinedIfNotFound(
      this.core.readNamespacedPod({ name, namespace }, this.keepAlive.options(signal)),
    );
  }

  async listPdbs(namespace: string, signal: AbortSignal): Promise<V1PodDisruptionBudget[]> {
    signal.throwIfAborted();
    return (
      await this.policy.listNamespacedPodDisruptionBudget({ namespace }, this.keepAlive.options(signal))
    ).items;
  }

  async ownerExists(
    namespace: string,
    owner: V1OwnerReference,
    signal: AbortSignal,
  ): Promise<boolean | undefined> {
    signal.throwIfAborted();
    try {
      const found = await this.objects.read({
        apiVersion: owner.apiVersion,
        kind: owner.kind,
        metadata: { name: owner.name, namespace },
      });
      // A controller deleted and re-created under the same name is not the pod's owner any more.
      return found.metadata?.uid === undefined || found.metadata.uid === owner.uid;
    } catch (err: unknown) {
      if (isNotFound(err)) return false;
      return undefined;
    }
  }

  async evict(
    pod: PodRef,
    gracePeriodSeconds: number | undefined,
    signal: AbortSignal,
  ): Promise<EvictionAnswer> {
    signal.throwIfAborted();
    const deleteOptions = {
      ...(pod.uid ? { preconditions: { uid: pod.uid } } : {}),
      ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
    };
    try {
      await this.core.createNamespacedPodEviction(
        {
          name: pod.name,
          namespace: pod.namespace,
          body: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name: pod.name, namespace: pod.namespace },
            deleteOptions,
          },
        },
        this.keepAlive.options(signal),
      );
      return { outcome: 'evicted' };
    } catch (err: unknown) {
      return answerFromError(err);
    }
  }

  async deletePod(pod: PodRef, gracePeriodSeconds: number, signal: AbortSignal): Promise<EvictionAnswer> {
    signal.throwIfAborted();
    try {
      await this.core.deleteNamespacedPod(
        {
          name: pod.name,
          namespace: pod.namespace,
          gracePeriodSeconds,
          body: { gracePeriodSeconds, ...(pod.uid ? { preconditions: { uid: pod.uid } } : {}) },
        },
        this.keepAlive.options(signal),
      );
      return { outcome: 'evicted' };
    } catch (err: unknown) {
      return answerFromError(err);
    }
  }

  async getReplicaSet(
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<V1ReplicaSet | undefined> {
    signal.throwIfAborted();
    return orUndefinedIfNotFound(
      this.apps.readNamespacedReplicaSet({ name, namespace }, this.keepAlive.options(signal)),
    );
  }

  async getDeployment(
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<V1Deployment | undefined> {
    signal.throwIfAborted();
    return orUndefinedIfNotFound(
      this.apps.readNamespacedDeployment({ name, namespace }, this.keepAlive.options(signal)),
    );
  }

  async getPersistentVolumeClaim(
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<V1PersistentVolumeClaim | undefined> {
    signal.throwIfAborted();
    return orUndefinedIfNotFound(
      this.core.readNamespacedPersistentVolumeClaim({ name, namespace }, this.keepAlive.options(signal)),
    );
  }

  async restartDeployment(
    namespace: string,
    name: string,
    restartedAt: string,
    signal: AbortSignal,
  ): Promise<void> {
    signal.throwIfAborted();
    const body = {
      spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } },
    };
    await this.apps.patchNamespacedDeployment(
      { name, namespace, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  openWatch(nodes: string[], signal: AbortSignal): Promise<DrainWatch> {
    return startKubeDrainWatch(this.kubeConfig, nodes, signal);
  }
}
