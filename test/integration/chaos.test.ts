// Real: the management cluster's API server with the CRDs, and the operator as a child process (plain
// node on src/main.ts compiled to JavaScript) that is killed with SIGKILL 5-10 times and started again. Simulated: Azure (the AKS
// simulator in the test process) answering 429 with Retry-After and 5xx, refusing writes with 409 while
// another client's operation runs, running slow operations and losing VM capacity. Proves that through a
// seeded batch of creates, scales, upgrades, stops/starts and deletes every object converges, no resource
// is created twice or deleted unasked, and the operator's Azure calls stay within a bound of the work.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../controlplane/index.js';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { AzureAudit } from '../support/chaos-audit.js';
import { CAPACITY_VM_SIZE, expectedState, planBatch, type Expected } from '../support/chaos-batch.js';
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
  await objects?.releaseAll();
  await ns?.delete();
  await sim?.close();
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not set up`);
  return value;
}

/** Azure misbehaving: background 429/5xx, and windows of bursts, slow operations, lost capacity, busy pools. */
function faultSchedule(s: Simulator, audit: AzureAudit, rg: string, expected: Expected[]): FaultSchedule {
  const foreign = sdkClient(s, { subscriptionId: SUBSCRIPTION, maxRetries: 2 }).client;
  recordForeignRequests(foreign, audit);
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
            ? [{ cluster: e.gone ? e.cluster : e.spec.clusterRef.name, pool: e.azureName }]
            : [],
        ),
    },
    audit,
  });
}

/** Resource IDs (lower case) the batch deleted, which Azure may delete. */
function deletableIds(expected: Expected[], rg: string): Set<string> {
  const base = `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters`;
  return new Set(
    expected
      .filter((e) => e.gone)
      .map((e) =>
        e.which === 'cluster' ? `${base}/${e.name}` : `${base}/${e.cluster}/agentpools/${e.azureName}`,
      )
      .map((id) => id.toLowerCase()),
  );
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
    const audit = new AzureAudit(s);
    faults = faultSchedule(s, audit, rg, expected);
    log(`plan: ${kills} kills; steps ${plan.steps.map((st) => st.id).join(' ')}`);

    audit.start();
    const chaos = await runChaosPhase({
      operator: op,
      faults,
      steps: plan.steps,
      objects: objs,
      random: killRandom,
      kills,
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
    audit.stop();

    const calls = audit.figures();
    const duplicates = audit.duplicateCreates();
    const allowed = deletableIds(expected, rg);
    const unaskedDeletes = audit.deletions().filter((d) => !allowed.has(d.resourceId));
    const bounds = callBounds({
      plannedOperations: plan.steps.length,
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
      chaosMs: chaos.durationMs,
      convergeMs,
      hasConverged: notConverged.length === 0,
    });
    for (const line of figures) log(line);

    expect(notConverged).toEqual([]);
    expect(chaos.kills).toHaveLength(kills);
    expect(op.startCount).toBe(kills + 1);
    expect(op.unexpectedExits).toEqual([]);
    // The faults were real: the operator met throttling and server errors.
    expect(calls.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect((calls.byStatus['500'] ?? 0) + (calls.byStatus['503'] ?? 0)).toBeGreaterThan(0);
    expect(duplicates).toEqual([]);
    expect(unaskedDeletes).toEqual([]);
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
