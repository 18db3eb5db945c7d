// Real: the management cluster's API server (CRDs, the shard Leases), three operator replicas with sharding
// on as child processes (plain node on src/main.ts compiled to JavaScript), each behind its own proxy to
// the API server whose Lease requests the test makes hang while the rest goes through, and a kwok
// Kubernetes API for one cluster. Simulated: Azure (the AKS simulator, which records which replica wrote
// each cluster, behind a recording proxy per incarnation) with a background of 429 and 5xx answers. At
// seeded moments a replica's Lease calls hang past the lease or answer slowly, or a replica is killed with
// SIGKILL and restarted, and shards move. Proves that every Azure write of a replica to a cluster came
// while it held that cluster's shard as the Leases recorded, no cluster was written by two replicas at
// once, and the batch still converges with nothing unowned, no duplicate create, deletes of recorded IDs
// only and no old pool gone before its twin serves.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../controlplane/index.js';
import { createTlsMaterial, writtenByTwoAtOnce, type Simulator, type TlsMaterial } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { shardOf } from '../../src/runtime/index.js';
import { AzureAudit } from '../support/chaos-audit.js';
import {
  BLUE_GREEN_POOL,
  DATA_PLANE_CLUSTER,
  expectedState,
  planBatch,
  plannedWrites,
  WORKLOAD,
  type BatchStep,
  type Expected,
} from '../support/chaos-batch.js';
import { azureReader, unconverged } from '../support/chaos-convergence.js';
import { SelectiveDataPlane } from '../support/chaos-data-plane.js';
import { recordForeignRequests } from '../support/chaos-faults.js';
import { callBounds, formatFigures } from '../support/chaos-figures.js';
import { deletedObjectIds, RecordedIds, TwinGuard, unownedResources } from '../support/chaos-ledger.js';
import { compileOperator } from '../support/chaos-operator.js';
import { CHAOS_SEED_ENV, chaosSeed, SeededRandom } from '../support/chaos-random.js';
import { runBatch } from '../support/chaos-schedule.js';
import { ChaosWorkload } from '../support/chaos-workload.js';
import { Disruption, disruptLeadership, type DisruptionRecord } from '../support/leadership-disruptions.js';
import { isWrite } from '../support/leadership-ledger.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { OperatorReplica } from '../support/operator-replica.js';
import { shardHandovers, writesOutsideShardTerms } from '../support/shard-ledger.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION } from '../support/operator.js';
import { waitFor, WaitTimeoutError } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

/** Real seconds per simulated second: a cluster create takes about 1.2 s, a control-plane upgrade 1.5 s. */
const TIME_SCALE = 0.005;
const POLL_INTERVAL_SECONDS = 0.25;
const CONVERGE_TIMEOUT_MS = 90_000;
const PRECONDITION_TIMEOUT_MS = 120_000;
/**
 * Lease timings short enough that shards move within seconds, long enough that a replica renewing a dozen
 * shard Leases on a loaded machine keeps them when nothing disturbs it; the fence's margin is their difference.
 */
const LEASE = { leaseDurationMs: 10_000, renewDeadlineMs: 8000, retryPeriodMs: 1000 } as const;
const REPLICAS = ['replica-a', 'replica-b', 'replica-c'] as const;
const SHARDS = 12;
const LEASE_SET = 'chaos-shards';
/**
 * The main chaos batch without its second cluster's stop/start, the failing twin and the wiped status:
 * clusters created, upgraded and deleted, pools created, scaled, upgraded and deleted, and one pool under a
 * PDB-guarded workload replaced blue/green.
 */
const STEPS = [
  'create-c1',
  'create-c3',
  'create-p1',
  'create-p3',
  'scale-p1',
  'upgrade-c1',
  'upgrade-p1',
  'delete-p3',
  'delete-c3',
  'create-c4',
  'create-p4',
  'deploy-w4',
  'upgrade-p4',
];

const testStarted = Date.now();
const seed = chaosSeed();
const random = new SeededRandom(seed);
const log = (line: string): void => void process.stderr.write(`[chaos-shards seed=${seed}] ${line}\n`);

