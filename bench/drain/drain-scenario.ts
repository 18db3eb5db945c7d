// Drain benchmark: the same nodes drained by parallel `kubectl drain` and by our drain engine, each on a
// fresh identical world, watched continuously for PDB violations; then the eviction-cycle floor measured
// on each world. Target: ours ≤ 0.2× kubectl's wall time, 0 violations. Then the blue/green replacement
// users run, through the operator, against the same by hand (blue-green-scenario.ts).
import { KubeDrainCluster, drainNodes } from '../../src/drain/index.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { startFreshCluster } from '../fresh-cluster.js';
import { atMost, info } from '../scenario.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { count, median, millis, perSecond, ratio, seconds } from '../stats.js';
import {
  describeEvictions,
  evictionsBetween,
  scrapeEvictionCounts,
  type EvictionCounts,
} from './apiserver-evictions.js';
import { DrainObserver } from './drain-observer.js';
import type { Violation } from './drain-observer.js';
import { DRAIN_WORLD, REPLICAS, buildDrainWorld } from './drain-world.js';
import type { DrainWorld } from './drain-world.js';
import { measureEvictionCycle } from './eviction-cycle.js';
import type { EvictionCycle } from './eviction-cycle.js';
import { kubectlDrainInParallel } from './kubectl-drain.js';
import { proveMonitorSeesViolations } from './monitor-self-check.js';
import { BLUE_GREEN_TIMEOUT_MS, BLUE_GREEN_TITLE, runBlueGreenReplacement } from './blue-green-scenario.js';

const TARGET_RATIO = 0.2;
const OUR_DRAIN_TIMEOUT_MS = 5 * 60_000;
const SETTLE_TIMEOUT_MS = 2 * 60_000;
const CYCLES_PER_WORLD = 3;
const PROGRESS_EVERY_MS = 10_000;

interface DrainEngine {
  name: string;
  drain(
    world: DrainWorld,
    target: { kc: KubeConfig; kubeconfigPath: string },
    signal: AbortSignal,
  ): Promise<void>;
}

const kubectlEngine: DrainEngine = {
  name: 'parallel kubectl drain',
  drain: (world, target, signal) => kubectlDrainInParallel(target.kubeconfigPath, world.drainedNodes, signal),
};

const ourEngine: DrainEngine = {
  name: 'our drain engine',
  async drain(world, target, signal) {
    const result = await drainNodes(
      world.drainedNodes,
      {
        cluster: new KubeDrainCluster(target.kc),
        nodeConcurrency: world.drainedNodes.length,
        overallTimeoutMs: OUR_DRAIN_TIMEOUT_MS,
      },
      signal,
    );
    if (!result.isComplete) {
      const states = result.reports.map((r) => `${r.node} ${r.phase} (${r.remaining} left)`);
      throw new Error(`our drain did not complete: ${states.join(', ')}`);
    }
  },
};

interface DrainRun {
  engine: string;
  wallMs: number;
  podsToLeave: number;
  podsLeft: number;
  violations: Violation[];
  minHeadroom: number;
  cycles: EvictionCycle[];
  /** Eviction requests of the drain, as the API server counted them. */
  evictions: EvictionCounts;
}

async function drainWatched(
  engine: DrainEngine,
  world: DrainWorld,
  target: { kc: KubeConfig; kubeconfigPath: string },
  observer: DrainObserver,
  ctx: ScenarioContext,
): Promise<{ wallMs: number; evictions: EvictionCounts }> {
  const before = await scrapeEvictionCounts(target.kc);
  observer.arm();
  const ticker = setInterval(
    () => ctx.progress(`${engine.name}: ${observer.podsLeft}/${observer.podsToLeave} pods evicted`),
    PROGRESS_EVERY_MS,
  );
  const started = performance.now();
  try {
    await engine.drain(world, target, ctx.signal);
  } finally {
    clearInterval(ticker);
  }
  const wallMs = performance.now() - started;
  return { wallMs, evictions: evictionsBetween(before, await scrapeEvictionCounts(target.kc)) };
}

