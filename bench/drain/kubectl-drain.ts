// The reference drain: one `kubectl drain` process per node, all started together, using the kubectl
// built from the same Kubernetes version as the control plane. kubectl evicts every pod of a node at
// once and sleeps 5 s after each 429 before trying that pod again.
import { binaryPath } from '../../controlplane/index.js';
import { spawnOwned } from '../owned-process.js';
import type { OwnedProcess } from '../owned-process.js';

export const KUBECTL_DRAIN_TIMEOUT_S = 300;

export async function kubectlDrainInParallel(
  kubeconfigPath: string,
  nodes: string[],
  signal: AbortSignal,
): Promise<void> {
  const args = (node: string): string[] => [
    'drain',
    node,
    '--kubeconfig',
    kubeconfigPath,
    '--ignore-daemonsets',
    '--delete-emptydir-data',
    `--timeout=${KUBECTL_DRAIN_TIMEOUT_S}s`,
  ];
  const drains: OwnedProcess[] = nodes.map((node) => spawnOwned(binaryPath('kubectl'), args(node)));
  const stopAll = (): void => void Promise.all(drains.map((d) => d.stop()));
  signal.addEventListener('abort', stopAll, { once: true });
  try {
    const codes = await Promise.all(drains.map((d) => d.exited));
    const failed = codes.flatMap((code, i) =>
      code === 0 ? [] : [`${nodes[i]}: exit ${code}\n${drains[i]?.tail()}`],
    );
    signal.throwIfAborted();
    if (failed.length > 0) throw new Error(`kubectl drain failed:\n${failed.join('\n')}`);
  } finally {
    signal.removeEventListener('abort', stopAll);
    await Promise.all(drains.map((d) => d.stop()));
  }
}
