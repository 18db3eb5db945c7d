// Real: the management cluster's API server with the project's CRDs, the NodePoolSnapshot controller
// (informers, finalizer, status writer, events) in-process, the @azure/arm-containerservice client over
// HTTPS. Simulated: Azure (the AKS simulator, in-process); the Azure cluster is created through the SDK
// directly and the ManagedCluster/NodePool statuses are written as their controllers would. Proves a
// snapshot captures what Azure holds, a wrong region is refused before any Azure call, a tag change is one
// PATCH, steady state writes nothing, and both deletion policies.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type * as Arm from '@azure/arm-containerservice';
import { createTlsMaterial, startSimulator, type RequestLogEntry, type Simulator } from '../../sim/index.js';
import { FAST_POLL, sdkClient } from '../../sim/testing/sdk-client.js';
import {
  API_VERSION,
  GROUP,
  Kind,
  Plural,
  VERSION,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
  NodePoolReason,
  NodePoolSnapshotReason,
  type NodePoolSnapshotSpecInput,
} from '../../src/api/index.js';
import { agentPoolId, ArmClientFactory, createAzureArm, managedClusterId } from '../../src/azure/index.js';
import { createNodePoolSnapshotController } from '../../src/controllers/node-pool-snapshot/index.js';
import {
  AzureAccessResolver,
  EVERY_NAMESPACE,
  createAksControllers,
  kubeSecretReader,
  type ControllerContext,
} from '../../src/controllers/index.js';
import {
  CustomObjectClient,
  getCondition,
  Informer,
  isNotFound,
  KubeEventRecorder,
  kubeEventSink,
  kubeListWatch,
  Manager,
  realClock,
  silentLogger,
  StatusWriter,
  type Condition,
  type KubeObject,
} from '../../src/runtime/index.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const SUB = '00000000-0000-0000-0000-0000000000c5';
const RG = 'rg-snapshots';
const LOCATION = 'eastus';
/** 1 simulated minute ≈ 12 real milliseconds. */
const TIME_SCALE = 0.0002;
const WAIT_MS = 30_000;
const RESYNC_MS = 300;

let kc: KubeConfig;
let api: CustomObjectsApi;
let sim: Simulator;
let azure: Arm.ContainerServiceClient;

beforeAll(async () => {
  kc = managementKubeConfig();
  api = kc.makeApiClient(CustomObjectsApi);
  await applyCrds(kc);
  sim = await startSimulator({ timeScale: TIME_SCALE, tls: createTlsMaterial() });
  azure = sdkClient(sim, { subscriptionId: SUB }).client;
});

afterAll(async () => {
  await sim?.close();
});

/** One namespace, one controller and one Azure cluster per test. */
interface Env {
  ns: TestNamespace;
  manager: Manager;
  clusterName: string;
  poolId: string;
}
let env: Env | undefined;

afterEach(async () => {
  if (!env) return;
  const { ns, manager } = env;
  env = undefined;
  await manager.stop();
  // Leftover finalizers would keep the namespace terminating forever once no controller runs.
  for (const plural of [Plural.NodePoolSnapshot, Plural.NodePool, Plural.ManagedCluster]) {
    const list = (await api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns.name,
      plural,
    })) as {
      items: KubeObject[];
    };
    for (const o of list.items) {
      await patch(ns.name, plural, o.metadata?.name ?? '', { metadata: { finalizers: null } }).catch(
        ignoreNotFound,
      );
    }
  }
  await ns.delete();
});

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

/**
 * A namespace and a running snapshot controller. Without `withAksControllers` the Azure cluster (pools
 * system and user1) is created through the SDK; with it, the ManagedCluster and NodePool controllers run
 * too and the test creates the cluster through them.
 */
