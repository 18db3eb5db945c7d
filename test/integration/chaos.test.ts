// Real: the management cluster's API server with the CRDs (namespaces, Secrets, namespace deletion), the
// operator as a child process (plain node on src/main.ts compiled to JavaScript) killed with SIGKILL 5-10
// times at random and 2-4 times more during a blue/green replacement, and for one cluster a kwok Kubernetes
// API whose Nodes are its pools' nodes (real scheduler, ReplicaSet and disruption controllers, Eviction
// API). Simulated: Azure (the AKS simulator in the test process) answering 429 with Retry-After and 5xx,
// refusing writes with 409 while another client's operation runs or a resource lock holds (ScopeLocked:
// windows on the resource group, and a lock on a cluster as it is upgraded), running slow operations,
// losing VM capacity and failing a twin's provisioning (a user's retry finishes it). Beside the batch, users
// flip a credential's subscription pin and back, race two objects in two namespaces for one Azure name,
// wipe a NodePool's status mid-replacement and delete a namespace holding Orphan and Delete objects.
// Proves that every object converges or stalls with a reason of the API, no resource is created twice,
// none is left that no object owns, nothing is deleted but a deleted object's recorded ARM ID (or a pool a
// replacement retired), no old pool goes before its twin serves, the replaced pool's PDB is never broken,
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
  FAILING_TWIN_POOL,
  planBatch,
  plannedWrites,
  REPLACEMENT_STEPS,
  WORKLOAD,
  type BatchAzure,
  type Expected,
} from '../support/chaos-batch.js';
import { SelectiveDataPlane } from '../support/chaos-data-plane.js';
import { ChaosWorkload } from '../support/chaos-workload.js';
import { azureReader, unconverged, untilConverged } from '../support/chaos-convergence.js';
import { FaultSchedule, recordForeignRequests } from '../support/chaos-faults.js';
import {
  clustersPath,
  deletedObjectIds,
  poolPath,
  RecordedIds,
  retiredPools,
  TwinGuard,
  unownedResources,
} from '../support/chaos-ledger.js';
import { compileOperator, OperatorProcess } from '../support/chaos-operator.js';
import { CREDENTIAL_SECRET, OwnershipEvents, type OwnershipAzure } from '../support/chaos-ownership.js';
import { CHAOS_SEED_ENV, chaosSeed, SeededRandom } from '../support/chaos-random.js';
import { callBounds, formatFigures } from '../support/chaos-figures.js';
import { runChaosPhase } from '../support/chaos-schedule.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION } from '../support/operator.js';
import { managementKubeConfig, managementKubeconfigPath } from '../support/world.js';

/** Real seconds per simulated second: a cluster create takes about 1.2 s, a control-plane upgrade 1.5 s. */
const TIME_SCALE = 0.005;
const POLL_INTERVAL_SECONDS = 0.25;
const CONVERGE_TIMEOUT_MS = 90_000;
const PRECONDITION_TIMEOUT_MS = 120_000;
/** A lock a batch step puts on a cluster lifts after this long even if it refused fewer writes than asked. */
const LOCK_MAX_MS = 30_000;
/** The subscription a credential pins for a while (nothing may be created there). */
const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000c4a0';

const testStarted = Date.now();
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
let dataPlane: SelectiveDataPlane | undefined;
let ownership: OwnershipEvents | undefined;
let recorded: RecordedIds | undefined;
/** Aborts the ownership events when the test ends early. */
const ending = new AbortController();

