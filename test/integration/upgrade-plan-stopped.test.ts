// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers), the ARM SDK over HTTPS. Simulated: Azure (the AKS simulator, no data plane).
// Proves a plan with preflight.stoppedClusters: Start starts a stopped cluster, upgrades its control
// plane and pool and lets it stop again, and that with Skip the stopped cluster is left alone.
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
import type { Objects } from '../support/operator.js';
import { SUBSCRIPTION, WAIT_MS, writeOperations } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { SKIP_WORKLOAD_CHECKS } from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const world = useOperatorWorld();
const api = () => managementKubeConfig().makeApiClient(CustomObjectsApi);
const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };
const minor = (v: string | undefined): string => (v ?? '').split('.').slice(0, 2).join('.');

/** Cluster c1 at 1.32 with its System NodePool, provisioned, then stopped by its spec. */
async function stoppedCluster(objects: Objects, rg: string): Promise<void> {
  await objects.createClusterWithSystemPool('c1', {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    kubernetesVersion: '1.32',
  });
  await objects.poolReady('system');
  await objects.patch('cluster', 'c1', { spec: { powerState: 'Stopped' } });
  await objects.waitForCluster(
    'c1',
    'stopped by its spec',
    (mc) => mc.status?.powerState === 'Stopped' && mc.status.lastOperation?.result === 'Succeeded',
  );
}

async function runPlan(
  namespace: string,
  preflight: UpgradePlanSpecInput['preflight'],
): Promise<UpgradePlan> {
  const spec: UpgradePlanSpecInput = {
    target: { kubernetesVersion: '1.33' },
    clusterSelector: {},
    poolStrategy: { default: 'Surge' },
    preflight,
  };
  await api().createNamespacedCustomObject({
    ...planKind,
    namespace,
    body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan' }, spec },
  });
  return waitFor(
    async () =>
      (await api().getNamespacedCustomObject({ ...planKind, namespace, name: 'plan' })) as UpgradePlan,
    {
      timeoutMs: 2 * WAIT_MS,
      intervalMs: 250,
      message: 'the plan to end',
      until: (p) => ['Succeeded', 'Failed', 'Aborted'].includes(p.status?.phase ?? ''),
    },
  );
}

describe('UpgradePlan and stopped clusters', () => {
  it('with Start: starts the cluster, upgrades control plane and pool, and stops it again', async () => {
    const { objects, rg } = await world.start('aup-stopped-start');
    await stoppedCluster(objects, rg);
    const before = writeOperations(world.sim, rg).length;

    const plan = await runPlan(objects.namespace, { ...SKIP_WORKLOAD_CHECKS, stoppedClusters: 'Start' });
    expect({ phase: plan.status?.phase, stages: plan.status?.stages }).toMatchObject({ phase: 'Succeeded' });

    const mc = await objects.waitForCluster(
      'c1',
      'stopped again at 1.33 without the override',
      (c) =>
        c.status?.powerState === 'Stopped' &&
        c.status.lastOperation?.result === 'Succeeded' &&
        c.metadata.annotations?.[Annotation.PowerOverride] === undefined,
    );
    expect(minor(mc.status?.currentKubernetesVersion)).toBe('1.33');
    expect(mc.spec.powerState).toBe('Stopped');
    // Stopped again as its spec asks: at its desired state, and not running.
    const settled = await objects.waitForCondition('cluster', 'c1', {
      type: 'Ready',
      status: 'True',
      reason: 'ClusterStopped',
    });
    expect(settled.status?.conditions?.find((c) => c.type === 'Running')).toMatchObject({
      status: 'False',
      reason: 'ClusterStopped',
    });
    expect(mc.spec.kubernetesVersion).toBe('1.32');
    expect(writeOperations(world.sim, rg).slice(before)).toEqual([
      'managedClusters.start',
      'managedClusters.createOrUpdate',
      'agentPools.createOrUpdate',
      'managedClusters.stop',
    ]);
    const azure = await world.azure.managedClusters.get(rg, 'c1');
    expect(azure.powerState?.code).toBe('Stopped');
    expect(minor(azure.currentKubernetesVersion)).toBe('1.33');
    const pool = await world.azure.agentPools.get(rg, 'c1', 'system');
    expect(minor(pool.currentOrchestratorVersion)).toBe('1.33');
  });

  it('with Skip (the default): leaves the stopped cluster out and writes nothing to Azure', async () => {
    const { objects, rg } = await world.start('aup-stopped-skip');
    await stoppedCluster(objects, rg);
    const before = writeOperations(world.sim, rg).length;

    const plan = await runPlan(objects.namespace, SKIP_WORKLOAD_CHECKS);
    const c1 = plan.status?.stages?.flatMap((s) => s.clusters ?? []).find((c) => c.name === 'c1');
    expect(c1).toMatchObject({ phase: 'Skipped', blocker: { reason: 'ClusterStopped' } });
    expect(writeOperations(world.sim, rg).slice(before)).toEqual([]);
    const mc = await objects.cluster('c1');
    expect(mc.status?.powerState).toBe('Stopped');
    expect(minor(mc.status?.currentKubernetesVersion)).toBe('1.32');
    expect(mc.metadata.annotations?.[Annotation.PowerOverride]).toBeUndefined();
  });
});
