// Where the launcher keeps things: the repository root, kwokctl's work directory, and the files we own in it.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in <repo>/controlplane/). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** kwokctl's work directory: KWOK_WORKDIR, else <repo>/.cache/kwok. */
export function defaultKwokWorkdir(): string {
  return process.env.KWOK_WORKDIR ?? join(repoRoot(), '.cache', 'kwok');
}

/** Paths of one cluster inside a kwokctl work directory. kwokctl owns clusterDir; we own the rest. */
export interface ClusterPaths {
  clusterDir: string;
  /** The cluster's own admin kubeconfig, written by kwokctl. */
  kubeconfigPath: string;
  /** The file passed to `kwokctl --kubeconfig`, so kwokctl never edits ~/.kube/config. */
  kwokctlKubeconfigPath: string;
  ownerPath: string;
  /** The KwokctlConfiguration clusters share. */
  configPath: string;
  /** A cluster's own KwokctlConfiguration, when its API server is configured apart (authentication). */
  clusterConfigPath: string;
}

export function clusterPaths(workdir: string, name: string): ClusterPaths {
  return {
    clusterDir: join(workdir, 'clusters', name),
    kubeconfigPath: join(workdir, 'clusters', name, 'kubeconfig.yaml'),
    kwokctlKubeconfigPath: join(workdir, 'kubeconfigs', `${name}.yaml`),
    ownerPath: join(ownersDir(workdir), `${name}.json`),
    configPath: join(workdir, 'kwokctl.yaml'),
    clusterConfigPath: join(workdir, 'configs', `${name}.yaml`),
  };
}

export function ownersDir(workdir: string): string {
  return join(workdir, 'owners');
}

export function createLockPath(workdir: string): string {
  return join(workdir, 'create.lock');
}
