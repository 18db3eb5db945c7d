// Whether a namespace is being deleted. Deleting a namespace marks its objects for deletion in no fixed
// order, so a NodePool's finalizer asks the namespace, not its ManagedCluster, whether the cluster goes too.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { classifyKubeError, isNotFound, kubeStatusCode, withSignal } from '../../runtime/index.js';

export interface NamespaceReader {
  /**
   * True while the namespace is being deleted, or once it is gone. Read-only. False when it stays, and
   * when the operator may not read namespaces (RBAC): then nothing is known beyond the objects themselves.
   */
  isTerminating(namespace: string, signal: AbortSignal): Promise<boolean>;
}

/** For tests and for callers without an API server: no namespace is ever being deleted. */
export const STAYING_NAMESPACES: NamespaceReader = { isTerminating: async () => false };

export function kubeNamespaceReader(kc: KubeConfig): NamespaceReader {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async isTerminating(namespace, signal) {
      try {
        const ns = await core.readNamespace({ name: namespace }, withSignal(signal));
        return Boolean(ns.metadata?.deletionTimestamp) || ns.status?.phase === 'Terminating';
      } catch (err: unknown) {
        if (isNotFound(err)) return true;
        if (kubeStatusCode(err) === 403) return false;
        throw classifyKubeError(err, `read Namespace ${namespace}`);
      }
    },
  };
}
