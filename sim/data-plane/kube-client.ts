// The Kubernetes API of one simulated cluster: typed clients over its admin kubeconfig, with every request
// tied to the caller's AbortSignal, and the few reads the data plane needs (a pool's nodes, a node's pods).
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  Observable,
  PatchStrategy,
  PolicyV1Api,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type {
  ConfigurationOptions,
  RequestContext,
  ResponseContext,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import { LABEL } from './node-labels.js';

export class ClusterClient {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly policy: PolicyV1Api;
  readonly rbac: RbacAuthorizationV1Api;

  constructor(kubeconfigYaml: string) {
    const config = new KubeConfig();
    config.loadFromString(kubeconfigYaml);
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.policy = config.makeApiClient(PolicyV1Api);
    this.rbac = config.makeApiClient(RbacAuthorizationV1Api);
  }

  async listPoolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]> {
    const list = await this.core.listNode(
      { labelSelector: `${LABEL.agentPool}=${poolName}` },
      requestOptions(signal),
    );
    return list.items;
  }

  async listNodes(signal: AbortSignal): Promise<V1Node[]> {
    return (await this.core.listNode({}, requestOptions(signal))).items;
  }

  async listNodePods(nodeName: string, signal: AbortSignal): Promise<V1Pod[]> {
    const list = await this.core.listPodForAllNamespaces(
      { fieldSelector: `spec.nodeName=${nodeName}` },
      requestOptions(signal),
    );
    return list.items;
  }

  /** Deletes a node; a node already gone counts as deleted. */
  async deleteNode(name: string, signal: AbortSignal): Promise<void> {
    await ignoreNotFound(this.core.deleteNode({ name }, requestOptions(signal)));
  }

  /** Sets spec.unschedulable; writes nothing when the node is already so. */
  async setUnschedulable(node: V1Node, isUnschedulable: boolean, signal: AbortSignal): Promise<void> {
    if ((node.spec?.unschedulable === true) === isUnschedulable) return;
    await this.core.patchNode(
      { name: node.metadata?.name ?? '', body: { spec: { unschedulable: isUnschedulable } } },
      mergePatch(signal),
    );
  }
}

/** Per-request options: the request is aborted with the signal. */
export function requestOptions(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/** Options for a JSON merge patch (the generated client defaults to JSON patch). */
export function mergePatch(signal: AbortSignal): ConfigurationOptions {
  return setHeaderOptions('Content-Type', PatchStrategy.MergePatch, requestOptions(signal));
}

export function isApiError(err: unknown, code: number): boolean {
  return err instanceof ApiException && err.code === code;
}

export async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err: unknown) {
    if (!isApiError(err, 404)) throw err;
  }
}

export async function ignoreAlreadyExists(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err: unknown) {
    if (!isApiError(err, 409)) throw err;
  }
}

/** The Kubernetes Status in an API error's body, when there is one. */
export function statusOf(err: unknown): {
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
} {
  if (!(err instanceof ApiException)) return {};
  const body: unknown = err.body;
  if (typeof body === 'object' && body !== null) return body as ReturnType<typeof statusOf>;
  if (typeof body !== 'string') return {};
  try {
    return JSON.parse(body) as ReturnType<typeof statusOf>;
  } catch {
    return { message: body };
  }
}
