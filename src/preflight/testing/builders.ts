// Small builders of pods and PDBs for the pre-flight unit tests.

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';

export function pod(
  name: string,
  opts: {
    labels?: Record<string, string>;
    ready?: boolean;
    phase?: string;
    bare?: boolean;
    node?: string;
    namespace?: string;
    extraSpec?: Partial<NonNullable<V1Pod['spec']>>;
    pending?: string;
  } = {},
): V1Pod {
  const phase = opts.pending ? 'Pending' : (opts.phase ?? 'Running');
  const conditions = [{ type: 'Ready', status: opts.ready === false || opts.pending ? 'False' : 'True' }];
  if (opts.pending)
    conditions.push({ type: 'PodScheduled', status: 'False', message: opts.pending } as never);
  return {
    metadata: {
      name,
      namespace: opts.namespace ?? 'shop',
      labels: opts.labels ?? { app: 'api' },
      ...(opts.bare
        ? {}
        : {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true },
            ],
          }),
    },
    spec: { containers: [{ name: 'c' }], nodeName: opts.node ?? 'blue-1', ...opts.extraSpec },
    status: { phase, conditions },
  };
}

export function pdb(
  name: string,
  spec: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: Record<string, string> | 'empty';
  },
  status?: {
    expectedPods: number;
    desiredHealthy: number;
    currentHealthy: number;
    disruptionsAllowed: number;
    observedGeneration?: number;
  },
  generation = 1,
): V1PodDisruptionBudget {
  const selector = spec.selector === 'empty' ? {} : { matchLabels: spec.selector ?? { app: 'api' } };
  return {
    metadata: { name, namespace: 'shop', generation },
    spec: {
      selector,
      ...(spec.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : {}),
      ...(spec.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable } : {}),
    },
    ...(status ? { status: { observedGeneration: generation, ...status } } : {}),
  };
}
