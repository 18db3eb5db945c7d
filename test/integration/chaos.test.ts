// Real: the management cluster's API server with the CRDs, the operator as a child process (plain node on
// src/main.ts compiled to JavaScript) killed with SIGKILL 5-10 times at random and 2-4 times more during a
// blue/green replacement, and for one cluster a kwok Kubernetes API whose Nodes are its pools' nodes (real
// scheduler, ReplicaSet and disruption controllers, Eviction API). Simulated: Azure (the AKS simulator in
// the test process) answering 429 with Retry-After and 5xx, refusing writes with 409 while another
// client's operation runs, running slow operations and losing VM capacity. Proves that through a seeded
// batch of creates, scales, upgrades, a blue/green pool replacement, stops/starts and deletes every object
// converges, no resource is created twice or deleted unasked, the replaced pool's PDB is never broken,
// and the operator's Azure calls stay within a bound of the work.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../controlplane/index.js';
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { BlueGreenPhase } from '../../src/api/index.js';
import { AzureAudit } from '../support/chaos-audit.js';
import {
  BLUE_GREEN_POOL,
  CAPACITY_VM_SIZE,
  DATA_PLANE_CLUSTER,
  expectedState,
  planBatch,
  plannedWrites,
  WORKLOAD,
  type Expected,
} from '../support/chaos-batch.js';
import { SelectiveDataPlane } from '../support/chaos-data-plane.js';
import { ChaosWorkload } from '../support/chaos-workload.js';
import { azureReader, unconverged } from '../support/chaos-convergence.js';
import { FaultSchedule, recordForeignRequests } from '../support/chaos-faults.js';
import { compileOperator, OperatorProcess } from '../support/chaos-operator.js';
import { CHAOS_SEED_ENV, chaosSeed, SeededRandom } from '../support/chaos-random.js';
import { callBounds, formatFigures } from '../support/chaos-figures.js';
import { runChaosPhase } from '../support/chaos-schedule.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION } from '../support/operator.js';
import { waitFor, WaitTimeoutError } from '../support/wait.js';
import { managementKubeConfig, managementKubeconfigPath } from '../support/world.js';

/** Real seconds per simulated second: a cluster create takes about 1.2 s, a control-plane upgrade 1.5 s. */
const TIME_SCALE = 0.005;
const POLL_INTERVAL_SECONDS = 0.25;
const CONVERGE_TIMEOUT_MS = 90_000;
const PRECONDITION_TIMEOUT_MS = 120_000;

const seed = chaosSeed();
const random = new SeededRandom(seed);
const log = (line: string): void => void process.stderr.write(`[chaos seed=${seed}] ${line}\n`);

let sim: Simulator | undefined;
let ns: TestNamespace | undefined;
let objects: Objects | undefined;
let operator: OperatorProcess | undefined;
let workDir: string | undefined;
let faults: FaultSchedule | undefined;
let workload: ChaosWorkload | undefined;

