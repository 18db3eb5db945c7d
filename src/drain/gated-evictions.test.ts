import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { ManualClock } from '../runtime/index.js';
import { BudgetGate } from './budget-gate.js';
import { evictPodsGated } from './gated-evictions.js';
import { PdbIndex } from './pdb-index.js';
import { FakeDrainCluster, makeNode, makePdb, makePod } from './testing/fake-drain-cluster.js';

const signal = new AbortController().signal;

function budget(allowed: number, disrupted: string[] = []): V1PodDisruptionBudget {
  const pdb = makePdb('api-pdb', {
    maxUnavailable: 1,
    status: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2 + allowed, disruptionsAllowed: allowed },
  });
  if (pdb.status) pdb.status.disruptedPods = Object.fromEntries(disrupted.map((p) => [p, new Date()]));
  return pdb;
}

/** Three api pods under one maxUnavailable 1 budget, the gate watching it. */
function world(allowed = 1): { cluster: FakeDrainCluster; gate: BudgetGate } {
  const cluster = new FakeDrainCluster().addNode(makeNode('node-1'));
  for (const name of ['api-0', 'api-1', 'api-2']) cluster.addPod(makePod(name));
  cluster.addPdb(budget(allowed));
  const gate = new BudgetGate({ isLive: true });
  gate.observe(budget(allowed));
  return { cluster, gate };
}

