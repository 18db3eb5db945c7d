// Tears a cluster down and proves it: kwokctl delete, then no process of the cluster may remain (leftovers
// are killed), then the cluster's files and owner record go. A sync variant serves process-exit handlers.
import { existsSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { deleteClusterArgs, runKwokctl, runKwokctlSync } from './kwokctl.js';
import { clusterPaths } from './paths.js';
import { findProcessesUnder, isProcessAlive, signalProcess } from './process-table.js';
import type { DirProcess } from './process-table.js';

export interface ClusterRef {
  name: string;
  workdir: string;
  binDir: string;
}

/** How long processes get to leave after kwokctl delete before they are killed. */
export const TEARDOWN_GRACE_MS = 2_000;
const KILL_WAIT_MS = 3_000;

export class LeakedProcessesError extends Error {
  override readonly name = 'LeakedProcessesError';
  constructor(
    readonly cluster: string,
    readonly processes: DirProcess[],
  ) {
    super(
      `cannot stop cluster ${cluster}: processes still running: ${processes.map((p) => `${p.command}(${p.pid})`).join(', ')}`,
    );
  }
}

function survivors(known: DirProcess[], clusterDir: string): DirProcess[] {
  const byPid = new Map<number, DirProcess>();
  for (const p of [...known, ...findProcessesUnder(clusterDir)]) {
    if (isProcessAlive({ pid: p.pid })) byPid.set(p.pid, p);
  }
  return [...byPid.values()];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(known: DirProcess[], clusterDir: string, timeoutMs: number): Promise<DirProcess[]> {
  const deadline = Date.now() + timeoutMs;
  let left = survivors(known, clusterDir);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = survivors(left, clusterDir);
  }
  return left;
}

/** Deletes the cluster; resolves once none of its processes runs. Idempotent; throws LeakedProcessesError. */
export async function destroyCluster(ref: ClusterRef): Promise<void> {
  const paths = clusterPaths(ref.workdir, ref.name);
  const before = findProcessesUnder(paths.clusterDir);
  if (existsSync(paths.clusterDir)) {
    await runKwokctl(
      deleteClusterArgs({ name: ref.name, kwokctlKubeconfigPath: paths.kwokctlKubeconfigPath }),
      ref,
    ).catch(
      // What counts is the outcome checked below (no process, no directory), not kwokctl's exit code:
      // a half-created cluster makes delete fail although killing its processes is all that is left to do.
      () => undefined,
    );
  }
  let left = await waitGone(before, paths.clusterDir, TEARDOWN_GRACE_MS);
  if (left.length > 0) {
    for (const p of left) signalProcess(p.pid, 'SIGKILL');
    left = await waitGone(left, paths.clusterDir, KILL_WAIT_MS);
    if (left.length > 0) throw new LeakedProcessesError(ref.name, left);
  }
  await rm(paths.clusterDir, { recursive: true, force: true });
  await rm(paths.kwokctlKubeconfigPath, { force: true });
  await rm(paths.clusterConfigPath, { force: true });
  await rm(paths.ownerPath, { force: true });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Same as destroyCluster, blocking: for 'exit' and signal handlers, where promises no longer run. */
export function destroyClusterSync(ref: ClusterRef): void {
  const paths = clusterPaths(ref.workdir, ref.name);
  if (existsSync(paths.clusterDir)) {
    try {
      const args = deleteClusterArgs({ name: ref.name, kwokctlKubeconfigPath: paths.kwokctlKubeconfigPath });
      runKwokctlSync(args, { ...ref, timeoutMs: 10_000 });
    } catch {
      // Killing below is the fallback; at exit there is nobody left to report to.
    }
  }
  let left = survivors([], paths.clusterDir);
  const deadline = Date.now() + TEARDOWN_GRACE_MS;
  while (left.length > 0 && Date.now() < deadline) {
    for (const p of left) signalProcess(p.pid, Date.now() + 1000 > deadline ? 'SIGKILL' : 'SIGTERM');
    sleepSync(50);
    left = survivors(left, paths.clusterDir);
  }
  rmSync(paths.clusterDir, { recursive: true, force: true });
  rmSync(paths.kwokctlKubeconfigPath, { force: true });
  rmSync(paths.clusterConfigPath, { force: true });
  if (left.length === 0) rmSync(paths.ownerPath, { force: true }); // else the next run's reaper retries
}
