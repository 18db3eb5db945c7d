// Memory benchmark: the operator's RSS with 5,000 custom resources in its informer cache. A fresh cluster
// gets the project's CRDs and a converged fleet (1,000 ManagedClusters × 4 NodePools); a child process
// running compiled JavaScript fills its caches and reports its memory. Target ≤ 250 MiB.
import { createInterface } from 'node:readline';
import { clusterRss, formatRss } from '../../controlplane/index.js';
import { applyCrds } from '../../test/support/crds.js';
import { compileEntry } from '../compiled-entry.js';
import { startFreshCluster } from '../fresh-cluster.js';
import { spawnOwned } from '../owned-process.js';
import { peakRssBytes } from '../process-memory.js';
import type { OwnedProcess } from '../owned-process.js';
import { atMost, info } from '../scenario.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { mib, seconds } from '../stats.js';
import { createFleet } from './create-fleet.js';
import { POOLS_PER_CLUSTER } from './fleet-objects.js';
import type { MemoryStep } from './informer-child.js';

const TARGET_BYTES = 250 * 1024 * 1024;
const CLUSTERS = 1000;
const NAMESPACES = 10;
const OBJECTS = CLUSTERS * (1 + POOLS_PER_CLUSTER);
const CHILD_TIMEOUT_MS = 5 * 60_000;

async function readSteps(
  child: OwnedProcess,
  ctx: ScenarioContext,
): Promise<Map<MemoryStep['step'], MemoryStep>> {
  const steps = new Map<MemoryStep['step'], MemoryStep>();
  const stdout = child.child.stdout;
  if (!stdout) throw new Error('informer process has no stdout');
  const lines = createInterface({ input: stdout });
  const timer = setTimeout(() => void child.stop(), CHILD_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      if (!line.startsWith('{')) continue;
      const step = JSON.parse(line) as MemoryStep;
      steps.set(step.step, step);
      ctx.progress(
        `informer process ${step.step}: RSS ${mib(step.rssBytes)}, heap ${mib(step.heapUsedBytes)}`,
      );
      if (step.step === 'collected') return steps;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`informer process ended early (${await child.exited}): ${child.tail()}`);
}

export const memoryScenario: Scenario = {
  name: 'memory',
  title: `operator RSS with ${OBJECTS.toLocaleString('en-US')} custom resources in the informer cache`,
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    ctx.progress('compiling the informer process');
    const childScript = await compileEntry(ctx, 'bench/memory/informer-child.ts');
    const { cluster, kc } = await startFreshCluster(ctx, 'memory');
    await applyCrds(kc, { signal: ctx.signal });
    const creating = performance.now();
    const created = await createFleet(
      kc,
      { namespaces: NAMESPACES, clusters: CLUSTERS },
      { signal: ctx.signal, progress: ctx.progress },
    );
    ctx.progress(`${created} objects with status created in ${seconds(performance.now() - creating)}`);

    // Read before the informer process starts: its arguments name the cluster's files, so it would count as one of the cluster's processes.
    const plane = clusterRss(cluster);
    const child = spawnOwned(process.execPath, ['--expose-gc', childScript, cluster.kubeconfigPath]);
    ctx.defer(() => child.stop());
    const steps = await readSteps(child, ctx);
    const peak = await peakRssBytes(child.pid);
    await child.stop();

    const loaded = steps.get('loaded');
    const synced = steps.get('synced');
    const collected = steps.get('collected');
    if (!loaded || !synced || !collected) throw new Error('informer process did not report every step');
    if (synced.objects !== OBJECTS)
      throw new Error(`cache holds ${synced.objects} objects, expected ${OBJECTS}`);
    ctx.report(
      atMost(`operator RSS, ${OBJECTS} objects cached (after sync)`, synced.rssBytes, TARGET_BYTES, mib),
    );
    ctx.report(
      info(
        'operator RSS after a forced GC',
        `${mib(collected.rssBytes)} (heap used ${mib(collected.heapUsedBytes)})`,
      ),
    );
    ctx.report(info('operator peak RSS (VmHWM)', mib(peak)));
    ctx.report(info('operator RSS with modules loaded, before informers', mib(loaded.rssBytes)));
    ctx.report(info('initial list of the cache', seconds(synced.syncMs ?? Number.NaN)));
    ctx.report(info(`control-plane RSS holding ${OBJECTS} objects`, formatRss(plane)));
  },
};
