// Per-pass cache of the budgets in each namespace and the pods each selects, read lazily: only
// namespaces with a refused eviction are ever listed.

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DrainCluster } from './drain-cluster.js';
import { selectorMatches, selectorToQuery } from '../runtime/index.js';

export class PdbIndex {
  private readonly byNamespace = new Map<string, Promise<V1PodDisruptionBudget[]>>();
  private readonly selected = new Map<string, Promise<V1Pod[]>>();

  constructor(
    private readonly cluster: DrainCluster,
    private readonly signal: AbortSignal,
  ) {}

  inNamespace(namespace: string): Promise<V1PodDisruptionBudget[]> {
    let list = this.byNamespace.get(namespace);
    if (!list) {
      list = this.cluster.listPdbs(namespace, this.signal);
      this.byNamespace.set(namespace, list);
    }
    return list;
  }

  /** Budgets whose selector selects the pod (policy/v1: `{}` selects all, a missing selector none). */
  async selecting(pod: V1Pod): Promise<V1PodDisruptionBudget[]> {
    const all = await this.inNamespace(pod.metadata?.namespace ?? '');
    return all.filter((pdb) => selectorMatches(pdb.spec?.selector, pod.metadata?.labels));
  }

  /** Every pod the budget selects, wherever it runs. */
  podsSelectedBy(pdb: V1PodDisruptionBudget): Promise<V1Pod[]> {
    const namespace = pdb.metadata?.namespace ?? '';
    const key = `${namespace}/${pdb.metadata?.name ?? ''}`;
    let pods = this.selected.get(key);
    if (!pods) {
      const selector = pdb.spec?.selector;
      pods = selector
        ? this.cluster.listPods(namespace, selectorToQuery(selector), this.signal)
        : Promise.resolve([]);
      this.selected.set(key, pods);
    }
    return pods;
  }
}