beforeAll(async () => {
  await ensureCrds();
  workDir = join(repoRoot(), '.cache', 'chaos', `${seed}-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  log(
    `replay with ${CHAOS_SEED_ENV}=${seed}; operator logs in ${workDir} (removed when the test passes, unless CHAOS_KEEP_LOGS is set)`,
  );
  const simRandom = random.fork();
  // One cluster gets kwok nodes (about 500 MB); the others stay without a data plane.
  dataPlane = new SelectiveDataPlane(new Set([DATA_PLANE_CLUSTER]));
  sim = await startTestSimulator({
    timeScale: TIME_SCALE,
    caOutDir: workDir,
    random: () => simRandom.next(),
    dataPlane,
  });
  const kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'chaos');
  objects = new Objects(ns.name);
  ownership = new OwnershipEvents({
    kc,
    main: objects,
    random: random.fork(),
    subscriptionId: SUBSCRIPTION,
    otherSubscriptionId: OTHER_SUBSCRIPTION,
    log,
  });
  const events = await ownership.setUp();
  const namespaces = [ns.name, ...events.namespaces];
  recorded = new RecordedIds(kc, () => namespaces);
  operator = new OperatorProcess({
    mainPath: await compileOperator(join(workDir, 'build')),
    kubeconfigPath: managementKubeconfigPath(),
    azureEndpoint: sim.endpoint,
    azureCaFile: sim.caPath ?? '',
    namespaces,
    logDir: workDir,
    pollIntervalSeconds: POLL_INTERVAL_SECONDS,
    extraEnv: {
      // For replays: CHAOS_LOG_LEVEL=debug makes the operator logs tell every decision.
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      NAMESPACE_CREDENTIAL_SECRET: CREDENTIAL_SECRET,
      // Objects of namespaces without a credential act as the operator's own identity.
      OPERATOR_IDENTITY_NAMESPACES: [ns.name, ...events.withoutCredential].join(','),
    },
  });
});

afterAll(async () => {
  // Also after a timed-out test whose schedules still run: nothing may restart the operator or fault Azure.
  ending.abort();
  await operator?.close();
  await faults?.stop();
  workload?.stop();
  recorded?.stop();
  await objects?.releaseAll();
  await ownership?.close();
  await ns?.delete();
  await sim?.close();
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not set up`);
  return value;
}

/** Azure misbehaving: background 429/5xx, and windows of bursts, slow operations, lost capacity, busy pools, a lock. */
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
    // A ReadOnly lock on the batch's resource group: every write there is refused while it holds.
    lockScope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`,
  });
}

/** Azure fails the next provisioning of one agent pool (a twin's), or locks a cluster for a while. */
function batchAzure(s: Simulator, schedule: FaultSchedule, rg: string): BatchAzure {
  return {
    lockCluster(cluster, writes) {
      schedule.lock(`${clustersPath(rg)}/${cluster}`, { answers: writes, maxMs: LOCK_MAX_MS });
    },
    failNextProvisioning(cluster, pool) {
      s.faults.configure({
        failOperations: [
          {
            match: '^agentPools\\.createOrUpdate$',
            resource: `/managedclusters/${cluster}/agentpools/${pool}$`,
            code: 'VMExtensionProvisioningError',
            message: 'VM has reported a failure when processing extension vmssCSE',
            times: 1,
          },
        ],
      });
    },
  };
}

/** Reads clusters in either subscription and pools, absent as undefined. */
function ownershipAzure(s: Simulator, audit: AzureAudit): OwnershipAzure {
  const clients = new Map(
    [SUBSCRIPTION, OTHER_SUBSCRIPTION].map((id) => {
      const c = sdkClient(s, { subscriptionId: id }).client;
      recordForeignRequests(c, audit);
      return [id, c];
    }),
  );
  const client = (id = SUBSCRIPTION): Arm.ContainerServiceClient =>
    required(clients.get(id), `client of ${id}`);
  const absent = (err: unknown): undefined => {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  };
  return {
    cluster: (rg, name, subscriptionId) => client(subscriptionId).managedClusters.get(rg, name).catch(absent),
    pool: (rg, cluster, name) => client().agentPools.get(rg, cluster, name).catch(absent),
  };
}

/** The operator's reads Azure answered 404 (not there yet, or gone), counted per resource, most often first. */
function notFoundReads(audit: AzureAudit): string {
  const byResource = new Map<string, number>();
  for (const e of audit.operatorEntries()) {
    if (e.status !== 404) continue;
    const key = `${e.operation} ${e.path.split('/').slice(-3).join('/')}`;
    byResource.set(key, (byResource.get(key) ?? 0) + 1);
  }
  return [...byResource]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 6)
    .map(([key, n]) => `${key}=${n}`)
    .join(' ');
}

/**
 * The blue/green step the pool is at, or undefined when no replacement runs. A status wiped mid-replacement
 * names no step until the operator recovers it from Azure's tags, at WaitingForTwin: the replacement still
 * runs meanwhile, and the operator may be killed in it.
 */
function replacementProbe(objs: Objects): () => Promise<string | undefined> {
  let hasStarted = false;
  return async () => {
    const status = (await objs.pool(BLUE_GREEN_POOL)).status;
    const phase = status?.blueGreen?.phase;
    if (phase) hasStarted = true;
    if (phase || !hasStarted || status?.activePoolName) return phase;
    return BlueGreenPhase.WaitingForTwin;
  };
}

describe('chaos: the operator killed at random during a batch of lifecycle operations and ownership hazards', () => {
  it('converges or stalls with a named reason, leaving nothing unowned, deleting only recorded IDs, never a pool before its twin serves, with bounded Azure calls', async () => {
    const s = required(sim, 'simulator');
    const objs = required(objects, 'objects');
    const op = required(operator, 'operator');
    const events = required(ownership, 'ownership events');
    const ids = required(recorded, 'recorded IDs');
    const plane = required(dataPlane, 'data plane');
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
    const twinOf = new Map(
      expected.flatMap((e) =>
        e.which === 'pool' && !e.gone ? e.replaced.map((old) => [old, e.azureName]) : [],
      ),
    );
    const twins = new TwinGuard(
      () => s,
      (pool) => twinOf.get(pool),
      (clusterId) => plane.credentials(clusterId),
    );
    plane.beforeDeletePool = (clusterId, pool) => twins.beforeDelete(clusterId, pool);
    log(
      `plan: ${kills} kills and up to ${replacementKills} during the replacement; steps ${plan.steps.map((st) => st.id).join(' ')}`,
    );

    audit.start();
    ids.start();
    const hazards = events.run(ending.signal);
    const chaos = await runChaosPhase({
      operator: op,
      faults,
      steps: plan.steps,
      context: { objects: objs, workload: wl, azure: batchAzure(s, faults, rg) },
      random: killRandom,
      kills,
      replacement: { kills: replacementKills, steps: REPLACEMENT_STEPS, step: replacementProbe(objs) },
      preconditionTimeoutMs: PRECONDITION_TIMEOUT_MS,
    });
    await hazards;
    log(`applied (ms after start): ${chaos.applied.map((a) => `${a.id}@${a.atMs}`).join(' ')}`);
    // The last incarnation runs undisturbed: from here on Azure behaves and nobody kills the operator.
    const convergeStarted = Date.now();
    // The test's own reads are kept out of the operator's figures.
    const reader = sdkClient(s, { subscriptionId: SUBSCRIPTION }).client;
    recordForeignRequests(reader, audit);
    const azure = azureReader(reader, rg);
    const ownershipReader = ownershipAzure(s, audit);
    // Kept, not thrown: the figures below are printed first, as they help most when this fails.
    const notConverged = await untilConverged(
      async () => [
        ...(await unconverged(objs, azure, expected)),
        ...(await events.unconverged(ownershipReader)),
      ],
      {
        timeoutMs: CONVERGE_TIMEOUT_MS,
        message: 'every object to converge (Ready at its final spec, stalled with an API reason, or gone)',
      },
    );
    const convergeMs = Date.now() - convergeStarted;
    // Every replica is back, on the twin's nodes, before the watch's figures are read.
    const readyPods = await wl.readyWithin(CONVERGE_TIMEOUT_MS / 3);
    audit.stop();
    ids.stop();
    wl.stop();
    const bgCluster = bg.spec.clusterRef.name;
    const poolsLeft: string[] = [];
    for await (const p of foreign.agentPools.list(rg, bgCluster)) poolsLeft.push(p.name ?? '');
    const twinCreates = audit.creates(poolPath(rg, bgCluster, bg.azureName));
    const workloadFigures = wl.figures();

    const calls = audit.figures();
    const duplicates = audit.duplicateCreates();
    const live = await ids.live();
    // Deletable: what a deleted object recorded, and the pools a blue/green replacement retired.
    const deletedRecorded = deletedObjectIds(ids.all(), live);
    const retired = retiredPools(expected, rg);
    const deletes = audit.deletions();
    const unaskedDeletes = deletes.filter(
      (d) => !deletedRecorded.has(d.resourceId) && !retired.has(d.resourceId),
    );
    const unowned = unownedResources(s, { live, allowed: events.orphaned });
    const withoutReadyTwin = twins.withoutReadyTwin();
    const bounds = callBounds({
      plannedOperations:
        plan.steps.reduce((n, st) => n + plannedWrites(st.operation), 0) + OwnershipEvents.PLANNED_WRITES,
      objects: expected.length + OwnershipEvents.OBJECTS,
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
    log(
      `ownership: creates ${calls.byStatus['201'] ?? 0} answered 201; deletes accepted ${deletes.length} (${deletes.map((d) => d.resourceId.split('/').slice(-3).join('/')).join(', ')}); objects that recorded an ID and went ${deletedRecorded.size}; unowned resources ${unowned.length}; deletes of an unrecorded ID ${unaskedDeletes.length}`,
    );
    log(
      `old pools deleted: ${twins.deletions.length} (${twins.deletions.map((d) => `${d.pool} with twin ${d.twin} ${d.twinState}, ${d.twinReadyNodes}/${d.twinCount} Ready nodes`).join('; ')}); without a Ready twin: ${withoutReadyTwin.length}`,
    );
    log(
      `ownership events: race ${events.figures.race}; pin flip stalled ${events.figures.pinFlip}; ${events.figures.namespaceDeletion}`,
    );
    const locked = audit.operatorEntries().filter((e) => e.errorCode === 'ScopeLocked').length;
    log(
      `resource lock: ${faults.windows.resourceLock} windows; operator requests answered 409 ScopeLocked: ${locked}`,
    );
    log(`reads answered 404, most often: ${notFoundReads(audit)}`);
    log(`wall time ${Date.now() - testStarted} ms`);

    expect(notConverged).toEqual([]);
    expect(chaos.kills).toHaveLength(kills);
    // The operator died at least once while the pool was being replaced.
    expect(chaos.replacementKills.length).toBeGreaterThanOrEqual(1);
    expect(op.startCount).toBe(kills + chaos.replacementKills.length + 1);
    expect(op.unexpectedExits).toEqual([]);
    // The faults were real: the operator met throttling and server errors.
    expect(calls.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect((calls.byStatus['500'] ?? 0) + (calls.byStatus['503'] ?? 0)).toBeGreaterThan(0);
    // The locks were met: the cluster upgraded under one, and the resource-group windows.
    expect(faults.windows.resourceLock).toBeGreaterThan(0);
    expect(locked).toBeGreaterThan(0);
    expect(duplicates).toEqual([]);
    expect(unaskedDeletes).toEqual([]);
    expect(unowned).toEqual([]);
    expect(twins.errors).toEqual([]);
    expect(withoutReadyTwin).toEqual([]);
    // Blue/green: one twin, created once, serves the pool; the old pool was deleted; the PDB held throughout.
    expect(poolsLeft.sort()).toEqual([bg.azureName, `${FAILING_TWIN_POOL}b`, 'system'].sort());
    expect(twinCreates).toBe(1);
    expect([...new Set(twins.deletions.map((d) => d.pool))].sort()).toEqual([
      BLUE_GREEN_POOL,
      FAILING_TWIN_POOL,
    ]);
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
  }, 300_000);
});
