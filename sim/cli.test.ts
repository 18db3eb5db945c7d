// The simulator as its own process (local mode): sim/cli.ts starts, prints its endpoint and CA path,
// serves the real SDK client and the admin port, and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sdkClient } from './testing/sdk-client.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('starts, serves the SDK client with the CA it wrote, and stops on SIGTERM', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sim/cli.ts', '--port', '0', '--admin-port', '0', '--ca-out', dir],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const proc = child;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`simulator exited early with ${code}`)));
  });
  const info = JSON.parse(line) as { endpoint: string; adminEndpoint: string; caPath: string };
  expect(info.caPath).toBe(join(dir, 'ca.pem'));
  const { client } = sdkClient({ endpoint: info.endpoint, caPem: await readFile(info.caPath, 'utf8') });
  const versions = await client.managedClusters.listKubernetesVersions('eastus');
  expect(versions.values?.length).toBeGreaterThan(0);
  const counters = (await (await fetch(`${info.adminEndpoint}/_sim/counters`)).json()) as {
    byOperation: Record<string, number>;
  };
  expect(counters.byOperation['managedClusters.listKubernetesVersions']).toBe(1);

  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill('SIGTERM');
  expect(await exit).toBe(0);
});