async function startEnv(prefix: string, options: { withAksControllers?: boolean } = {}): Promise<Env> {
  const ns = await createTestNamespace(kc, prefix);
  const clusterName = ns.name.slice(0, 40);
  if (!options.withAksControllers) {
    await azure.managedClusters.createOrUpdate(
      RG,
      clusterName,
      {
        location: LOCATION,
        dnsPrefix: 'snap',
        agentPoolProfiles: [
          { name: 'system', count: 1, vmSize: 'Standard_D4s_v3', mode: 'System' },
          { name: 'user1', count: 2, vmSize: 'Standard_D8s_v3', mode: 'User' },
        ],
      },
      FAST_POLL,
    );
  }
  const manager = startControllers(ns.name, options.withAksControllers ?? false);
  env = { ns, manager, clusterName, poolId: agentPoolId(managedClusterId(SUB, RG, clusterName), 'user1') };
  await manager.start();
  return env;
}

function startControllers(namespace: string, withAksControllers: boolean): Manager {
  const informer = <T extends KubeObject>(plural: string) =>
    new Informer<T>({
      name: plural,
      source: kubeListWatch<T>(kc, { group: GROUP, version: VERSION, plural, namespace }),
      resyncPeriodMs: RESYNC_MS,
    });
  const objects = new CustomObjectClient(kc, {
    group: GROUP,
    version: VERSION,
    plural: Plural.NodePoolSnapshot,
  });
  const factory = new ArmClientFactory({
    endpoint: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
    maxRetries: 0,
  });
  const ctx: ControllerContext = {
    clock: realClock,
    logger: silentLogger,
    events: new KubeEventRecorder({ sink: kubeEventSink(kc), component: 'aks-lifecycle-operator' }),
    access: new AzureAccessResolver(kubeSecretReader(kc), {
      defaultSubscriptionId: SUB,
      operatorIdentityNamespaces: [EVERY_NAMESPACE],
    }),
    azure: (access) => createAzureArm({ factory, identity: access.identity, pollIntervalMs: 50 }),
    pollIntervalMs: 150,
  };
  const manager = new Manager({ logger: silentLogger, shutdownTimeoutMs: 0 });
  manager.add(
    createNodePoolSnapshotController({
      ctx,
      snapshots: informer<NodePoolSnapshot>(Plural.NodePoolSnapshot),
      pools: informer<NodePool>(Plural.NodePool),
      clusters: informer<ManagedCluster>(Plural.ManagedCluster),
      objects,
      statusWriter: new StatusWriter(objects),
    }),
  );
  if (withAksControllers) {
    const aks = createAksControllers({ kubeConfig: kc, ctx, namespace, resyncPeriodMs: RESYNC_MS });
    manager.add(aks.managedClusters).add(aks.nodePools);
  }
  return manager;
}

// --- Kubernetes objects -------------------------------------------------------------------------

function patch(
  namespace: string,
  plural: string,
  name: string,
  body: unknown,
  status = false,
): Promise<unknown> {
  const p = { group: GROUP, version: VERSION, namespace, plural, name, body };
  const opts = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return status ? api.patchNamespacedCustomObjectStatus(p, opts) : api.patchNamespacedCustomObject(p, opts);
}

const readyCondition = (status: 'True' | 'False', reason: string, type = 'Ready'): Condition => ({
  type,
  status,
  reason,
  message: '',
  lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  observedGeneration: 1,
});

/** The ManagedCluster and NodePool objects of the Azure cluster, with the statuses their controllers write. */
async function createClusterObjects(e: Env, options: { isPoolReady: boolean }): Promise<void> {
  const namespace = e.ns.name;
  await api.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace,
    plural: Plural.ManagedCluster,
    body: {
      apiVersion: API_VERSION,
      kind: Kind.ManagedCluster,
      metadata: { name: 'c1' },
      spec: {
        subscriptionId: SUB,
        resourceGroup: RG,
        location: LOCATION,
        azureName: e.clusterName,
        kubernetesVersion: '1.33',
        systemPool: { vmSize: 'Standard_D4s_v3' },
      },
    },
  });
  const cluster = await azure.managedClusters.get(RG, e.clusterName);
  await patch(
    namespace,
    Plural.ManagedCluster,
    'c1',
    {
      status: {
        azureResourceID: cluster.id,
        currentKubernetesVersion: cluster.currentKubernetesVersion,
        provisioningState: 'Succeeded',
      },
    },
    true,
  );
  await api.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace,
    plural: Plural.NodePool,
    body: {
      apiVersion: API_VERSION,
      kind: Kind.NodePool,
      metadata: { name: 'user1' },
      spec: { clusterRef: { name: 'c1' }, vmSize: 'Standard_D8s_v3', count: 2 },
    },
  });
  await setPoolReady(e, options.isPoolReady);
}