/** Counts evictions in flight and lets a stand-in disruption controller answer each accepted one. */
function instrument(
  cluster: FakeDrainCluster,
  afterEviction: (pod: string) => void = () => undefined,
): { maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const evict = cluster.evict.bind(cluster);
  cluster.evict = async (ref, grace) => {
    max = Math.max(max, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    const answer = await evict(ref, grace);
    inFlight--;
    if (answer.outcome === 'evicted') setImmediate(() => afterEviction(ref.name));
    return answer;
  };
  return { maxInFlight: () => max };
}

function settings(gate: BudgetGate, budgetWaitMs: number) {
  return { gate, budgetWaitMs, clock: new ManualClock(), concurrency: 10 };
}

describe('evictPodsGated', () => {
  it('evicts the pods of one budget one at a time, each as soon as its status allows again', async () => {
    const { cluster, gate } = world();
    const pods = await cluster.listPodsOnNode('node-1');
    const counter = instrument(cluster, (pod) => {
      gate.observe(budget(0, [pod])); // the server's decrement
      setImmediate(() => {
        cluster.addPdb(budget(1)); // the replacement is Ready
        gate.observe(budget(1));
      });
    });
    const answers = await evictPodsGated(
      cluster,
      pods,
      settings(gate, 60_000),
      new PdbIndex(cluster, signal),
      signal,
    );
    expect(answers.map((a) => a.answer.outcome)).toEqual(['evicted', 'evicted', 'evicted']);
    expect(counter.maxInFlight()).toBe(1);
    expect(cluster.calls.evict).toBe(3);
  });

  it('keeps waiting while the budget keeps letting evictions through, longer than the wait', async () => {
    const clock = new ManualClock();
    const { cluster } = world();
    const gate = new BudgetGate({ isLive: true, now: () => clock.now() });
    gate.observe(budget(1));
    instrument(cluster, (pod) => gate.observe(budget(0, [pod])));
    const pods = await cluster.listPodsOnNode('node-1');
    const pass = evictPodsGated(
      cluster,
      pods,
      { gate, budgetWaitMs: 10_000, clock, concurrency: 10 },
      new PdbIndex(cluster, signal),
      signal,
    );
    // Each replacement is Ready 6 s after its eviction: the budget allows again 6 s, then 12 s in.
    for (let i = 0; i < 2; i++) {
      await clock.advance(6_000);
      cluster.addPdb(budget(1));
      gate.observe(budget(1));
    }
    const answers = await pass;
    expect(answers.map((a) => a.answer.outcome)).toEqual(['evicted', 'evicted', 'evicted']);
  });

  it('reports pods blocked once their budget let nothing through for the whole wait', async () => {
    const clock = new ManualClock();
    const { cluster } = world();
    const gate = new BudgetGate({ isLive: true, now: () => clock.now() });
    gate.observe(budget(1));
    instrument(cluster, (pod) => gate.observe(budget(0, [pod])));
    const pods = await cluster.listPodsOnNode('node-1');
    let answers: Awaited<ReturnType<typeof evictPodsGated>> | undefined;
    void evictPodsGated(
      cluster,
      pods,
      { gate, budgetWaitMs: 10_000, clock, concurrency: 10 },
      new PdbIndex(cluster, signal),
      signal,
    ).then((a) => (answers = a));
    await clock.advance(9_000);
    expect(answers).toBeUndefined();
    await clock.advance(1_000);
    expect(answers?.map((a) => a.answer.outcome)).toEqual(['evicted', 'refused', 'refused']);
  });

  it('without a wait, pods whose budget is spent come back blocked without asking the server', async () => {
    const { cluster, gate } = world();
    const pods = await cluster.listPodsOnNode('node-1');
    const answers = await evictPodsGated(
      cluster,
      pods,
      settings(gate, 0),
      new PdbIndex(cluster, signal),
      signal,
    );
    expect(answers.map((a) => a.answer.outcome)).toEqual(['evicted', 'refused', 'refused']);
    expect(answers[1]?.answer).toMatchObject({
      refusal: {
        reason: 'PDBBlocked',
        pdbName: 'api-pdb',
        message: expect.stringMatching(/allows no disruption/),
      },
    });
    expect(cluster.calls.evict).toBe(1);
  });

  it('retries a pod refused on a stale status once the budget allows again', async () => {
    const { cluster, gate } = world();
    cluster.addPdb(budget(0)); // the server knows better than the watch
    const pods = (await cluster.listPodsOnNode('node-1')).slice(0, 1);
    const evict = cluster.evict.bind(cluster);
    cluster.evict = async (ref, grace) => {
      const answer = await evict(ref, grace);
      if (answer.outcome === 'refused') {
        setImmediate(() => {
          cluster.addPdb(budget(1));
          gate.observe(budget(1));
        });
      }
      return answer;
    };
    const answers = await evictPodsGated(
      cluster,
      pods,
      settings(gate, 60_000),
      new PdbIndex(cluster, signal),
      signal,
    );
    expect(answers.map((a) => a.answer.outcome)).toEqual(['evicted']);
    expect(cluster.calls.evict).toBe(2);
  });

  it('evicts pods under no budget together, up to the global cap', async () => {
    const cluster = new FakeDrainCluster().addNode(makeNode('node-1'));
    for (const name of ['web-0', 'web-1', 'web-2', 'web-3'])
      cluster.addPod(makePod(name, { labels: { app: 'web' } }));
    const gate = new BudgetGate({ isLive: true, maxInFlight: 2 });
    const counter = instrument(cluster);
    const pods = await cluster.listPodsOnNode('node-1');
    const answers = await evictPodsGated(
      cluster,
      pods,
      settings(gate, 0),
      new PdbIndex(cluster, signal),
      signal,
    );
    expect(answers.every((a) => a.answer.outcome === 'evicted')).toBe(true);
    expect(counter.maxInFlight()).toBe(2);
  });

  it('stops trying once the server says evicting is forbidden', async () => {
    const cluster = new FakeDrainCluster().addNode(makeNode('node-1'));
    for (const name of ['web-0', 'web-1', 'web-2']) cluster.addPod(makePod(name, { labels: { app: 'web' } }));
    cluster.script('shop', 'web-0', {
      outcome: 'refused',
      refusal: { reason: 'EvictionForbidden', message: 'cannot create resource pods/eviction' },
    });
    const gate = new BudgetGate({ isLive: true, maxInFlight: 1 });
    const pods = await cluster.listPodsOnNode('node-1');
    const answers = await evictPodsGated(
      cluster,
      pods,
      settings(gate, 0),
      new PdbIndex(cluster, signal),
      signal,
    );
    expect(answers.map((a) => a.answer.outcome === 'refused' && a.answer.refusal.reason)).toEqual([
      'EvictionForbidden',
      'EvictionForbidden',
      'EvictionForbidden',
    ]);
    expect(cluster.calls.evict).toBe(1);
  });
});
