// The fake must behave like Azure where controllers depend on it: handles advance only when polled,
// one operation at a time per cluster, absent → undefined, injected failures surface classified.
import { InvalidSpecError, isOperationInProgressError } from '../../runtime/index.js';
import { agentPoolId, managedClusterId, snapshotId } from '../resource-id.js';
import { FakeAzure } from './fake-azure.js';

const CLUSTER = managedClusterId('00000000-0000-0000-0000-000000000001', 'rg1', 'c1');
const POOL = agentPoolId(CLUSTER, 'user1');

describe('FakeAzure', () => {
  it('moves a created cluster from Creating to Succeeded only through polls', async () => {
    const azure = new FakeAzure();
    const handle = await azure.managedClusters.put(CLUSTER, {
      location: 'eastus',
      kubernetesVersion: '1.30.4',
      agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1 }],
    });
    expect((await azure.managedClusters.get(CLUSTER))?.provisioningState).toBe('Creating');
    expect(await azure.operations.pollOperation(handle)).toMatchObject({ status: 'InProgress' });
    const done = await azure.operations.pollOperation(handle);
    expect(done.status === 'Succeeded' && done.result.currentKubernetesVersion).toBe('1.30.4');
    const pools = await azure.agentPools.list(CLUSTER);
    expect(pools?.map((p) => [p.name, p.provisioningState, p.currentOrchestratorVersion])).toEqual([
      ['system', 'Succeeded', '1.30.4'],
    ]);
    expect((await azure.managedClusters.get(CLUSTER))?.agentPoolProfiles?.map((p) => p.name)).toEqual([
      'system',
    ]);
  });

  it('refuses a second write on the cluster while one runs, pools included', async () => {
    const azure = new FakeAzure();
    azure.managedClusters.seed(CLUSTER, { location: 'eastus', kubernetesVersion: '1.30.4' });
    await azure.agentPools.put(POOL, { count: 2, vmSize: 'Standard_D2s_v5' });
    const refused = await azure.managedClusters.put(CLUSTER, { location: 'eastus' }).catch((e: unknown) => e);
    expect(isOperationInProgressError(refused)).toBe(true);
    azure.state.completeAll();
    expect((await azure.agentPools.get(POOL))?.currentOrchestratorVersion).toBe('1.30.4');
  });

  it('ends an operation Failed with the injected error and leaves the resource Failed', async () => {
    const azure = new FakeAzure();
    azure.state.pollsToComplete = 0;
    azure.managedClusters.seed(CLUSTER, { location: 'eastus', kubernetesVersion: '1.30.4' });
    const error = new InvalidSpecError(
      'cannot create or update agent pool user1 of cluster c1: VMCacheSizeTooSmall: …',
      {
        reason: 'VMCacheSizeTooSmall',
      },
    );
    azure.state.failNextOperation('agentPool.put', error);
    const handle = await azure.agentPools.put(POOL, { count: 1 });
    expect(await azure.operations.pollOperation(handle)).toEqual({ status: 'Failed', error });
    expect((await azure.agentPools.get(POOL))?.provisioningState).toBe('Failed');
  });

  it('answers absent resources with undefined and deletes of them with no handle', async () => {
    const azure = new FakeAzure();
    expect(await azure.managedClusters.get(CLUSTER)).toBeUndefined();
    expect(await azure.agentPools.list(CLUSTER)).toBeUndefined();
    expect(await azure.managedClusters.delete(CLUSTER)).toBeUndefined();
    expect(azure.state.callsOf('managedClusters.delete')).toHaveLength(1);
  });

  it('copies the source pool into a snapshot and cancels running work on abort', async () => {
    const azure = new FakeAzure();
    azure.managedClusters.seed(CLUSTER, { location: 'eastus', kubernetesVersion: '1.30.4' });
    azure.agentPools.seed(POOL, {
      orchestratorVersion: '1.30.4',
      nodeImageVersion: 'img-1',
      vmSize: 'Standard_D2s_v5',
    });
    const snapshot = await azure.snapshots.put(
      snapshotId('00000000-0000-0000-0000-000000000001', 'rg1', 's1'),
      {
        location: 'eastus',
        creationData: { sourceResourceId: POOL },
      },
    );
    expect(snapshot).toMatchObject({
      kubernetesVersion: '1.30.4',
      nodeImageVersion: 'img-1',
      vmSize: 'Standard_D2s_v5',
    });
    const upgrade = await azure.agentPools.upgradeNodeImageVersion(POOL);
    await azure.agentPools.abort(POOL);
    expect(await azure.operations.pollOperation(upgrade)).toEqual({ status: 'Canceled' });
  });
});
