// Identifies a custom resource kind for the generic client (group, version, plural), and calls that
// address one object of it whether the kind is namespaced or cluster-scoped.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { withSignal } from './kube-request.js';
import type { ObjectKey } from './reconciler.js';

export interface CustomResourceKind {
  group: string;
  version: string;
  plural: string;
}

/** Reads, patches and replaces the status of single objects of one custom resource kind. Raw JSON in and out. */
export class CustomObjectClient {
  private readonly api: CustomObjectsApi;

  constructor(
    kc: KubeConfig,
    readonly kind: CustomResourceKind,
  ) {
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  async get<T>(key: ObjectKey, signal?: AbortSignal): Promise<T> {
    const p = { ...this.kind, name: key.name };
    const opts = withSignal(signal);
    return (
      key.namespace
        ? await this.api.getNamespacedCustomObject({ ...p, namespace: key.namespace }, opts)
        : await this.api.getClusterCustomObject(p, opts)
    ) as T;
  }

  /** JSON merge patch of the main resource. */
  async mergePatch<T>(key: ObjectKey, body: unknown, signal?: AbortSignal): Promise<T> {
    const p = { ...this.kind, name: key.name, body };
    const opts = withSignal(signal, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    return (
      key.namespace
        ? await this.api.patchNamespacedCustomObject({ ...p, namespace: key.namespace }, opts)
        : await this.api.patchClusterCustomObject(p, opts)
    ) as T;
  }

  /** PUT of the status subresource; the body's metadata.resourceVersion makes it conditional. */
  async replaceStatus<T>(key: ObjectKey, body: unknown, signal?: AbortSignal): Promise<T> {
    const p = { ...this.kind, name: key.name, body };
    const opts = withSignal(signal);
    return (
      key.namespace
        ? await this.api.replaceNamespacedCustomObjectStatus({ ...p, namespace: key.namespace }, opts)
        : await this.api.replaceClusterCustomObjectStatus(p, opts)
    ) as T;
  }
}
