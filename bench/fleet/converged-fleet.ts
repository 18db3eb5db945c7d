// A fleet benchmark's starting point: the operator world, its objects watched, and a fleet created and
// every object Ready. Returns the world, the observer and how many objects were created.
import type { ScenarioContext } from '../scenario.js';
import { FleetObserver } from './fleet-observer.js';
import { createFleet, type FleetShape } from './fleet-spec.js';
import { startOperatorWorld, type OperatorWorld, type OperatorWorldOptions } from './operator-world.js';

const CONVERGE_TIMEOUT_MS = 5 * 60_000;
const PROGRESS_EVERY_MS = 10_000;

export interface ConvergedFleet extends OperatorWorld {
  observer: FleetObserver;
  created: number;
}

export async function convergedFleet(
  ctx: ScenarioContext,
  world: OperatorWorldOptions,
  shape: FleetShape,
): Promise<ConvergedFleet> {
  const started = await startOperatorWorld(ctx, world);
  const observer = new FleetObserver(started.kc);
  ctx.defer(() => observer.stop());
  await observer.start(ctx.signal);
  const created = await createFleet(started.kc, shape, ctx.signal);
  ctx.progress(`${created} objects created; waiting for every one Ready`);
  await observer.waitAllReady({
    total: created,
    timeoutMs: CONVERGE_TIMEOUT_MS,
    progressEveryMs: PROGRESS_EVERY_MS,
    progress: () => ctx.progress(`${observer.readyCount()}/${created} Ready`),
    signal: ctx.signal,
  });
  return { ...started, observer, created };
}
