// The fleet of `fleet` over three operator replicas in their own processes, sharding on: one replica is
// killed with SIGKILL mid-convergence and its clusters converge on the others. Prints the ratios of the
// one-replica run without a target (three operators, the control plane and the simulator share the
// machine), the shard handover time against lease duration plus one reconcile, and the clusters written by
// two replicas at once (target 0), as the simulator recorded each write's replica.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { startSimulator, writtenByTwoAtOnce } from '../../sim/index.js';
import type { Simulator } from '../../sim/index.js';
import { DEFAULT_LEASE_DURATION_MS, DEFAULT_SHARDS } from '../../src/runtime/index.js';
import { applyCrds } from '../../test/support/crds.js';
import { startFreshCluster } from '../fresh-cluster.js';
import { atMost, info } from '../scenario.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { count, mib, ratio, seconds } from '../stats.js';
import { FleetObserver } from './fleet-observer.js';
import { CREATED_POOLS_PER_CLUSTER, POOLS_PER_CLUSTER, createFleet } from './fleet-spec.js';
import { startOperatorProcess } from './operator-process.js';
import type { OperatorProcess } from './operator-process.js';

/** FLEET_CLUSTERS=100 for a quicker look; the figures are for 500. */
const CLUSTERS = Number(process.env.FLEET_CLUSTERS ?? 500);
const NAMESPACES = 20;
const SUBSCRIPTIONS = 10;
const REPLICAS = 3;
const TIME_SCALE = 0.05;
const DURATIONS = { clusterCreate: 240_000, poolCreate: 120_000 };
const FLOOR_MS = (DURATIONS.clusterCreate + CREATED_POOLS_PER_CLUSTER * DURATIONS.poolCreate) * TIME_SCALE;
/** One replica is killed once this share of the objects is Ready. */
const KILL_AT_READY = 0.4;
const CONVERGE_TIMEOUT_MS = 15 * 60_000;
const BALANCE_TIMEOUT_MS = 120_000;
const PROGRESS_EVERY_MS = 15_000;
const LEASE_NAMESPACE = 'aks-lifecycle-system';
const LEASE_NAME = 'aks-lifecycle-operator';
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const UNLIMITED_QUOTA = { defaultFamilyLimit: 10_000_000, defaultRegionalLimit: 10_000_000 };
const POLL_INTERVAL_MS = 1_000;

/** Holder identity of each shard Lease (undefined when free). */
async function shardHolders(kc: KubeConfig): Promise<(string | undefined)[]> {
  const list = await kc.makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace: LEASE_NAMESPACE });
  const byName = new Map(
    list.items.map((l) => [l.metadata?.name ?? '', l.spec?.holderIdentity || undefined]),
  );
  return Array.from({ length: DEFAULT_SHARDS }, (_, s) => byName.get(`${LEASE_NAME}-shard-${s}`));
}

const podOf = (identity: string | undefined): string | undefined => identity?.split('_')[0];