/** The pool's status as its controller writes it: Ready and Running, not yet created, or stopped as asked. */
async function setPoolReady(e: Env, isReady: boolean, options: { isStopped?: boolean } = {}): Promise<void> {
  const recorded = { azureResourceID: e.poolId, activePoolName: 'user1' };
  const status = options.isStopped
    ? {
        conditions: [
          readyCondition('True', 'PoolStopped'),
          readyCondition('False', 'PoolStopped', 'Running'),
        ],
        ...recorded,
      }
    : isReady
      ? {
          conditions: [readyCondition('True', 'UpToDate'), readyCondition('True', 'PoolRunning', 'Running')],
          ...recorded,
        }
      : {
          conditions: [
            readyCondition('False', 'Creating'),
            readyCondition('False', 'NotProvisioned', 'Running'),
          ],
        };
  await patch(e.ns.name, Plural.NodePool, 'user1', { status }, true);
}

async function createSnapshot(e: Env, name: string, spec: NodePoolSnapshotSpecInput): Promise<void> {
  await api.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: e.ns.name,
    plural: Plural.NodePoolSnapshot,
    body: { apiVersion: API_VERSION, kind: Kind.NodePoolSnapshot, metadata: { name }, spec },
  });
}

function readSnapshot(e: Env, name: string): Promise<NodePoolSnapshot> {
  return api.getNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: e.ns.name,
    plural: Plural.NodePoolSnapshot,
    name,
  }) as Promise<NodePoolSnapshot>;
}

/** Waits until the snapshot's `type` condition has `status`, at the object's generation, and returns the object. */
function waitForCondition(
  e: Env,
  name: string,
  type: string,
  status: 'True' | 'False' = 'True',
): Promise<NodePoolSnapshot> {
  return waitFor(() => readSnapshot(e, name), {
    timeoutMs: WAIT_MS,
    message: `NodePoolSnapshot ${name} to have ${type}=${status} at its generation`,
    until: (s) => {
      const c = getCondition(s.status?.conditions, type);
      return c?.status === status && c.observedGeneration === s.metadata.generation;
    },
  });
}

// --- Azure side -------------------------------------------------------------------------------------

/** What the simulator received for one snapshot, by operation (`snapshots.createOrUpdate`, ...). */
function callsFor(name: string): RequestLogEntry[] {
  return sim.log.recent().filter((r) => r.path.toLowerCase().endsWith(`/snapshots/${name.toLowerCase()}`));
}
const count = (name: string, operation: string): number =>
  callsFor(name).filter((r) => r.operation === operation).length;
const WRITES = ['snapshots.createOrUpdate', 'snapshots.updateTags', 'snapshots.delete'];

