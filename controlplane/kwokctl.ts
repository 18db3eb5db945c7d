// Runs kwokctl: the argument lists for creating and deleting a cluster with the binary runtime, and the
// KwokctlConfiguration every cluster shares (components listen on 127.0.0.1 only, no client QPS limits),
// and the one of a cluster whose API server authenticates and authorizes through files of its own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

export const KWOKCTL_CONFIG = `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  # Without it every component listens on 0.0.0.0.
  bindAddress: 127.0.0.1
  # Controllers act as fast as the API server allows, as in a real cluster.
  disableQPSLimits: true
`;

/** Structured authentication and authorization files of a cluster's kube-apiserver (absolute paths). */
export interface ApiServerAuth {
  /** An AuthenticationConfiguration (`--authentication-config`), e.g. JWT authenticators. */
  authenticationConfigPath: string;
  /** An AuthorizationConfiguration (`--authorization-config`), e.g. RBAC then a webhook. */
  authorizationConfigPath: string;
}

/**
 * The configuration of a cluster with its own API server authentication and authorization. kube-apiserver
 * refuses --authorization-config next to --authorization-mode, which kwokctl sets while kubeAuthorization
 * is on; so it is turned off, and what it also gave is put back: admission plugins, and the controller
 * manager's service-account token signing key and root CA (kwokctl's pki of the cluster).
 */
export function clusterKwokctlConfig(auth: ApiServerAuth, pkiDir: string): string {
  const shared = parse(KWOKCTL_CONFIG) as { options: Record<string, unknown> };
  return stringify({
    ...shared,
    options: { ...shared.options, kubeAuthorization: false, kubeAdmission: true },
    componentsPatches: [
      {
        name: 'kube-apiserver',
        extraArgs: [
          { key: 'authentication-config', value: auth.authenticationConfigPath },
          { key: 'authorization-config', value: auth.authorizationConfigPath },
        ],
      },
      {
        name: 'kube-controller-manager',
        extraArgs: [
          { key: 'root-ca-file', value: join(pkiDir, 'ca.crt') },
          { key: 'service-account-private-key-file', value: join(pkiDir, 'admin.key') },
        ],
      },
    ],
  });
}

/** How long kwokctl waits for a new cluster to report ready. */
export const CREATE_WAIT = '2m';

export interface CreateArgsInput {
  name: string;
  binDir: string;
  configPath: string;
  /** A file of our own: kwokctl adds the cluster's context to it instead of ~/.kube/config. */
  kwokctlKubeconfigPath: string;
}

export function createClusterArgs(input: CreateArgsInput): string[] {
  const bin = (b: string) => join(input.binDir, b);
  return [
    'create',
    'cluster',
    '--name',
    input.name,
    '--runtime',
    'binary',
    '--kube-apiserver-binary',
    bin('kube-apiserver'),
    '--kube-controller-manager-binary',
    bin('kube-controller-manager'),
    '--kube-scheduler-binary',
    bin('kube-scheduler'),
    '--etcd-binary',
    bin('etcd'),
    '--kwok-controller-binary',
    bin('kwok'),
    '--config',
    input.configPath,
    '--kubeconfig',
    input.kwokctlKubeconfigPath,
    '--wait',
    CREATE_WAIT,
  ];
}

/** Never an empty --kubeconfig: delete would fail with "empty path" and leave every process running. */
export function deleteClusterArgs(input: { name: string; kwokctlKubeconfigPath: string }): string[] {
  if (!input.kwokctlKubeconfigPath)
    throw new Error(`cannot delete cluster ${input.name}: no kubeconfig path`);
  return ['delete', 'cluster', '--name', input.name, '--kubeconfig', input.kwokctlKubeconfigPath];
}

/** Writes a configuration atomically (several processes may write the shared one at once). */
export async function writeKwokctlConfig(path: string, content = KWOKCTL_CONFIG): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const staged = `${path}.${process.pid}.tmp`;
  await writeFile(staged, content);
  await rename(staged, path);
}

export interface KwokctlRun {
  binDir: string;
  workdir: string;
  signal?: AbortSignal;
}

export class KwokctlError extends Error {
  override readonly name = 'KwokctlError';
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`kwokctl ${args.slice(0, 2).join(' ')} failed (exit ${exitCode}): ${lastLines(output, 15)}`);
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function kwokctlEnv(workdir: string): NodeJS.ProcessEnv {
  return { ...process.env, KWOK_WORKDIR: workdir };
}

/** Runs kwokctl to completion; rejects with KwokctlError (output attached) on a non-zero exit. */
export function runKwokctl(args: string[], run: KwokctlRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(run.binDir, 'kwokctl'), args, {
      env: kwokctlEnv(run.workdir),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: run.signal,
      killSignal: 'SIGTERM',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => reject(err));
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new KwokctlError(args, code, output)),
    );
  });
}

/** Synchronous variant for process-exit handlers, where nothing asynchronous runs any more. */
export function runKwokctlSync(
  args: string[],
  run: { binDir: string; workdir: string; timeoutMs: number },
): void {
  const result = spawnSync(join(run.binDir, 'kwokctl'), args, {
    env: kwokctlEnv(run.workdir),
    stdio: 'ignore',
    timeout: run.timeoutMs,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new KwokctlError(args, result.status, '');
}
