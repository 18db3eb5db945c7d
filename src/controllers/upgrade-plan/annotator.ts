// Where an UpgradePlan's only writes to other objects go: merge patches of metadata.annotations on
// ManagedClusters and NodePools (their spec belongs to GitOps tools and is never written).
import { classifyKubeError, type CustomObjectClient } from '../../runtime/index.js';
import type { AnnotationRequest } from './step-annotations.js';

/** Sets annotations on one object. Idempotent: setting the same values again changes nothing. */
export interface ObjectAnnotator {
  annotate(namespace: string, request: AnnotationRequest, signal: AbortSignal): Promise<void>;
}

export class KubeAnnotator implements ObjectAnnotator {
  constructor(private readonly clients: { clusters: CustomObjectClient; pools: CustomObjectClient }) {}

  async annotate(namespace: string, request: AnnotationRequest, signal: AbortSignal): Promise<void> {
    const client = request.kind === 'ManagedCluster' ? this.clients.clusters : this.clients.pools;
    try {
      await client.mergePatch(
        { namespace, name: request.name },
        { metadata: { annotations: request.annotations } },
        signal,
      );
    } catch (err: unknown) {
      throw classifyKubeError(err, `annotate ${request.kind} ${namespace}/${request.name}`);
    }
  }
}
