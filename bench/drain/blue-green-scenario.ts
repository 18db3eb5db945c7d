// What users run: a blue/green replacement of a 5-node pool carrying 10 Deployments × 20 pods under
// `maxUnavailable: 1` PDBs, through the operator's own path (the UpgradePlan's annotations) from the
// request to the old pool deleted, against the same replacement by hand (create the twin pool, cordon,
// parallel `kubectl drain`, delete the old pool) on a fresh identical world, and against the eviction-cycle
// floor measured under load (every PDB cycling at once). PDB violations are watched at every pod event.
// Pods Pending (and for how long) and eviction requests (as the API server counted them) for each.
// Then, outside the timed comparison (kubectl drain cannot evict them), the operator's replacement of a
// world that also carries single-replica workloads under minAvailable 1 PDBs, opted in to rollouts: the
// fewest Ready pods each had; beside it, kubectl drain of a node holding them, measured until it times out.
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import { Annotation, type NodePool } from '../../src/api/index.js';
import { waitFor } from '../../test/support/wait.js';
import { atLeast, atMost, info } from '../scenario.js';
import type { ScenarioContext } from '../scenario.js';
import { count, median, millis, ratio, seconds } from '../stats.js';
import {
  BLUE_GREEN_WORLD,
  RESOURCE_GROUP,
  buildBlueGreenWorld,
  poolNodeNames,
  userPool,
} from './blue-green-world.js';
import type { BlueGreenWorld } from './blue-green-world.js';
import {
  describeEvictions,
  evictionsBetween,
  scrapeEvictionCounts,
  type EvictionCounts,
} from './apiserver-evictions.js';
import { DrainObserver } from './drain-observer.js';
import { measureEvictionCycle } from './eviction-cycle.js';
import { BLOCKED_DRAIN_TIMEOUT_S, kubectlDrainBlocked, type BlockedDrain } from './kubectl-blocked.js';
import { kubectlDrainInParallel } from './kubectl-drain.js';
import { PendingPods, type PendingSummary } from './pending-pods.js';
import { FewestReady } from './single-replica-workloads.js';

const REPLACEMENT_TIMEOUT_MS = 15 * 60_000;
const PROGRESS_EVERY_MS = 10_000;
const TARGET_VS_BY_HAND = 0.5;
const TARGET_VS_FLOOR = 1.3;

interface Phases {
  /** Request → twin pool serving (its nodes Ready). */
  createMs: number;
  /** Twin serving → old nodes cordoned (the operator also pins the old pool's autoscaler first). */
  cordonMs: number;
  /** Old nodes cordoned → every old node drained. */
  drainMs: number;
  /** Old nodes drained → old pool deleted in Azure. */
  deleteMs: number;
  totalMs: number;
  /** When the drain phase started and ended (performance.now()), to place the pods' leaving in it. */
  drainStartedAt: number;
  drainEndedAt: number;
}

interface Run {
  name: string;
  phases: Phases;
  violations: number;
  minHeadroom: number;
  /** Pods Pending from the request to the old pool deleted. */
  pending: PendingSummary;
  /** Eviction requests over the same span, as the workload cluster's API server counted them. */
  evictions: EvictionCounts;
  /** Fewest Ready pods of each single-replica workload during the replacement (the operator's world only). */
  singleReplicaFewestReady?: number[];
  /** Drain phase start → first old pod leaving, and last old pod leaving → drain phase end (ms). */
  drainLead: { firstLeftMs: number; afterLastLeftMs: number } | undefined;
}

