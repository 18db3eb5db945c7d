// The control-plane binaries (built from Go modules by build.sh): where they live, and building them when missing.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { withFileLock } from './file-lock.js';
import { repoRoot } from './paths.js';

export const K8S_VERSION = 'v1.35.4';

export const CONTROLPLANE_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
  'kwokctl',
] as const;
export type ControlplaneBinary = (typeof CONTROLPLANE_BINARIES)[number];

/** A cold build takes ~11 min on 2 cores; twice that means something is wrong. */
const BUILD_LOCK_TIMEOUT_MS = 30 * 60_000;

/** CONTROLPLANE_BIN_DIR, else <repo>/.cache/controlplane/<K8S_VERSION>. */
export function binDir(): string {
  return process.env.CONTROLPLANE_BIN_DIR ?? join(repoRoot(), '.cache', 'controlplane', K8S_VERSION);
}

export function binaryPath(name: ControlplaneBinary): string {
  return join(binDir(), name);
}

export function missingBinaries(dir: string = binDir()): ControlplaneBinary[] {
  return CONTROLPLANE_BINARIES.filter((name) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/** Throws, naming what is missing and how to build it, unless every binary is present. */
export function requireBinaries(dir: string = binDir()): string {
  const missing = missingBinaries(dir);
  if (missing.length > 0) {
    throw new Error(
      `control-plane binaries missing in ${dir}: ${missing.join(', ')}; run: bash controlplane/build.sh`,
    );
  }
  return dir;
}

export interface EnsureBinariesOptions {
  /** Receives build.sh's progress lines (and Go's download lines). */
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

/** A build.sh started by someone else (e.g. a terminal): wait for it rather than start a second build. */
function foreignBuildRunning(): boolean {
  const script = join(repoRoot(), 'controlplane', 'build.sh');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const [shell, ...args] = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const isShell = shell !== undefined && /(^|\/)(ba)?sh$/.test(shell);
      if (isShell && args.some((arg) => arg === script || arg.endsWith('controlplane/build.sh'))) return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

async function waitForForeignBuild(options: EnsureBinariesOptions): Promise<void> {
  if (!foreignBuildRunning()) return;
  options.onProgress?.('[controlplane] another build.sh is running; waiting for it');
  const deadline = Date.now() + BUILD_LOCK_TIMEOUT_MS;
  while (foreignBuildRunning()) {
    if (Date.now() > deadline)
      throw new Error('cannot build the control plane: another build.sh did not finish');
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function runBuild(options: EnsureBinariesOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot(), 'controlplane', 'build.sh')], {
      cwd: repoRoot(),
      env: { ...process.env, K8S_VERSION, CONTROLPLANE_BIN_DIR: binDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        options.onProgress?.(line);
      });
    }
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`cannot build the control plane (exit ${code}):\n${tail.join('\n')}`)),
    );
  });
}

/** Builds the binaries when any is missing; one build at a time across processes. Returns the binary directory. */
export async function ensureBinaries(options: EnsureBinariesOptions = {}): Promise<string> {
  const dir = binDir();
  if (missingBinaries(dir).length === 0) return dir;
  await mkdir(dirname(dir), { recursive: true });
  await withFileLock(
    `${dir}.build.lock`,
    {
      purpose: 'build control plane',
      timeoutMs: BUILD_LOCK_TIMEOUT_MS,
      signal: options.signal,
      pollIntervalMs: 2000,
    },
    async () => {
      await waitForForeignBuild(options);
      if (missingBinaries(dir).length > 0) await runBuild(options);
    },
  );
  return requireBinaries(dir);
}
