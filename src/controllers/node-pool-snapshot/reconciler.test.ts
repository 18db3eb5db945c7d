import { KubeConfig } from '@kubernetes/client-node';
import { Annotation, FINALIZER, GROUP, Plural, VERSION, type NodePoolSnapshot } from '../../api/index.js';
import type { AzureArm } from '../../azure/index.js';
import {
  CustomObjectClient,
  getCondition,
  isInvalidSpecError,
  ManualClock,
  silentLogger,
  StatusWriter,
  type ObjectKey,
} from '../../runtime/index.js';
import { FakeEventRecorder } from '../../runtime/testing/index.js';
import { AzureAccessResolver, EVERY_NAMESPACE } from '../shared/azure-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { NodePoolSnapshotReconciler } from './reconciler.js';
import { NodePoolSnapshotReason } from '../../api/index.js';
import { FakeExternalSnapshot } from './testing/fake-external-snapshot.js';
import { cacheOf, cluster, NAMESPACE, nodePool, POOL_ID, SNAPSHOT_ID, snapshot } from './testing/objects.js';

const POLL_MS = 5_000;
const KEY: ObjectKey = { namespace: NAMESPACE, name: 'snap1' };
const CAPTURED = {
  kubernetesVersion: '1.33.2',
  nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202601.09.0',
  osType: 'Linux',
  osSku: 'Ubuntu',
  vmSize: 'Standard_D4s_v3',
  enableFips: false,
} as const;

/** Finalizer patches and status writes applied to one in-memory object, as the API server would. */
class FakeObjects extends CustomObjectClient {
  patches = 0;
  constructor(private readonly world: World) {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'unused', server: 'https://127.0.0.1:1', skipTLSVerify: true },
      { name: 'unused' },
    );
    super(kc, { group: GROUP, version: VERSION, plural: Plural.NodePoolSnapshot });
  }
  override async mergePatch<T>(_key: ObjectKey, body: unknown): Promise<T> {
    this.patches += 1;
    const meta = (body as { metadata: { finalizers?: string[]; annotations?: Record<string, string> } })
      .metadata;
    this.world.update((s) => {
      if (meta.finalizers) s.metadata.finalizers = meta.finalizers;
      if (meta.annotations) s.metadata.annotations = { ...s.metadata.annotations, ...meta.annotations };
    });
    return this.world.snap as T;
  }
}

class World {
  snap: NodePoolSnapshot;
  statusWrites = 0;
  readonly ext = new FakeExternalSnapshot();
  readonly events = new FakeEventRecorder();
  readonly objects = new FakeObjects(this);
  readonly reconciler: NodePoolSnapshotReconciler;

  /** `isAnchored`: the ARM ID was recorded in an earlier pass (the first pass of a new object records it). */
  constructor(snap: NodePoolSnapshot, pool = nodePool(), isAnchored = true) {
    const annotations = isAnchored
      ? { ...snap.metadata.annotations, [Annotation.AzureResourceId]: SNAPSHOT_ID }
      : snap.metadata.annotations;
    this.snap = {
      ...snap,
      metadata: { ...snap.metadata, finalizers: [FINALIZER], ...(annotations ? { annotations } : {}) },
    };
    this.ext.pools.set(POOL_ID.toLowerCase(), {
      exists: true,
      provisioningState: 'Succeeded',
      location: 'eastus',
      captured: CAPTURED,
    });
    const statusWriter = new StatusWriter({
      kind: this.objects.kind,
      replaceStatus: async <T>(_key: ObjectKey, body: unknown) => {
        this.statusWrites += 1;
        this.update((s) => (s.status = (body as NodePoolSnapshot).status));
        return this.snap as T;
      },
    });
    const ctx: ControllerContext = {
      clock: new ManualClock(Date.parse('2026-01-01T00:00:00Z')),
      logger: silentLogger,
      events: this.events,
      access: new AzureAccessResolver(
        { read: async () => undefined },
        { operatorIdentityNamespaces: [EVERY_NAMESPACE] },
      ),
      azure: () => ({}) as AzureArm,
      pollIntervalMs: POLL_MS,
    };
    this.reconciler = new NodePoolSnapshotReconciler({
      ctx,
      snapshots: { get: () => this.snap, list: () => [this.snap] },
      pools: cacheOf(pool),
      clusters: cacheOf(cluster()),
      objects: this.objects,
      statusWriter,
      external: () => this.ext,
    });
  }

