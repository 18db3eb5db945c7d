// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// kwok Kubernetes API per simulated AKS cluster (real Nodes). Simulated: Azure (the AKS simulator).
// Proves an UpgradePlan with poolStrategy BlueGreen upgrades the control plane, then replaces the user
// pool with a twin at the new version, passing its drain settings, and leaves the specs alone.
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  Annotation,
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const world = useOperatorWorld({ withNodes: true });
const api = () => managementKubeConfig().makeApiClient(CustomObjectsApi);
const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };
const minor = (v: string | undefined): string => (v ?? '').split('.').slice(0, 2).join('.');

describe('UpgradePlan with blue/green pools', () => {
  it('upgrades the control plane, then replaces the user pool with a twin at the target', async () => {
    const { objects, rg } = await world.start('aup-bluegreen');
    await objects.createClusterWithSystemPool('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      kubernetesVersion: '1.32',
    });
    await objects.createPool(
      'user1',
      {
        clusterRef: { name: 'c1' },
        azureName: 'user1',
        mode: 'User',
        vmSize: 'Standard_D4s_v3',
        count: 2,
      },
      { labels: { tier: 'web' } },
    );
    await objects.clusterReady('c1');
    for (const name of ['system', 'user1']) await objects.poolReady(name, 2 * WAIT_MS);

    const spec: UpgradePlanSpecInput = {
      target: { kubernetesVersion: '1.33' },
      clusterSelector: {},
      poolStrategy: {
        default: 'Surge',
        overrides: [{ poolSelector: { matchLabels: { tier: 'web' } }, strategy: 'BlueGreen' }],
      },
      drain: { timeoutMinutes: 45, concurrency: 2 },
    };
    await api().createNamespacedCustomObject({
      ...planKind,
      namespace: objects.namespace,
      body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan' }, spec },
    });
    const done = await waitFor(
      async () =>
        (await api().getNamespacedCustomObject({
          ...planKind,
          namespace: objects.namespace,
          name: 'plan',
        })) as UpgradePlan,
      {
        timeoutMs: 4 * WAIT_MS,
        intervalMs: 500,
        message: 'the plan to end',
        until: (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
      },
    );
    expect({ phase: done.status?.phase, stages: done.status?.stages }).toMatchObject({ phase: 'Succeeded' });

    const user1 = await objects.waitForPool(
      'user1',
      'the twin to report its version',
      (np) => np.status?.currentOrchestratorVersion !== undefined,
    );
    expect(user1.status?.activePoolName).toBe('user1b');
    expect(minor(user1.status?.currentOrchestratorVersion)).toBe('1.33');
    expect(user1.metadata.annotations).toMatchObject({
      [Annotation.UpgradeStrategy]: 'BlueGreen',
      [Annotation.DrainTimeoutMinutes]: '45',
      [Annotation.DrainBatchSize]: '2',
    });
    expect(user1.spec.orchestratorVersion).toBeUndefined();
    // Azure holds the twin, not the old pool; the system pool went the Surge way, in place.
    const names = [];
    for await (const p of world.azure.agentPools.list(rg, 'c1')) names.push(p.name);
    expect(names.sort()).toEqual(['system', 'user1b']);
    expect(minor((await world.azure.agentPools.get(rg, 'c1', 'system')).currentOrchestratorVersion)).toBe(
      '1.33',
    );
  });
});
