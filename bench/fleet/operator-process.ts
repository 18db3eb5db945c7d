// The operator under benchmark, running as its own process (compiled, plain node) so its memory and
// reconcile times are its own: started against a cluster and the simulator, read through /metrics.
import { createInterface } from 'node:readline';
import { compileEntry } from '../compiled-entry.js';
import { spawnOwned } from '../owned-process.js';
import { peakRssBytes, rssBytes } from '../process-memory.js';
import type { ScenarioContext } from '../scenario.js';
import type { OperatorChildHeap, OperatorChildOptions, OperatorChildStarted } from './operator-child.js';
import { parseMetrics, sumOf } from './prometheus-text.js';
import type { Sample } from './prometheus-text.js';

const START_TIMEOUT_MS = 60_000;
const HEAP_TIMEOUT_MS = 30_000;

export interface OperatorProcess {
  readonly pid: number;
  metrics(): Promise<Sample[]>;
  reconcileCount(): Promise<number>;
  rssBytes(): Promise<number>;
  peakRssBytes(): Promise<number>;
  /** Its heap after a full garbage collection. */
  heapAfterGcBytes(): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILL, as a crashed pod: nothing gets to finish. Resolves once it is gone. */
  kill(): Promise<void>;
}

export async function startOperatorProcess(
  ctx: ScenarioContext,
  options: OperatorChildOptions,
): Promise<OperatorProcess> {
  const script = await compileEntry(ctx, 'bench/fleet/operator-child.ts');
  const child = spawnOwned(process.execPath, ['--expose-gc', script, JSON.stringify(options)]);
  ctx.defer(() => child.stop(30_000));
  const stdout = child.child.stdout;
  if (!stdout) throw new Error('operator process has no stdout');
  // Each line the child prints answers the oldest waiter: first its start, then one heap per SIGUSR2.
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: stdout }).on('line', (l) => {
    if (l.startsWith('{')) waiters.shift()?.(l);
  });
  const nextLine = (what: string, timeoutMs: number): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`operator: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
      void child.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`operator exited with ${code}: ${child.tail()}`));
      });
    });
  const line = await nextLine('start', START_TIMEOUT_MS);
  const { metricsUrl } = JSON.parse(line) as OperatorChildStarted;
  const metrics = async (): Promise<Sample[]> => {
    const res = await fetch(metricsUrl, { signal: ctx.signal });
    if (!res.ok) throw new Error(`GET ${metricsUrl}: ${res.status}`);
    return parseMetrics(await res.text());
  };
  return {
    pid: child.pid,
    metrics,
    reconcileCount: async () => sumOf(await metrics(), 'controller_runtime_reconcile_total'),
    rssBytes: () => rssBytes(child.pid),
    peakRssBytes: () => peakRssBytes(child.pid),
    heapAfterGcBytes: async () => {
      const answer = nextLine('heap', HEAP_TIMEOUT_MS);
      child.child.kill('SIGUSR2');
      return (JSON.parse(await answer) as OperatorChildHeap).heapAfterGcBytes;
    },
    stop: () => child.stop(30_000),
    kill: async () => {
      child.child.kill('SIGKILL');
      await child.exited;
    },
  };
}
