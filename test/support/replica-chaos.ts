// A seeded chaos batch run against several operator replica processes: the simulator (a kwok data plane
// for the blue/green cluster, a background of 429 and 5xx answers during the chaos phase), a namespace, the
// replicas as child processes with leader election on (each behind its own Lease proxy and a recording
// Azure proxy per incarnation), the main batch without its faults and hazards, seeded disruptions of the
// replicas' Leases and processes, and the wait for convergence. A test adds its fence (the terms every
// Azure write must fall in) and what it proves of it; what any such run must show is checked here.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../controlplane/index.js';
import { createTlsMaterial, type Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { AzureAudit, type AuditFigures, type ResourceFinding } from './chaos-audit.js';
import {
  BLUE_GREEN_POOL,
  DATA_PLANE_CLUSTER,
  expectedState,
  planBatch,
  plannedWrites,
  WORKLOAD,
  type BatchStep,
  type Expected,
} from './chaos-batch.js';
import { azureReader, unconverged, untilConverged } from './chaos-convergence.js';
import { SelectiveDataPlane } from './chaos-data-plane.js';
import { recordForeignRequests } from './chaos-faults.js';
import { callBounds, formatFigures, type CallBounds } from './chaos-figures.js';
import {
  deletedObjectIds,
  poolPath,
  RecordedIds,
  retiredPools,
  TwinGuard,
  unownedResources,
  type PoolDeletion,
  type UnownedResource,
} from './chaos-ledger.js';
import { compileOperator } from './chaos-operator.js';
import { CHAOS_SEED_ENV, chaosSeed, SeededRandom } from './chaos-random.js';
import { runBatch } from './chaos-schedule.js';
import { ChaosWorkload } from './chaos-workload.js';
import type { AcceptedLeaseWrite } from './hanging-lease-proxy.js';
import {
  Disruption,
  disruptLeadership,
  type DisruptionRecord,
  type LeaseTimings,
} from './leadership-disruptions.js';
import { isWrite, type FencedWrite } from './leadership-ledger.js';
import { createTestNamespace, type TestNamespace } from './namespace.js';
import { OperatorReplica, type Incarnation } from './operator-replica.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION } from './operator.js';
import { managementKubeConfig } from './world.js';

/** Real seconds per simulated second: a cluster create takes about 1.2 s, a control-plane upgrade 1.5 s. */
const TIME_SCALE = 0.005;
const POLL_INTERVAL_SECONDS = 0.25;
const CONVERGE_TIMEOUT_MS = 90_000;
const PRECONDITION_TIMEOUT_MS = 120_000;
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

export interface ReplicaChaosOptions {
  /** Names the namespace, the work directory, the log lines and the leader-election Lease (or Lease set). */
  name: string;
  replicas: readonly string[];
  /** Environment of every incarnation besides leader election, log level and identities. */
  env?: Record<string, string>;
  /** Lease timings of every replica; the fence's margin is the lease duration less the renew deadline. */
  lease: LeaseTimings & { retryPeriodMs: number };
  /** How many disruptions strike, at least and at most (a seeded pick). */
  disruptions: readonly [number, number];
}

/** What a run went through, collected as soon as it converged (or the wait gave up). */
export interface ReplicaChaosRun {
  sim: Simulator;
  audit: AzureAudit;
  /** Every object of the namespace and the ARM ID it recorded, over the run. */
  recorded: RecordedIds;
  replicas: readonly OperatorReplica[];
  incarnations: Incarnation[];
  /** The Lease writes of every replica the API server accepted. */
  leaseWrites: AcceptedLeaseWrite[];
  rg: string;
  steps: BatchStep[];
  expected: Expected[];
  /** How many disruptions were planned, and those that struck. */
  disruptions: number;
  struck: DisruptionRecord[];
  /** Epoch ms at which the chaos phase began: times printed are real milliseconds from here. */
  began: number;
  chaosMs: number;
  convergeMs: number;
  /** Why objects had not converged when the wait gave up: empty when all did. */
  notConverged: string[];
  workload: ChaosWorkload;
  readyPods: number;
  twins: TwinGuard;
  /** The agent pool that serves the blue/green NodePool at the end. */
  twin: string;
  /** Agent pools of the blue/green cluster at the end. */
  poolsLeft: string[];
  twinCreates: number;
  crashes: string[];
  /** Why each incarnation that exited on its own stopped acting. */
  lossReasons: string[];
  hungRequests: number;
  /** Azure requests through the recording proxies. */
  proxied: number;
}

/** What Azure saw of a run's operator, against the bounds of the work. */
export interface ReplicaChaosFigures {
  calls: AuditFigures;
  bounds: CallBounds;
  duplicates: ResourceFinding[];
  /** Deletes of an ID that no deleted object recorded and no blue/green replacement retired. */
  unaskedDeletes: ResourceFinding[];
  unowned: UnownedResource[];
  withoutReadyTwin: PoolDeletion[];
}

/** What a test's fence adds to the printed figures. */
export interface FenceLines {
  /** Printed after the figures: how the terms went. */
  lines: string[];
  /** Ends the line of Azure writes per incarnation: what the fence made of them. */
  checked: string;
  /** Writes outside a term; the first ten are printed. */
  outside: readonly FencedWrite[];
}

export interface ReplicaChaos {
  /** Plans the batch and the disruptions, runs both, then waits for convergence with Azure behaving. */
  run(): Promise<ReplicaChaosRun>;
  /**
   * Azure's record of the run; `starts` are the operator starts the call bounds allow for (each may
   * repeat one write per object and observe every object again).
   */
  figures(run: ReplicaChaosRun, work: { starts: number }): Promise<ReplicaChaosFigures>;
  /** Prints the figures, the fence's lines, the writes per incarnation and what Azure ended with. */
  logFigures(run: ReplicaChaosRun, figures: ReplicaChaosFigures, fence: FenceLines): void;
  /** The run happened as planned: it converged, nothing crashed, every disruption struck, Leases hung. */
  expectRan(run: ReplicaChaosRun): void;
  /**
   * Every operator call went through a proxy, and nothing unowned, nothing created twice, deletes of
   * recorded IDs only, no pool before its twin serves, the workload kept serving, Azure calls in bounds.
   */
  expectSound(run: ReplicaChaosRun, figures: ReplicaChaosFigures): void;
  /** Removes the operator logs of a passing run, unless CHAOS_KEEP_LOGS is set. */
  removeLogs(): void;
}

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

function count(records: DisruptionRecord[], kind: Disruption): number {
  return records.filter((r) => r.kind === kind).length;
}

/** Sets up the run's world before the file's tests and tears it down after them; call at the top level. */
export function useReplicaChaos(options: ReplicaChaosOptions): ReplicaChaos {
  const testStarted = Date.now();
  const seed = chaosSeed();
  const random = new SeededRandom(seed);
  const log = (line: string): void => void process.stderr.write(`[${options.name} seed=${seed}] ${line}\n`);

  let sim: Simulator | undefined;
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
    workDir = join(repoRoot(), '.cache', options.name, `${seed}-${process.pid}`);
    mkdirSync(workDir, { recursive: true });
    log(
      `replay with ${CHAOS_SEED_ENV}=${seed}; operator logs in ${workDir} (removed when the test passes, unless CHAOS_KEEP_LOGS is set)`,
    );
    const simRandom = random.fork();
    const tls = createTlsMaterial(['localhost', '127.0.0.1', '::1']);
    dataPlane = new SelectiveDataPlane(new Set([DATA_PLANE_CLUSTER]));
    sim = await startTestSimulator({
      timeScale: TIME_SCALE,
      caOutDir: workDir,
      random: () => simRandom.next(),
      dataPlane,
      tls,
    });
    const kc = managementKubeConfig();
    ns = await createTestNamespace(kc, options.name);
    objects = new Objects(ns.name);
    const namespace = ns.name;
    recorded = new RecordedIds(kc, () => [namespace]);
    const mainPath = await compileOperator(join(workDir, 'build'));
    for (const name of options.replicas) {
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
            LEADER_ELECTION_ID: options.name,
            ...options.env,
            LEADER_ELECT_LEASE_DURATION_SECONDS: String(options.lease.leaseDurationMs / 1000),
            LEADER_ELECT_RENEW_DEADLINE_SECONDS: String(options.lease.renewDeadlineMs / 1000),
            LEADER_ELECT_RETRY_PERIOD_SECONDS: String(options.lease.retryPeriodMs / 1000),
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

  return {
    async run() {
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
      const disruptions = disruptionRandom.int(...options.disruptions);
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
      // Times printed are real milliseconds from here (a term that began earlier shows below 0).
      const began = Date.now();
      const disrupting = disruptLeadership({
        replicas,
        random: disruptionRandom,
        count: disruptions,
        timings: options.lease,
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
      // Kept, not thrown: the figures are printed first, as they help most when this fails.
      const notConverged = await untilConverged(() => unconverged(objs, azure, expected), {
        timeoutMs: CONVERGE_TIMEOUT_MS,
        message: 'every object to converge (Ready at its final spec, or gone)',
      });
      const convergeMs = Date.now() - convergeStarted;
      const readyPods = await wl.readyWithin(CONVERGE_TIMEOUT_MS / 3);
      audit.stop();
      ids.stop();
      wl.stop();
      const poolsLeft: string[] = [];
      for await (const p of foreign.agentPools.list(rg, bg.spec.clusterRef.name))
        poolsLeft.push(p.name ?? '');
      const twinCreates = audit.creates(poolPath(rg, bg.spec.clusterRef.name, bg.azureName));

      // One moment's view of the replicas: nothing awaited from here until the caller's fence reads it.
      const incarnations = replicas.flatMap((r) => r.incarnations);
      return {
        sim: s,
        audit,
        recorded: ids,
        replicas,
        incarnations,
        leaseWrites: replicas.flatMap((r) => r.lease.acceptedWrites),
        rg,
        steps,
        expected,
        disruptions,
        struck,
        began,
        chaosMs,
        convergeMs,
        notConverged,
        workload: wl,
        readyPods,
        twins,
        twin: bg.azureName,
        poolsLeft,
        twinCreates,
        crashes: replicas.flatMap((r) => r.crashes()),
        lossReasons: replicas.flatMap((r) => r.leadershipLosses()),
        hungRequests: replicas.reduce((n, r) => n + r.lease.hungRequests, 0),
        proxied: incarnations.reduce((n, i) => n + i.arm.requests.length, 0),
      };
    },

    async figures(run, work) {
      const { audit, recorded: ids, expected, rg } = run;
      const calls = audit.figures();
      const duplicates = audit.duplicateCreates();
      const live = await ids.live();
      const deletedRecorded = deletedObjectIds(ids.all(), live);
      const retired = retiredPools(expected, rg);
      const unaskedDeletes = audit
        .deletions()
        .filter((d) => !deletedRecorded.has(d.resourceId) && !retired.has(d.resourceId));
      const unowned = unownedResources(run.sim, { live, allowed: new Set() });
      const withoutReadyTwin = run.twins.withoutReadyTwin();
      const bounds = callBounds({
        plannedOperations: run.steps.reduce((n, st) => n + plannedWrites(st.operation), 0),
        objects: expected.length,
        starts: work.starts,
        pollIntervalMs: POLL_INTERVAL_SECONDS * 1000,
        operations: run.sim.engine.list(),
        calls,
        refusedWrites: audit.refusedWrites(),
      });
      return { calls, bounds, duplicates, unaskedDeletes, unowned, withoutReadyTwin };
    },

    logFigures(run, figures, fence) {
      const { audit, incarnations, struck, twins } = run;
      const kills = struck
        .filter((d) => d.kind === Disruption.KillLeader || d.kind === Disruption.KillStandby)
        .map((d) => ({ aliveMs: d.aliveMs, downMs: d.lengthMs }));
      for (const line of formatFigures({
        kills,
        startupMs: incarnations.flatMap((i) => i.process.startupTimesMs),
        calls: figures.calls,
        bounds: figures.bounds,
        refusedWrites: audit.refusedWritesByKind(),
        windows: Object.fromEntries(Object.values(Disruption).map((k) => [k, count(struck, k)])),
        foreignOperations: 0,
        duplicates: figures.duplicates.length,
        unaskedDeletes: figures.unaskedDeletes.length,
        blueGreen: { replacementKills: [], workload: run.workload.figures(), twinCreates: run.twinCreates },
        chaosMs: run.chaosMs,
        convergeMs: run.convergeMs,
        hasConverged: run.notConverged.length === 0,
      }))
        log(line);
      for (const line of fence.lines) log(line);
      log(
        `Azure writes per incarnation: ${incarnations.map((i) => `${i.podName}=${i.arm.requests.filter(isWrite).length}`).join(' ')}; requests through the proxies ${run.proxied}; ${fence.checked}`,
      );
      for (const w of fence.outside.slice(0, 10))
        log(`outside a term: ${w.podName} ${w.method} ${w.path}: ${w.why}`);
      const writes = audit.operatorEntries().filter((e) => e.method !== 'GET');
      const conditional = (kind: string): number =>
        writes.filter((e) => (e.precondition ?? 'none') === kind).length;
      log(
        `Azure writes by precondition: If-Match ${conditional('if-match')}, If-None-Match ${conditional('if-none-match')}, none ${conditional('none')}; answered 412 ${writes.filter((e) => e.status === 412).length}`,
      );
      log(
        `ownership: unowned resources ${figures.unowned.length}; deletes of an unrecorded ID ${figures.unaskedDeletes.length}; old pools deleted ${twins.deletions.length}, without a Ready twin ${figures.withoutReadyTwin.length}`,
      );
      log(`wall time ${Date.now() - testStarted} ms`);
    },

    expectRan(run) {
      expect(run.notConverged).toEqual([]);
      expect(run.crashes).toEqual([]);
      expect(run.struck).toHaveLength(run.disruptions);
      // The Lease calls really hung.
      expect(run.hungRequests).toBeGreaterThan(0);
    },

    expectSound(run, figures) {
      const { calls, bounds } = figures;
      // The recording proxies saw the operator's traffic: every operator request Azure logged went through one.
      expect(run.proxied).toBeGreaterThanOrEqual(calls.total);
      expect(figures.duplicates).toEqual([]);
      expect(figures.unaskedDeletes).toEqual([]);
      expect(figures.unowned).toEqual([]);
      expect(run.twins.errors).toEqual([]);
      expect(figures.withoutReadyTwin).toEqual([]);
      expect(run.poolsLeft.sort()).toEqual([run.twin, 'system'].sort());
      expect(run.twinCreates).toBe(1);
      expect(run.twins.deletions.map((d) => d.pool)).toContain(BLUE_GREEN_POOL);
      expect(run.workload.figures().violations).toBe(0);
      expect(run.readyPods).toBe(WORKLOAD.replicas);
      expect(calls.writes).toBeLessThanOrEqual(bounds.writes);
      expect(calls.reads).toBeLessThanOrEqual(bounds.reads);
      expect(calls.byStatus['409'] ?? 0).toBeLessThanOrEqual(bounds.busyRefusals);
    },

    removeLogs() {
      if (!process.env.CHAOS_KEEP_LOGS)
        rmSync(required(workDir, 'work directory'), { recursive: true, force: true });
    },
  };
}
