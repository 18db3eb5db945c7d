// Child process of the operator benchmarks: the operator as startOperator wires it (workload data planes
// off), against a management cluster and the simulator, with /metrics on a loopback port. Prints one
// JSON line once started; on SIGUSR2 collects garbage and prints its heap as one JSON line (started with
// --expose-gc); stops gracefully on SIGTERM.
//   node --expose-gc operator-child.js '<OperatorChildOptions as JSON>'
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { startOperator } from '../../src/operator.js';
import { silentLogger } from '../../src/runtime/index.js';

export interface OperatorChildOptions {
  kubeconfigPath: string;
  simulatorEndpoint: string;
  caPath: string;
  subscriptionId: string;
  pollIntervalMs: number;
  resyncPeriodMs: number;
  /** false: the operator sends without its own ARM budget (the simulator does not throttle). */
  armBudget?: false;
  /** One replica of several: leader election, and sharding when `shards` is given. */
  leaderElection?: { namespace: string; name: string; identity: string; shards?: number };
}

export interface OperatorChildStarted {
  metricsUrl: string;
}

/** The heap after a full collection, printed on SIGUSR2. */
export interface OperatorChildHeap {
  heapAfterGcBytes: number;
}

function printHeapAfterGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the operator process was started without --expose-gc');
  gc();
  const heap: OperatorChildHeap = { heapAfterGcBytes: process.memoryUsage().heapUsed };
  console.log(JSON.stringify(heap));
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as OperatorChildOptions;
  const kc = new KubeConfig();
  kc.loadFromFile(options.kubeconfigPath);
  const operator = await startOperator({
    kubeConfig: kc,
    azure: {
      mode: 'simulator',
      endpoint: options.simulatorEndpoint,
      caPem: readFileSync(options.caPath, 'utf8'),
    },
    // The fleet names no credentials: every namespace acts as the operator's own identity.
    access: { defaultSubscriptionId: options.subscriptionId, operatorIdentityNamespaces: ['*'] },
    workloadNodes: false,
    pollIntervalMs: options.pollIntervalMs,
    resyncPeriodMs: options.resyncPeriodMs,
    ...(options.armBudget === false ? { armBudget: false } : {}),
    ...(options.leaderElection ? { leaderElection: options.leaderElection } : {}),
    healthPort: 0,
    healthHost: '127.0.0.1',
    // Logging is not what is measured; a real deployment's log volume would add to it.
    logger: silentLogger,
  });
  const address = operator.healthAddress();
  if (!address) throw new Error('the operator serves no metrics');
  const started: OperatorChildStarted = { metricsUrl: `http://${address.host}:${address.port}/metrics` };
  console.log(JSON.stringify(started));
  process.on('SIGUSR2', printHeapAfterGc);
  process.once('SIGTERM', () => {
    void operator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