async function pollUntil(
  ctx: ScenarioContext,
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (ctx.signal.aborted) throw ctx.signal.reason as Error;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${seconds(timeoutMs)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startReplicas(ctx: ScenarioContext, kubeconfigPath: string, sim: Simulator, caPath: string) {
  const replicas = new Map<string, OperatorProcess>();
  for (let i = 0; i < REPLICAS; i++) {
    const name = `replica-${i}`;
    replicas.set(
      name,
      await startOperatorProcess(ctx, {
        kubeconfigPath,
        simulatorEndpoint: sim.endpoint,
        caPath,
        subscriptionId: SUBSCRIPTION,
        pollIntervalMs: POLL_INTERVAL_MS,
        resyncPeriodMs: 10 * 60_000,
        leaderElection: {
          namespace: LEASE_NAMESPACE,
          name: LEASE_NAME,
          identity: name,
          shards: DEFAULT_SHARDS,
        },
      }),
    );
  }
  return replicas;
}

export const fleetShardedScenario: Scenario = {
  name: 'fleet-sharded',
  title: `${CLUSTERS} clusters × ${POOLS_PER_CLUSTER} pools over ${REPLICAS} sharded replicas, one SIGKILLed mid-convergence`,
  timeoutMs: 20 * 60_000,
  async run(ctx) {
    const { cluster, kc } = await startFreshCluster(ctx, 'sharded fleet convergence');
    await applyCrds(kc, { signal: ctx.signal });
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: LEASE_NAMESPACE } } });
    const caDir = await mkdtemp(join(tmpdir(), 'bench-sim-ca-'));
    ctx.defer(() => rm(caDir, { recursive: true, force: true }));
    const sim = await startSimulator({
      timeScale: TIME_SCALE,
      quota: UNLIMITED_QUOTA,
      caOutDir: caDir,
      durations: DURATIONS,
    });
    ctx.defer(() => sim.close());
    const replicas = await startReplicas(
      ctx,
      cluster.kubeconfigPath,
      sim,
      sim.caPath ?? join(caDir, 'ca.pem'),
    );
    await pollUntil(
      ctx,
      async () => {
        // Balanced before any write: afterwards only the killed replica's shards move, so a cluster whose
        // writes come back to a replica was written by two at once.
        const pods = (await shardHolders(kc)).map(podOf);
        const counts = [...new Set(pods)].map((p) => pods.filter((q) => q === p).length);
        return (
          pods.every(Boolean) &&
          counts.length === REPLICAS &&
          counts.every(
            (n) => n >= Math.floor(DEFAULT_SHARDS / REPLICAS) && n <= Math.ceil(DEFAULT_SHARDS / REPLICAS),
          )
        );
      },
      'every shard held, each replica holding its share',
      BALANCE_TIMEOUT_MS,
    );
    ctx.progress(`${REPLICAS} replicas hold their shares of the ${DEFAULT_SHARDS} shards`);
    const observer = new FleetObserver(kc);
    ctx.defer(() => observer.stop());
    await observer.start(ctx.signal);
    const before = sim.counters.snapshot();
    const started = performance.now();
    const shape = { clusters: CLUSTERS, namespaces: NAMESPACES, subscriptions: SUBSCRIPTIONS };
    const created = await createFleet(kc, shape, ctx.signal);
    const createMs = performance.now() - started;
    ctx.progress(
      `${created} objects created in ${seconds(createMs)}; killing a replica at ${KILL_AT_READY * 100}% Ready`,
    );

    const converged = observer.waitAllReady({
      total: created,
      timeoutMs: CONVERGE_TIMEOUT_MS,
      progressEveryMs: PROGRESS_EVERY_MS,
      progress: () => ctx.progress(`${observer.readyCount()}/${created} Ready`),
      signal: ctx.signal,
    });
    converged.catch(() => undefined);
    await observer.waitUntil(
      () => observer.readyCount() >= KILL_AT_READY * created,
      `${KILL_AT_READY * 100}% Ready`,
      CONVERGE_TIMEOUT_MS,
      ctx.signal,
    );
    const holders = await shardHolders(kc);
    const victim = [...replicas.keys()][REPLICAS - 1] ?? '';
    const victimShards = holders.flatMap((h, s) => (podOf(h) === victim ? [s] : []));
    const killedAt = performance.now();
    const killedAtIso = new Date().toISOString();
    await replicas.get(victim)?.kill();
    ctx.progress(
      `killed ${victim} (shards ${victimShards.join(',')}) at ${observer.readyCount()}/${created} Ready`,
    );
    await pollUntil(
      ctx,
      async () => {
        const now = await shardHolders(kc);
        return victimShards.every((s) => now[s] && podOf(now[s]) !== victim);
      },
      "the killed replica's shards held by the others",
      CONVERGE_TIMEOUT_MS,
    );
    const handoverMs = performance.now() - killedAt;
    await converged;
    const wallMs = performance.now() - started;

    const runs = sim.writers.snapshot();
    // The first write of a new holder to each cluster the killed replica had written.
    const takeovers = Object.values(runs).flatMap((rs) => {
      const i = rs.findIndex((r) => podOf(r.replica) === victim);
      const next = i >= 0 ? rs[i + 1] : undefined;
      return next && next.first >= killedAtIso ? [Date.parse(next.first) - Date.parse(killedAtIso)] : [];
    });
    const calls = sim.counters.snapshot().total - before.total;
    const minCalls = CLUSTERS * (1 + CREATED_POOLS_PER_CLUSTER) * 2 + created;
    ctx.report(
      info(
        'wall time / simulator floor (3 replicas, one killed)',
        `${ratio(wallMs / FLOOR_MS)} (${seconds(wallMs)} from the first create, ${seconds(createMs)} of it creating; floor ${seconds(FLOOR_MS)})`,
      ),
    );
    ctx.report(
      info('Azure calls / minimum (3 replicas)', `${ratio(calls / minCalls)} (${calls} vs ${minCalls})`),
    );
    ctx.report(info('429s received', count(sim.counters.status(429) - (before.byStatus['429'] ?? 0))));
    ctx.report({
      ...atMost(
        'shard handover after SIGKILL',
        handoverMs / 1000,
        DEFAULT_LEASE_DURATION_MS / 1000 + POLL_INTERVAL_MS / 1000,
        (s) => `${s.toFixed(1)} s`,
      ),
      target: `≤ ${seconds(DEFAULT_LEASE_DURATION_MS)} lease + one reconcile`,
    });
    ctx.report(
      info(
        "first write to a killed replica's cluster by its new holder",
        takeovers.length
          ? `${seconds(Math.min(...takeovers))} to ${seconds(Math.max(...takeovers))} after the kill (${takeovers.length} clusters)`
          : 'no cluster of the killed replica needed a write after the kill',
      ),
    );
    const twoAtOnce = writtenByTwoAtOnce(runs);
    for (const cluster of twoAtOnce)
      ctx.progress(
        `written by two replicas: ${cluster.split('/').at(-1) ?? cluster}: ${(runs[cluster] ?? [])
          .map((r) => `${podOf(r.replica)} ×${r.writes} ${r.first.slice(11, 23)}..${r.last.slice(11, 23)}`)
          .join(', ')} (killed at ${killedAtIso.slice(11, 23)})`,
      );
    const twice = twoAtOnce.length;
    ctx.report({
      ...atMost('clusters written by two replicas at once', twice, 0, count),
      measured: `${twice} of the ${Object.keys(runs).length} clusters whose writes named their replica`,
    });
    const survivors = [...replicas.entries()].filter(([name]) => name !== victim);
    for (const [name, replica] of survivors) {
      const rss = await replica.rssBytes();
      ctx.report(info(`${name} RSS per 1,000 objects (1 of 3 replicas)`, mib(rss / (created / 1000))));
    }
  },
};