  update(change: (s: NodePoolSnapshot) => void): void {
    const next = structuredClone(this.snap);
    change(next);
    next.metadata.resourceVersion = String(Number(next.metadata.resourceVersion ?? '0') + 1);
    this.snap = next;
  }

  reconcile() {
    return this.reconciler.reconcile(KEY, new AbortController().signal);
  }

  condition(type: string) {
    return getCondition(this.snap.status?.conditions, type);
  }
}

const OWNER = { 'aks-lifecycle-owner': `NodePoolSnapshot/${NAMESPACE}/snap1` };

describe('NodePoolSnapshotReconciler', () => {
  it('records the ARM ID on the object before it takes the snapshot', async () => {
    const w = new World(snapshot(), nodePool(), false);
    expect(await w.reconcile()).toEqual({});
    expect(w.snap.metadata.annotations?.[Annotation.AzureResourceId]).toBe(SNAPSHOT_ID);
    expect(w.ext.calls).toEqual([]);
  });

  it('stalls AlreadyExists instead of taking over a snapshot of its name it did not take', async () => {
    const w = new World(snapshot());
    w.ext.snapshots.set(SNAPSHOT_ID.toLowerCase(), {
      location: 'eastus',
      creationData: { sourceResourceId: POOL_ID },
    });
    await expect(w.reconcile()).rejects.toThrow(/already exists/);
    expect(w.condition('Stalled')).toMatchObject({ status: 'True', reason: 'AlreadyExists' });
    expect(w.ext.calls.filter((c) => !c.startsWith('observe'))).toEqual([]);
  });

  it('takes the snapshot of a Ready pool with one PUT and reports what it captured', async () => {
    const w = new World(snapshot({ tags: { env: 'prod' } }));
    expect(await w.reconcile()).toEqual({});
    expect(w.ext.calls).toEqual([`observe ${SNAPSHOT_ID}`, `create ${SNAPSHOT_ID}`]);
    expect(w.ext.snapshots.get(SNAPSHOT_ID.toLowerCase())).toMatchObject({
      location: 'eastus',
      tags: { env: 'prod' },
      creationData: { sourceResourceId: POOL_ID },
    });
    expect(w.snap.status).toMatchObject({
      azureResourceID: SNAPSHOT_ID,
      sourceResourceID: POOL_ID,
      kubernetesVersion: '1.33.2',
      nodeImageVersion: CAPTURED.nodeImageVersion,
      osType: 'Linux',
      osSku: 'Ubuntu',
      vmSize: 'Standard_D4s_v3',
      enableFIPS: false,
      observedGeneration: 1,
    });
    expect(w.condition('Ready')).toMatchObject({ status: 'True', reason: NodePoolSnapshotReason.UpToDate });
    expect(w.events.reasons()).toEqual(['CreatedSnapshot']);
  });

  it('reads once and writes nothing in steady state', async () => {
    const w = new World(snapshot());
    await w.reconcile();
    w.ext.calls.length = 0;
    const writesBefore = w.statusWrites;
    for (let i = 0; i < 3; i++) await w.reconcile();
    expect(w.ext.calls).toEqual(Array(3).fill(`observe ${SNAPSHOT_ID}`));
    expect(w.statusWrites).toBe(writesBefore);
  });

  it("refuses a region other than the cluster's without calling Azure", async () => {
    const w = new World(snapshot({ location: 'westus' }));
    const err = await w.reconcile().catch((e: unknown) => e);
    expect(isInvalidSpecError(err)).toBe(true);
    expect(w.ext.calls).toEqual([]);
    expect(w.condition('Stalled')).toMatchObject({
      status: 'True',
      reason: NodePoolSnapshotReason.LocationMismatch,
    });
    expect(w.condition('Ready')?.status).toBe('False');
  });

  it('waits for a pool that is not Ready, without calling Azure', async () => {
    const w = new World(snapshot(), nodePool({ ready: false }));
    expect(await w.reconcile()).toEqual({ requeueAfterMs: POLL_MS });
    expect(w.ext.calls).toEqual([]);
    expect(w.condition('Reconciling')).toMatchObject({
      status: 'True',
      reason: NodePoolSnapshotReason.WaitingForNodePool,
    });
  });

  it('replaces changed tags with one PATCH', async () => {
    const w = new World(snapshot({ tags: { env: 'prod' } }));
    await w.reconcile();
    w.update((s) => {
      s.spec.tags = { env: 'staging', team: 'a' };
      s.metadata.generation = 2;
    });
    w.ext.calls.length = 0;
    await w.reconcile();
    expect(w.ext.writes()).toEqual([`updateTags ${SNAPSHOT_ID}`]);
    expect(w.ext.snapshots.get(SNAPSHOT_ID.toLowerCase())?.tags).toEqual({
      env: 'staging',
      team: 'a',
      ...OWNER,
    });
    expect(w.condition('Ready')).toMatchObject({ status: 'True', observedGeneration: 2 });
  });

  it('stalls instead of taking a second snapshot when the recorded one was deleted outside', async () => {
    const w = new World(snapshot());
    await w.reconcile();
    w.ext.snapshots.clear();
    const err = await w.reconcile().catch((e: unknown) => e);
    expect(isInvalidSpecError(err)).toBe(true);
    expect(w.ext.writes()).toEqual([`create ${SNAPSHOT_ID}`]);
    expect(w.condition('Stalled')).toMatchObject({
      status: 'True',
      reason: NodePoolSnapshotReason.NotFoundInAzure,
    });
  });

  it('waits to delete in Azure while a pool is pinned to the snapshot', async () => {
    const pinned = nodePool();
    pinned.spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: 'snap1' } };
    const w = new World(snapshot(), pinned);
    await w.reconcile();
    w.update((s) => (s.metadata.deletionTimestamp = new Date()));
    expect(await w.reconcile()).toEqual({ requeueAfterMs: POLL_MS });
    expect(w.ext.writes()).toEqual([`create ${SNAPSHOT_ID}`]);
    expect(w.snap.metadata.finalizers).toEqual([FINALIZER]);
    expect(w.condition('Reconciling')).toMatchObject({
      status: 'True',
      reason: NodePoolSnapshotReason.InUse,
    });
    expect(w.condition('Reconciling')?.message).toMatch(/NodePool user1 \(spec.nodeImage.snapshotRef\)/);
  });

  it.each([
    [
      'Delete',
      'deletes the Azure snapshot, then releases the object',
      [`create ${SNAPSHOT_ID}`, `delete ${SNAPSHOT_ID}`],
      false,
    ],
    ['Orphan', 'releases the object and leaves the Azure snapshot', [`create ${SNAPSHOT_ID}`], true],
  ] as const)('deletionPolicy %s %s', async (policy, _what, writes, isKept) => {
    const w = new World(snapshot({ deletionPolicy: policy }));
    await w.reconcile();
    w.update((s) => (s.metadata.deletionTimestamp = new Date()));
    await w.reconcile();
    expect(w.ext.writes()).toEqual(writes);
    expect(w.ext.snapshots.has(SNAPSHOT_ID.toLowerCase())).toBe(isKept);
    expect(w.snap.metadata.finalizers).toEqual([]);
  });
});
