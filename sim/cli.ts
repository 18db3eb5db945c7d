// Runs the AKS simulator as its own process for local mode:
//   npx tsx sim/cli.ts --port 8443 --ca-out <dir> [--data-plane kwok|none] [--time-scale 0.01] [--admin-port 8444]
//                      [--config <options.json>]
// Prints the endpoint as one JSON line once it listens; stops cleanly on SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { DataPlane } from './data-plane.js';
import { NoDataPlane } from './no-data-plane.js';
import { startSimulator, type SimulatorOptions } from './simulator.js';

/** Options a JSON file may set: catalogues, quota, throttling, durations, paging, LRO headers, faults. */
type FileOptions = Pick<
  SimulatorOptions,
  'versions' | 'vmSizes' | 'quota' | 'throttle' | 'durations' | 'paging' | 'lro' | 'faults' | 'nodeImages'
>;

async function fileOptions(path: string | undefined): Promise<FileOptions> {
  if (!path) return {};
  const { versions, vmSizes, quota, throttle, durations, paging, lro, faults, nodeImages } = JSON.parse(
    await readFile(path, 'utf8'),
  ) as FileOptions;
  return { versions, vmSizes, quota, throttle, durations, paging, lro, faults, nodeImages };
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    host: { type: 'string', default: '127.0.0.1' },
    'admin-port': { type: 'string' },
    'ca-out': { type: 'string' },
    'data-plane': { type: 'string', default: 'none' },
    'time-scale': { type: 'string', default: '0.01' },
    config: { type: 'string' },
  },
});

async function dataPlaneFor(kind: string, timeScale: number): Promise<DataPlane> {
  if (kind === 'none') return new NoDataPlane();
  if (kind === 'kwok') {
    const { KwokDataPlane } = await import('./kwok-data-plane.js');
    return new KwokDataPlane({ timeScale, onLog: (m) => console.error(`[kwok] ${m}`) });
  }
  throw new Error(`--data-plane must be kwok or none, got ${kind}`);
}

async function main(): Promise<void> {
  const timeScale = Number(values['time-scale']);
  const options: SimulatorOptions = {
    ...(await fileOptions(values.config)),
    port: Number(values.port),
    host: values.host,
    timeScale,
    dataPlane: await dataPlaneFor(values['data-plane'] ?? 'none', timeScale),
  };
  if (values['ca-out']) options.caOutDir = values['ca-out'];
  if (values['admin-port']) options.adminPort = Number(values['admin-port']);
  const sim = await startSimulator(options);
  console.log(
    JSON.stringify({
      endpoint: sim.endpoint,
      adminEndpoint: sim.adminEndpoint ?? null,
      caPath: sim.caPath ?? null,
    }),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
