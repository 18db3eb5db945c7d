// What the operator's reconciles cost between two reads of its /metrics: own time per reconcile (wall
// time minus awaited Azure calls, budget waits and Kubernetes I/O, from the operator's own histogram), CPU
// seconds per reconcile and reconciles per object. CPU is the whole process's (informers and GC included)
// over the reconciles: with reconciles running concurrently no finer split would be honest.
import { atMost, info } from '../scenario.js';
import type { Figure } from '../scenario.js';
import { count, millis } from '../stats.js';
import { percentileBound, sumOf } from './prometheus-text.js';
import type { Sample } from './prometheus-text.js';

const OWN_TIME = 'aks_lifecycle_reconcile_own_time_seconds';
const WALL_TIME = 'controller_runtime_reconcile_time_seconds';
const RECONCILES = 'controller_runtime_reconcile_total';
const CPU = 'process_cpu_seconds_total';
const GC = 'nodejs_gc_duration_seconds';
const LAG_P99 = 'nodejs_eventloop_lag_p99_seconds';

const between = (before: Sample[], after: Sample[], name: string): number =>
  sumOf(after, name) - sumOf(before, name);

export function reconcileCostFigures(options: {
  before: Sample[];
  after: Sample[];
  objects: number;
  targetOwnP99Seconds: number;
}): Figure[] {
  const { before, after, objects } = options;
  const reconciles = between(before, after, RECONCILES);
  const ownMeanMs = (between(before, after, `${OWN_TIME}_sum`) / reconciles) * 1000;
  const ownP50 = percentileBound(after, OWN_TIME, 50, before);
  const ownP99 = percentileBound(after, OWN_TIME, 99, before);
  const wallP99 = percentileBound(after, WALL_TIME, 99, before);
  const cpuPerReconcile = between(before, after, CPU) / reconciles;
  const overTarget = reconcilesAbove(before, after, options.targetOwnP99Seconds);
  const gcSeconds = between(before, after, `${GC}_sum`);
  const bound = (s: number): string => `≤ ${millis(s * 1000)}`;
  const controllers = [
    ...new Set(after.filter((s) => s.name === RECONCILES).map((s) => s.labels.controller)),
  ];
  const ofController = (samples: Sample[], c: string | undefined): Sample[] =>
    samples.filter((s) => s.labels.controller === c);
  const perController = controllers
    .map(
      (c) => `${c} ${bound(percentileBound(ofController(after, c), OWN_TIME, 99, ofController(before, c)))}`,
    )
    .join(', ');
  return [
    info('reconciles', count(reconciles)),
    info('reconciles per object', (reconciles / objects).toFixed(1)),
    {
      ...atMost('reconcile p99, own time (bucket bound)', ownP99, options.targetOwnP99Seconds, bound),
      target: `≤ ${millis(options.targetOwnP99Seconds * 1000)}`,
    },
    info('reconcile own time p50 (bucket bound) / mean', `${bound(ownP50)} / ${millis(ownMeanMs)}`),
    info('reconcile p99, own time, per controller (bucket bound)', perController),
    info(
      `reconciles over ${millis(options.targetOwnP99Seconds * 1000)} of own time`,
      `${overTarget.count} (${(overTarget.share * 100).toFixed(1)} %)`,
    ),
    info('reconcile p99, wall time with Azure and Kubernetes waits (bucket bound)', bound(wallP99)),
    info(
      'CPU per reconcile (operator process CPU / reconciles)',
      `${(cpuPerReconcile * 1000).toFixed(1)} ms`,
    ),
    // What stretches own time besides the operator's work: collector pauses and a busy event loop.
    info('garbage collection pauses, total', `${gcSeconds.toFixed(1)} s`),
    info('event-loop lag p99 at the end (prom-client)', millis(sumOf(after, LAG_P99) * 1000)),
  ];
}

/** Reconciles between the reads whose own time exceeded `bound` (a bucket bound), and their share. */
function reconcilesAbove(before: Sample[], after: Sample[], bound: number): { count: number; share: number } {
  const bucket = (samples: Sample[]): number =>
    samples
      .filter((s) => s.name === `${OWN_TIME}_bucket` && Number(s.labels.le) === bound)
      .reduce((sum, s) => sum + s.value, 0);
  const total = between(before, after, `${OWN_TIME}_count`);
  const count = total - (bucket(after) - bucket(before));
  return { count, share: total > 0 ? count / total : 0 };
}
