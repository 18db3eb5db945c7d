// Starts a real local Kubernetes cluster (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
// kwok) with kwokctl's binary runtime. Creates are serialised across processes: concurrent creates
// collide on port allocation.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requireBinaries } from './binaries.js';
import { nextClusterName, validateClusterName } from './cluster-names.js';
import { writeOwnerRecord } from './cluster-owners.js';
import { destroyCluster } from './cluster-teardown.js';
import type { ClusterRef } from './cluster-teardown.js';
import { registerForExitCleanup, unregisterFromExitCleanup } from './exit-cleanup.js';
import { ensureOwnerWatchdog } from './owner-watchdog.js';
import { withFileLock } from './file-lock.js';
import type { LockRecord } from './file-lock.js';
import {
  clusterKwokctlConfig,
  createClusterArgs,
  runKwokctl,
  writeKwokctlConfig,
  type ApiServerAuth,
} from './kwokctl.js';
import { clusterPaths, createLockPath, defaultKwokWorkdir } from './paths.js';
import { processIdentity } from './process-table.js';
import { CREATE_LOCK_TIMEOUT_MS, reapStaleClustersLocked } from './reaper.js';

export interface KwokCluster {
  readonly name: string;
  /** The cluster's admin kubeconfig (client certificates, https://127.0.0.1:<port>). */
  readonly kubeconfigPath: string;
  /** The API server URL. */
  readonly server: string;
  /** kwokctl's work directory holding this cluster. */
  readonly workdir: string;
  /** Deletes the cluster; resolves once none of its processes runs. Idempotent. */
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /** Exact name; by default `<namePrefix>-<pid>-<n>`. */
  name?: string;
  namePrefix?: string;
  /** kwokctl's work directory; default KWOK_WORKDIR or <repo>/.cache/kwok. */
  workdir?: string;
  signal?: AbortSignal;
  /** Written into the owner record, for people looking at the work directory. */
  purpose?: string;
  onProgress?: (message: string) => void;
  /** Keep the cluster after this process exits (local mode); stop it with stopClusterByName. */
  isDetached?: boolean;
  /** The API server authenticates and authorizes through these files instead of kwokctl's defaults. */
  apiServerAuth?: ApiServerAuth;
}

/** A second attempt covers a port taken by another program between kwokctl's choice and its bind. */
const CREATE_ATTEMPTS = 2;

export async function readServer(kubeconfigPath: string): Promise<string> {
  const doc = parse(await readFile(kubeconfigPath, 'utf8')) as {
    clusters?: { cluster?: { server?: string } }[];
  };
  const server = doc.clusters?.[0]?.cluster?.server;
  if (!server) throw new Error(`kubeconfig ${kubeconfigPath} names no server`);
  return server;
}

function pickName(options: StartClusterOptions, workdir: string): string {
  if (options.name) {
    validateClusterName(options.name);
    const paths = clusterPaths(workdir, options.name);
    if (existsSync(paths.clusterDir) || existsSync(paths.ownerPath)) {
      throw new Error(`cannot start cluster ${options.name}: it already exists in ${workdir}`);
    }
    return options.name;
  }
  for (;;) {
    const name = nextClusterName(options.namePrefix);
    const paths = clusterPaths(workdir, name);
    if (!existsSync(paths.clusterDir) && !existsSync(paths.ownerPath)) return name;
  }
}

/** The cluster's KwokctlConfiguration: its own when its API server is configured apart, else the shared one. */
async function writeConfig(ref: ClusterRef, options: StartClusterOptions): Promise<string> {
  const paths = clusterPaths(ref.workdir, ref.name);
  if (!options.apiServerAuth) {
    await writeKwokctlConfig(paths.configPath);
    return paths.configPath;
  }
  const pkiDir = join(paths.clusterDir, 'pki');
  await writeKwokctlConfig(paths.clusterConfigPath, clusterKwokctlConfig(options.apiServerAuth, pkiDir));
  return paths.clusterConfigPath;
}

