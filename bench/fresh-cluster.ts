// A fresh local cluster for one benchmark world, stopped by the scenario's cleanups if not before
// (stopping proves no process of it is left, and process exit stops it if the benchmark dies first).
import { KubeConfig } from '@kubernetes/client-node';
import { startCluster } from '../controlplane/index.js';
import type { KwokCluster } from '../controlplane/index.js';
import type { ScenarioContext } from './scenario.js';

export interface FreshCluster {
  cluster: KwokCluster;
  kc: KubeConfig;
  /** Wall time of the start, kwokctl's readiness wait included. */
  startMs: number;
  /** Stops the cluster once; later calls wait for the same stop. */
  stop(): Promise<void>;
}

export async function startFreshCluster(ctx: ScenarioContext, purpose: string): Promise<FreshCluster> {
  const started = performance.now();
  const cluster = await startCluster({
    namePrefix: 'aks-lo-bench',
    purpose: `benchmark: ${purpose}`,
    signal: ctx.signal,
    onProgress: ctx.progress,
  });
  const startMs = performance.now() - started;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= cluster.stop().then(() => ctx.progress(`cluster ${cluster.name} stopped`)));
  ctx.defer(stop);
  ctx.progress(`cluster ${cluster.name} started in ${(startMs / 1000).toFixed(1)} s (${purpose})`);
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return { cluster, kc, startMs, stop };
}