let sim: Simulator | undefined;
let tls: TlsMaterial | undefined;
let ns: TestNamespace | undefined;
let objects: Objects | undefined;
let workDir: string | undefined;
let dataPlane: SelectiveDataPlane | undefined;
let workload: ChaosWorkload | undefined;
let recorded: RecordedIds | undefined;
const replicas: OperatorReplica[] = [];
/** Aborts the disruptions when the test ends early. */
const ending = new AbortController();

beforeAll(async () => {
  await ensureCrds();
  workDir = join(repoRoot(), '.cache', 'chaos-shards', `${seed}-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  log(
    `replay with ${CHAOS_SEED_ENV}=${seed}; operator logs in ${workDir} (removed when the test passes, unless CHAOS_KEEP_LOGS is set)`,
  );
  const simRandom = random.fork();
  tls = createTlsMaterial(['localhost', '127.0.0.1', '::1']);
  dataPlane = new SelectiveDataPlane(new Set([DATA_PLANE_CLUSTER]));
  sim = await startTestSimulator({
    timeScale: TIME_SCALE,
    caOutDir: workDir,
    random: () => simRandom.next(),
    dataPlane,
    tls,
  });
  const kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'chaos-shards');
  objects = new Objects(ns.name);
  const namespace = ns.name;
  recorded = new RecordedIds(kc, () => [namespace]);
  const mainPath = await compileOperator(join(workDir, 'build'));
  for (const name of REPLICAS) {
    replicas.push(
      await OperatorReplica.create({
        name,
        kc,
        mainPath,
        simulatorEndpoint: sim.endpoint,
        tls,
        caFile: sim.caPath ?? '',
        namespaces: [namespace],
        workDir,
        pollIntervalSeconds: POLL_INTERVAL_SECONDS,
        env: {
          LEADER_ELECT: 'true',
          POD_NAMESPACE: namespace,
          LEADER_ELECTION_ID: LEASE_SET,
          SHARDING: 'true',
          SHARDS: String(SHARDS),
          LEADER_ELECT_LEASE_DURATION_SECONDS: String(LEASE.leaseDurationMs / 1000),
          LEADER_ELECT_RENEW_DEADLINE_SECONDS: String(LEASE.renewDeadlineMs / 1000),
          LEADER_ELECT_RETRY_PERIOD_SECONDS: String(LEASE.retryPeriodMs / 1000),
          // For replays: CHAOS_LOG_LEVEL=debug makes the operator logs tell every decision.
          LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
          OPERATOR_IDENTITY_NAMESPACES: namespace,
        },
      }),
    );
  }
}, 240_000);

afterAll(async () => {
  // Also after a timed-out test: nothing may restart a replica or keep a Lease call hanging.
  ending.abort();
  for (const r of replicas) await r.close();
  workload?.stop();
  recorded?.stop();
  await objects?.releaseAll();
  await ns?.delete();
  await sim?.close();
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not set up`);
  return value;
}

/**
 * The named steps of the main batch. A kept step's dependencies on steps left out are dropped: those are
 * the main batch's own faults and hazards, which this run leaves out.
 */
function subset(steps: BatchStep[], ids: readonly string[]): BatchStep[] {
  const kept = steps.filter((s) => ids.includes(s.id));
  const missing = ids.filter((id) => !kept.some((s) => s.id === id));
  if (missing.length) throw new Error(`the batch has no steps ${missing.join(', ')}`);
  return kept.map((s) => ({ ...s, after: s.after.filter((id) => ids.includes(id)) }));
}

const poolPath = (rg: string, cluster: string, pool: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters/${cluster}/agentpools/${pool}`.toLowerCase();

/** Agent pool IDs (lower case) a blue/green replacement retired, which Azure may delete. */
function retiredPools(expected: Expected[], rg: string): Set<string> {
  return new Set(
    expected.flatMap((e) => {
      if (e.which !== 'pool') return [];
      const cluster = e.gone ? e.cluster : e.spec.clusterRef.name;
      return e.replaced.map((p) => poolPath(rg, cluster, p));
    }),
  );
}

function count(records: DisruptionRecord[], kind: Disruption): number {
  return records.filter((r) => r.kind === kind).length;
}

describe('chaos: three sharded operator replicas, whose Lease calls hang and who are killed, during a batch of lifecycle operations', () => {
  it("lets no replica write to a cluster outside its hold of the cluster's shard nor two replicas write one cluster at once, and converges leaving nothing unowned, nothing created twice, deleting only recorded IDs, no pool before its twin serves", async () => {
    const s = required(sim, 'simulator');
    const objs = required(objects, 'objects');
    const ids = required(recorded, 'recorded IDs');
    const plane = required(dataPlane, 'data plane');
    const rg = `rg-${required(ns, 'namespace').name}`;
    const steps = subset(
      planBatch(random.fork(), { subscriptionId: SUBSCRIPTION, resourceGroup: rg }).steps,
      STEPS,
    );
    const expected = expectedState(steps);
    const disruptionRandom = random.fork();
    const disruptions = disruptionRandom.int(3, 4);
    const audit = new AzureAudit(s);
    const foreign = sdkClient(s, { subscriptionId: SUBSCRIPTION, maxRetries: 2 }).client;
    recordForeignRequests(foreign, audit);
    const wl = new ChaosWorkload({ azure: foreign, resourceGroup: rg, ...WORKLOAD });
    workload = wl;
    const bg = expected.find((e) => e.which === 'pool' && e.name === BLUE_GREEN_POOL);
    if (bg?.which !== 'pool' || bg.gone) throw new Error(`the batch must leave pool ${BLUE_GREEN_POOL}`);
    const twinOf = new Map(bg.replaced.map((old) => [old, bg.azureName]));
    const twins = new TwinGuard(
      () => s,
      (pool) => twinOf.get(pool),
      (clusterId) => plane.credentials(clusterId),
    );
    plane.beforeDeletePool = (clusterId, pool) => twins.beforeDelete(clusterId, pool);
    log(`plan: ${disruptions} disruptions; steps ${steps.map((st) => st.id).join(' ')}`);

    audit.start();
    ids.start();
    for (const r of replicas) await r.start();
    // Azure misbehaves in the background throughout the chaos phase.
    s.setFaults({ throttleRate: 0.05, serverErrorRate: 0.05 });
    // Times printed below are real milliseconds from here (a term that began earlier shows below 0).
    const began = Date.now();
    const disrupting = disruptLeadership({
      replicas,
      random: disruptionRandom,
      count: disruptions,
      timings: LEASE,
      pauseMs: [1500, 5000],
      downMs: [200, 2500],
      signal: ending.signal,
    });
    const applied = await runBatch(
      steps,
      {
        objects: objs,
        workload: wl,
        azure: {
          failNextProvisioning: () => {
            throw new Error('this batch fails no provisioning');
          },
        },
      },
      { preconditionTimeoutMs: PRECONDITION_TIMEOUT_MS },
    );
    const struck = await disrupting;
    s.setFaults({ throttleRate: 0, serverErrorRate: 0 });
    const chaosMs = Date.now() - began;
    log(`applied (ms after start): ${applied.map((a) => `${a.id}@${a.atMs}`).join(' ')}`);
    log(
      `disruptions: ${struck.map((d) => `${d.kind} ${d.replica}@${d.at - began} for ${d.lengthMs} ms`).join('; ')}`,
    );

    // From here on Azure behaves and nobody disturbs the replicas.
    const convergeStarted = Date.now();
    const reader = sdkClient(s, { subscriptionId: SUBSCRIPTION }).client;
    recordForeignRequests(reader, audit);
    const azure = azureReader(reader, rg);
    // Kept, not thrown: the figures below are printed first, as they help most when this fails.
    const notConverged = await waitFor(() => unconverged(objs, azure, expected), {
      timeoutMs: CONVERGE_TIMEOUT_MS,
      intervalMs: 500,
      message: 'every object to converge (Ready at its final spec, or gone)',
      until: (why) => why.length === 0,
    }).then(
      () => [],
      (err: unknown) =>
        err instanceof WaitTimeoutError && Array.isArray(err.lastObserved)
          ? (err.lastObserved as string[])
          : [String(err)],
    );
    const convergeMs = Date.now() - convergeStarted;
    const readyPods = await waitFor(() => wl.readyNow(), {
      timeoutMs: CONVERGE_TIMEOUT_MS / 3,
      intervalMs: 250,
      message: `${WORKLOAD.replicas} Ready pods of the workload`,
      until: (n) => n === WORKLOAD.replicas,
    }).catch(() => wl.readyNow());
    audit.stop();
    ids.stop();
    wl.stop();
    const poolsLeft: string[] = [];
    for await (const p of foreign.agentPools.list(rg, bg.spec.clusterRef.name)) poolsLeft.push(p.name ?? '');
    const twinCreates = audit.creates(poolPath(rg, bg.spec.clusterRef.name, bg.azureName));

    // Shard terms, from the Lease writes the API server accepted and each incarnation's Azure requests.
    const leaseWrites = replicas.flatMap((r) => r.lease.acceptedWrites);
    const shardPrefix = `${LEASE_SET}-shard-`;
    const handovers = shardHandovers(leaseWrites, shardPrefix);
    // A cluster's ARM ID (as its object recorded it) -> the shard Leases of the UIDs that bore it.
    const shardLeases = new Map<string, Set<string>>();
    for (const o of ids.all()) {
      if (!o.owner.startsWith('ManagedCluster/') || !o.recordedId) continue;
      const set = shardLeases.get(o.recordedId) ?? new Set<string>();
      set.add(`${shardPrefix}${shardOf(o.uid, SHARDS)}`);
      shardLeases.set(o.recordedId, set);
    }
    const shardLeasesOf = (path: string): string[] | undefined => {
      for (const [id, leases] of shardLeases)
        if (path === id || path.startsWith(`${id}/`)) return [...leases];
      return undefined;
    };
    const incarnations = replicas.flatMap((r) => r.incarnations);
    const outside = writesOutsideShardTerms(
      incarnations.map((i) => ({ podName: i.podName, requests: i.arm.requests })),
      leaseWrites,
      shardLeasesOf,
    );
    const checkedWrites = incarnations.reduce(
      (n, i) => n + i.arm.requests.filter((r) => isWrite(r) && shardLeasesOf(r.path)).length,
      0,
    );
    const writerRuns = s.writers.snapshot();
    const twoAtOnce = writtenByTwoAtOnce(writerRuns);
    const crashes = replicas.flatMap((r) => r.crashes());
    const lossReasons = replicas.flatMap((r) => r.leadershipLosses());
    const hungRequests = replicas.reduce((n, r) => n + r.lease.hungRequests, 0);
    const proxied = incarnations.reduce((n, i) => n + i.arm.requests.length, 0);

    const calls = audit.figures();
    const duplicates = audit.duplicateCreates();
    const live = await ids.live();
    const deletedRecorded = deletedObjectIds(ids.all(), live);
    const retired = retiredPools(expected, rg);
    const unaskedDeletes = audit
      .deletions()
      .filter((d) => !deletedRecorded.has(d.resourceId) && !retired.has(d.resourceId));
    const unowned = unownedResources(s, { live, allowed: new Set() });
    const withoutReadyTwin = twins.withoutReadyTwin();
    // Each new leader may repeat one write per object and observe every object again.
    const bounds = callBounds({
      plannedOperations: steps.reduce((n, st) => n + plannedWrites(st.operation), 0),
      objects: expected.length,
      starts: incarnations.length + handovers,
      pollIntervalMs: POLL_INTERVAL_SECONDS * 1000,
      operations: s.engine.list(),
      calls,
      refusedWrites: audit.refusedWrites(),
    });
    const kills = struck
      .filter((d) => d.kind === Disruption.KillLeader || d.kind === Disruption.KillStandby)
      .map((d) => ({ aliveMs: d.aliveMs, downMs: d.lengthMs }));
    for (const line of formatFigures({
      kills,
      startupMs: incarnations.flatMap((i) => i.process.startupTimesMs),
      calls,
      bounds,
      refusedWrites: audit.refusedWritesByKind(),
      windows: Object.fromEntries(Object.values(Disruption).map((k) => [k, count(struck, k)])),
      foreignOperations: 0,
      duplicates: duplicates.length,
      unaskedDeletes: unaskedDeletes.length,
      blueGreen: { replacementKills: [], workload: wl.figures(), twinCreates },
      chaosMs,
      convergeMs,
      hasConverged: notConverged.length === 0,
    }))
      log(line);
    log(
      `shards: ${handovers} handovers; leader leases lost and exited ${lossReasons.length}; Lease requests hung ${hungRequests}; clusters written by two at once ${twoAtOnce.length}`,
    );
    log(
      `writers per cluster: ${Object.entries(writerRuns)
        .map(
          ([id, runs]) =>
            `${id.split('/').at(-1)}=${runs.map((r) => `${r.replica.split('_')[0]}×${r.writes}`).join(',')}`,
        )
        .join(' ')}`,
    );
    log(
      `Azure writes per incarnation: ${incarnations.map((i) => `${i.podName}=${i.arm.requests.filter(isWrite).length}`).join(' ')}; requests through the proxies ${proxied}; cluster writes checked against shard terms ${checkedWrites}, outside one ${outside.length}`,
    );
    for (const w of outside.slice(0, 10)) log(`outside a term: ${w.podName} ${w.method} ${w.path}: ${w.why}`);
    const writes = audit.operatorEntries().filter((e) => e.method !== 'GET');
    const conditional = (kind: string): number =>
      writes.filter((e) => (e.precondition ?? 'none') === kind).length;
    log(
      `Azure writes by precondition: If-Match ${conditional('if-match')}, If-None-Match ${conditional('if-none-match')}, none ${conditional('none')}; answered 412 ${writes.filter((e) => e.status === 412).length}`,
    );
    log(
      `ownership: unowned resources ${unowned.length}; deletes of an unrecorded ID ${unaskedDeletes.length}; old pools deleted ${twins.deletions.length}, without a Ready twin ${withoutReadyTwin.length}`,
    );
    log(`wall time ${Date.now() - testStarted} ms`);

    expect(notConverged).toEqual([]);
    expect(crashes).toEqual([]);
    expect(struck).toHaveLength(disruptions);
    // The Lease calls really hung, and shards really moved (a killed replica's go to the others).
    expect(hungRequests).toBeGreaterThan(0);
    expect(handovers).toBeGreaterThanOrEqual(1);
    // The fence: every write to a cluster came from the holder of its shard, and no cluster had two writers at once.
    expect(checkedWrites).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    expect(twoAtOnce).toEqual([]);
    // The recording proxies saw the operator's traffic: every operator request Azure logged went through one.
    expect(proxied).toBeGreaterThanOrEqual(calls.total);
    expect(duplicates).toEqual([]);
    expect(unaskedDeletes).toEqual([]);
    expect(unowned).toEqual([]);
    expect(twins.errors).toEqual([]);
    expect(withoutReadyTwin).toEqual([]);
    expect(poolsLeft.sort()).toEqual([bg.azureName, 'system'].sort());
    expect(twinCreates).toBe(1);
    expect(twins.deletions.map((d) => d.pool)).toContain(BLUE_GREEN_POOL);
    expect(wl.figures().violations).toBe(0);
    expect(readyPods).toBe(WORKLOAD.replicas);
    expect(calls.writes).toBeLessThanOrEqual(bounds.writes);
    expect(calls.reads).toBeLessThanOrEqual(bounds.reads);
    expect(calls.byStatus['409'] ?? 0).toBeLessThanOrEqual(bounds.busyRefusals);
    if (!process.env.CHAOS_KEEP_LOGS)
      rmSync(required(workDir, 'work directory'), { recursive: true, force: true });
  }, 240_000);
});