async function azureSnapshot(name: string): Promise<Arm.Snapshot | undefined> {
  try {
    return await azure.snapshots.get(RG, name);
  } catch (err: unknown) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

// --- Tests ------------------------------------------------------------------------------------------

describe('NodePoolSnapshot controller against the simulator', () => {
  it('snapshots a Ready NodePool and captures what Azure holds', async () => {
    const e = await startEnv('snap-capture');
    await createClusterObjects(e, { isPoolReady: true });
    await createSnapshot(e, 'capture', { nodePoolRef: { name: 'user1' }, tags: { env: 'staging' } });

    const snap = await waitForCondition(e, 'capture', 'Ready');
    const pool = await azure.agentPools.get(RG, e.clusterName, 'user1');
    const inAzure = await azureSnapshot('capture');
    expect(inAzure).toMatchObject({
      location: LOCATION,
      tags: { env: 'staging' },
      creationData: { sourceResourceId: e.poolId },
    });
    expect(snap.status).toMatchObject({
      azureResourceID: inAzure?.id,
      sourceResourceID: e.poolId,
      kubernetesVersion: pool.currentOrchestratorVersion,
      nodeImageVersion: pool.nodeImageVersion,
      vmSize: 'Standard_D8s_v3',
      osType: 'Linux',
      osSku: pool.osSKU ?? 'Ubuntu',
      enableFIPS: false,
      observedGeneration: 1,
    });
    expect(snap.metadata.finalizers).toContain(`${GROUP}/finalizer`);
    expect(count('capture', 'snapshots.createOrUpdate')).toBe(1);
  });

  it('waits while the NodePool is not Ready, then while it is stopped as asked (Ready, not Running), and takes the snapshot once it runs', async () => {
    const e = await startEnv('snap-wait');
    await createClusterObjects(e, { isPoolReady: false });
    await createSnapshot(e, 'waiting', { nodePoolRef: { name: 'user1' } });

    const waiting = await waitForCondition(e, 'waiting', 'Reconciling');
    expect(getCondition(waiting.status?.conditions, 'Reconciling')?.reason).toBe(
      NodePoolSnapshotReason.WaitingForNodePool,
    );
    expect(callsFor('waiting')).toEqual([]);

    await setPoolReady(e, true, { isStopped: true });
    const stopped = await waitFor(() => readSnapshot(e, 'waiting'), {
      timeoutMs: WAIT_MS,
      message: 'NodePoolSnapshot waiting to wait for its stopped pool to run',
      until: (snap) =>
        /does not run/.test(getCondition(snap.status?.conditions, 'Reconciling')?.message ?? ''),
    });
    expect(getCondition(stopped.status?.conditions, 'Reconciling')).toMatchObject({
      status: 'True',
      reason: NodePoolSnapshotReason.WaitingForNodePool,
      message: expect.stringMatching(/NodePool user1 does not run \(PoolStopped\)/),
    });
    expect(callsFor('waiting')).toEqual([]);

    await setPoolReady(e, true);
    await waitForCondition(e, 'waiting', 'Ready');
    expect(count('waiting', 'snapshots.createOrUpdate')).toBe(1);
  });

  it("refuses a region other than the cluster's before any Azure call", async () => {
    const e = await startEnv('snap-region');
    await createClusterObjects(e, { isPoolReady: true });
    await createSnapshot(e, 'elsewhere', { nodePoolRef: { name: 'user1' }, location: 'westus' });

    const stalled = await waitForCondition(e, 'elsewhere', 'Stalled');
    expect(getCondition(stalled.status?.conditions, 'Stalled')?.reason).toBe(
      NodePoolSnapshotReason.LocationMismatch,
    );
    expect(getCondition(stalled.status?.conditions, 'Ready')?.status).toBe('False');
    expect(callsFor('elsewhere')).toEqual([]);
    expect(await azureSnapshot('elsewhere')).toBeUndefined();
  });

  it('replaces the tags with one PATCH when spec.tags changes', async () => {
    const e = await startEnv('snap-tags');
    await createClusterObjects(e, { isPoolReady: true });
    await createSnapshot(e, 'tagged', {
      nodePoolRef: { name: 'user1' },
      tags: { env: 'staging', owner: 'team-a' },
    });
    await waitForCondition(e, 'tagged', 'Ready');

    // A merge patch merges maps: null removes the key from the spec.
    await patch(e.ns.name, Plural.NodePoolSnapshot, 'tagged', {
      spec: { tags: { env: 'prod', owner: null } },
    });
    const snap = await waitFor(() => readSnapshot(e, 'tagged'), {
      timeoutMs: WAIT_MS,
      message: 'the tag change to be applied (Ready at generation 2)',
      until: (s) =>
        s.metadata.generation === 2 && getCondition(s.status?.conditions, 'Ready')?.observedGeneration === 2,
    });
    expect(getCondition(snap.status?.conditions, 'Ready')?.status).toBe('True');
    expect((await azureSnapshot('tagged'))?.tags).toEqual({
      env: 'prod',
      'aks-lifecycle-owner': `NodePoolSnapshot/${e.ns.name}/tagged`,
      'aks-lifecycle-owner-uid': snap.metadata.uid,
    });
    expect(count('tagged', 'snapshots.updateTags')).toBe(1);
    expect(count('tagged', 'snapshots.createOrUpdate')).toBe(1);
  });

  it('reads once per resync and writes nothing in steady state', async () => {
    const e = await startEnv('snap-steady');
    await createClusterObjects(e, { isPoolReady: true });
    await createSnapshot(e, 'steady', { nodePoolRef: { name: 'user1' } });
    // Ready is written after the PUT; the object's next version is the steady one.
    await waitForCondition(e, 'steady', 'Ready');
    const reads = await waitFor(() => count('steady', 'snapshots.get'), {
      timeoutMs: WAIT_MS,
      message: 'a read after Ready',
      until: (n) => n >= 2,
    });
    const settled = await readSnapshot(e, 'steady');
    const writesBefore = callsFor('steady').filter((r) => WRITES.includes(r.operation)).length;

    await waitFor(() => count('steady', 'snapshots.get'), {
      timeoutMs: WAIT_MS,
      message: 'three more resyncs',
      until: (n) => n >= reads + 3,
    });
    expect(callsFor('steady').filter((r) => WRITES.includes(r.operation)).length).toBe(writesBefore);
    expect(writesBefore).toBe(1);
    expect((await readSnapshot(e, 'steady')).metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
  });

  it.each([
    ['Delete', 'deletes the Azure snapshot', false],
    ['Orphan', 'leaves the Azure snapshot', true],
  ] as const)('deletion with deletionPolicy %s %s', async (policy, _what, isKept) => {
    const e = await startEnv(`snap-${policy.toLowerCase()}`);
    await createClusterObjects(e, { isPoolReady: true });
    const name = `gone-${policy.toLowerCase()}`;
    await createSnapshot(e, name, { nodePoolRef: { name: 'user1' }, deletionPolicy: policy });
    await waitForCondition(e, name, 'Ready');

    await api.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: e.ns.name,
      plural: Plural.NodePoolSnapshot,
      name,
    });
    await waitFor(
      () =>
        readSnapshot(e, name).then(
          () => false,
          (err: unknown) => isNotFound(err),
        ),
      {
        timeoutMs: WAIT_MS,
        message: `NodePoolSnapshot ${name} to be gone`,
      },
    );
    expect((await azureSnapshot(name)) !== undefined).toBe(isKept);
    // A pass on a cache that has not yet seen the finalizer go may repeat the DELETE: Azure answers 204.
    const deletes = callsFor(name).filter((r) => r.operation === 'snapshots.delete');
    expect(deletes.filter((r) => r.status === 200).length).toBe(isKept ? 0 : 1);
    expect(deletes.every((r) => r.status === 200 || r.status === 204)).toBe(true);
  });

  it('keeps the Azure snapshot while a NodePool is pinned to it, and deletes it once released', async () => {
    const e = await startEnv('snap-inuse');
    await createClusterObjects(e, { isPoolReady: true });
    await createSnapshot(e, 'pinned', { nodePoolRef: { name: 'user1' } });
    await waitForCondition(e, 'pinned', 'Ready');
    await api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: e.ns.name,
      plural: Plural.NodePool,
      body: {
        apiVersion: API_VERSION,
        kind: Kind.NodePool,
        metadata: { name: 'user2' },
        spec: {
          clusterRef: { name: 'c1' },
          vmSize: 'Standard_D8s_v3',
          count: 1,
          nodeImage: { policy: 'Pinned', snapshotRef: { name: 'pinned' } },
        },
      },
    });

    await api.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: e.ns.name,
      plural: Plural.NodePoolSnapshot,
      name: 'pinned',
    });
    const waiting = await waitFor(() => readSnapshot(e, 'pinned'), {
      timeoutMs: WAIT_MS,
      message: 'the deletion to wait for NodePool user2',
      until: (s) =>
        getCondition(s.status?.conditions, 'Reconciling')?.reason === NodePoolSnapshotReason.InUse,
    });
    expect(getCondition(waiting.status?.conditions, 'Reconciling')?.message).toMatch(/NodePool user2/);
    expect(count('pinned', 'snapshots.delete')).toBe(0);
    expect(await azureSnapshot('pinned')).toBeDefined();

    await api.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: e.ns.name,
      plural: Plural.NodePool,
      name: 'user2',
    });
    await waitFor(
      () =>
        readSnapshot(e, 'pinned').then(
          () => false,
          (err: unknown) => isNotFound(err),
        ),
      {
        timeoutMs: WAIT_MS,
        message: 'NodePoolSnapshot pinned to be gone',
      },
    );
    expect(await azureSnapshot('pinned')).toBeUndefined();
  });

  it('snapshots a pool the NodePool controller created; a pool of the same VM family is created from it, one of another family stalls with no Azure call', async () => {
    const e = await startEnv('snap-e2e', { withAksControllers: true });
    const namespace = e.ns.name;
    const create = (plural: string, kind: string, name: string, spec: object) =>
      api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural,
        body: { apiVersion: API_VERSION, kind, metadata: { name }, spec },
      });
    await create(Plural.ManagedCluster, Kind.ManagedCluster, 'c1', {
      subscriptionId: SUB,
      resourceGroup: RG,
      location: LOCATION,
      azureName: e.clusterName,
      kubernetesVersion: '1.33',
      systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
    });
    // One node: the file's clusters share the subscription's DSv3 quota.
    await create(Plural.NodePool, Kind.NodePool, 'user1', {
      clusterRef: { name: 'c1' },
      vmSize: 'Standard_D8s_v3',
      count: 1,
    });
    await createSnapshot(e, 'e2e', { nodePoolRef: { name: 'user1' } });

    const snap = await waitForCondition(e, 'e2e', 'Ready');
    const pool = await azure.agentPools.get(RG, e.clusterName, 'user1');
    expect(snap.status).toMatchObject({
      sourceResourceID: pool.id,
      kubernetesVersion: pool.currentOrchestratorVersion,
      nodeImageVersion: pool.nodeImageVersion,
      vmSize: 'Standard_D8s_v3',
    });

    const fromSnapshot = { clusterRef: { name: 'c1' }, count: 1, snapshotRef: { name: 'e2e' } };
    await create(Plural.NodePool, Kind.NodePool, 'samefam', { ...fromSnapshot, vmSize: 'Standard_D2s_v3' });
    await create(Plural.NodePool, Kind.NodePool, 'otherfam', { ...fromSnapshot, vmSize: 'Standard_E8s_v3' });
    const readPool = (name: string) =>
      api.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: Plural.NodePool,
        name,
      }) as Promise<NodePool>;
    const stalled = await waitFor(() => readPool('otherfam'), {
      timeoutMs: WAIT_MS,
      message: 'NodePool otherfam to stall on the VM family',
      until: (np) => getCondition(np.status?.conditions, 'Stalled')?.status === 'True',
    });
    expect(getCondition(stalled.status?.conditions, 'Stalled')).toMatchObject({
      reason: NodePoolReason.SnapshotVMFamilyMismatch,
      message: expect.stringMatching(
        /Standard_D8s_v3 \(family Dsv3\).*Standard_E8s_v3 \(family Esv3\)/,
      ) as unknown,
    });
    await waitFor(() => readPool('samefam'), {
      timeoutMs: WAIT_MS,
      message: 'NodePool samefam to be Ready',
      until: (np) => getCondition(np.status?.conditions, 'Ready')?.status === 'True',
    });
    const created = await azure.agentPools.get(RG, e.clusterName, 'samefam');
    expect(created.creationData?.sourceResourceId?.toLowerCase()).toBe(
      snap.status?.azureResourceID?.toLowerCase(),
    );
    const poolCalls = (pool: string) =>
      sim.log.recent().filter((r) => r.path.toLowerCase().endsWith(`/agentpools/${pool}`));
    expect(poolCalls('otherfam')).toEqual([]);
  });

  it("snapshots an agent pool named by ARM ID, in its cluster's region", async () => {
    const e = await startEnv('snap-armid');
    await createSnapshot(e, 'by-id', { sourceResourceID: e.poolId });

    const snap = await waitForCondition(e, 'by-id', 'Ready');
    const pool = await azure.agentPools.get(RG, e.clusterName, 'user1');
    expect(snap.status).toMatchObject({
      sourceResourceID: e.poolId,
      nodeImageVersion: pool.nodeImageVersion,
      vmSize: 'Standard_D8s_v3',
    });
    expect((await azureSnapshot('by-id'))?.location).toBe(LOCATION);
  });
});