async function createOnce(ref: ClusterRef, options: StartClusterOptions): Promise<void> {
  const paths = clusterPaths(ref.workdir, ref.name);
  // Recorded before kwokctl runs, so a crash during create still leaves something for the reaper to find.
  await writeOwnerRecord(ref.workdir, {
    name: ref.name,
    owner: processIdentity(),
    createdAt: new Date().toISOString(),
    purpose: options.purpose ?? 'test',
    isDetached: options.isDetached === true,
  });
  const args = createClusterArgs({
    name: ref.name,
    binDir: ref.binDir,
    configPath: await writeConfig(ref, options),
    kwokctlKubeconfigPath: paths.kwokctlKubeconfigPath,
  });
  await runKwokctl(args, { ...ref, signal: options.signal });
}

async function createWithRetry(ref: ClusterRef, options: StartClusterOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await createOnce(ref, options);
      return;
    } catch (err: unknown) {
      await destroyCluster(ref);
      if (attempt >= CREATE_ATTEMPTS || options.signal?.aborted) {
        throw new Error(`cannot start cluster ${ref.name}`, { cause: err });
      }
      options.onProgress?.(`cluster ${ref.name}: create failed, retrying once`);
    }
  }
}

/** Starts a cluster and waits until it is ready. The caller stops it; process exit stops it otherwise. */
export async function startCluster(options: StartClusterOptions = {}): Promise<KwokCluster> {
  const binDir = requireBinaries();
  const workdir = options.workdir ?? defaultKwokWorkdir();
  await mkdir(workdir, { recursive: true });
  const onWait = (holder: LockRecord | undefined) =>
    options.onProgress?.(`waiting for another cluster create (pid ${holder?.owner.pid ?? '?'})`);
  const ref = await withFileLock(
    createLockPath(workdir),
    {
      purpose: `create cluster (pid ${process.pid})`,
      timeoutMs: CREATE_LOCK_TIMEOUT_MS,
      signal: options.signal,
      onWait,
    },
    async () => {
      await reapStaleClustersLocked({
        workdir,
        binDir,
        onReap: (name, pid) => options.onProgress?.(`reaping cluster ${name} of dead process ${pid}`),
        onReapFailed: (name, err) => options.onProgress?.(`cannot reap cluster ${name}: ${String(err)}`),
      });
      const created: ClusterRef = { name: pickName(options, workdir), workdir, binDir };
      // Registered while still creating, so an interrupted create is cleaned up too.
      registerForExitCleanup(created);
      if (!options.isDetached) ensureOwnerWatchdog(created);
      try {
        await createWithRetry(created, options);
      } catch (err: unknown) {
        unregisterFromExitCleanup(created);
        throw err;
      } finally {
        if (options.isDetached) unregisterFromExitCleanup(created);
      }
      return created;
    },
  );
  const kubeconfigPath = clusterPaths(workdir, ref.name).kubeconfigPath;
  return new RunningCluster(ref, kubeconfigPath, await readServer(kubeconfigPath));
}

class RunningCluster implements KwokCluster {
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ref: ClusterRef,
    readonly kubeconfigPath: string,
    readonly server: string,
  ) {}

  get name(): string {
    return this.ref.name;
  }

  get workdir(): string {
    return this.ref.workdir;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await destroyCluster(this.ref);
      } catch (err: unknown) {
        this.stopping = undefined; // a later stop() may try again; exit cleanup still knows the cluster
        throw err;
      }
      unregisterFromExitCleanup(this.ref);
    })();
    return this.stopping;
  }
}

/** Stops a cluster by name, whoever started it (local mode, debugging). */
export async function stopClusterByName(name: string, options: { workdir?: string } = {}): Promise<void> {
  validateClusterName(name);
  await destroyCluster({ name, workdir: options.workdir ?? defaultKwokWorkdir(), binDir: requireBinaries() });
}