async function runOnFreshWorld(engine: DrainEngine, ctx: ScenarioContext): Promise<DrainRun> {
  const { cluster, kc, stop } = await startFreshCluster(ctx, `drain world for ${engine.name}`);
  let observer: DrainObserver | undefined;
  try {
    const world = await buildDrainWorld(kc, ctx.signal, ctx.progress);
    observer = new DrainObserver(kc, world);
    await observer.start(ctx.signal);
    const target = { kc, kubeconfigPath: cluster.kubeconfigPath };
    ctx.progress(`${engine.name}: draining ${world.drainedNodes.length} nodes`);
    const { wallMs, evictions } = await drainWatched(engine, world, target, observer, ctx);
    ctx.progress(`${engine.name}: done in ${seconds(wallMs)}; waiting for every Deployment at full strength`);
    const o = observer;
    await o.waitUntil(
      () => world.apps.every((app) => o.readyCount(app) === world.replicas),
      'every Deployment back at full strength',
      SETTLE_TIMEOUT_MS,
      ctx.signal,
    );
    const cycles: EvictionCycle[] = [];
    for (const app of world.apps.slice(0, CYCLES_PER_WORLD)) {
      cycles.push(await measureEvictionCycle(kc, world, o, app, ctx.signal));
    }
    ctx.progress(`eviction cycles: ${cycles.map((c) => millis(c.pdbAllowsMs)).join(', ')}`);
    const run: DrainRun = {
      engine: engine.name,
      wallMs,
      podsToLeave: o.podsToLeave,
      podsLeft: o.podsLeft,
      violations: [...o.violations],
      minHeadroom: o.minHeadroom,
      cycles,
      evictions,
    };
    const probe = world.apps[world.apps.length - 1] ?? '';
    await proveMonitorSeesViolations(kc, world, o, probe, ctx.signal);
    ctx.progress('violation monitor self-check: a forced violation was seen');
    return run;
  } finally {
    await observer?.stop();
    await stop();
  }
}

function reportRun(run: DrainRun, ctx: ScenarioContext): void {
  const rate = run.podsLeft / (run.wallMs / 1000);
  ctx.report(
    info(`${run.engine}: wall time`, `${seconds(run.wallMs)} (${run.podsLeft}/${run.podsToLeave} pods)`),
  );
  ctx.report(info(`${run.engine}: pods evicted/s`, perSecond(rate)));
  ctx.report(
    info(`${run.engine}: eviction requests (the API server's count)`, describeEvictions(run.evictions)),
  );
  const worst = run.violations[0];
  const detail = worst ? ` (first: ${worst.app} at ${worst.ready} ready)` : '';
  ctx.report({
    ...atMost(`${run.engine}: PDB violations`, run.violations.length, 0, count),
    measured: `${run.violations.length}${detail}; min headroom ${run.minHeadroom}`,
  });
}

export const drainScenario: Scenario = {
  name: 'drain',
  title:
    `${DRAIN_WORLD.drainedNodes} cordoned nodes × ${DRAIN_WORLD.podsPerNode} pods, ` +
    `${DRAIN_WORLD.deployments} Deployments with maxUnavailable: ${DRAIN_WORLD.maxUnavailable} PDBs: ` +
    `parallel kubectl drain vs our drain engine; ${BLUE_GREEN_TITLE}`,
  timeoutMs: 12 * 60_000 + BLUE_GREEN_TIMEOUT_MS,
  async run(ctx) {
    const kubectl = await runOnFreshWorld(kubectlEngine, ctx);
    reportRun(kubectl, ctx);
    const ours = await runOnFreshWorld(ourEngine, ctx);
    reportRun(ours, ctx);
    ctx.report(
      atMost('wall time: ours / parallel kubectl drain', ours.wallMs / kubectl.wallMs, TARGET_RATIO, ratio),
    );
    const cycles = [...kubectl.cycles, ...ours.cycles];
    const floorMs = median(cycles.map((c) => c.pdbAllowsMs));
    ctx.report(
      info(
        'eviction-cycle floor (evict → replacement Ready → PDB allows), median',
        `${millis(floorMs)} (replacement Ready after ${millis(median(cycles.map((c) => c.replacementReadyMs)))}; ${cycles.length} samples)`,
      ),
    );
    // Each Deployment's pods all start on the drained nodes and leave one per cycle.
    const floorDrainMs = REPLICAS * floorMs;
    ctx.report(
      info(
        `drain floor (${REPLICAS} cycles per Deployment)`,
        `${seconds(floorDrainMs)}; ours ${ratio(ours.wallMs / floorDrainMs)} of it, kubectl ${ratio(kubectl.wallMs / floorDrainMs)}`,
      ),
    );
    await runBlueGreenReplacement(ctx);
  },
};
