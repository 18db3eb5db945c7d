// Simulator throughput: ARM GETs per second the AKS simulator serves on loopback. The simulator runs as
// its own process (sim/cli.ts, throttling off); requests come with a fixed number in flight, once over raw
// keep-alive HTTPS (the simulator's own capacity) and once through the SDK client the operator builds.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { ArmClientFactory } from '../src/azure/index.js';
import { spawnOwned } from './owned-process.js';
import { atLeast } from './scenario.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { perSecond } from './stats.js';

const TARGET_PER_SECOND = 2000;
const MEASURE_SECONDS = 5;
const IN_FLIGHT = 8;
const WARM_UP_REQUESTS = 300;
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const API_VERSION = '2026-06-01';
const START_TIMEOUT_MS = 60_000;

interface SimulatorProcess {
  endpoint: string;
  adminEndpoint: string;
  caPem: string;
}

async function startSimulatorProcess(ctx: ScenarioContext): Promise<SimulatorProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-bench-'));
  ctx.defer(() => rm(dir, { recursive: true, force: true }));
  const args = ['--import', 'tsx', 'sim/cli.ts', '--port', '0', '--admin-port', '0', '--ca-out', dir];
  // Operations finish in moments: only the GET path is measured.
  const sim = spawnOwned(process.execPath, [...args, '--time-scale', '0.0001']);
  ctx.defer(() => sim.stop());
  const stdout = sim.child.stdout;
  if (!stdout) throw new Error('simulator has no stdout');
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('simulator did not start within 60 s')),
      START_TIMEOUT_MS,
    );
    createInterface({ input: stdout }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    void sim.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${sim.tail()}`));
    });
  });
  void sim.exited.then((code) => {
    if (!ctx.signal.aborted) ctx.progress(`simulator exited unexpectedly (${code}): ${sim.tail()}`);
  });
  const started = JSON.parse(line) as { endpoint: string; adminEndpoint: string; caPath: string };
  return { ...started, caPem: await readFile(started.caPath, 'utf8') };
}

/** Sends requests with IN_FLIGHT in flight for MEASURE_SECONDS after a warm-up; requests per second. */
async function measureRate(send: () => Promise<void>, signal: AbortSignal): Promise<number> {
  for (let i = 0; i < WARM_UP_REQUESTS; i++) await send(); // JIT and connections
  const deadline = Date.now() + MEASURE_SECONDS * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (Date.now() < deadline && !signal.aborted) {
        await send();
        done += 1;
      }
    }),
  );
  signal.throwIfAborted();
  return done / ((performance.now() - started) / 1000);
}

function rawGet(agent: https.Agent, endpoint: string, path: string): () => Promise<void> {
  const url = new URL(endpoint);
  return () =>
    new Promise((resolve, reject) => {
      const req = https.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: `${path}?api-version=${API_VERSION}`,
          headers: { authorization: 'Bearer bench' },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: status ${res.statusCode}`));
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end();
    });
}

async function seedCluster(client: ContainerServiceClient): Promise<void> {
  const pool = { name: 'system', count: 3, vmSize: 'Standard_D4s_v3', mode: 'System' as const };
  await client.managedClusters.createOrUpdate(
    'bench',
    'c1',
    { location: 'eastus', dnsPrefix: 'c1', agentPoolProfiles: [pool] },
    { updateIntervalInMs: 5 },
  );
}

export const simThroughputScenario: Scenario = {
  name: 'sim-throughput',
  title: `AKS simulator ARM GETs per second on loopback (${IN_FLIGHT} in flight, ${MEASURE_SECONDS} s each)`,
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const sim = await startSimulatorProcess(ctx);
    ctx.progress(`simulator listening on ${sim.endpoint}`);
    const throttling = await fetch(`${sim.adminEndpoint}/_sim/throttling`, {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    if (!throttling.ok) throw new Error(`cannot turn throttling off: ${throttling.status}`);
    const client = new ArmClientFactory({
      endpoint: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
      maxRetries: 0,
    }).client(SUBSCRIPTION);
    await seedCluster(client);
    const agent = new https.Agent({ keepAlive: true, maxSockets: IN_FLIGHT, ca: sim.caPem });
    ctx.defer(() => agent.destroy());
    const cluster = `/subscriptions/${SUBSCRIPTION}/resourceGroups/bench/providers/Microsoft.ContainerService/managedClusters/c1`;
    const runs: [string, () => Promise<void>][] = [
      ['managedClusters.get, raw HTTPS keep-alive', rawGet(agent, sim.endpoint, cluster)],
      ['agentPools.get, raw HTTPS keep-alive', rawGet(agent, sim.endpoint, `${cluster}/agentPools/system`)],
      [
        'managedClusters.get, SDK client',
        async () => void (await client.managedClusters.get('bench', 'c1', { abortSignal: ctx.signal })),
      ],
      [
        'agentPools.get, SDK client',
        async () => void (await client.agentPools.get('bench', 'c1', 'system', { abortSignal: ctx.signal })),
      ],
    ];
    for (const [label, send] of runs) {
      ctx.progress(`measuring ${label}`);
      const rate = await measureRate(send, ctx.signal);
      ctx.report(atLeast(label, rate, TARGET_PER_SECOND, perSecond));
    }
  },
};
