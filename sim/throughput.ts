// Quick GET-path measurement of the simulator on loopback: runs sim/cli.ts as its own process and sends
// managedClusters.get / agentPools.get with N in flight over keep-alive HTTPS, then through the SDK client.
//   npx tsx sim/throughput.ts [--seconds 5] [--concurrency 8]      (prints requests/second)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from './testing/sdk-client.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '8' } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function rate(label: string, send: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 300; i++) await send(); // warm-up: JIT and connections
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      await send();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${Math.round(done / elapsed)} requests/s (${done} in ${elapsed.toFixed(1)} s, ${concurrency} in flight)`,
  );
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
          path: `${path}?api-version=2026-06-01`,
          headers: { authorization: 'Bearer t' },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-throughput-'));
  const args = [
    '--import',
    'tsx',
    'sim/cli.ts',
    '--port',
    '0',
    '--admin-port',
    '0',
    '--ca-out',
    dir,
    '--time-scale',
    '0.0001',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const info = JSON.parse(line) as { endpoint: string; adminEndpoint: string; caPath: string };
    const caPem = await readFile(info.caPath, 'utf8');
    agent.options.ca = caPem;
    await fetch(`${info.adminEndpoint}/_sim/throttling`, {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    const { client } = sdkClient({ endpoint: info.endpoint, caPem });
    const pools = [{ name: 'system', count: 3, vmSize: 'Standard_D4s_v3', mode: 'System' as const }];
    await client.managedClusters.createOrUpdate(
      'bench',
      'c1',
      { location: 'eastus', agentPoolProfiles: pools },
      FAST_POLL,
    );
    const cluster = `/subscriptions/${SUBSCRIPTION}/resourceGroups/bench/providers/Microsoft.ContainerService/managedClusters/c1`;
    await rate('managedClusters.get, keep-alive HTTPS', rawGet(agent, info.endpoint, cluster));
    await rate(
      'agentPools.get, keep-alive HTTPS',
      rawGet(agent, info.endpoint, `${cluster}/agentPools/system`),
    );
    await rate(
      'managedClusters.get, SDK client',
      async () => void (await client.managedClusters.get('bench', 'c1')),
    );
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
