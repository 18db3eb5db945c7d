// Real: the management cluster's API server with the project's CRDs, the operator in-process (informers,
// finalizers, status writes, events) and the @azure/arm-containerservice client over HTTPS. Simulated:
// Azure (the AKS simulator in-process, no data plane). Proves a ManagedCluster is created with one PUT and
// becomes Ready, a killed operator resumes a create without a second PUT, power follows the spec, drift
// made through the SDK is reverted or only reported, an existing cluster is adopted with zero writes, and
// deletion honours both policies.
import type * as Arm from '@azure/arm-containerservice';
import { CoreV1Api } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import { FAST_POLL, sdkClient } from '../../sim/testing/sdk-client.js';
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  requestsFor,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
  writeOperations,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
});

afterAll(async () => {
  await sim?.close();
});

interface Env {
  ns: TestNamespace;
  objects: Objects;
  operator: TestOperator;
  rg: string;
}

const envs: Env[] = [];

async function env(
  prefix: string,
  options: Partial<ConstructorParameters<typeof TestOperator>[0]> = {},
): Promise<Env> {
  const ns = await createTestNamespace(managementKubeConfig(), prefix);
  const operator = new TestOperator({ sim, namespaces: [ns.name], ...options });
  const e = { ns, objects: new Objects(ns.name), operator, rg: `rg-${ns.name}` };
  envs.push(e);
  await operator.start();
  return e;
}

afterEach(async () => {
  for (const e of envs.splice(0)) {
    await e.operator.stop();
    await e.objects.releaseAll();
    await e.ns.delete();
  }
});

function clusterSpec(rg: string, extra: Partial<ManagedClusterSpecInput> = {}): ManagedClusterSpecInput {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    systemPool: { vmSize: 'Standard_D4s_v3', count: 2 },
    ...extra,
  };
}