beforeAll(async () => {
  await ensureCrds();
  workDir = join(repoRoot(), '.cache', 'chaos', `${seed}-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  log(
    `replay with ${CHAOS_SEED_ENV}=${seed}; operator logs in ${workDir} (removed when the test passes, unless CHAOS_KEEP_LOGS is set)`,
  );
  const simRandom = random.fork();
  sim = await startTestSimulator({
    timeScale: TIME_SCALE,
    caOutDir: workDir,
    random: () => simRandom.next(),
    // One cluster gets kwok nodes (about 500 MB); the others stay without a data plane.
    dataPlane: new SelectiveDataPlane(new Set([DATA_PLANE_CLUSTER])),
  });
  ns = await createTestNamespace(managementKubeConfig(), 'chaos');
  objects = new Objects(ns.name);
  operator = new OperatorProcess({
    mainPath: await compileOperator(join(workDir, 'build')),
    kubeconfigPath: managementKubeconfigPath(),
    azureEndpoint: sim.endpoint,
    azureCaFile: sim.caPath ?? '',
    namespaces: [ns.name],
    logDir: workDir,
    pollIntervalSeconds: POLL_INTERVAL_SECONDS,
    // For replays: CHAOS_LOG_LEVEL=debug makes the operator logs tell every decision.
    extraEnv: { LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info' },
  });
});

afterAll(async () => {
  // Also after a timed-out test whose schedules still run: nothing may restart the operator or fault Azure.
  await operator?.close();
  await faults?.stop();
  workload?.stop();
  await objects?.releaseAll();
  await ns?.delete();
  await sim?.close();
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not set up`);
  return value;
}

/** Azure misbehaving: background 429/5xx, and windows of bursts, slow operations, lost capacity, busy pools. */
function faultSchedule(
  s: Simulator,
  foreign: Arm.ContainerServiceClient,
  audit: AzureAudit,
  rg: string,
  expected: Expected[],
): FaultSchedule {
  return new FaultSchedule({
    sim: s,
    random: random.fork(),
    background: { throttleRate: 0.1, serverErrorRate: 0.08 },
    capacityVmSize: CAPACITY_VM_SIZE,
    slowFactor: 8,
    foreign: {
      client: foreign,
      resourceGroup: rg,
      pools: () =>
        expected.flatMap((e) =>
          e.which === 'pool'
            ? [e.azureName, ...e.replaced].map((pool) => ({
                cluster: e.gone ? e.cluster : e.spec.clusterRef.name,
                pool,
              }))
            : [],
        ),
    },
    audit,
  });
}

const clustersPath = (rg: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters`;
const poolPath = (rg: string, cluster: string, pool: string): string =>
  `${clustersPath(rg)}/${cluster}/agentpools/${pool}`.toLowerCase();

/** Resource IDs (lower case) the batch deleted or a blue/green replacement retired, which Azure may delete. */
function deletableIds(expected: Expected[], rg: string): Set<string> {
  return new Set(
    expected.flatMap((e) => {
      if (e.which === 'cluster') return e.gone ? [`${clustersPath(rg)}/${e.name}`.toLowerCase()] : [];
      const cluster = e.gone ? e.cluster : e.spec.clusterRef.name;
      return [...(e.gone ? [e.azureName] : []), ...e.replaced].map((p) => poolPath(rg, cluster, p));
    }),
  );
}

/** The steps of a blue/green replacement, in order: the kills aimed at it strike at some of them. */
const REPLACEMENT_STEPS = [
  BlueGreenPhase.CreatingTwin,
  BlueGreenPhase.WaitingForTwin,
  BlueGreenPhase.Cordoning,
  BlueGreenPhase.Draining,
  BlueGreenPhase.DeletingOld,
] as const;

/** The blue/green step the pool is at, or undefined when no replacement runs. */
async function replacementStep(objs: Objects): Promise<string | undefined> {
  return (await objs.pool(BLUE_GREEN_POOL)).status?.blueGreen?.phase;
}

describe('chaos: the operator killed at random during a batch of lifecycle operations', () => {
  it('converges with no duplicate create, no unasked delete and bounded Azure calls', async () => {
    const s = required(sim, 'simulator');
    const objs = required(objects, 'objects');
    const op = required(operator, 'operator');
    const rg = `rg-${required(ns, 'namespace').name}`;
    const plan = planBatch(random.fork(), { subscriptionId: SUBSCRIPTION, resourceGroup: rg });
    const expected = expectedState(plan.steps);
    const killRandom = random.fork();
    const kills = killRandom.int(5, 10);
    const replacementKills = killRandom.int(2, 4);
    const audit = new AzureAudit(s);
    const foreign = sdkClient(s, { subscriptionId: SUBSCRIPTION, maxRetries: 2 }).client;
    recordForeignRequests(foreign, audit);
    faults = faultSchedule(s, foreign, audit, rg, expected);
    const wl = new ChaosWorkload({ azure: foreign, resourceGroup: rg, ...WORKLOAD });
    workload = wl;
    const bg = expected.find((e) => e.which === 'pool' && e.name === BLUE_GREEN_POOL);
    if (bg?.which !== 'pool' || bg.gone) throw new Error(`the batch must leave pool ${BLUE_GREEN_POOL}`);
    log(
      `plan: ${kills} kills and up to ${replacementKills} during the replacement; steps ${plan.steps.map((st) => st.id).join(' ')}`,
    );

    audit.start();
    const chaos = await runChaosPhase({
      operator: op,
      faults,
      steps: plan.steps,
      context: { objects: objs, workload: wl },
      random: killRandom,
      kills,
      replacement: { kills: replacementKills, steps: REPLACEMENT_STEPS, step: () => replacementStep(objs) },
      preconditionTimeoutMs: PRECONDITION_TIMEOUT_MS,
    });
    log(`applied (ms after start): ${chaos.applied.map((a) => `${a.id}@${a.atMs}`).join(' ')}`);
    // The last incarnation runs undisturbed: from here on Azure behaves and nobody kills the operator.
    const convergeStarted = Date.now();
    const azure = azureReader(sdkClient(s, { subscriptionId: SUBSCRIPTION }).client, rg);
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
    // Every replica is back, on the twin's nodes, before the watch's figures are read.
    const readyPods = await waitFor(() => wl.readyNow(), {
      timeoutMs: CONVERGE_TIMEOUT_MS / 3,
      intervalMs: 250,
      message: `${WORKLOAD.replicas} Ready pods of the workload`,
      until: (n) => n === WORKLOAD.replicas,
    }).catch(() => wl.readyNow());
    audit.stop();
    wl.stop();
    const bgCluster = bg.spec.clusterRef.name;
    const poolsLeft: string[] = [];
    for await (const p of foreign.agentPools.list(rg, bgCluster)) poolsLeft.push(p.name ?? '');
    const twinCreates = audit.creates(poolPath(rg, bgCluster, bg.azureName));
    const workloadFigures = wl.figures();

    const calls = audit.figures();
    const duplicates = audit.duplicateCreates();
    const allowed = deletableIds(expected, rg);
    const unaskedDeletes = audit.deletions().filter((d) => !allowed.has(d.resourceId));
    const bounds = callBounds({
      plannedOperations: plan.steps.reduce((n, st) => n + plannedWrites(st.operation), 0),
      objects: expected.length,
      starts: op.startCount,
      pollIntervalMs: POLL_INTERVAL_SECONDS * 1000,
      operations: s.engine.list(),
      calls,
      refusedWrites: audit.refusedWrites(),
    });
    const figures = formatFigures({
      kills: chaos.kills,
      startupMs: op.startupTimesMs,
      calls,
      bounds,
      refusedWrites: audit.refusedWritesByKind(),
      windows: faults.windows,
      foreignOperations: faults.foreignOperationsStarted,
      duplicates: duplicates.length,
      unaskedDeletes: unaskedDeletes.length,
      blueGreen: { replacementKills: chaos.replacementKills, workload: workloadFigures, twinCreates },
      chaosMs: chaos.durationMs,
      convergeMs,
      hasConverged: notConverged.length === 0,
    });
    for (const line of figures) log(line);

    expect(notConverged).toEqual([]);
    expect(chaos.kills).toHaveLength(kills);
    // The operator died at least once while the pool was being replaced.
    expect(chaos.replacementKills.length).toBeGreaterThanOrEqual(1);
    expect(op.startCount).toBe(kills + chaos.replacementKills.length + 1);
    expect(op.unexpectedExits).toEqual([]);
    // The faults were real: the operator met throttling and server errors.
    expect(calls.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect((calls.byStatus['500'] ?? 0) + (calls.byStatus['503'] ?? 0)).toBeGreaterThan(0);
    expect(duplicates).toEqual([]);
    expect(unaskedDeletes).toEqual([]);
    // Blue/green: one twin, created once, serves the pool; the old pool was deleted; the PDB held throughout.
    expect(poolsLeft.sort()).toEqual([bg.azureName, 'system'].sort());
    expect(twinCreates).toBe(1);
    expect(audit.deletions().map((d) => d.resourceId)).toEqual(
      expect.arrayContaining(bg.replaced.map((p) => poolPath(rg, bgCluster, p))),
    );
    expect(workloadFigures.events).toBeGreaterThan(0);
    expect(workloadFigures.violations).toBe(0);
    expect(workloadFigures.minReady).toBeGreaterThanOrEqual(WORKLOAD.replicas - WORKLOAD.maxUnavailable);
    // Every replica left the old pool through an eviction.
    expect(workloadFigures.podsGone).toBeGreaterThanOrEqual(WORKLOAD.replicas);
    expect(readyPods).toBe(WORKLOAD.replicas);
    for (const c of expected.filter((e) => e.which === 'cluster' && !e.gone)) {
      expect(await azure.pool(c.name, 'system')).toMatchObject({ provisioningState: 'Succeeded' });
    }
    expect(calls.writes).toBeLessThanOrEqual(bounds.writes);
    expect(calls.reads).toBeLessThanOrEqual(bounds.reads);
    expect(calls.byStatus['409'] ?? 0).toBeLessThanOrEqual(bounds.busyRefusals);
    if (!process.env.CHAOS_KEEP_LOGS)
      rmSync(required(workDir, 'work directory'), { recursive: true, force: true });
  }, 240_000);
});
