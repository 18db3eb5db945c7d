// The world of the operator benchmarks: a fresh management cluster with the project's CRDs, the AKS
// simulator in this process (its call counters read directly; operation times scaled down, no data
// planes) and the operator in its own process against both. Everything is stopped by the cleanups.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KwokCluster } from '../../controlplane/index.js';
import { startSimulator } from '../../sim/index.js';
import type { Simulator, SimulatorOptions } from '../../sim/index.js';
import { applyCrds } from '../../test/support/crds.js';
import { startFreshCluster } from '../fresh-cluster.js';
import type { ScenarioContext } from '../scenario.js';
import { startOperatorProcess } from './operator-process.js';
import type { OperatorProcess } from './operator-process.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
/** Enough vCPUs for any fleet a benchmark declares: quota is not what is measured. */
const UNLIMITED_QUOTA = { defaultFamilyLimit: 10_000_000, defaultRegionalLimit: 10_000_000 };

export interface OperatorWorld {
  cluster: KwokCluster;
  kc: KubeConfig;
  sim: Simulator;
  operator: OperatorProcess;
}

export interface OperatorWorldOptions {
  purpose: string;
  /** Real seconds per simulated second. */
  timeScale: number;
  resyncPeriodMs: number;
  pollIntervalMs: number;
  throttle?: SimulatorOptions['throttle'];
  durations?: SimulatorOptions['durations'];
}

export async function startOperatorWorld(
  ctx: ScenarioContext,
  o: OperatorWorldOptions,
): Promise<OperatorWorld> {
  const { cluster, kc } = await startFreshCluster(ctx, o.purpose);
  await applyCrds(kc, { signal: ctx.signal });
  const caDir = await mkdtemp(join(tmpdir(), 'bench-sim-ca-'));
  ctx.defer(() => rm(caDir, { recursive: true, force: true }));
  const sim = await startSimulator({
    timeScale: o.timeScale,
    quota: UNLIMITED_QUOTA,
    caOutDir: caDir,
    ...(o.throttle ? { throttle: o.throttle } : {}),
    ...(o.durations ? { durations: o.durations } : {}),
  });
  ctx.defer(() => sim.close());
  // Registered after the simulator, so it stops first: the operator goes before what it talks to.
  const operator = await startOperatorProcess(ctx, {
    kubeconfigPath: cluster.kubeconfigPath,
    simulatorEndpoint: sim.endpoint,
    caPath: sim.caPath ?? join(caDir, 'ca.pem'),
    subscriptionId: SUBSCRIPTION,
    pollIntervalMs: o.pollIntervalMs,
    resyncPeriodMs: o.resyncPeriodMs,
    // Without ARM's limits in the simulator the operator's own budget would be the only limit measured.
    ...(o.throttle?.enabled === false ? { armBudget: false as const } : {}),
  });
  ctx.progress(`simulator at ${sim.endpoint}; operator running as process ${operator.pid}`);
  return { cluster, kc, sim, operator };
}