/** Times since `start` at which the NodePool's blue/green phase first reached each value. */
async function followOperator(
  world: BlueGreenWorld,
  start: number,
  ctx: ScenarioContext,
): Promise<Map<string, number>> {
  const objects = world.objects;
  if (!objects) throw new Error('the operator world declares its objects');
  const seen = new Map<string, number>();
  let last = performance.now();
  await waitFor(() => objects.pool('user1'), {
    timeoutMs: REPLACEMENT_TIMEOUT_MS,
    intervalMs: 50,
    signal: ctx.signal,
    message: 'the replacement to complete',
    until: (np: NodePool) => {
      const phase = np.status?.blueGreen?.phase;
      const now = performance.now() - start;
      if (phase && !seen.has(phase)) seen.set(phase, now);
      const isDone = np.status?.activePoolName === 'user1b' && np.status.upgrade?.phase === 'Succeeded';
      if (isDone && !seen.has('Completed')) seen.set('Completed', now);
      if (performance.now() - last > PROGRESS_EVERY_MS) {
        last = performance.now();
        ctx.progress(`operator: ${np.status?.upgrade?.step ?? phase ?? 'starting'}`);
      }
      return isDone;
    },
  });
  return seen;
}

async function replaceWithOperator(world: BlueGreenWorld, ctx: ScenarioContext): Promise<Phases> {
  const objects = world.objects;
  if (!objects) throw new Error('the operator world declares its objects');
  const start = performance.now();
  // What an UpgradePlan asks of the pool: the target and the strategy, by annotation.
  await objects.patch('pool', 'user1', {
    metadata: {
      annotations: {
        [Annotation.UpgradeTarget]: BLUE_GREEN_WORLD.toVersion,
        [Annotation.UpgradeStrategy]: 'BlueGreen',
      },
    },
  });
  const seen = await followOperator(world, start, ctx);
  const at = (phase: string): number => {
    const t = seen.get(phase);
    if (t === undefined) throw new Error(`the replacement never showed phase ${phase}`);
    return t;
  };
  const cordoning = at('Cordoning');
  const draining = at('Draining');
  const deleting = at('DeletingOld');
  const completed = at('Completed');
  return {
    createMs: cordoning,
    cordonMs: draining - cordoning,
    drainMs: deleting - draining,
    deleteMs: completed - deleting,
    totalMs: completed,
    drainStartedAt: start + draining,
    drainEndedAt: start + deleting,
  };
}

async function replaceByHand(world: BlueGreenWorld, ctx: ScenarioContext): Promise<Phases> {
  const start = performance.now();
  await world.azure.agentPools.beginCreateOrUpdateAndWait(
    RESOURCE_GROUP,
    'c1',
    'user1b',
    userPool(BLUE_GREEN_WORLD.toVersion),
    FAST_POLL,
  );
  await waitFor(() => poolNodeNames(world.kc, 'user1b'), {
    timeoutMs: REPLACEMENT_TIMEOUT_MS,
    intervalMs: 100,
    signal: ctx.signal,
    message: 'the twin pool nodes',
    until: (nodes) => nodes.length === BLUE_GREEN_WORLD.poolNodes,
  });
  const created = performance.now();
  const core = world.kc.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  await Promise.all(
    world.drain.drainedNodes.map((name) =>
      core.patchNode({ name, body: { spec: { unschedulable: true } } }, merge),
    ),
  );
  const cordoned = performance.now();
  await kubectlDrainInParallel(world.kubeconfigPath, world.drain.drainedNodes, ctx.signal);
  const drained = performance.now();
  await world.azure.agentPools.beginDeleteAndWait(RESOURCE_GROUP, 'c1', 'user1', FAST_POLL);
  const deleted = performance.now();
  return {
    createMs: created - start,
    cordonMs: cordoned - created,
    drainMs: drained - cordoned,
    deleteMs: deleted - drained,
    totalMs: deleted - start,
    drainStartedAt: cordoned,
    drainEndedAt: drained,
  };
}

interface RunOptions {
  name: string;
  withOperator: boolean;
  replace: (world: BlueGreenWorld, ctx: ScenarioContext) => Promise<Phases>;
  withSingleReplicaApps?: boolean;
}

