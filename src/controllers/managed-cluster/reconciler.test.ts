import type * as Arm from '@azure/arm-containerservice';
import { ArmBlockedError, CapacityError, OperationKind } from '../../azure/index.js';
import { InvalidSpecError, StatusWriter, getCondition } from '../../runtime/index.js';
import { managedCluster, TEST_SUBSCRIPTION } from '../testing/objects.js';
import { POLL_MS, reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import type { ManagedCluster } from '../../api/index.js';
import { ManagedClusterReconciler } from './reconciler.js';

const KEY = { namespace: 'team-a', name: 'c1' };
const OWNER = { 'aks-lifecycle-owner': 'ManagedCluster/team-a/c1', 'aks-lifecycle-owner-uid': 'uid-c1' };
const ID = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`;

function reconciler(kit: ReconcilerKit): ManagedClusterReconciler {
  return new ManagedClusterReconciler({
    ctx: kit.ctx,
    clusters: kit.clusters,
    objects: kit.clusters.client(),
    statusWriter: new StatusWriter(kit.clusters.client()),
  });
}

const signal = new AbortController().signal;
const current = (kit: ReconcilerKit): ManagedCluster => kit.clusters.get(KEY) as ManagedCluster;
const condition = (kit: ReconcilerKit, type: string) => getCondition(current(kit).status?.conditions, type);

/** Reconciles until Ready (bounded), swallowing the requeues. */
async function untilReady(kit: ReconcilerKit, r = reconciler(kit)): Promise<void> {
  for (let i = 0; i < 10 && condition(kit, 'Ready')?.status !== 'True'; i++) await r.reconcile(KEY, signal);
  expect(condition(kit, 'Ready')).toMatchObject({ status: 'True' });
}

describe('ManagedClusterReconciler', () => {
  it('records the ARM ID on the object before its first Azure write', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    expect(await reconciler(kit).reconcile(KEY, signal)).toEqual({});
    expect(current(kit).metadata.annotations?.['aks.lifecycle.dev/azure-resource-id']).toBe(ID);
    expect(kit.writes()).toEqual([]);
    expect(kit.clusters.statusWrites).toBe(0);
  });

  it('creates the cluster with one PUT, records the operation, and becomes Ready once it ends', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    const r = reconciler(kit);
    await r.reconcile(KEY, signal);
    expect(await r.reconcile(KEY, signal)).toEqual({ requeueAfterMs: POLL_MS });
    expect(kit.writes()).toEqual(['managedClusters.put']);
    expect(current(kit).status?.lastOperation).toMatchObject({
      type: 'Create',
      result: 'InProgress',
      generation: 1,
    });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Creating' });
    await untilReady(kit, r);
    expect(kit.writes()).toEqual(['managedClusters.put']);
    expect(current(kit).status).toMatchObject({
      provisioningState: 'Succeeded',
      azureResourceID: ID,
      lastOperation: { result: 'Succeeded' },
    });
    expect(kit.events.reasons()).toEqual(expect.arrayContaining(['CreateStarted', 'CreateSucceeded']));
  });

  it('observes a finished create in the cluster the operation ended with, reading the cluster only before creating', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    expect(kit.calls().filter((c) => c === 'managedClusters.get')).toHaveLength(1);
    expect(current(kit).status).toMatchObject({ provisioningState: 'Succeeded', azureResourceID: ID });
  });

  it('resumes a create after a restart by polling the recorded operation, never PUTting again', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await reconciler(kit).reconcile(KEY, signal);
    // A new reconciler knows only what status says.
    await untilReady(kit, reconciler(kit));
    expect(kit.calls().filter((c) => c === 'managedClusters.put')).toHaveLength(1);
  });

  it('waits instead of creating when Azure already creates the cluster but status lost the operation', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await reconciler(kit).reconcile(KEY, signal);
    await kit.azure.managedClusters.put(ID, { location: 'eastus', kubernetesVersion: '1.33', tags: OWNER });
    kit.azure.state.calls.length = 0;
    expect(await reconciler(kit).reconcile(KEY, signal)).toEqual({ requeueAfterMs: POLL_MS });
    expect(kit.writes()).toEqual([]);
    expect(condition(kit, 'Reconciling')).toMatchObject({ reason: 'OperationInProgress' });
  });

  it('in steady state makes one read and no write, in Azure or in status', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    const before = { calls: kit.calls().length, status: kit.clusters.statusWrites };
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.calls().slice(before.calls)).toEqual(['managedClusters.get']);
    expect(kit.clusters.statusWrites).toBe(before.status);
  });

  it('reverts tags changed outside with a tag PATCH, reporting DriftDetected and a Warning event', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster({ spec: { tags: { team: 'a' } } }));
    await untilReady(kit);
    (kit.azure.state.get<Arm.ManagedCluster>(ID) as Arm.ManagedCluster).tags = { team: 'portal' };
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes().at(-1)).toBe('managedClusters.patchTags');
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'True', reason: 'RevertingDrift' });
    expect(current(kit).status?.drift).toEqual(['spec.tags']);
    expect(kit.events.events.filter((e) => e.type === 'Warning').map((e) => e.reason)).toContain(
      'DriftFound',
    );
    await untilReady(kit);
    expect(kit.azure.state.get<Arm.ManagedCluster>(ID)?.tags).toEqual({ team: 'a', ...OWNER });
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'False', reason: 'NoDrift' });
  });

  it('only reports drift when the annotation says Report', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(
      managedCluster({
        spec: { tags: { team: 'a' } },
        annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' },
      }),
    );
    await untilReady(kit);
    const writes = kit.writes().length;
    (kit.azure.state.get<Arm.ManagedCluster>(ID) as Arm.ManagedCluster).tags = { team: 'portal' };
    await reconciler(kit).reconcile(KEY, signal);
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'True', reason: 'DriftFound' });
    expect(kit.events.events.filter((e) => e.reason === 'DriftFound')).toHaveLength(1);
  });

  it('keeps the record of its applied generation while Azure runs an operation it did not start', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    expect(current(kit).status?.appliedGeneration).toBe(1);
    Object.assign(kit.azure.state.get<Arm.ManagedCluster>(ID) ?? {}, { provisioningState: 'Updating' });
    await reconciler(kit).reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False', reason: 'OperationInProgress' });
    expect(current(kit).status?.appliedGeneration).toBe(1);
  });

  it('only reports tags changed by an operation it did not start when the annotation says Report', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(
      managedCluster({
        spec: { tags: { team: 'a' } },
        annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' },
      }),
    );
    await untilReady(kit);
    const writes = kit.writes().length;
    const azure = kit.azure.state.get<Arm.ManagedCluster>(ID) as Arm.ManagedCluster;
    Object.assign(azure, { provisioningState: 'Updating', tags: { ...azure.tags, team: 'portal' } });
    await reconciler(kit).reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False', reason: 'OperationInProgress' });
    Object.assign(azure, { provisioningState: 'Succeeded' });
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'DriftDetected')).toMatchObject({ status: 'True', reason: 'DriftFound' });
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'DriftFound' });
  });

  it('adopts an existing cluster without any write when the spec matches', async () => {
    const kit = reconcilerKit();
    const adopted = `/subscriptions/${TEST_SUBSCRIPTION}/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/legacy`;
    kit.azure.managedClusters.seed(adopted, {
      location: 'eastus',
      kubernetesVersion: '1.33',
      sku: { name: 'Base', tier: 'Free' },
      identity: { type: 'SystemAssigned' },
      agentPoolProfiles: [{ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3' }],
    });
    kit.clusters.put(managedCluster({ spec: { adoption: { resourceID: adopted } } }));
    await untilReady(kit);
    expect(kit.writes()).toEqual([]);
    expect(condition(kit, 'Ready')).toMatchObject({ reason: 'Adopted' });
  });

  it('stalls with the AKS code when Azure refuses the spec, and does not PUT again at that generation', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    kit.azure.state.rejectNext(
      'managedClusters.put',
      new InvalidSpecError(
        'cannot create or update managed cluster c1: K8sVersionNotSupported: Version 1.33 is not supported',
        {
          reason: 'K8sVersionNotSupported',
        },
      ),
    );
    await reconciler(kit).reconcile(KEY, signal);
    await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
    expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'K8sVersionNotSupported' });
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes()).toEqual(['managedClusters.put']);
  });

  it('goes on with an upgrade once a lock lifts, after the upgrade failed for want of capacity and met the lock', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    kit.clusters.put(
      managedCluster({ generation: 2, spec: { kubernetesVersion: '1.34' }, status: current(kit).status }),
    );
    kit.azure.state.failNextOperation(
      OperationKind.ManagedClusterPut,
      new CapacityError('cannot create or update managed cluster c1: AllocationFailed: no capacity', {
        reason: 'AllocationFailed',
      }),
    );
    const r = reconciler(kit);
    const thrown: unknown[] = [];
    for (let i = 0; i < 10 && current(kit).status?.lastOperation?.result !== 'Failed'; i++)
      await r.reconcile(KEY, signal).catch((err: unknown) => thrown.push(err));
    expect(thrown).toEqual([expect.any(CapacityError)]);
    expect(current(kit).status?.lastOperation).toMatchObject({ result: 'Failed', generation: 2 });
    kit.azure.state.rejectNext(
      'managedClusters.put',
      new ArmBlockedError('cannot create or update managed cluster c1: ScopeLocked: the scope is locked', {
        reason: 'ResourceLocked',
        code: 'ScopeLocked',
      }),
    );
    await expect(r.reconcile(KEY, signal)).rejects.toThrow(ArmBlockedError);
    expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'ResourceLocked' });

    // The lock is lifted: the next retry (the controller's backoff decides when) puts the upgrade again.
    const puts = kit.writes().filter((w) => w === 'managedClusters.put').length;
    await untilReady(kit, r);
    expect(kit.writes().filter((w) => w === 'managedClusters.put')).toHaveLength(puts + 1);
    expect(kit.azure.state.get<Arm.ManagedCluster>(ID)?.kubernetesVersion).toBe('1.34');
  });

  it('stalls on an ephemeral OS disk too big for the VM cache without calling Azure', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(
      managedCluster({
        spec: { systemPool: { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 } },
      }),
    );
    await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
    expect(kit.calls()).toEqual([]);
    expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'VMCacheSizeTooSmall' });
  });

  it('stops a cluster when the schedule says so, and reports the next scheduled change', async () => {
    const kit = reconcilerKit();
    // 2026-03-02 10:00 UTC is 11:00 in Paris: the cluster should run until 19:00 local (18:00 UTC).
    const schedule = { timeZone: 'Europe/Paris', startCron: '0 7 * * 1-5', stopCron: '0 19 * * 1-5' };
    kit.clusters.put(managedCluster({ spec: { powerSchedule: schedule } }));
    await untilReady(kit);
    expect(current(kit).status?.nextScheduledPowerChange).toEqual({
      powerState: 'Stopped',
      at: '2026-03-02T18:00:00Z',
    });
    await kit.clock.advance(8 * 3600_000 + 1000);
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes().at(-1)).toBe('managedClusters.stop');
    for (let i = 0; i < 3; i++) await reconciler(kit).reconcile(KEY, signal);
    expect(current(kit).status).toMatchObject({
      powerState: 'Stopped',
      nextScheduledPowerChange: { powerState: 'Running', at: '2026-03-03T06:00:00Z' },
    });
    // Stopped as asked meets the spec (kstatus Current); Running says it does not run.
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterStopped' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'False' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
  });

  it('reports Running while the cluster runs, and Stopping while the stop it started is in flight', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    expect(condition(kit, 'Running')).toMatchObject({ status: 'True', reason: 'ClusterRunning' });
    kit.clusters.put({ ...current(kit), spec: { ...current(kit).spec, powerState: 'Stopped' } });
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes().at(-1)).toBe('managedClusters.stop');
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'Stopping' });
  });

  it('keeps Ready False for a cluster found stopped while its spec says Running, and starts it', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster({ spec: { powerState: 'Running' } }));
    await untilReady(kit);
    // Stopped outside the operator.
    Object.assign(kit.azure.state.get<Arm.ManagedCluster>(ID) ?? {}, { powerState: { code: 'Stopped' } });
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes().at(-1)).toBe('managedClusters.start');
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Starting' });
    expect(condition(kit, 'Running')).toMatchObject({ status: 'False', reason: 'Starting' });
  });

  it('keeps Ready False for a stopped cluster while a maintenance configuration waits for the next start', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster({ spec: { powerState: 'Stopped' } }));
    await untilReady(kit);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterStopped' });
    const mc = current(kit);
    kit.clusters.put({
      ...mc,
      metadata: { ...mc.metadata, generation: (mc.metadata.generation ?? 1) + 1 },
      spec: {
        ...mc.spec,
        maintenanceConfigurations: { default: { timeInWeek: [{ day: 'Sunday', hourSlots: [4] }] } },
      },
    });
    const writes = kit.writes().length;
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.writes()).toHaveLength(writes);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
  });

  it('keeps Ready False for a stopped cluster while a spec change waits for the next start', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster({ spec: { powerState: 'Stopped' } }));
    await untilReady(kit);
    for (let i = 0; i < 3; i++) await reconciler(kit).reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'True', reason: 'ClusterStopped' });
    const mc = current(kit);
    kit.clusters.put({
      ...mc,
      metadata: { ...mc.metadata, generation: (mc.metadata.generation ?? 1) + 1 },
      spec: { ...mc.spec, tags: { team: 'payments' } },
    });
    await reconciler(kit).reconcile(KEY, signal);
    expect(condition(kit, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
    expect(condition(kit, 'Reconciling')).toMatchObject({ status: 'False' });
    expect(condition(kit, 'Stalled')).toMatchObject({ status: 'False' });
  });

  it('comes back at the next scheduled change', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(
      managedCluster({
        spec: { powerSchedule: { timeZone: 'UTC', startCron: '0 9 * * *', stopCron: '30 10 * * *' } },
      }),
    );
    await untilReady(kit);
    expect(await reconciler(kit).reconcile(KEY, signal)).toEqual({ requeueAfterMs: 30 * 60_000 + 1000 });
  });

  it('deletes in Azure under Delete and drops the finalizer once Azure has no cluster', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    kit.clusters.put({
      ...current(kit),
      metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
    });
    for (let i = 0; i < 5 && kit.clusters.get(KEY); i++) await reconciler(kit).reconcile(KEY, signal);
    expect(kit.clusters.get(KEY)).toBeUndefined();
    expect(kit.writes()).toContain('managedClusters.delete');
    expect(kit.azure.state.get(ID)).toBeUndefined();
  });

  it('leaves Azure untouched under Orphan', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster({ spec: { deletionPolicy: 'Orphan' } }));
    await untilReady(kit);
    const writes = kit.writes().length;
    kit.clusters.put({
      ...current(kit),
      metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
    });
    await reconciler(kit).reconcile(KEY, signal);
    expect(kit.clusters.get(KEY)).toBeUndefined();
    expect(kit.writes()).toHaveLength(writes);
    expect(kit.azure.state.get(ID)).toBeDefined();
  });

  it('never deletes in Azure for an object missing from the cache', async () => {
    const kit = reconcilerKit();
    kit.clusters.put(managedCluster());
    await untilReady(kit);
    kit.clusters.remove(KEY);
    const calls = kit.calls().length;
    expect(await reconciler(kit).reconcile(KEY, signal)).toEqual({});
    expect(kit.calls()).toHaveLength(calls);
  });

  describe('ownership', () => {
    const tagged = (owner: string): Arm.ManagedCluster => ({
      location: 'eastus',
      kubernetesVersion: '1.33',
      tags: { 'aks-lifecycle-owner': owner },
    });

    it('stalls AlreadyExists on a cluster of its name that it did not create, with no write', async () => {
      const kit = reconcilerKit();
      kit.azure.managedClusters.seed(ID, {
        location: 'eastus',
        kubernetesVersion: '1.33',
        tags: { team: 'x' },
      });
      kit.clusters.put(managedCluster());
      await reconciler(kit).reconcile(KEY, signal);
      await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
      expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'AlreadyExists' });
      expect(kit.writes()).toEqual([]);
      expect(kit.azure.state.get<Arm.ManagedCluster>(ID)?.tags).toEqual({ team: 'x' });
    });

    it('stalls OwnedByAnotherObject on a cluster another live object owns, naming it', async () => {
      const kit = reconcilerKit();
      kit.clusters.put(managedCluster({ namespace: 'team-b' }));
      kit.azure.managedClusters.seed(ID, tagged('ManagedCluster/team-b/c1'));
      kit.clusters.put(managedCluster());
      await reconciler(kit).reconcile(KEY, signal);
      await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(/ManagedCluster team-b\/c1/);
      expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'OwnedByAnotherObject' });
      expect(kit.writes()).toEqual([]);
    });

    it('re-attaches a re-applied object to the cluster its tag names, with no Azure write', async () => {
      const kit = reconcilerKit();
      kit.azure.managedClusters.seed(ID, {
        ...tagged('ManagedCluster/team-a/c1'),
        sku: { name: 'Base', tier: 'Free' },
        provisioningState: 'Succeeded',
      });
      kit.clusters.put(managedCluster());
      await untilReady(kit);
      expect(kit.writes()).toEqual([]);
      expect(current(kit).status?.azureResourceID).toBe(ID);
    });

    it('never re-targets when the subscription it acts in changes: stalls ResourceIDChanged', async () => {
      const kit = reconcilerKit();
      kit.clusters.put(managedCluster());
      await untilReady(kit);
      const other = '00000000-0000-0000-0000-000000000002';
      kit.clusters.put({ ...current(kit), spec: { ...current(kit).spec, subscriptionId: other } });
      await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(InvalidSpecError);
      expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'ResourceIDChanged' });
      expect(kit.writes()).toEqual(['managedClusters.put']);
    });

    it('moves to the new ID when nothing of its own is at the recorded one', async () => {
      const kit = reconcilerKit();
      kit.clusters.put(managedCluster());
      await reconciler(kit).reconcile(KEY, signal);
      const other = '00000000-0000-0000-0000-000000000002';
      kit.clusters.put({ ...current(kit), spec: { ...current(kit).spec, subscriptionId: other } });
      await reconciler(kit).reconcile(KEY, signal);
      expect(current(kit).metadata.annotations?.['aks.lifecycle.dev/azure-resource-id']).toBe(
        ID.replace(TEST_SUBSCRIPTION, other),
      );
    });

    it('keeps an adopted cluster on delete when deletionPolicy is not set', async () => {
      const kit = reconcilerKit();
      const adopted = ID.replace('/c1', '/legacy');
      kit.azure.managedClusters.seed(adopted, { location: 'eastus', kubernetesVersion: '1.33' });
      kit.clusters.put(managedCluster({ spec: { adoption: { resourceID: adopted } } }));
      await untilReady(kit);
      expect(current(kit).status?.deletionPolicy).toBe('Orphan');
      kit.clusters.put({
        ...current(kit),
        metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
      });
      await reconciler(kit).reconcile(KEY, signal);
      expect(kit.clusters.get(KEY)).toBeUndefined();
      expect(kit.writes()).toEqual([]);
      expect(kit.azure.state.get(adopted)).toBeDefined();
    });

    it('blocks the finalizer when its credential is gone, and lets go on the release annotation without Azure', async () => {
      const kit = reconcilerKit();
      kit.secrets.set('team-a/creds', { tenantId: 't', clientId: 'c', clientSecret: 's' });
      kit.clusters.put(managedCluster({ spec: { credentialRef: { name: 'creds' } } }));
      await untilReady(kit);
      kit.secrets.clear();
      kit.clusters.put({
        ...current(kit),
        metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
      });
      await expect(reconciler(kit).reconcile(KEY, signal)).rejects.toThrow(/aks.lifecycle.dev\/release/);
      expect(condition(kit, 'Stalled')).toMatchObject({ status: 'True', reason: 'FinalizerBlocked' });
      const calls = kit.calls().length;
      const annotations = { ...current(kit).metadata.annotations, 'aks.lifecycle.dev/release': 'true' };
      kit.clusters.put({ ...current(kit), metadata: { ...current(kit).metadata, annotations } });
      await reconciler(kit).reconcile(KEY, signal);
      expect(kit.clusters.get(KEY)).toBeUndefined();
      expect(kit.calls()).toHaveLength(calls);
      expect(kit.azure.state.get(ID)).toBeDefined();
    });

    it('never deletes a cluster that another object owns at its recorded ID', async () => {
      const kit = reconcilerKit();
      kit.clusters.put(managedCluster());
      await untilReady(kit);
      (kit.azure.state.get<Arm.ManagedCluster>(ID) as Arm.ManagedCluster).tags = {
        'aks-lifecycle-owner': 'ManagedCluster/team-b/c1',
      };
      kit.clusters.put(managedCluster({ namespace: 'team-b' }));
      kit.clusters.put({
        ...current(kit),
        metadata: { ...current(kit).metadata, deletionTimestamp: new Date() },
      });
      await reconciler(kit).reconcile(KEY, signal);
      expect(kit.clusters.get(KEY)).toBeUndefined();
      expect(kit.writes()).not.toContain('managedClusters.delete');
    });
  });
});