async function azureCluster(rg: string, name: string): Promise<Arm.ManagedCluster | undefined> {
  try {
    return await azure.managedClusters.get(rg, name);
  } catch (err: unknown) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

describe('ManagedCluster lifecycle', () => {
  it('creates the cluster with one PUT and reports it Ready with what Azure has', async () => {
    const { objects, rg } = await env('mc-create');
    await objects.createCluster('c1', clusterSpec(rg, { tags: { team: 'a' } }));
    const mc = await objects.clusterReady('c1');
    expect(mc.status).toMatchObject({
      provisioningState: 'Succeeded',
      powerState: 'Running',
      currentKubernetesVersion: expect.stringMatching(/^1\.33\.\d+$/),
      fqdn: expect.any(String),
      nodeResourceGroup: `MC_${rg}_c1_eastus`,
      lastOperation: { type: 'Create', result: 'Succeeded', generation: 1 },
    });
    expect(mc.status?.availableUpgrades).toEqual(expect.arrayContaining([expect.stringMatching(/^1\.34/)]));
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect(await objects.eventReasons('c1', 'Normal')).toEqual(
      expect.arrayContaining(['CreateStarted', 'CreateSucceeded']),
    );
    const metrics = (await envs[0]?.operator.current.metrics.text()) ?? '';
    expect(metrics).toMatch(
      /aks_lifecycle_azure_calls_total\{operation="managedClusters.put",result="ok"\} 1/,
    );
    // The one read of the cluster came before creating it; the finished create's own read is the poll's.
    expect(metrics).toMatch(
      /aks_lifecycle_azure_calls_total\{operation="managedClusters.get",result="not_found"\} 1/,
    );
    expect(metrics).toMatch(/aks_lifecycle_azure_calls_total\{operation="operations.poll",result="ok"\} \d+/);
  });

  it("acts in the subscription of the namespace's credential Secret and nowhere else", async () => {
    const team = '00000000-0000-0000-0000-000000007ea1';
    const { ns, objects, rg } = await env('mc-creds', {
      access: { namespaceSecretName: 'azure-credentials' },
    });
    await managementKubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({
        namespace: ns.name,
        body: {
          metadata: { name: 'azure-credentials' },
          stringData: { tenantId: 't', clientId: 'c', clientSecret: 'team-secret', subscriptionId: team },
        },
      });
    const { subscriptionId: _unused, ...spec } = clusterSpec(rg);
    await objects.createCluster('mine', spec);
    const mc = await objects.clusterReady('mine');
    expect(mc.status?.azureResourceID?.toLowerCase()).toContain(`/subscriptions/${team}/`);
    await objects.createCluster('theirs', clusterSpec(`${rg}-x`, { subscriptionId: SUBSCRIPTION }));
    const refused = await objects.waitForCondition('cluster', 'theirs', {
      type: 'Stalled',
      reason: 'SubscriptionNotAllowed',
    });
    expect(JSON.stringify(refused.status)).not.toContain('team-secret');
    expect(requestsFor(sim, `${rg}-x`)).toEqual([]);
  });

  it('resumes after being killed mid-create with exactly one create call', async () => {
    const { objects, operator, rg } = await env('mc-kill');
    const durations = sim.context.durations;
    const normal = durations.clusterCreate;
    // About 2 s of real time, so the kill lands while Azure is still creating.
    durations.clusterCreate = 10_000_000;
    try {
      await objects.createCluster('c1', clusterSpec(rg));
      await waitFor(() => writeOperations(sim, rg).length, {
        timeoutMs: WAIT_MS,
        message: 'the create PUT to reach Azure',
      });
      await operator.kill();
      expect((await azureCluster(rg, 'c1'))?.provisioningState).toBe('Creating');
      await operator.start();
      await objects.clusterReady('c1');
    } finally {
      durations.clusterCreate = normal;
    }
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect(operator.startCount).toBe(2);
  });

  it('stops and starts the cluster as spec.powerState says', async () => {
    const { objects, rg } = await env('mc-power');
    await objects.createCluster('c1', clusterSpec(rg));
    await objects.clusterReady('c1');
    await objects.patch('cluster', 'c1', { spec: { powerState: 'Stopped' } });
    // Stopped as asked meets the spec: Ready, and Running False.
    const stopped = await objects.waitForCondition('cluster', 'c1', {
      type: 'Ready',
      status: 'True',
      reason: 'ClusterStopped',
    });
    expect(stopped.status?.powerState).toBe('Stopped');
    expect(stopped.status?.conditions?.find((c) => c.type === 'Running')).toMatchObject({
      status: 'False',
      reason: 'ClusterStopped',
    });
    expect((await azureCluster(rg, 'c1'))?.powerState?.code).toBe('Stopped');
    await objects.patch('cluster', 'c1', { spec: { powerState: 'Running' } });
    const running = await objects.clusterReady('c1');
    expect(running.status?.powerState).toBe('Running');
    expect(running.status?.conditions?.find((c) => c.type === 'Running')).toMatchObject({
      status: 'True',
      reason: 'ClusterRunning',
    });
    expect(writeOperations(sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.stop',
      'managedClusters.start',
    ]);
  });

  it('reverts tags changed through the SDK and reports the drift', async () => {
    // Drift is found when the operator looks again: on the informer's resync, here every second.
    const { objects, rg } = await env('mc-drift', { resyncPeriodMs: 1000 });
    await objects.createCluster('c1', clusterSpec(rg, { tags: { team: 'a', cost: 'x' } }));
    await objects.clusterReady('c1');
    await azure.managedClusters.updateTags(rg, 'c1', { tags: { team: 'portal' } }, FAST_POLL);
    await waitFor(() => azureCluster(rg, 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the tags to be put back',
      until: (c) => c?.tags?.team === 'a' && c.tags.cost === 'x',
    });
    // Azure can finish the revert before the cluster's status records it, and DriftDetected was NoDrift
    // before the change too: wait for the revert's own record.
    const mc = await objects.waitForCluster(
      'c1',
      'the revert recorded as an Update that succeeded',
      (c) => c.status?.lastOperation?.type === 'Update' && c.status.lastOperation.result === 'Succeeded',
    );
    expect(mc.status?.conditions?.find((c) => c.type === 'DriftDetected')).toMatchObject({
      status: 'False',
      reason: 'NoDrift',
    });
    expect(await objects.eventReasons('c1', 'Warning')).toContain('DriftFound');
    expect(writeOperations(sim, rg).filter((op) => op === 'managedClusters.updateTags')).toHaveLength(2);
  });

  it('only reports drift when the drift-policy annotation says Report', async () => {
    const { objects, rg } = await env('mc-report', { resyncPeriodMs: 1000 });
    await objects.createCluster('c1', clusterSpec(rg, { tags: { team: 'a' } }), {
      annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' },
    });
    await objects.clusterReady('c1');
    await azure.managedClusters.updateTags(rg, 'c1', { tags: { team: 'portal' } }, FAST_POLL);
    const mc = await objects.waitForCondition('cluster', 'c1', {
      type: 'DriftDetected',
      status: 'True',
      reason: 'DriftFound',
    });
    expect(mc.status?.drift).toEqual(['spec.tags']);
    expect((await azureCluster(rg, 'c1'))?.tags).toEqual({ team: 'portal' });
    expect(await objects.eventReasons('c1', 'Warning')).toContain('DriftFound');
    expect(writeOperations(sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.updateTags',
    ]);
  });

  it('adopts a cluster created through the SDK without any write, then writes once the spec differs', async () => {
    const { objects, rg } = await env('mc-adopt');
    await azure.managedClusters.createOrUpdate(
      rg,
      'legacy',
      {
        location: 'eastus',
        kubernetesVersion: '1.33',
        dnsPrefix: 'legacy',
        tags: { owner: 'ops' },
        agentPoolProfiles: [{ name: 'nodepool1', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3' }],
      },
      FAST_POLL,
    );
    const before = requestsFor(sim, rg).length;
    const resourceID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/legacy`;
    await objects.createCluster('legacy', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      adoption: { resourceID },
      tags: { owner: 'ops' },
    });
    const mc = await objects.clusterReady('legacy');
    expect(mc.status).toMatchObject({
      azureResourceID: expect.stringMatching(/legacy$/),
      provisioningState: 'Succeeded',
    });
    expect(getReason(mc)).toBe('Adopted');
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect(requestsFor(sim, rg).length).toBeGreaterThan(before);
    await objects.patch('cluster', 'legacy', { spec: { tags: { owner: 'ops', managed: 'yes' } } });
    await waitFor(() => azureCluster(rg, 'legacy'), {
      timeoutMs: WAIT_MS,
      message: 'the new tag in Azure',
      until: (c) => c?.tags?.managed === 'yes',
    });
    expect(writeOperations(sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.updateTags',
    ]);
  });

  it('deletes the Azure cluster with deletionPolicy Delete and only then lets the object go', async () => {
    const { objects, rg } = await env('mc-delete');
    await objects.createCluster('c1', clusterSpec(rg));
    await objects.clusterReady('c1');
    await objects.delete('cluster', 'c1');
    await waitFor(() => objects.isGone('cluster', 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the ManagedCluster to be gone',
    });
    expect(await azureCluster(rg, 'c1')).toBeUndefined();
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate', 'managedClusters.delete']);
  });

  it('leaves the Azure cluster in place with deletionPolicy Orphan', async () => {
    const { objects, rg } = await env('mc-orphan');
    await objects.createCluster('c1', clusterSpec(rg, { deletionPolicy: 'Orphan' }));
    await objects.clusterReady('c1');
    await objects.delete('cluster', 'c1');
    await waitFor(() => objects.isGone('cluster', 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the ManagedCluster to be gone',
    });
    expect((await azureCluster(rg, 'c1'))?.provisioningState).toBe('Succeeded');
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});

function getReason(mc: { status?: { conditions?: { type: string; reason: string }[] } }): string | undefined {
  return mc.status?.conditions?.find((c) => c.type === 'Ready')?.reason;
}