async function runOnFreshWorld(
  options: RunOptions,
  ctx: ScenarioContext,
): Promise<{ run: Run; world: BlueGreenWorld }> {
  const { name, withOperator, withSingleReplicaApps = false } = options;
  const world = await buildBlueGreenWorld(ctx, { withOperator, withSingleReplicaApps });
  const pending = new PendingPods();
  const observer = new DrainObserver(world.kc, world.drain, { pending });
  await observer.start(ctx.signal);
  const singles = world.singles ? new FewestReady(world.kc, world.singles, { pending }) : undefined;
  await singles?.start(ctx.signal);
  try {
    const evictionsBefore = await scrapeEvictionCounts(world.kc);
    observer.arm();
    singles?.arm();
    ctx.progress(`${name}: replacing pool user1`);
    const phases = await options.replace(world, ctx);
    const pendingSummary = pending.summary(performance.now());
    const evictions = evictionsBetween(evictionsBefore, await scrapeEvictionCounts(world.kc));
    const run: Run = {
      name,
      phases,
      violations: observer.violations.length,
      minHeadroom: observer.minHeadroom,
      pending: pendingSummary,
      evictions,
      ...(singles ? { singleReplicaFewestReady: singles.counts } : {}),
      drainLead: observer.leftSpan
        ? {
            firstLeftMs: observer.leftSpan.firstAt - phases.drainStartedAt,
            afterLastLeftMs: phases.drainEndedAt - observer.leftSpan.lastAt,
          }
        : undefined,
    };
    return { run, world };
  } finally {
    await observer.stop();
    await singles?.stop();
  }
}

/**
 * The eviction cycle with every PDB cycling at once, as during a drain of all nodes: one eviction per
 * Deployment together, each timed until its PDB allows again. Median of `rounds` rounds.
 */
async function loadedFloor(ctx: ScenarioContext, rounds: number): Promise<number> {
  const world = await buildBlueGreenWorld(ctx, { withOperator: false });
  const observer = new DrainObserver(world.kc, world.drain);
  await observer.start(ctx.signal);
  try {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const cycles = await Promise.all(
        world.drain.apps.map((app) => measureEvictionCycle(world.kc, world.drain, observer, app, ctx.signal)),
      );
      samples.push(...cycles.map((c) => c.pdbAllowsMs));
    }
    return median(samples);
  } finally {
    await observer.stop();
  }
}

function reportRun(run: Run, ctx: ScenarioContext): void {
  const p = run.phases;
  ctx.report(
    info(
      `${run.name}: phases`,
      `create ${seconds(p.createMs)}, cordon ${seconds(p.cordonMs)}, drain ${seconds(p.drainMs)}, ` +
        `delete ${seconds(p.deleteMs)}, total ${seconds(p.totalMs)}`,
    ),
  );
  if (run.drainLead) {
    ctx.report(
      info(
        `${run.name}: drain phase around the evictions`,
        `first old pod leaving ${seconds(run.drainLead.firstLeftMs)} after its start, ` +
          `its end ${seconds(run.drainLead.afterLastLeftMs)} after the last`,
      ),
    );
  }
  ctx.report({
    ...atMost(`${run.name}: PDB violations`, run.violations, 0, count),
    measured: `${run.violations}; min headroom ${run.minHeadroom}`,
  });
  const pending = run.pending;
  ctx.report(
    info(
      `${run.name}: pods Pending`,
      `${pending.pods} pods, median ${millis(pending.medianMs)}, longest ${millis(pending.maxMs)}; ` +
        `at most ${pending.mostAtOnce} at once, ${pending.unschedulable} found no node (Unschedulable), ` +
        `${pending.stillPending} still Pending at the end`,
    ),
  );
  ctx.report(
    info(`${run.name}: eviction requests (the API server's count)`, describeEvictions(run.evictions)),
  );
  const fewest = run.singleReplicaFewestReady;
  if (fewest) {
    ctx.report({
      ...atLeast(
        `${run.name}: fewest Ready pods of each single-replica workload (minAvailable 1, rolled)`,
        Math.min(...fewest),
        1,
        count,
      ),
      measured: fewest.join(', '),
    });
  }
}

