// Where an UpgradePlan's only writes to other objects go: merge patches of metadata.annotations on
// ManagedClusters and NodePools, setting or removing keys (their spec belongs to GitOps tools).
import { classifyKubeError, type CustomObjectClient } from '../../runtime/index.js';
import type { AnnotationRequest } from './step-annotations.js';

/** The object whose annotations are removed, and which. */
export interface AnnotationRemoval {
  kind: AnnotationRequest['kind'];
  name: string;
  keys: string[];
}

/** Sets or removes annotations on one object. Idempotent: repeating a call changes nothing. */
export interface ObjectAnnotator {
  annotate(namespace: string, request: AnnotationRequest, signal: AbortSignal): Promise<void>;
  remove(namespace: string, removal: AnnotationRemoval, signal: AbortSignal): Promise<void>;
}

export class KubeAnnotator implements ObjectAnnotator {
  constructor(private readonly clients: { clusters: CustomObjectClient; pools: CustomObjectClient }) {}

  async annotate(namespace: string, request: AnnotationRequest, signal: AbortSignal): Promise<void> {
    await this.patch(namespace, request, request.annotations, signal);
  }

  async remove(namespace: string, removal: AnnotationRemoval, signal: AbortSignal): Promise<void> {
    // A merge patch removes a key given null.
    const annotations = Object.fromEntries(removal.keys.map((k) => [k, null]));
    await this.patch(namespace, removal, annotations, signal);
  }

  private async patch(
    namespace: string,
    target: { kind: AnnotationRequest['kind']; name: string },
    annotations: Record<string, string | null>,
    signal: AbortSignal,
  ): Promise<void> {
    const client = target.kind === 'ManagedCluster' ? this.clients.clusters : this.clients.pools;
    try {
      await client.mergePatch({ namespace, name: target.name }, { metadata: { annotations } }, signal);
    } catch (err: unknown) {
      throw classifyKubeError(err, `annotate ${target.kind} ${namespace}/${target.name}`);
    }
  }
}
