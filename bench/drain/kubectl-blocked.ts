// kubectl drain (the one built from the plane's Kubernetes version) of a node holding single-replica
// workloads under minAvailable 1 PDBs, with a short --timeout: measures that it is blocked by them, after how
// long it gives up, and how many of its eviction requests for their pods the API server refused.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { binaryPath } from '../../controlplane/index.js';
import { spawnOwned } from '../owned-process.js';
import { evictionsBetween, scrapeEvictionCounts, type EvictionCounts } from './apiserver-evictions.js';

export const BLOCKED_DRAIN_TIMEOUT_S = 30;

export interface BlockedDrain {
  node: string;
  /** Pods of the single-replica workloads on the node, and the node's other pods of `otherNamespace`. */
  singlePods: number;
  otherPods: number;
  /** kubectl's exit code (non-zero once its timeout is reached). */
  exit: number | string;
  wallMs: number;
  /** Its eviction requests for the single-replica pods that were refused, from its own output. */
  singleRefused: number;
  /** Single-replica pods still on the node, not being deleted, when kubectl ended. */
  singleLeft: number;
  /** Every eviction request of the drain, as the API server counted them. */
  server: EvictionCounts;
}

/** Eviction requests for pods of `namespace` that kubectl says were refused (it retries each after 5 s). */
export function kubectlRefusalsIn(lines: string[], namespace: string): number {
  const marker = `-n "${namespace}" (will retry after`;
  return lines.filter((l) => l.startsWith('error when evicting pods/') && l.includes(marker)).length;
}

/** Every line a stream writes, also across chunk boundaries. */
function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let partial = '';
  stream?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    into.push(...parts);
  });
  stream?.on('end', () => {
    if (partial) into.push(partial);
  });
}

async function podsOn(kc: KubeConfig, namespace: string, node: string): Promise<number> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace });
  return list.items.filter((p) => p.spec?.nodeName === node && p.metadata?.deletionTimestamp == null).length;
}

/** The node holding the most pods of `namespace`. */
async function busiestNode(kc: KubeConfig, namespace: string): Promise<string> {
  const list = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace });
  const perNode = new Map<string, number>();
  for (const p of list.items) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const [best] = [...perNode.entries()].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error(`no pod of ${namespace} is on a node`);
  return best[0];
}

export async function kubectlDrainBlocked(
  target: { kc: KubeConfig; kubeconfigPath: string },
  namespaces: { single: string; other: string },
  signal: AbortSignal,
): Promise<BlockedDrain> {
  const { kc } = target;
  const node = await busiestNode(kc, namespaces.single);
  const singlePods = await podsOn(kc, namespaces.single, node);
  const otherPods = await podsOn(kc, namespaces.other, node);
  const before = await scrapeEvictionCounts(kc);
  const lines: string[] = [];
  const started = performance.now();
  const drain = spawnOwned(binaryPath('kubectl'), [
    'drain',
    node,
    '--kubeconfig',
    target.kubeconfigPath,
    '--ignore-daemonsets',
    '--delete-emptydir-data',
    `--timeout=${BLOCKED_DRAIN_TIMEOUT_S}s`,
  ]);
  collectLines(drain.child.stdout, lines);
  collectLines(drain.child.stderr, lines);
  // Its output is complete once its streams close, which may come after the exit.
  const closed = new Promise<void>((resolve) => drain.child.once('close', () => resolve()));
  const stop = (): void => void drain.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const exit = await drain.exited;
    const wallMs = performance.now() - started;
    await closed;
    signal.throwIfAborted();
    const server = evictionsBetween(before, await scrapeEvictionCounts(kc));
    return {
      node,
      singlePods,
      otherPods,
      exit,
      wallMs,
      singleRefused: kubectlRefusalsIn(lines, namespaces.single),
      singleLeft: await podsOn(kc, namespaces.single, node),
      server,
    };
  } finally {
    signal.removeEventListener('abort', stop);
    await drain.stop();
  }
}
