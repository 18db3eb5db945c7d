// The eviction-cycle floor of a world: evict one Ready pod, then time until its replacement is Ready and
// until the PDB allows a disruption again. No drain can evict a Deployment's pods faster than one per
// cycle under `maxUnavailable: 1`, so the cycle times a Deployment's pod count is a floor for any drain.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeDrainCluster } from '../../src/drain/index.js';
import type { DrainObserver } from './drain-observer.js';
import type { DrainWorld } from './drain-world.js';

const CYCLE_TIMEOUT_MS = 60_000;

/**
 * One client per world, whose connection is kept between requests as a drain's is (ours and kubectl's):
 * a client per eviction would time a new TCP and TLS handshake into every cycle.
 */
const clients = new WeakMap<KubeConfig, KubeDrainCluster>();

function clientOf(kc: KubeConfig): KubeDrainCluster {
  let client = clients.get(kc);
  if (!client) {
    client = new KubeDrainCluster(kc);
    clients.set(kc, client);
  }
  return client;
}

export interface EvictionCycle {
  app: string;
  /** Eviction sent → replacement pod Ready (the Deployment back at full strength). */
  replacementReadyMs: number;
  /** Eviction sent → the PDB's status allows a disruption again. */
  pdbAllowsMs: number;
}

export async function measureEvictionCycle(
  kc: KubeConfig,
  world: DrainWorld,
  observer: DrainObserver,
  app: string,
  signal: AbortSignal,
): Promise<EvictionCycle> {
  const settled = (): boolean =>
    observer.readyCount(app) === world.replicas && (observer.disruptionsAllowed(app) ?? 0) >= 1;
  await observer.waitUntil(settled, `${app} to be settled before an eviction`, CYCLE_TIMEOUT_MS, signal);
  const pod = observer.readyPod(app);
  if (!pod?.metadata?.name) throw new Error(`no Ready pod of ${app} to evict`);
  const name = pod.metadata.name;
  const zerosBefore = observer.zeroEvents(app);
  const started = performance.now();
  const answer = await clientOf(kc).evict({ namespace: world.namespace, name }, undefined, signal);
  if (answer.outcome !== 'evicted') throw new Error(`evicting ${name} of ${app}: ${JSON.stringify(answer)}`);
  const what = (step: string): string => `${app} after evicting ${name}: ${step}`;
  await observer.waitUntil(
    () => !observer.isReadyPod(app, name),
    what('pod seen leaving'),
    CYCLE_TIMEOUT_MS,
    signal,
  );
  await observer.waitUntil(
    () => observer.readyCount(app) === world.replicas,
    what('replacement Ready'),
    CYCLE_TIMEOUT_MS,
    signal,
  );
  const replacementReadyMs = performance.now() - started;
  // The eviction itself sets the budget to 0; "allows again" is the first later status above 0.
  await observer.waitUntil(
    () => observer.zeroEvents(app) > zerosBefore && (observer.disruptionsAllowed(app) ?? 0) >= 1,
    what('PDB allowing a disruption again'),
    CYCLE_TIMEOUT_MS,
    signal,
  );
  return { app, replacementReadyMs, pdbAllowsMs: performance.now() - started };
}
