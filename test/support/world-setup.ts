// Sets up the world of one jest run: builds the control plane if needed, reaps clusters of crashed runs,
// and starts the one management cluster every test file shares (published through AKS_LO_WORLD).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBinaries, reapStaleClusters, startCluster } from '../../controlplane/index.js';
import { WORLD_ENV } from './world-file.js';
import type { WorldFile } from './world-file.js';

const log = (line: string) => process.stderr.write(`[world] ${line}\n`);

export async function setUpWorld(): Promise<void> {
  const began = Date.now();
  await ensureBinaries({ onProgress: log });
  const reaped = await reapStaleClusters({
    onReap: (name, pid) => log(`reaping ${name} left by dead process ${pid}`),
  });
  const cluster = await startCluster({
    namePrefix: 'aks-lo-mgmt',
    purpose: 'jest management cluster',
    onProgress: log,
  });
  const world: WorldFile = {
    management: {
      name: cluster.name,
      kubeconfigPath: cluster.kubeconfigPath,
      server: cluster.server,
      workdir: cluster.workdir,
    },
    ownerPid: process.pid,
    createdAt: new Date().toISOString(),
  };
  const worldPath = join(cluster.workdir, 'worlds', `${cluster.name}.json`);
  await mkdir(join(cluster.workdir, 'worlds'), { recursive: true });
  await writeFile(worldPath, JSON.stringify(world, null, 2));
  process.env[WORLD_ENV] = worldPath;
  globalThis.__AKS_LO_MANAGEMENT__ = { cluster, worldPath };
  log(
    `management cluster ${cluster.name} at ${cluster.server} ready in ${Date.now() - began} ms` +
      (reaped.length ? ` (reaped ${reaped.length})` : ''),
  );
}

/** Stops the management cluster started by setUpWorld and removes the world file. */
export async function tearDownWorld(): Promise<void> {
  const started = globalThis.__AKS_LO_MANAGEMENT__;
  if (!started) return;
  globalThis.__AKS_LO_MANAGEMENT__ = undefined;
  delete process.env[WORLD_ENV];
  await rm(started.worldPath, { force: true });
  await started.cluster.stop();
}
