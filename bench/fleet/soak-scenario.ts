// Soak: a converged fleet of 50 clusters × 4 pools resynced every second, so the operator process runs tens
// of thousands of reconciles of unchanged objects; its heap after a full collection is sampled along the
// way. The slope, in bytes per reconcile, says whether each reconcile leaves something behind.
import { setTimeout as sleep } from 'node:timers/promises';
import { atMost, info } from '../scenario.js';
import type { Scenario } from '../scenario.js';
import { mib, seconds, slope } from '../stats.js';
import { convergedFleet } from './converged-fleet.js';
import { POOLS_PER_CLUSTER } from './fleet-spec.js';

const CLUSTERS = 50;
const NAMESPACES = 5;
const OBJECTS = CLUSTERS * (1 + POOLS_PER_CLUSTER);
const RESYNC_PERIOD_MS = 1_000;
const RECONCILES = 50_000;
const SAMPLES = 10;
/** 50 B per reconcile is 50 MB per million reconciles of a quiet fleet; below it the slope is noise. */
const TARGET_BYTES_PER_RECONCILE = 50;

const bytesPerReconcile = (n: number): string => `${n.toFixed(1)} B/reconcile`;

export const soakScenario: Scenario = {
  name: 'soak',
  title: `heap slope of the operator over ${RECONCILES.toLocaleString('en-US')} reconciles of ${CLUSTERS} clusters × ${POOLS_PER_CLUSTER} pools resynced every second`,
  timeoutMs: 15 * 60_000,
  async run(ctx) {
    const { operator } = await convergedFleet(
      ctx,
      {
        purpose: 'soak',
        timeScale: 0.001,
        resyncPeriodMs: RESYNC_PERIOD_MS,
        pollIntervalMs: 200,
        // Each resync reads every object once: far more than ARM's read bucket, which is not what is measured.
        throttle: { enabled: false },
      },
      { clusters: CLUSTERS, namespaces: NAMESPACES },
    );

    const first = await operator.reconcileCount();
    const points: Array<[number, number]> = [[0, await operator.heapAfterGcBytes()]];
    const rssBefore = await operator.rssBytes();
    const started = performance.now();
    for (let sample = 1; sample <= SAMPLES; sample++) {
      const until = first + (RECONCILES * sample) / SAMPLES;
      let done = await operator.reconcileCount();
      while (done < until) {
        await sleep(500, undefined, { signal: ctx.signal });
        done = await operator.reconcileCount();
      }
      const heap = await operator.heapAfterGcBytes();
      points.push([done - first, heap]);
      ctx.progress(`${(done - first).toLocaleString('en-US')} reconciles: heap after GC ${mib(heap)}`);
    }
    const reconciles = points[points.length - 1]![0];
    const elapsed = performance.now() - started;
    ctx.report(
      info(
        'reconciles in the soak',
        `${reconciles.toLocaleString('en-US')} of ${OBJECTS} objects in ${seconds(elapsed)} (${Math.round(reconciles / (elapsed / 1000))}/s)`,
      ),
    );
    ctx.report(
      atMost(
        `operator heap slope after GC (Node ${process.versions.node})`,
        slope(points),
        TARGET_BYTES_PER_RECONCILE,
        bytesPerReconcile,
      ),
    );
    const heaps = points.map(([, h]) => h);
    ctx.report(
      info(
        'operator heap after GC, first / last / largest',
        `${mib(heaps[0]!)} / ${mib(heaps[heaps.length - 1]!)} / ${mib(Math.max(...heaps))}`,
      ),
    );
    ctx.report(
      info('operator RSS, before / after the soak', `${mib(rssBefore)} / ${mib(await operator.rssBytes())}`),
    );
  },
};
