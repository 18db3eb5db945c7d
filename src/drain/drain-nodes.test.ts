import { drainNodes } from './drain-nodes.js';
import { isReady, isTerminating } from './pod-state.js';
import { FakeDrainCluster, makeNode, makePdb, makePod } from './testing/fake-drain-cluster.js';
import { FakeDrainWatch } from './testing/fake-drain-watch.js';
import { InstantClock } from './testing/instant-clock.js';

const signal = new AbortController().signal;
const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);

/** A tiny stand-in for the kubelet, ReplicaSet and disruption controllers: runs whenever time passes. */
function controllers(cluster: FakeDrainCluster, replicas: number, maxUnavailable: number): () => void {
  let created = 0;
  return () => {
    const before = cluster.pods.size;
    cluster.finishTerminating();
    for (let i = 0; i < before - cluster.pods.size; i++)
      cluster.addPod(makePod(`api-new-${++created}`, { node: 'green-1' }));
    const pdb = cluster.pdbs.get('shop/api-pdb');
    if (!pdb) return;
    const healthy = [...cluster.pods.values()].filter((p) => isReady(p) && !isTerminating(p)).length;
    const desired = replicas - maxUnavailable;
    pdb.status = {
      expectedPods: replicas,
      desiredHealthy: desired,
      currentHealthy: healthy,
      disruptionsAllowed: Math.max(0, healthy - desired),
      observedGeneration: 1,
    };
  };
}

function threeNodeWorld(): FakeDrainCluster {
  const cluster = new FakeDrainCluster().addOwner('shop', 'ReplicaSet', 'rs');
  for (const n of ['blue-1', 'blue-2', 'blue-3', 'green-1']) cluster.addNode(makeNode(n));
  ['blue-1', 'blue-2', 'blue-3'].forEach((node, i) => cluster.addPod(makePod(`api-${i}`, { node })));
  cluster.addPdb(
    makePdb('api-pdb', {
      maxUnavailable: 1,
      status: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 },
    }),
  );
  return cluster;
}

