// Real: the management cluster's API server with the project's CRDs (namespaces, Secrets, finalizers,
// namespace deletion by the controller manager), the operator in-process, and the
// @azure/arm-containerservice client over HTTPS. Simulated: Azure (the AKS simulator, no data plane).
// Proves every Azure cluster belongs to exactly one object for life: the ARM ID is recorded once, a
// cluster the object did not create or adopt is never written or deleted, an adopted cluster changes
// only in the fields the spec declares (counted and diffed in the simulator), a re-applied object
// re-attaches with no write, and a finalizer that cannot act says so and can be released.
import type * as Arm from '@azure/arm-containerservice';
import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { FAST_POLL, sdkClient } from '../../sim/testing/sdk-client.js';
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import {
  Objects,
  requestsFor,
  SUBSCRIPTION,
  WAIT_MS,
  writeOperations,
  writesFor,
} from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const world = useOperatorWorld();
const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000ab02';

/** `count` fresh namespaces and one operator watching them all. */
const env = (prefix: string, count = 1, options: Parameters<typeof world.startMany>[2] = {}) =>
  world.startMany(prefix, count, options);

function spec(rg: string, extra: Partial<ManagedClusterSpecInput> = {}): ManagedClusterSpecInput {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
    ...extra,
  };
}

const clusterId = (rg: string, name: string, subscription = SUBSCRIPTION): string =>
  `/subscriptions/${subscription}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;

async function azureCluster(
  rg: string,
  name: string,
  client = world.azure,
): Promise<Arm.ManagedCluster | undefined> {
  try {
    return await client.managedClusters.get(rg, name);
  } catch (err: unknown) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Creates a cluster as another tool would (through the SDK), with `body` over a minimal one. */
async function createOutside(
  rg: string,
  name: string,
  body: Partial<Arm.ManagedCluster> = {},
): Promise<void> {
  await world.azure.managedClusters.createOrUpdate(
    rg,
    name,
    {
      location: 'eastus',
      kubernetesVersion: '1.33',
      dnsPrefix: name,
      agentPoolProfiles: [{ name: 'nodepool1', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
      ...body,
    },
    FAST_POLL,
  );
}

/** The paths whose values differ between two bodies as Azure stores them (volatile fields left out). */
function changedPaths(before: unknown, after: unknown, at = ''): string[] {
  const volatile = new Set(['eTag', 'provisioningState', 'systemData', 'powerState', 'status']);
  if (before !== null && after !== null && typeof before === 'object' && typeof after === 'object') {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => !volatile.has(k))
      .flatMap((k) => changedPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [at];
}

describe('ownership of Azure clusters', () => {
  it('never takes over a cluster of its name that another tool created: AlreadyExists, no write, nothing deleted', async () => {
    const { namespaces, objects } = await env('own-exists');
    const [o] = objects as [Objects];
    const rg = `rg-${namespaces[0]!.name}`;
    await createOutside(rg, 'prod', { tags: { team: 'payments' } });
    await o.createCluster('prod', spec(rg, { tags: { team: 'platform' } }));
    const stalled = await o.waitForCondition('cluster', 'prod', { type: 'Stalled', reason: 'AlreadyExists' });
    expect(JSON.stringify(stalled.status)).toContain('spec.adoption');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect((await azureCluster(rg, 'prod'))?.tags).toEqual({ team: 'payments' });
    await o.delete('cluster', 'prod');
    await waitFor(() => o.isGone('cluster', 'prod'), { timeoutMs: WAIT_MS, message: 'the object to go' });
    expect(await azureCluster(rg, 'prod')).toBeDefined();
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });

  it('refuses a second object in another namespace that names an owned cluster, and deleting it deletes nothing', async () => {
    const { namespaces, objects } = await env('own-two', 2);
    const [a, b] = objects as [Objects, Objects];
    const rg = `rg-${namespaces[0]!.name}`;
    await a.createCluster('shared', spec(rg, { tags: { team: 'a' } }));
    await a.clusterReady('shared');
    await b.createCluster('shared', spec(rg, { tags: { team: 'b' } }));
    const refused = await b.waitForCondition('cluster', 'shared', {
      type: 'Stalled',
      reason: 'OwnedByAnotherObject',
    });
    expect(JSON.stringify(refused.status)).toContain(`ManagedCluster ${a.namespace}/shared`);
    await b.delete('cluster', 'shared');
    await waitFor(() => b.isGone('cluster', 'shared'), {
      timeoutMs: WAIT_MS,
      message: 'the second object to go',
    });
    const cluster = await azureCluster(rg, 'shared');
    expect(cluster?.tags).toMatchObject({
      team: 'a',
      'aks-lifecycle-owner': `ManagedCluster/${a.namespace}/shared`,
    });
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });

  it('lets only one of two objects racing for one Azure name create it; the other stalls', async () => {
    const { namespaces, objects } = await env('own-race', 2);
    const [a, b] = objects as [Objects, Objects];
    const rg = `rg-${namespaces[0]!.name}`;
    await Promise.all([a.createCluster('race', spec(rg)), b.createCluster('race', spec(rg))]);
    const outcome = async (o: Objects): Promise<string | undefined> => {
      const mc = await o.cluster('race');
      const c = mc.status?.conditions ?? [];
      if (c.some((x) => x.type === 'Ready' && x.status === 'True')) return 'Ready';
      return c.find((x) => x.type === 'Stalled' && x.status === 'True')?.reason;
    };
    const results = await waitFor(async () => [await outcome(a), await outcome(b)], {
      timeoutMs: WAIT_MS,
      message: 'one object Ready and one stalled',
      until: (r) => r.includes('Ready') && r.includes('OwnedByAnotherObject'),
    });
    expect(results.sort()).toEqual(['OwnedByAnotherObject', 'Ready']);
    // Every create was create-only: the second could not overwrite the first.
    expect(
      writesFor(world.sim, rg)
        .filter((w) => w.operation === 'managedClusters.createOrUpdate')
        .every((w) => w.precondition === 'if-none-match'),
    ).toBe(true);
    expect(
      writeOperations(world.sim, rg).filter((w) => w === 'managedClusters.createOrUpdate').length,
    ).toBeLessThanOrEqual(2);
    expect(
      requestsFor(world.sim, rg).filter(
        (e) => e.operation === 'managedClusters.createOrUpdate' && e.status === 201,
      ),
    ).toHaveLength(1);
  });

  it('adopts a cluster unlike every default with no write, then changes only the one field declared', async () => {
    const { namespaces, objects } = await env('own-adopt');
    const [o] = objects as [Objects];
    const rg = `rg-${namespaces[0]!.name}`;
    await createOutside(rg, 'legacy', {
      sku: { name: 'Base', tier: 'Standard' },
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' },
      networkProfile: { networkPlugin: 'kubenet', loadBalancerSku: 'standard' },
      tags: { team: 'payments', costCenter: '42' },
      agentPoolProfiles: [
        { name: 'sys', mode: 'System', count: 2, vmSize: 'Standard_D4s_v3' },
        { name: 'apps', mode: 'User', count: 3, vmSize: 'Standard_D8s_v3' },
      ],
    });
    const before = await azureCluster(rg, 'legacy');
    await o.createCluster('legacy', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      adoption: { resourceID: clusterId(rg, 'legacy') },
    });
    const ready = await o.clusterReady('legacy');
    expect(ready.status?.deletionPolicy).toBe('Orphan');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect(changedPaths(before, await azureCluster(rg, 'legacy'))).toEqual([]);

    await o.patch('cluster', 'legacy', { spec: { sku: { tier: 'Premium' } } });
    const after = await waitFor(() => azureCluster(rg, 'legacy'), {
      timeoutMs: WAIT_MS,
      message: 'the declared tier in Azure',
      until: (c) => c?.sku?.tier === 'Premium' && c.provisioningState === 'Succeeded',
    });
    await o.clusterReady('legacy');
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.createOrUpdate',
    ]);
    // The update was conditional on the ETag the operator had just read.
    expect(writesFor(world.sim, rg).map((w) => w.precondition)).toEqual([undefined, 'if-match']);
    // The one field declared, and the owner tags that record the adoption in Azure.
    expect(changedPaths(before, after).sort()).toEqual([
      'sku.tier',
      'tags.aks-lifecycle-owner',
      'tags.aks-lifecycle-owner-uid',
    ]);

    await o.delete('cluster', 'legacy');
    await waitFor(() => o.isGone('cluster', 'legacy'), { timeoutMs: WAIT_MS, message: 'the object to go' });
    expect(await azureCluster(rg, 'legacy')).toBeDefined();
  });

  it('re-attaches a re-applied object to the cluster it owned with no Azure write', async () => {
    const { namespaces, objects } = await env('own-reattach');
    const [o] = objects as [Objects];
    const rg = `rg-${namespaces[0]!.name}`;
    await o.createCluster('c1', spec(rg, { deletionPolicy: 'Orphan', tags: { team: 'a' } }));
    const first = await o.clusterReady('c1');
    await o.delete('cluster', 'c1');
    await waitFor(() => o.isGone('cluster', 'c1'), { timeoutMs: WAIT_MS, message: 'the object to go' });
    const writes = writeOperations(world.sim, rg).length;
    // The same manifest applied again (a restore, or a new management cluster): a new UID, no annotation.
    await o.createCluster('c1', spec(rg, { deletionPolicy: 'Orphan', tags: { team: 'a' } }));
    const again = await o.clusterReady('c1');
    expect(again.metadata.uid).not.toBe(first.metadata.uid);
    expect(again.status?.azureResourceID).toBe(first.status?.azureResourceID);
    expect(writeOperations(world.sim, rg)).toHaveLength(writes);
  });

  it('never re-targets when the credential pins another subscription: stalls, and deletes only the recorded cluster', async () => {
    const { namespaces, objects } = await env('own-pin', 1, {
      access: { namespaceSecretName: 'azure-credentials' },
    });
    const [o] = objects as [Objects];
    const ns = namespaces[0]!.name;
    const rg = `rg-${ns}`;
    const core = managementKubeConfig().makeApiClient(CoreV1Api);
    const secret = (subscriptionId: string) => ({
      metadata: { name: 'azure-credentials' },
      stringData: { tenantId: 't', clientId: 'c', clientSecret: 's', subscriptionId },
    });
    await core.createNamespacedSecret({ namespace: ns, body: secret(SUBSCRIPTION) });
    const { subscriptionId: _omitted, ...unpinned } = spec(rg);
    await o.createCluster('c1', unpinned);
    await o.clusterReady('c1');
    await core.replaceNamespacedSecret({
      name: 'azure-credentials',
      namespace: ns,
      body: secret(OTHER_SUBSCRIPTION),
    });
    // The Secret is read at the next reconcile: a spec change brings one at once.
    await o.patch('cluster', 'c1', { spec: { tags: { nudge: '1' } } });
    await o.waitForCondition('cluster', 'c1', { type: 'Stalled', reason: 'ResourceIDChanged' });
    const other = sdkClient(world.sim, { subscriptionId: OTHER_SUBSCRIPTION }).client;
    expect(await azureCluster(rg, 'c1', other)).toBeUndefined();

    await o.delete('cluster', 'c1');
    await o.waitForCondition('cluster', 'c1', { type: 'Stalled', reason: 'FinalizerBlocked' });
    await core.replaceNamespacedSecret({
      name: 'azure-credentials',
      namespace: ns,
      body: secret(SUBSCRIPTION),
    });
    await o.patch('cluster', 'c1', { metadata: { annotations: { nudge: '1' } } });
    await waitFor(() => o.isGone('cluster', 'c1'), { timeoutMs: WAIT_MS, message: 'the object to go' });
    expect(await azureCluster(rg, 'c1')).toBeUndefined();
    expect(writeOperations(world.sim, rg).filter((w) => w.endsWith('.delete'))).toEqual([
      'managedClusters.delete',
    ]);
  });

  it('says why a finalizer whose credential went with its namespace cannot act, and lets go on the release annotation', async () => {
    const { namespaces, objects, operator } = await env('own-nsdel');
    const [o] = objects as [Objects];
    const ns = namespaces[0]!.name;
    const rg = `rg-${ns}`;
    const core = managementKubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name: 'team-creds' },
        stringData: { tenantId: 't', clientId: 'c', clientSecret: 's' },
      },
    });
    await o.createCluster('c1', spec(rg, { credentialRef: { name: 'team-creds' } }));
    await o.clusterReady('c1');
    // The namespace controller deletes the Secret and the object in no fixed order: with the operator
    // down until the Secret is gone, the finalizer meets the case where the credential went first.
    await operator.kill();
    await namespaces[0]!.delete();
    await waitFor(
      () =>
        core.readNamespacedSecret({ name: 'team-creds', namespace: ns }).then(
          () => false,
          () => true,
        ),
      { timeoutMs: WAIT_MS, message: 'the Secret to go with its namespace' },
    );
    await operator.start();
    const blocked = await o.waitForCondition('cluster', 'c1', {
      type: 'Stalled',
      reason: 'FinalizerBlocked',
    });
    expect(JSON.stringify(blocked.status)).toContain('aks.lifecycle.dev/release');
    await o.patch('cluster', 'c1', { metadata: { annotations: { 'aks.lifecycle.dev/release': 'true' } } });
    await waitFor(() => o.isGone('cluster', 'c1'), {
      timeoutMs: WAIT_MS,
      message: 'the released object to go',
    });
    expect(await azureCluster(rg, 'c1')).toBeDefined();
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });

  it("treats an old CRD default that a server-side apply never declared as Azure's: no write to an adopted cluster", async () => {
    const { namespaces, objects } = await env('own-olddefaults');
    const [o] = objects as [Objects];
    const ns = namespaces[0]!.name;
    const rg = `rg-${ns}`;
    await createOutside(rg, 'legacy', {
      sku: { name: 'Base', tier: 'Standard' },
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' },
    });
    const manifest = {
      apiVersion: 'aks.lifecycle.dev/v1alpha1',
      kind: 'ManagedCluster',
      metadata: { name: 'legacy', namespace: ns },
      spec: {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        location: 'eastus',
        kubernetesVersion: '1.33',
        adoption: { resourceID: clusterId(rg, 'legacy') },
      },
    };
    // As stored by the CRDs of before: the old defaults, written by the API server's defaulting into the
    // object a GitOps tool applies with server-side apply (which owns only what its manifest says).
    const stored = {
      ...manifest,
      spec: {
        ...manifest.spec,
        sku: { tier: 'Free' },
        autoUpgradeProfile: { upgradeChannel: 'none', nodeOSUpgradeChannel: 'NodeImage' },
        powerState: 'Running',
        driftPolicy: 'Revert',
        deletionPolicy: 'Delete',
      },
    };
    const api = o.api;
    const kind = {
      group: 'aks.lifecycle.dev',
      version: 'v1alpha1',
      plural: 'managedclusters',
      namespace: ns,
    };
    await api.createNamespacedCustomObject({ ...kind, body: stored, fieldManager: 'before-upgrade' });
    await api.patchNamespacedCustomObject(
      { ...kind, name: 'legacy', body: manifest, fieldManager: 'flux', force: true },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    const ready = await o.clusterReady('legacy');
    expect(ready.spec.sku).toEqual({ tier: 'Free' });
    expect(ready.status?.deletionPolicy).toBe('Orphan');
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    const cluster = await azureCluster(rg, 'legacy');
    expect(cluster?.sku?.tier).toBe('Standard');
    expect(cluster?.autoUpgradeProfile?.upgradeChannel).toBe('stable');
  });
});
