import { ManualClock, settle, type ObjectKey } from '../runtime/index.js';
import { DrainRuns } from './drain-runs.js';
import type { DrainReport } from './types.js';
import { FakeDrainCluster, makeNode, makePdb, makePod } from './testing/fake-drain-cluster.js';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const OWNER = { namespace: 'team-a', name: 'user1' };

function world(): FakeDrainCluster {
  const cluster = new FakeDrainCluster().addOwner('shop', 'ReplicaSet', 'rs');
  for (const n of ['blue-1', 'blue-2']) cluster.addNode(makeNode(n));
  cluster.addPod(makePod('api-0', { node: 'blue-1' })).addPod(makePod('api-1', { node: 'blue-2' }));
  return cluster;
}

describe('DrainRuns', () => {
  it('drains in the background once started, and tells the owner when it is done', async () => {
    const clock = new ManualClock(NOW);
    const cluster = world();
    const runs = new DrainRuns({ clock });
    const woken: ObjectKey[] = [];
    runs.subscribe((key) => woken.push(key));
    const state = runs.ensure(OWNER, () => ({
      nodes: ['blue-1', 'blue-2'],
      options: { cluster, nodeConcurrency: 2, pollIntervalMs: 100 },
    }));
    expect(state.isRunning).toBe(true);
    await settle();
    expect(cluster.evictions.map((e) => e.pod).sort()).toEqual(['shop/api-0', 'shop/api-1']);

    cluster.finishTerminating();
    await clock.advance(5_000);
    await settle();
    const done = runs.get(OWNER);
    expect(done?.isRunning).toBe(false);
    expect(done?.result?.isComplete).toBe(true);
    expect(done?.reports.map((r) => r.phase)).toEqual(['Drained', 'Drained']);
    expect(woken.at(-1)).toEqual(OWNER);
    // Observing again starts nothing new.
    expect(runs.ensure(OWNER, () => ({ nodes: [], options: { cluster } }))).toBe(done);
  });

  it('wakes its owner at most once per interval while the drain runs', async () => {
    const clock = new ManualClock(NOW);
    const cluster = world();
    cluster.addPdb(
      makePdb('api-pdb', {
        maxUnavailable: 0,
        status: { expectedPods: 2, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
      }),
    );
    const runs = new DrainRuns({ clock, notifyIntervalMs: 10_000 });
    let woken = 0;
    runs.subscribe(() => woken++);
    runs.ensure(OWNER, () => ({
      nodes: ['blue-1', 'blue-2'],
      options: { cluster, nodeConcurrency: 2, pollIntervalMs: 100 },
    }));
    for (let i = 0; i < 60; i++) await clock.advance(1_000);
    // Blocked passes report every few seconds; the owner hears of them every 10 s at most.
    expect(runs.get(OWNER)?.reports.some((r) => r.blocked.length > 0)).toBe(true);
    expect(woken).toBeGreaterThan(0);
    expect(woken).toBeLessThanOrEqual(7);
    await runs.stopAll();
  });

  it('tells each node drained once: a run started again after a restart does not tell it again', async () => {
    const clock = new ManualClock(NOW);
    const cluster = world();
    const drained: string[] = [];
    const onReport = (r: DrainReport): void => {
      if (r.phase === 'Drained') drained.push(r.node);
    };
    const request = () => ({
      nodes: ['blue-1', 'blue-2'],
      options: { cluster, nodeConcurrency: 2, pollIntervalMs: 100 },
      onReport,
    });
    const first = new DrainRuns({ clock });
    first.ensure(OWNER, request);
    await settle();
    cluster.finishTerminating();
    await clock.advance(5_000);
    await settle();
    expect(first.get(OWNER)?.result?.isComplete).toBe(true);
    expect(drained.sort()).toEqual(['blue-1', 'blue-2']);

    // The operator restarts: a new process starts the pool's drain again over the same, drained nodes.
    const restarted = new DrainRuns({ clock });
    restarted.ensure(OWNER, request);
    await clock.advance(5_000);
    await settle();
    const again = restarted.get(OWNER);
    expect(again?.isRunning).toBe(false);
    expect(again?.reports.map((r) => r.phase)).toEqual(['Drained', 'Drained']);
    expect(drained.sort()).toEqual(['blue-1', 'blue-2']);
  });

  it('stops a run (its cordons stay) and starts none once every run was stopped', async () => {
    const clock = new ManualClock(NOW);
    const cluster = world();
    cluster.addPdb(
      makePdb('api-pdb', {
        maxUnavailable: 0,
        status: { expectedPods: 2, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
      }),
    );
    const runs = new DrainRuns({ clock });
    runs.ensure(OWNER, () => ({ nodes: ['blue-1'], options: { cluster, pollIntervalMs: 100 } }));
    await clock.advance(3_000);
    await runs.stop(OWNER);
    expect(runs.get(OWNER)).toBeUndefined();
    expect(cluster.nodes.get('blue-1')?.spec?.unschedulable).toBe(true);

    await runs.stopAll();
    expect(() => runs.ensure(OWNER, () => ({ nodes: ['blue-1'], options: { cluster } }))).toThrow('stopped');
  });
});