describe('drainNodes', () => {
  it('S7: drains 3 nodes under a maxUnavailable 1 PDB, never more than one replica down', async () => {
    const cluster = threeNodeWorld();
    const tick = controllers(cluster, 3, 1);
    let minHealthy = Infinity;
    const clock = new InstantClock(NOW, () => {
      tick();
      minHealthy = Math.min(
        minHealthy,
        [...cluster.pods.values()].filter((p) => isReady(p) && !isTerminating(p)).length,
      );
    });
    const result = await drainNodes(
      ['blue-1', 'blue-2', 'blue-3'],
      { cluster, clock, pollIntervalMs: 100, random: () => 0.5 },
      signal,
    );
    expect(result.isComplete).toBe(true);
    expect(result.reports.map((r) => r.phase)).toEqual(['Drained', 'Drained', 'Drained']);
    expect(minHealthy).toBeGreaterThanOrEqual(2);
    expect([...cluster.pods.values()].every((p) => p.spec?.nodeName === 'green-1')).toBe(true);
  });

  it('with a watch, sends each budget only the evictions its status allows: never refused, never below budget', async () => {
    const cluster = threeNodeWorld();
    const watch = new FakeDrainWatch(cluster);
    cluster.openWatch = async () => watch;
    const tick = controllers(cluster, 3, 1);
    let minHealthy = Infinity;
    const clock = new InstantClock(NOW, () => {
      tick();
      watch.emit();
      minHealthy = Math.min(
        minHealthy,
        [...cluster.pods.values()].filter((p) => isReady(p) && !isTerminating(p)).length,
      );
    });
    const result = await drainNodes(
      ['blue-1', 'blue-2', 'blue-3'],
      { cluster, clock, nodeConcurrency: 3, random: () => 0.5 },
      signal,
    );
    expect(result.isComplete).toBe(true);
    expect(minHealthy).toBeGreaterThanOrEqual(2);
    expect(cluster.calls.evict).toBe(3);
    expect(watch.isStopped).toBe(true);
  });

  it("tells a node's first report once its pods are known, before its first pass ends, and each eviction as it happens", async () => {
    const cluster = threeNodeWorld();
    const seen: string[] = [];
    const result = await drainNodes(
      ['blue-1'],
      {
        cluster,
        clock: new InstantClock(NOW, controllers(cluster, 3, 1)),
        pollIntervalMs: 100,
        onReport: (r) => seen.push(`report ${r.phase} ${r.evicted.length} evicted of ${r.remaining}`),
        onEvicted: (node, pod) => seen.push(`evicted ${node} ${pod.name}`),
      },
      signal,
    );
    expect(result.isComplete).toBe(true);
    expect(seen).toEqual([
      'report Draining 0 evicted of 1',
      'evicted blue-1 api-0',
      'report Draining 1 evicted of 1',
      'report Drained 0 evicted of 0',
    ]);
  });

  it('without a usable watch, falls back to polling and still drains', async () => {
    const cluster = threeNodeWorld();
    cluster.openWatch = async () => {
      throw new Error('cannot watch poddisruptionbudgets: forbidden');
    };
    const errors: unknown[] = [];
    const result = await drainNodes(
      ['blue-1', 'blue-2', 'blue-3'],
      {
        cluster,
        clock: new InstantClock(NOW, controllers(cluster, 3, 1)),
        pollIntervalMs: 100,
        onWatchError: (err) => errors.push(err),
      },
      signal,
    );
    expect(result.isComplete).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('cordons every node before the first eviction', async () => {
    const cluster = threeNodeWorld();
    const tick = controllers(cluster, 3, 1);
    const order: string[] = [];
    const evict = cluster.evict.bind(cluster);
    cluster.evict = (ref, grace) => {
      order.push(`evict:${ref.name}`);
      return evict(ref, grace);
    };
    const patch = cluster.patchNode.bind(cluster);
    cluster.patchNode = (name, p) => {
      if (p.spec?.unschedulable) order.push(`cordon:${name}`);
      return patch(name, p);
    };
    await drainNodes(
      ['blue-1', 'blue-2', 'blue-3'],
      { cluster, clock: new InstantClock(NOW, tick), pollIntervalMs: 100 },
      signal,
    );
    expect(order.slice(0, 3).sort()).toEqual(['cordon:blue-1', 'cordon:blue-2', 'cordon:blue-3']);
    expect(order.filter((o) => o.startsWith('cordon'))).toHaveLength(3);
  });

  it('S24: a node that times out under Wait is retried, not passed: later nodes are not started and stay cordoned', async () => {
    const cluster = threeNodeWorld();
    cluster.addPdb(
      makePdb('api-pdb', {
        minAvailable: '100%',
        status: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
      }),
    );
    const result = await drainNodes(
      ['blue-1', 'blue-2', 'blue-3'],
      {
        cluster,
        clock: new InstantClock(NOW),
        timeoutMs: 2 * 60_000,
        overallTimeoutMs: 10 * 60_000,
        pollIntervalMs: 1000,
      },
      signal,
    );
    expect(result).toMatchObject({ isComplete: false, notStarted: ['blue-2', 'blue-3'] });
    expect(result.reports[0]).toMatchObject({
      phase: 'TimedOut',
      blocked: [expect.objectContaining({ reason: 'PDBBlocked' })],
    });
    expect(
      ['blue-1', 'blue-2', 'blue-3'].every((n) => cluster.nodes.get(n)?.spec?.unschedulable === true),
    ).toBe(true);
  });

  it('S25: CordonOnly quarantines a blocked node and moves on to the next', async () => {
    const cluster = new FakeDrainCluster()
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addNode(makeNode('blue-1'))
      .addNode(makeNode('blue-2'));
    cluster
      .addPod(makePod('stuck', { node: 'blue-1', labels: { app: 'db' } }))
      .addPod(makePod('web', { node: 'blue-2', labels: { app: 'web' } }));
    cluster.addPdb(
      makePdb('db-pdb', {
        selector: { app: 'db' },
        maxUnavailable: 0,
        status: { expectedPods: 1, desiredHealthy: 1, currentHealthy: 1, disruptionsAllowed: 0 },
      }),
    );
    const clock = new InstantClock(NOW, () => cluster.finishTerminating());
    const result = await drainNodes(
      ['blue-1', 'blue-2'],
      { cluster, clock, timeoutMs: 60_000, onTimeout: 'CordonOnly', pollIntervalMs: 1000 },
      signal,
    );
    expect(result.reports.map((r) => r.phase)).toEqual(['Quarantined', 'Drained']);
    expect(result.isComplete).toBe(false);
  });

  it('S9: honours a 10 s Retry-After before looking again', async () => {
    const cluster = new FakeDrainCluster()
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addNode(makeNode('blue-1'))
      .addPod(makePod('a', { node: 'blue-1' }));
    cluster.script('shop', 'a', {
      outcome: 'refused',
      refusal: { reason: 'PDBProcessing', message: 'still being processed', retryAfterMs: 10_000 },
    });
    const clock = new InstantClock(NOW, () => cluster.finishTerminating());
    const result = await drainNodes(['blue-1'], { cluster, clock, pollIntervalMs: 100 }, signal);
    expect(result.isComplete).toBe(true);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(10_000);
  });

  it('S27: a node deleted before its turn completes as NodeNotFound', async () => {
    const cluster = new FakeDrainCluster().addNode(makeNode('blue-1'));
    const result = await drainNodes(
      ['blue-1', 'blue-gone'],
      { cluster, clock: new InstantClock(NOW) },
      signal,
    );
    expect(result.reports.map((r) => r.phase)).toEqual(['Drained', 'NodeNotFound']);
    expect(result.isComplete).toBe(true);
  });

  it('stops at the overall timeout with the last report of each node', async () => {
    const cluster = threeNodeWorld();
    cluster.addPdb(
      makePdb('api-pdb', {
        maxUnavailable: 0,
        status: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
      }),
    );
    const result = await drainNodes(
      ['blue-1', 'blue-2'],
      {
        cluster,
        clock: new InstantClock(NOW),
        timeoutMs: 0,
        overallTimeoutMs: 5 * 60_000,
        pollIntervalMs: 1000,
      },
      signal,
    );
    expect(result).toMatchObject({ isComplete: false, notStarted: ['blue-2'] });
    expect(result.reports[0]?.phase).toBe('Draining');
  });
});
