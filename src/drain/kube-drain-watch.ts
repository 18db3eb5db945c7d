// DrainWatch over the API server: one informer on PodDisruptionBudgets (all namespaces) and one on the
// pods of each drained node (field selector spec.nodeName), so a drain hears at once when a budget
// allows again or a node's pods are gone.

import type { KubeConfig, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { Informer, kubeListWatch } from '../runtime/index.js';
import type { DrainWatch, DrainWatchEvent } from './drain-watch.js';

/** A watch that cannot fill its caches this soon (no permission to list, server overloaded) is given up. */
export const WATCH_SYNC_TIMEOUT_MS = 15_000;

export async function startKubeDrainWatch(
  kubeConfig: KubeConfig,
  nodes: string[],
  signal: AbortSignal,
): Promise<DrainWatch> {
  const listeners = new Set<(event: DrainWatchEvent) => void>();
  const emit = (event: DrainWatchEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const pdbs = new Informer<V1PodDisruptionBudget>({
    name: 'poddisruptionbudgets',
    source: kubeListWatch(kubeConfig, { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' }),
    resyncPeriodMs: 0,
  });
  const onPdb = (pdb: V1PodDisruptionBudget, isDeleted: boolean): void =>
    emit({ kind: 'pdb', pdb, isDeleted });
  pdbs.addHandler({
    onAdd: (p) => onPdb(p, false),
    onUpdate: (_, p) => onPdb(p, false),
    onDelete: (p) => onPdb(p, true),
  });
  const pods = new Map<string, Informer<V1Pod>>();
  for (const node of new Set(nodes)) {
    const informer = new Informer<V1Pod>({
      name: `pods on ${node}`,
      source: kubeListWatch(kubeConfig, {
        group: '',
        version: 'v1',
        plural: 'pods',
        fieldSelector: `spec.nodeName=${node}`,
      }),
      resyncPeriodMs: 0,
    });
    const onPod = (pod: V1Pod, isDeleted: boolean): void => emit({ kind: 'pod', node, pod, isDeleted });
    informer.addHandler({
      onAdd: (p) => onPod(p, false),
      onUpdate: (_, p) => onPod(p, false),
      onDelete: (p) => onPod(p, true),
    });
    pods.set(node, informer);
  }
  const all = [pdbs, ...pods.values()];
  const stop = async (): Promise<void> => {
    await Promise.all(all.map((i) => i.stop()));
  };
  for (const informer of all) informer.start();
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(WATCH_SYNC_TIMEOUT_MS)]);
  try {
    await Promise.all(all.map((i) => i.waitForSync(bounded)));
  } catch (err: unknown) {
    await stop();
    signal.throwIfAborted();
    throw new Error(
      `cannot watch poddisruptionbudgets and the pods of ${nodes.length} nodes: caches not filled within ${WATCH_SYNC_TIMEOUT_MS} ms`,
      { cause: err },
    );
  }
  return {
    pdbs: () => pdbs.list(),
    podsOnNode: (node) => pods.get(node)?.list() ?? [],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}
