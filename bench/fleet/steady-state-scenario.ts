// Steady state: once 50 clusters × 4 pools have converged, one resync period reconciles every object
// again. Target: 0 Azure writes, 0 writes to the objects (status), ≤ 1 Azure read per object.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CounterSnapshot, RequestLogEntry } from '../../sim/index.js';
import { atMost, info } from '../scenario.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { count, seconds } from '../stats.js';
import { convergedFleet } from './converged-fleet.js';
import type { FleetObserver } from './fleet-observer.js';
import { POOLS_PER_CLUSTER } from './fleet-spec.js';
import type { OperatorProcess } from './operator-process.js';

const CLUSTERS = 50;
const NAMESPACES = 5;
const OBJECTS = CLUSTERS * (1 + POOLS_PER_CLUSTER);
const RESYNC_PERIOD_MS = 20_000;
/** No write to any object for this long counts as converged and quiet. */
const QUIET_MS = 3_000;
const QUIET_TIMEOUT_MS = 60_000;
/** A resync burst is the first reconcile after this long without any. */
const IDLE_MS = 2_000;
/** ARM operations that change something; every other operation only reads. */
const WRITE_OPERATIONS =
  /\.(createOrUpdate|updateTags|delete|start|stop|abortLatestOperation|upgradeNodeImageVersion|deleteMachines)$/;

function diff(after: CounterSnapshot, before: CounterSnapshot): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [operation, n] of Object.entries(after.byOperation)) {
    const delta = n - (before.byOperation[operation] ?? 0);
    if (delta > 0) calls.set(operation, delta);
  }
  return calls;
}

const describe = (calls: Map<string, number>): string =>
  [...calls].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

/**
 * Waits for a burst of at least one reconcile per object (a resync) and returns when it began: the first
 * reconcile after a gap of IDLE_MS without any.
 */
async function waitForResyncBurst(operator: OperatorProcess, ctx: ScenarioContext): Promise<number> {
  const deadline = performance.now() + RESYNC_PERIOD_MS + QUIET_TIMEOUT_MS;
  let last = await operator.reconcileCount();
  let lastChangeAt = Number.NEGATIVE_INFINITY;
  let burst = { startedAt: performance.now(), base: last };
  while (performance.now() < deadline) {
    await sleep(250, undefined, { signal: ctx.signal });
    const now = await operator.reconcileCount();
    if (now === last) continue;
    if (performance.now() - lastChangeAt >= IDLE_MS) burst = { startedAt: performance.now(), base: last };
    lastChangeAt = performance.now();
    last = now;
    if (now - burst.base >= OBJECTS) return burst.startedAt;
  }
  throw new Error(`no resync within ${seconds(RESYNC_PERIOD_MS + QUIET_TIMEOUT_MS)}`);
}

/** `; read more than once: 2 (e.g. …/agentPools/user2)`, or '' when every resource was read at most once. */
function readMoreThanOnce(entries: RequestLogEntry[]): string {
  const reads = new Map<string, number>();
  for (const e of entries) if (e.method === 'GET') reads.set(e.path, (reads.get(e.path) ?? 0) + 1);
  const again = [...reads].filter(([, n]) => n > 1).map(([path]) => path);
  if (again.length === 0) return '';
  const example = again[0]?.replace(/^.*\/managedClusters\//, '…/managedClusters/');
  return `; read more than once: ${again.length} (e.g. ${example})`;
}

/** Waits until no object has been written for QUIET_MS (a quiet fleet sends no events, so this polls). */
async function waitForQuiet(observer: FleetObserver, ctx: ScenarioContext): Promise<void> {
  const deadline = performance.now() + QUIET_TIMEOUT_MS;
  while (performance.now() - observer.lastEventAtMs < QUIET_MS) {
    if (performance.now() > deadline)
      throw new Error(`objects still being written after ${seconds(QUIET_TIMEOUT_MS)}`);
    await sleep(250, undefined, { signal: ctx.signal });
  }
}

export const steadyStateScenario: Scenario = {
  name: 'steady-state',
  title: `${CLUSTERS} clusters × ${POOLS_PER_CLUSTER} pools converged, then one resync period (${RESYNC_PERIOD_MS / 1000} s)`,
  timeoutMs: 9 * 60_000,
  async run(ctx) {
    const started = performance.now();
    const { sim, operator, observer, created } = await convergedFleet(
      ctx,
      {
        purpose: 'steady state',
        timeScale: 0.001,
        resyncPeriodMs: RESYNC_PERIOD_MS,
        pollIntervalMs: 200,
        // Throttling would only slow convergence; the window measures calls, not their pace.
        throttle: { enabled: false },
      },
      { clusters: CLUSTERS, namespaces: NAMESPACES },
    );
    ctx.report(
      info(`convergence of ${created} objects (from first create)`, seconds(performance.now() - started)),
    );
    await waitForQuiet(observer, ctx);

    // The window is one resync period centred on the next resync, so that resync falls wholly inside it.
    const burstAt = await waitForResyncBurst(operator, ctx);
    await sleep(Math.max(0, burstAt + RESYNC_PERIOD_MS / 2 - performance.now()), undefined, {
      signal: ctx.signal,
    });
    observer.takeWrites();
    const windowStart = new Date().toISOString();
    const azureBefore = sim.counters.snapshot();
    const reconcilesBefore = await operator.reconcileCount();
    ctx.progress(`converged and quiet; measuring one resync period (${seconds(RESYNC_PERIOD_MS)})`);
    await sleep(RESYNC_PERIOD_MS, undefined, { signal: ctx.signal });
    const calls = diff(sim.counters.snapshot(), azureBefore);
    const reread = readMoreThanOnce(sim.log.recent().filter((e) => e.time >= windowStart));
    const writes = observer.takeWrites();
    const reconciles = (await operator.reconcileCount()) - reconcilesBefore;
    if (reconciles < created) throw new Error(`only ${reconciles} reconciles in the window: no full resync`);

    const azureWrites = new Map([...calls].filter(([op]) => WRITE_OPERATIONS.test(op)));
    const azureReads = new Map([...calls].filter(([op]) => !WRITE_OPERATIONS.test(op)));
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    ctx.report(info('reconciles in the window', `${reconciles} (${created} objects)`));
    ctx.report({
      ...atMost('Azure writes in one resync', sum(azureWrites), 0, count),
      measured: `${sum(azureWrites)} (${describe(azureWrites)})`,
    });
    ctx.report({
      ...atMost('object/status writes in one resync', sum(writes), 0, count),
      measured: `${sum(writes)} (${describe(writes)})`,
    });
    const readsPerObject = sum(azureReads) / created;
    ctx.report({
      ...atMost('Azure reads per object in one resync', readsPerObject, 1, (n) => n.toFixed(2)),
      measured: `${readsPerObject.toFixed(2)} (${describe(azureReads)})${reread}`,
    });
  },
};