/** Figures of the replacement users run; part of the `drain` scenario. */
export const BLUE_GREEN_TITLE =
  `blue/green replacement of a ${BLUE_GREEN_WORLD.poolNodes}-node pool, ${BLUE_GREEN_WORLD.deployments} Deployments × ` +
  `${BLUE_GREEN_WORLD.replicas} pods under maxUnavailable: ${BLUE_GREEN_WORLD.maxUnavailable} PDBs ` +
  `(ARM time scale ${BLUE_GREEN_WORLD.armTimeScale}): the operator vs by hand vs the loaded floor`;
export const BLUE_GREEN_TIMEOUT_MS = 40 * 60_000;

function reportBlockedDrain(blocked: BlockedDrain, ctx: ScenarioContext): void {
  const isBlocked = blocked.exit !== 0 && blocked.singleLeft > 0;
  ctx.report(
    info(
      `by hand: kubectl drain --timeout=${BLOCKED_DRAIN_TIMEOUT_S}s of a node holding single-replica pods (minAvailable 1)`,
      `${isBlocked ? 'blocked: timed out' : 'not blocked: ended'} after ${seconds(blocked.wallMs)} (exit ${blocked.exit}); ` +
        `${blocked.singleRefused} eviction requests for its ${blocked.singlePods} single-replica pod(s) refused, ` +
        `${blocked.singleLeft} still on the node; ${blocked.node} also held ${blocked.otherPods} other pods; ` +
        `all its requests: ${describeEvictions(blocked.server)}`,
    ),
  );
}

export async function runBlueGreenReplacement(ctx: ScenarioContext): Promise<void> {
  ctx.progress(BLUE_GREEN_TITLE);
  const { run: ours } = await runOnFreshWorld(
    { name: 'operator (annotation, as a plan asks)', withOperator: true, replace: replaceWithOperator },
    ctx,
  );
  reportRun(ours, ctx);
  const { run: byHand } = await runOnFreshWorld(
    { name: 'by hand (ARM + parallel kubectl drain)', withOperator: false, replace: replaceByHand },
    ctx,
  );
  reportRun(byHand, ctx);
  ctx.report(
    atMost(
      'drain phase: operator / by hand',
      ours.phases.drainMs / byHand.phases.drainMs,
      TARGET_VS_BY_HAND,
      ratio,
    ),
  );
  ctx.report(
    atMost('whole replacement: operator / by hand', ours.phases.totalMs / byHand.phases.totalMs, 1, ratio),
  );
  const floorMs = await loadedFloor(ctx, 2);
  // Each Deployment's pods all start on the old nodes and leave one per cycle under maxUnavailable 1.
  const floorDrainMs = BLUE_GREEN_WORLD.replicas * floorMs;
  ctx.report(
    info(
      'eviction cycle under load (every PDB cycling at once), median',
      `${millis(floorMs)}; drain floor ${BLUE_GREEN_WORLD.replicas} cycles = ${seconds(floorDrainMs)}`,
    ),
  );
  ctx.report(
    atMost(
      'drain phase: operator / loaded floor',
      ours.phases.drainMs / floorDrainMs,
      TARGET_VS_FLOOR,
      ratio,
    ),
  );
  // Left out of the timed comparison: kubectl drain cannot evict them at all.
  const { run: singles, world } = await runOnFreshWorld(
    {
      name: `operator with ${BLUE_GREEN_WORLD.singleReplicaApps} single-replica workloads (rollouts allowed)`,
      withOperator: true,
      replace: replaceWithOperator,
      withSingleReplicaApps: true,
    },
    ctx,
  );
  reportRun(singles, ctx);
  // By hand on the same world once the operator is done: the single-replica pods are on the new pool.
  if (!world.singles) throw new Error('the single-replica world declares its workloads');
  ctx.progress(
    `by hand: kubectl drain of a node holding single-replica pods, --timeout=${BLOCKED_DRAIN_TIMEOUT_S}s`,
  );
  const blocked = await kubectlDrainBlocked(
    { kc: world.kc, kubeconfigPath: world.kubeconfigPath },
    { single: world.singles.namespace, other: world.drain.namespace },
    ctx.signal,
  );
  reportBlockedDrain(blocked, ctx);
}
