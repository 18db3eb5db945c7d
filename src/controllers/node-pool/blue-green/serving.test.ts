import type { V1Pod } from '@kubernetes/client-node';
import { FakeDrainCluster, makeNode, makePod } from '../../../drain/testing/fake-drain-cluster.js';
import { MOVED_WORKLOADS_ANNOTATION, movedWorkloads, recordMovedWorkloads } from './serving.js';
import type { PoolWorkload, WorkloadRef } from './workload.js';

const signal = new AbortController().signal;

/** A node running 20 pods of ReplicaSet api-rs, 10 of web-rs and a bare pod; counts the owner reads. */
function world(): { workload: PoolWorkload; ownerReads: string[]; cluster: FakeDrainCluster } {
  const cluster = new FakeDrainCluster();
  cluster.addNode(makeNode('old-0'));
  for (let i = 0; i < 20; i++)
    cluster.addPod(makePod(`api-${i}`, { node: 'old-0', owner: { kind: 'ReplicaSet', name: 'api-rs' } }));
  for (let i = 0; i < 10; i++)
    cluster.addPod(makePod(`web-${i}`, { node: 'old-0', owner: { kind: 'ReplicaSet', name: 'web-rs' } }));
  cluster.addPod(makePod('bare', { node: 'old-0', owner: null }));
  const ownerReads: string[] = [];
  const workload: PoolWorkload = {
    drain: cluster,
    poolNodes: async () => [...cluster.nodes.values()],
    workloadOf: async (pod: V1Pod): Promise<WorkloadRef | undefined> => {
      const owner = pod.metadata?.ownerReferences?.[0];
      if (!owner) return undefined;
      ownerReads.push(owner.name);
      return {
        kind: 'Deployment',
        namespace: pod.metadata?.namespace ?? '',
        name: owner.name.replace(/-rs$/, ''),
      };
    },
    replicas: async () => undefined,
  };
  return { workload, ownerReads, cluster };
}

describe('recordMovedWorkloads', () => {
  it('reads the workload of each owner once, however many of its pods the node runs, and records every workload', async () => {
    const { workload, ownerReads, cluster } = world();
    await recordMovedWorkloads(workload, cluster.nodes.get('old-0')!, signal);
    expect(ownerReads.sort()).toEqual(['api-rs', 'web-rs']);
    const node = cluster.nodes.get('old-0')!;
    expect(node.metadata?.annotations?.[MOVED_WORKLOADS_ANNOTATION]).toBeDefined();
    expect(movedWorkloads([node]).map((r) => r.name)).toEqual(['api', 'web']);
  });
});
