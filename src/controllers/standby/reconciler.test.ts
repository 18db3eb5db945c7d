import type { V1Pod } from '@kubernetes/client-node';
import type { NodePool, NodePoolStatus } from '../../api/index.js';
import { classifyEvictionAnswer } from '../../drain/index.js';
import { makeNode, makePod } from '../../drain/testing/fake-drain-cluster.js';
import type { ObjectKey } from '../../runtime/index.js';
import { clusterPower, managedCluster, nodePool, TEST_SUBSCRIPTION } from '../testing/objects.js';
import { reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { DRAIN_RECHECK_MS, StandbyReconciler } from './reconciler.js';
import { StandbyAnnotation } from './standby-annotations.js';
import type { QuotaUsageSource } from './standby-quota.js';
import { StandbyReason } from '../../api/index.js';
import { FakeWorkloads } from './testing/fake-workloads.js';

const NS = 'team-a';
const ACTIVE: ObjectKey = { namespace: NS, name: 'spot1' };
const CLUSTER_ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;
const THRESHOLD_S = 10;

const short: NodePoolStatus = {
  nodes: { desired: 2, ready: 1 },
  lastOperation: {
    type: 'Scale',
    startedAt: '2026-03-02T09:59:00Z',
    finishedAt: '2026-03-02T09:59:30Z',
    result: 'Failed',
    generation: 1,
    error: { code: 'AllocationFailed', message: 'no capacity' },
  },
};
const recovered: NodePoolStatus = { nodes: { desired: 2, ready: 2 } };

interface World {
  kit: ReconcilerKit;
  workloads: FakeWorkloads;
  reconciler: StandbyReconciler;
  patches: { name: string; annotations: Record<string, string | null> }[];
  active(): NodePool;
  standby(): NodePool;
  run(): Promise<number | undefined>;
}

/** Lets a drain run started by a pass take every step that needs no time to pass. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

function world(
  opts: {
    status?: NodePoolStatus;
    annotations?: Record<string, string>;
    standbyCount?: string;
    quota?: QuotaUsageSource;
    clusterPower?: 'Running' | 'Stopped';
  } = {},
): World {
  const kit = reconcilerKit();
  const workloads = new FakeWorkloads();
  // Azure has the cluster, so its workload cluster can be reached.
  kit.azure.managedClusters.seed(CLUSTER_ID, { location: 'eastus', kubernetesVersion: '1.33.2' });
  kit.clusters.put(
    managedCluster({
      status: {
        azureResourceID: CLUSTER_ID,
        currentKubernetesVersion: '1.33.2',
        provisioningState: 'Succeeded',
        ...clusterPower(opts.clusterPower ?? 'Running'),
      },
    }),
  );
  kit.pools.put(
    nodePool({
      name: 'spot1',
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      spec: {
        scaleSetPriority: 'Spot',
        nodeLabels: { workload: 'batch' },
        standby: { poolRef: { name: 'standby1' }, pendingPodThresholdSeconds: THRESHOLD_S },
      },
      status: opts.status ?? short,
    }),
  );
  kit.pools.put(
    nodePool({
      name: 'standby1',
      ...(opts.standbyCount ? { annotations: { [StandbyAnnotation.Count]: opts.standbyCount } } : {}),
      spec: { vmSize: 'Standard_DS3_v2', count: 0, nodeLabels: { workload: 'batch' } },
    }),
  );
  const patches: World['patches'] = [];
  const objects = {
    mergePatch: async (
      key: ObjectKey,
      body: { metadata: { annotations: Record<string, string | null> } },
    ) => {
      const current = kit.pools.get(key);
      if (!current) throw new Error('not found');
      patches.push({ name: key.name, annotations: body.metadata.annotations });
      const annotations: Record<string, string> = { ...(current.metadata.annotations ?? {}) };
      for (const [k, v] of Object.entries(body.metadata.annotations)) {
        if (v === null) delete annotations[k];
        else annotations[k] = v;
      }
      return kit.pools.put({ ...current, metadata: { ...current.metadata, annotations } });
    },
  };
  const reconciler = new StandbyReconciler({
    ctx: kit.ctx,
    pools: kit.pools,
    clusters: kit.clusters,
    objects: objects as never,
    workloads,
    ...(opts.quota ? { quota: opts.quota } : {}),
  });
  const get = (name: string): NodePool => {
    const np = kit.pools.get({ namespace: NS, name });
    if (!np) throw new Error(`no pool ${name}`);
    return np;
  };
  return {
    kit,
    workloads,
    reconciler,
    patches,
    active: () => get('spot1'),
    standby: () => get('standby1'),
    run: async () => (await reconciler.reconcile(ACTIVE, new AbortController().signal)).requeueAfterMs,
  };
}

function waitingPod(name: string, sinceMs: number): V1Pod {
  const pod = makePod(name, { phase: 'Pending', node: '' });
  delete pod.spec?.nodeName;
  pod.spec = {
    ...pod.spec,
    containers: pod.spec?.containers ?? [],
    nodeSelector: { workload: 'batch' },
    tolerations: [{ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Exists', effect: 'NoSchedule' }],
  };
  pod.status = {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        lastTransitionTime: new Date(sinceMs),
      },
    ],
  };
  return pod;
}

function setStatus(w: World, status: NodePoolStatus): void {
  w.kit.pools.put({ ...w.active(), status });
}

describe('StandbyReconciler', () => {
  it('scales the standby out through its annotation once pods waited the threshold, never writing Azure', async () => {
    const w = world();
    const now = w.kit.clock.now();
    w.workloads.pending = [waitingPod('a', now - 5_000), waitingPod('b', now - 4_000)];
    expect(await w.run()).toBe(2_500);
    expect(w.patches).toEqual([]);

    await w.kit.clock.advance(5_000);
    await w.run();
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBe('1');
    expect(w.active().metadata.annotations?.[StandbyAnnotation.ActiveSince]).toBe(
      new Date(w.kit.clock.now()).toISOString(),
    );
    expect(w.kit.events.reasons()).toEqual([StandbyReason.ScaledOutStandby]);
    expect(w.kit.writes()).toEqual([]);

    // Steady while the standby serves: no further change.
    await w.run();
    expect(w.patches).toHaveLength(2);
  });

  it('does not open the workload cluster of a cluster that does not run, nor scale out', async () => {
    const w = world({ clusterPower: 'Stopped' });
    const now = w.kit.clock.now();
    w.workloads.pending = [waitingPod('a', now - 60_000)];
    await w.run();
    expect(w.workloads.opened).toBe(0);
    expect(w.patches).toEqual([]);
  });

  it('scales out only as far as the quota has room, and warns once', async () => {
    const quota: QuotaUsageSource = {
      list: async () => [
        { name: 'cores', currentValue: 0, limit: 100 },
        { name: 'standardDSv2Family', currentValue: 46, limit: 50 },
      ],
    };
    const w = world({ quota, status: { ...short, nodes: { desired: 4, ready: 1 } } });
    w.workloads.pending = [waitingPod('a', w.kit.clock.now() - 20_000)];
    await w.run();
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBe('1');
    expect(w.kit.events.reasons()).toEqual([
      StandbyReason.StandbyQuotaShortfall,
      StandbyReason.ScaledOutStandby,
    ]);
  });

  it('scales out unchecked when the quota cannot be read', async () => {
    const quota: QuotaUsageSource = {
      list: () => Promise.reject(new Error('403 AuthorizationFailed')),
    };
    const w = world({ quota, status: { ...short, nodes: { desired: 4, ready: 1 } } });
    w.workloads.pending = [waitingPod('a', w.kit.clock.now() - 20_000)];
    await w.run();
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBe('3');
    expect(w.kit.events.reasons()).toEqual([StandbyReason.ScaledOutStandby]);
  });

  it('writes nothing when the quota has no room at all', async () => {
    const quota: QuotaUsageSource = {
      list: async () => [{ name: 'standardDSv2Family', currentValue: 50, limit: 50 }],
    };
    const w = world({ quota });
    w.workloads.pending = [waitingPod('a', w.kit.clock.now() - 20_000)];
    await w.run();
    await w.run();
    expect(w.patches).toEqual([]);
    expect(w.kit.events.reasons()).toEqual([StandbyReason.StandbyQuotaShortfall]);
  });

  it('reports once when Azure refused the standby count for want of quota', async () => {
    const w = world({
      standbyCount: '2',
      annotations: { [StandbyAnnotation.ActiveSince]: '2026-03-02T09:00:00Z' },
    });
    w.kit.pools.put({
      ...w.standby(),
      status: {
        lastOperation: {
          type: 'Scale',
          startedAt: '2026-03-02T09:00:00Z',
          finishedAt: '2026-03-02T09:00:00Z',
          result: 'Failed',
          generation: 1,
          error: { code: 'QuotaExceeded', message: 'standardDSv2Family Cores: limit 4, usage 4, required 8' },
        },
      },
    });
    await w.run();
    await w.run();
    expect(w.kit.events.events.filter((e) => e.type === 'Warning').map((e) => e.reason)).toEqual([
      StandbyReason.StandbyQuotaShortfall,
    ]);
    expect(w.kit.events.events[0]?.message).toContain('limit 4, usage 4, required 8');
  });

  it('drains the standby by eviction after the recovery held, then gives its count back', async () => {
    const since = new Date(Date.UTC(2026, 2, 2, 9, 0, 0)).toISOString();
    const w = world({
      status: recovered,
      standbyCount: '1',
      annotations: { [StandbyAnnotation.ActiveSince]: since },
    });
    const node = makeNode('aks-standby1-0');
    node.metadata = { ...node.metadata, labels: { 'kubernetes.azure.com/agentpool': 'standby1' } };
    w.workloads.drain
      .addNode(node)
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addPod(makePod('moved', { node: 'aks-standby1-0' }));

    await w.run();
    expect(w.active().metadata.annotations?.[StandbyAnnotation.RecoveredSince]).toBeDefined();
    await w.kit.clock.advance(THRESHOLD_S * 1000);
    await w.run();
    expect(w.active().metadata.annotations?.[StandbyAnnotation.DrainingSince]).toBeDefined();

    // The drain runs on its own once this pass started it.
    await w.run();
    await settle();
    expect(w.workloads.drain.evictions.map((e) => e.pod)).toEqual(['shop/moved']);
    expect(w.workloads.drain.deletions).toEqual([]);
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBe('1');

    w.workloads.drain.finishTerminating();
    await w.kit.clock.advance(5_000);
    await settle();
    await w.run();
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBeUndefined();
    expect(w.active().metadata.annotations ?? {}).toEqual({});
    expect(w.kit.events.reasons()).toEqual([StandbyReason.DrainingStandby, StandbyReason.ReleasedStandby]);
    expect(w.kit.writes()).toEqual([]);
  });

  it('leaves a running drain to wake the pool, coming back on its own only when a Pending pod nears the threshold', async () => {
    const at = new Date(Date.UTC(2026, 2, 2, 9, 0, 0)).toISOString();
    const w = world({
      status: recovered,
      standbyCount: '1',
      annotations: { [StandbyAnnotation.ActiveSince]: at, [StandbyAnnotation.DrainingSince]: at },
    });
    const node = makeNode('aks-standby1-0');
    node.metadata = { ...node.metadata, labels: { 'kubernetes.azure.com/agentpool': 'standby1' } };
    w.workloads.drain
      .addNode(node)
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addPod(makePod('kept', { node: 'aks-standby1-0' }));
    w.workloads.drain.script(
      'shop',
      'kept',
      classifyEvictionAnswer({
        code: 429,
        body: { message: "Cannot evict pod as it would violate the pod's disruption budget." },
      }),
    );
    expect(await w.run()).toBe(DRAIN_RECHECK_MS);
    await settle();
    expect(await w.run()).toBe(DRAIN_RECHECK_MS);

    w.workloads.pending = [waitingPod('new', w.kit.clock.now() - 2_000)];
    expect(await w.run()).toBe(THRESHOLD_S * 1000 - 2_000);
  });

  it('stops draining and uncordons the standby when capacity is lost again', async () => {
    const at = new Date(Date.UTC(2026, 2, 2, 9, 0, 0)).toISOString();
    const w = world({
      status: recovered,
      standbyCount: '1',
      annotations: { [StandbyAnnotation.ActiveSince]: at, [StandbyAnnotation.DrainingSince]: at },
    });
    const node = makeNode('aks-standby1-0');
    node.metadata = { ...node.metadata, labels: { 'kubernetes.azure.com/agentpool': 'standby1' } };
    w.workloads.drain
      .addNode(node)
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addPod(makePod('kept', { node: 'aks-standby1-0' }));
    w.workloads.drain.script(
      'shop',
      'kept',
      classifyEvictionAnswer({
        code: 429,
        body: { message: "Cannot evict pod as it would violate the pod's disruption budget." },
      }),
    );
    await w.run();
    await settle();
    expect((await w.workloads.drain.getNode('aks-standby1-0'))?.spec?.unschedulable).toBe(true);

    setStatus(w, short);
    await w.run();
    expect((await w.workloads.drain.getNode('aks-standby1-0'))?.spec?.unschedulable).toBeFalsy();
    expect(w.active().metadata.annotations?.[StandbyAnnotation.DrainingSince]).toBeUndefined();
    expect(w.standby().metadata.annotations?.[StandbyAnnotation.Count]).toBe('1');
    expect(w.kit.events.reasons()).toContain(StandbyReason.StandbyDrainAborted);
  });

  it.each([
    ['a missing pool', 'nope'],
    ['the pool itself', 'spot1'],
  ])('warns once and does nothing when poolRef names %s', async (_name, ref) => {
    const w = world();
    w.kit.pools.put({
      ...w.active(),
      spec: {
        ...w.active().spec,
        standby: { poolRef: { name: ref }, pendingPodThresholdSeconds: 10 },
      },
    });
    w.workloads.pending = [waitingPod('a', w.kit.clock.now() - 60_000)];
    await w.run();
    await w.run();
    expect(w.patches).toEqual([]);
    expect(w.kit.events.reasons()).toEqual([StandbyReason.StandbyPoolInvalid]);
    expect(w.workloads.opened).toBe(0);
  });
});
