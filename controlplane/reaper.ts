// Reaps clusters whose owner process died (a crashed or killed test run) so they stop holding memory and ports.
import { destroyCluster } from './cluster-teardown.js';
import { listOwnerRecords, staleOwnerRecords } from './cluster-owners.js';
import { binDir as defaultBinDir } from './binaries.js';
import { withFileLock } from './file-lock.js';
import { createLockPath, defaultKwokWorkdir } from './paths.js';
import type { ProcessIdentity } from './process-table.js';
import { mkdir } from 'node:fs/promises';

export interface ReapOptions {
  workdir?: string;
  binDir?: string;
  isAlive?: (owner: ProcessIdentity) => boolean;
  onReap?: (name: string, ownerPid: number) => void;
  /** A cluster that could not be reaped is reported here and skipped (it stays recorded for the next reap). */
  onReapFailed?: (name: string, error: unknown) => void;
  signal?: AbortSignal;
}

/** Creates wait at most this long for each other; a create takes seconds. */
export const CREATE_LOCK_TIMEOUT_MS = 5 * 60_000;

/** Deletes every cluster whose owner is dead; the caller holds the create lock. Returns the names reaped. */
export async function reapStaleClustersLocked(options: ReapOptions & { workdir: string }): Promise<string[]> {
  const stale = staleOwnerRecords(await listOwnerRecords(options.workdir), options.isAlive);
  const reaped: string[] = [];
  for (const record of stale) {
    options.onReap?.(record.name, record.owner.pid);
    try {
      await destroyCluster({
        name: record.name,
        workdir: options.workdir,
        binDir: options.binDir ?? defaultBinDir(),
      });
      reaped.push(record.name);
    } catch (err: unknown) {
      // Debris of a dead run must not stop a live one from starting.
      if (!options.onReapFailed) throw err;
      options.onReapFailed(record.name, err);
    }
  }
  return reaped;
}

/** Deletes every cluster whose owner process is dead, under the create lock. Returns the names reaped. */
export async function reapStaleClusters(options: ReapOptions = {}): Promise<string[]> {
  const workdir = options.workdir ?? defaultKwokWorkdir();
  await mkdir(workdir, { recursive: true });
  return withFileLock(
    createLockPath(workdir),
    {
      purpose: `reap stale clusters (pid ${process.pid})`,
      timeoutMs: CREATE_LOCK_TIMEOUT_MS,
      signal: options.signal,
    },
    () => reapStaleClustersLocked({ ...options, workdir }),
  );
}
