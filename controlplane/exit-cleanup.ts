// Clusters this process started are deleted when it exits, even on Ctrl-C or SIGTERM; what a SIGKILL
// leaves behind, the next run's reaper removes.
import { destroyClusterSync } from './cluster-teardown.js';
import type { ClusterRef } from './cluster-teardown.js';

const live = new Map<string, ClusterRef>();
let isInstalled = false;

const key = (ref: ClusterRef) => `${ref.workdir}\0${ref.name}`;

function destroyAllSync(): void {
  for (const ref of [...live.values()]) {
    live.delete(key(ref));
    destroyClusterSync(ref);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  destroyAllSync();
  uninstall();
  // With our handlers gone, re-raising gives the default behaviour (exit) unless someone else listens.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function install(): void {
  if (isInstalled) return;
  isInstalled = true;
  process.on('exit', destroyAllSync);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!isInstalled) return;
  isInstalled = false;
  process.off('exit', destroyAllSync);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

export function registerForExitCleanup(ref: ClusterRef): void {
  live.set(key(ref), ref);
  install();
}

export function unregisterFromExitCleanup(ref: ClusterRef): void {
  live.delete(key(ref));
  if (live.size === 0) uninstall();
}
