// Child process of the memory benchmark, run as compiled JavaScript like the shipped operator: loads the
// operator's modules, fills the runtime's informer caches of ManagedClusters and NodePools from the API
// server, and prints its memory as one JSON line per step. Runs until SIGTERM.
//   node --expose-gc informer-child.js <kubeconfig>
import { KubeConfig } from '@kubernetes/client-node';
import { GROUP, Plural, VERSION } from '../../src/api/index.js';
import { Informer, kubeListWatch } from '../../src/runtime/index.js';
import type { KubeObject } from '../../src/runtime/index.js';
// Loaded for its footprint: the operator's wiring pulls in the controllers, the Azure SDK and the rest.
import '../../src/operator.js';

const SYNC_TIMEOUT_MS = 5 * 60_000;

export interface MemoryStep {
  step: 'loaded' | 'synced' | 'collected';
  rssBytes: number;
  heapUsedBytes: number;
  objects?: number;
  syncMs?: number;
}

function report(step: MemoryStep['step'], extra: Partial<MemoryStep> = {}): void {
  const m = process.memoryUsage();
  const line: MemoryStep = { step, rssBytes: m.rss, heapUsedBytes: m.heapUsed, ...extra };
  console.log(JSON.stringify(line));
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // Twice: the first pass can leave objects that only a second one frees (weak references, finalizers).
  gc();
  gc();
}

async function main(): Promise<void> {
  const kubeconfigPath = process.argv[2];
  if (!kubeconfigPath) throw new Error('usage: informer-child.js <kubeconfig>');
  report('loaded');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const informers = [Plural.ManagedCluster, Plural.NodePool].map(
    (plural) =>
      new Informer<KubeObject>({
        name: plural,
        source: kubeListWatch<KubeObject>(kc, { group: GROUP, version: VERSION, plural }),
      }),
  );
  const started = performance.now();
  for (const informer of informers) informer.start();
  const bound = AbortSignal.timeout(SYNC_TIMEOUT_MS);
  await Promise.all(informers.map((i) => i.waitForSync(bound)));
  const objects = informers.reduce((sum, i) => sum + i.list().length, 0);
  report('synced', { objects, syncMs: performance.now() - started });
  collectGarbage();
  report('collected', { objects });
  process.once('SIGTERM', () => {
    void Promise.all(informers.map((i) => i.stop())).then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
