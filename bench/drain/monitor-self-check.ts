// Proves the violation monitor can see a violation on this world: a few Ready pods of one Deployment
// deleted at once (bypassing its PDB, as no drain may) must be recorded. Without it, "0 violations"
// could come from a monitor that sees nothing. The replacement nodes are cordoned first, so the
// violation lasts until teardown instead of the few hundred ms a replacement takes to become Ready.
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { DrainObserver } from './drain-observer.js';
import type { DrainWorld } from './drain-world.js';

const PODS_DELETED = 3;
const DETECT_TIMEOUT_MS = 30_000;

export async function proveMonitorSeesViolations(
  kc: KubeConfig,
  world: DrainWorld,
  observer: DrainObserver,
  app: string,
  signal: AbortSignal,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  await Promise.all(
    world.replacementNodes.map((name) =>
      core.patchNode({ name, body: { spec: { unschedulable: true } } }, merge),
    ),
  );
  const before = observer.violations.length;
  const names = observer.readyPodNames(app).slice(0, PODS_DELETED);
  await Promise.all(names.map((name) => core.deleteNamespacedPod({ name, namespace: world.namespace })));
  await observer.waitUntil(
    () => observer.violations.length > before,
    `the monitor to record the violation made by deleting ${names.length} pods of ${app} (watch relists so far: ${observer.relists})`,
    DETECT_TIMEOUT_MS,
    signal,
  );
}
