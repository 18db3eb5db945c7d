// Fleet convergence: 500 ManagedClusters × 4 NodePools declared at once, data planes off, simulator
// operation times scaled down and ARM throttling on (clusters spread over subscriptions, as fleets are).
// Wall time against the simulator's floor, Azure calls against the minimum, 429s, peak RSS, reconcile
// percentiles of the operator's own time, CPU and RSS per object. Targets: ≤ 1.2× the floor, calls ≤ 1.1×
// the minimum, reconcile p99 of own time ≤ 50 ms.
import type { CounterSnapshot } from '../../sim/index.js';
import { atMost, info } from '../scenario.js';
import type { Scenario } from '../scenario.js';
import { count, mib, ratio, seconds } from '../stats.js';
import { FleetObserver } from './fleet-observer.js';
import { CREATED_POOLS_PER_CLUSTER, POOLS_PER_CLUSTER, createFleet } from './fleet-spec.js';
import { startOperatorWorld } from './operator-world.js';
import { reconcileCostFigures } from './reconcile-cost.js';

/** FLEET_CLUSTERS=100 for a quicker look; the figures and targets are for 500. */
const CLUSTERS = Number(process.env.FLEET_CLUSTERS ?? 500);
const NAMESPACES = 20;
const SUBSCRIPTIONS = 10;
const OBJECTS = CLUSTERS * (1 + POOLS_PER_CLUSTER);
const TIME_SCALE = 0.05;
/** Simulated operation times, given explicitly so the floor is computed from what the simulator uses. */
const DURATIONS = { clusterCreate: 240_000, poolCreate: 120_000 };
/**
 * The longest dependent chain: a pool can be created only once its cluster exists, and AKS runs one
 * operation at a time per cluster (pools included), so a cluster's pools are created one after another.
 */
const FLOOR_MS = (DURATIONS.clusterCreate + CREATED_POOLS_PER_CLUSTER * DURATIONS.poolCreate) * TIME_SCALE;
const CONVERGE_TIMEOUT_MS = 12 * 60_000;
const PROGRESS_EVERY_MS = 15_000;
const TARGET_FLOOR_RATIO = 1.2;
const TARGET_CALLS_RATIO = 1.1;
const TARGET_P99_S = 0.05;

const PUTS = /\.createOrUpdate$/;
const POLLS = /^(operations|operationResults)\.get$/;
const GETS = /^(managedClusters|agentPools)\.get$/;

/**
 * The fewest calls that can converge the fleet: one PUT per resource to create (the system pool comes
 * with its cluster), one completion poll per PUT, and one GET per object to observe it.
 */
function minimumCalls(): { puts: number; polls: number; gets: number } {
  const puts = CLUSTERS * (1 + CREATED_POOLS_PER_CLUSTER);
  return { puts, polls: puts, gets: OBJECTS };
}

function callsSince(after: CounterSnapshot, before: CounterSnapshot): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [op, n] of Object.entries(after.byOperation)) calls.set(op, n - (before.byOperation[op] ?? 0));
  return calls;
}

/** `agentPools.createOrUpdate 201 1500, …`: every operation and answer the fleet cost, largest first. */
function describeCalls(after: CounterSnapshot, before: CounterSnapshot): string {
  return Object.entries(after.byOperationAndStatus)
    .map(([key, n]) => [key, n - (before.byOperationAndStatus[key] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}

const total = (calls: Map<string, number>, pattern?: RegExp): number =>
  [...calls].filter(([op]) => !pattern || pattern.test(op)).reduce((sum, [, n]) => sum + n, 0);

export const fleetConvergenceScenario: Scenario = {
  name: 'fleet',
  title: `${CLUSTERS} clusters × ${POOLS_PER_CLUSTER} pools converging from nothing (time scale ${TIME_SCALE}, ARM throttling on)`,
  timeoutMs: 16 * 60_000,
  async run(ctx) {
    const { kc, sim, operator } = await startOperatorWorld(ctx, {
      purpose: 'fleet convergence',
      timeScale: TIME_SCALE,
      durations: DURATIONS,
      resyncPeriodMs: 10 * 60_000,
      pollIntervalMs: 1_000,
    });
    const observer = new FleetObserver(kc);
    ctx.defer(() => observer.stop());
    await observer.start(ctx.signal);
    const metricsBefore = await operator.metrics();
    const heapBefore = await operator.heapAfterGcBytes();
    const rssBefore = await operator.rssBytes();
    const before = sim.counters.snapshot();
    const throttledBefore = sim.counters.status(429);
    const started = performance.now();
    const shape = { clusters: CLUSTERS, namespaces: NAMESPACES, subscriptions: SUBSCRIPTIONS };
    const created = await createFleet(kc, shape, ctx.signal);
    const createMs = performance.now() - started;
    ctx.progress(
      `${created} objects created in ${seconds(performance.now() - started)}; waiting for every one Ready`,
    );
    await observer.waitAllReady({
      total: created,
      timeoutMs: CONVERGE_TIMEOUT_MS,
      progressEveryMs: PROGRESS_EVERY_MS,
      progress: () =>
        ctx.progress(
          `${observer.readyCount()}/${created} Ready, ${sim.counters.snapshot().total - before.total} Azure calls`,
        ),
      signal: ctx.signal,
    });
    const wallMs = performance.now() - started;
    const calls = callsSince(sim.counters.snapshot(), before);
    const min = minimumCalls();
    const minTotal = min.puts + min.polls + min.gets;

    ctx.report({
      ...atMost('wall time / simulator floor', wallMs / FLOOR_MS, TARGET_FLOOR_RATIO, ratio),
      measured: `${ratio(wallMs / FLOOR_MS)} (${seconds(wallMs)} from the first create, ${seconds(createMs)} of it creating; floor ${seconds(FLOOR_MS)})`,
    });
    const byKind =
      `PUT ${total(calls, PUTS)}/${min.puts}, poll ${total(calls, POLLS)}/${min.polls}, ` +
      `GET ${total(calls, GETS)}/${min.gets}, other ${total(calls) - total(calls, PUTS) - total(calls, POLLS) - total(calls, GETS)}/0`;
    ctx.report({
      ...atMost('Azure calls / minimum', total(calls) / minTotal, TARGET_CALLS_RATIO, ratio),
      measured: `${ratio(total(calls) / minTotal)} (${total(calls)} vs ${minTotal}: ${byKind})`,
    });
    ctx.progress(`Azure calls by operation and status: ${describeCalls(sim.counters.snapshot(), before)}`);
    ctx.report(info('429s received', count(sim.counters.status(429) - throttledBefore)));
    const samples = await operator.metrics();
    const rss = await operator.rssBytes();
    ctx.report(info('operator RSS once converged', mib(rss)));
    ctx.report(info('operator peak RSS', mib(await operator.peakRssBytes())));
    const thousands = created / 1000;
    ctx.report(info('operator RSS per 1,000 objects (1 replica)', mib(rss / thousands)));
    ctx.report(
      info('operator RSS growth per 1,000 objects (converged − before)', mib((rss - rssBefore) / thousands)),
    );
    const heapGrowth = (await operator.heapAfterGcBytes()) - heapBefore;
    ctx.report(
      info(
        'operator heap after GC, growth per 1,000 objects',
        `${(heapGrowth / thousands / 2 ** 20).toFixed(1)} MiB`,
      ),
    );
    const cost = reconcileCostFigures({
      before: metricsBefore,
      after: samples,
      objects: created,
      targetOwnP99Seconds: TARGET_P99_S,
    });
    for (const figure of cost) ctx.report(figure);
  },
};
