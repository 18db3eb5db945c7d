// Real: the management cluster's API server and namespace controller. Proves the NodePool finalizer's
// namespace check reads a namespace being deleted as terminating (while an object's finalizer holds it,
// and once it is gone) and a namespace that stays as not.
import { CoreV1Api } from '@kubernetes/client-node';
import { kubeNamespaceReader } from '../../src/controllers/shared/namespace-reader.js';
import { createTestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const HOLD = 'test.aks.lifecycle.dev/hold';

it('tells a namespace being deleted, or gone, from one that stays', async () => {
  const kc = managementKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const reader = kubeNamespaceReader(kc);
  const signal = AbortSignal.timeout(60_000);
  const ns = await createTestNamespace(kc, 'ns-reader');
  try {
    await core.createNamespacedConfigMap({
      namespace: ns.name,
      body: { metadata: { name: 'held', finalizers: [HOLD] } },
    });
    expect(await reader.isTerminating(ns.name, signal)).toBe(false);

    await ns.delete();
    await waitFor(() => reader.isTerminating(ns.name, signal), {
      timeoutMs: 30_000,
      message: `namespace ${ns.name} read as terminating`,
      until: (isTerminating) => isTerminating,
    });
    expect((await core.readNamespace({ name: ns.name })).status?.phase).toBe('Terminating');
  } finally {
    await core
      .patchNamespacedConfigMap({
        namespace: ns.name,
        name: 'held',
        body: [{ op: 'remove', path: '/metadata/finalizers' }],
      })
      .catch(() => undefined);
    await ns.delete();
  }
  await waitFor(() => core.listNamespace(), {
    timeoutMs: 60_000,
    message: `namespace ${ns.name} gone`,
    until: (list) => !list.items.some((n) => n.metadata?.name === ns.name),
  });
  expect(await reader.isTerminating(ns.name, signal)).toBe(true);
});
