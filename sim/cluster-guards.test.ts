// One operation at a time and the stopped-cluster rule, through the real SDK client: writes during a
// running operation answer 409 OperationNotAllowed; a stopped cluster accepts only start and delete.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, sdkClient } from './testing/sdk-client.js';
import { createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-guards';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
});
afterAll(() => sim.close());
afterEach(() => sim.faults.reset());

describe('one operation at a time', () => {
  it('answers 409 to a cluster write while a cluster operation runs', async () => {
    const mc = await createCluster(client, RG, 'busy');
    sim.setFaults({ hangOperations: ['^managedClusters\\.createOrUpdate$'] });
    const running = await client.managedClusters.beginCreateOrUpdate(
      RG,
      'busy',
      { ...mc, tags: { x: '1' } },
      FAST_POLL,
    );
    const err = await thrown(client.managedClusters.createOrUpdate(RG, 'busy', mc, FAST_POLL));
    expect(err).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    expect(err.message).toBe(
      'Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
    );
    await client.managedClusters.abortLatestOperation(RG, 'busy', FAST_POLL);
    await expect(running.pollUntilDone()).rejects.toThrow('Operation was canceled');
  });

  it('answers 409 naming the pool to any write while a pool operation runs', async () => {
    await createCluster(client, RG, 'poolbusy');
    sim.setFaults({ hangOperations: ['^agentPools\\.createOrUpdate$'] });
    const running = await client.agentPools.beginCreateOrUpdate(
      RG,
      'poolbusy',
      'user1',
      { vmSize: 'Standard_D2s_v3' },
      FAST_POLL,
    );
    const onPool = await thrown(
      client.agentPools.createOrUpdate(RG, 'poolbusy', 'user2', { vmSize: 'Standard_D2s_v3' }, FAST_POLL),
    );
    expect(onPool).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    expect(onPool.message).toContain('Another agentpool operation (user1 - Creating) is in progress');
    const onCluster = await thrown(client.managedClusters.stop(RG, 'poolbusy', FAST_POLL));
    expect(onCluster.message).toContain('Another operation (user1 - Creating) is in progress');
    await client.agentPools.abortLatestOperation(RG, 'poolbusy', 'user1', FAST_POLL);
    await expect(running.pollUntilDone()).rejects.toThrow('Operation was canceled');
    expect((await client.agentPools.get(RG, 'poolbusy', 'user1')).provisioningState).toBe('Canceled');
  });

  it('lets a delete preempt the running operation, which fails with NotLatestOperation', async () => {
    await createCluster(client, RG, 'preempt');
    sim.setFaults({ hangOperations: ['^managedClusters\\.stop$'] });
    const stopping = await client.managedClusters.beginStop(RG, 'preempt', FAST_POLL);
    await client.managedClusters.delete(RG, 'preempt', FAST_POLL);
    await expect(stopping.pollUntilDone()).rejects.toThrow(/NotLatestOperation/);
    expect(
      sim.store.getCluster({
        subscriptionId: '00000000-0000-0000-0000-000000000000',
        resourceGroup: RG,
        cluster: 'preempt',
      }),
    ).toBeUndefined();
  });

  it('answers 409 to an abort when nothing runs', async () => {
    await createCluster(client, RG, 'idle');
    const err = await thrown(client.managedClusters.abortLatestOperation(RG, 'idle', FAST_POLL));
    expect(err).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
  });
});

describe('a stopped cluster', () => {
  it('accepts only start and delete', async () => {
    const mc = await createCluster(client, RG, 'stopped');
    await client.managedClusters.stop(RG, 'stopped', FAST_POLL);
    const got = await client.managedClusters.get(RG, 'stopped');
    expect(got.powerState?.code).toBe('Stopped');
    expect(got.agentPoolProfiles?.[0]?.powerState?.code).toBe('Stopped');

    const update = await thrown(client.managedClusters.createOrUpdate(RG, 'stopped', mc, FAST_POLL));
    expect(update).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
    expect(update.message).toBe(
      'managed cluster is in Provisioning State(Succeeded) and Power State(Stopped), updating cannot be performed',
    );
    const stopAgain = await thrown(client.managedClusters.stop(RG, 'stopped', FAST_POLL));
    expect(stopAgain.message).toContain('stopping cannot be performed');
    const pool = await thrown(
      client.agentPools.createOrUpdate(RG, 'stopped', 'user1', { vmSize: 'Standard_D2s_v3' }, FAST_POLL),
    );
    expect(pool.code).toBe('OperationNotAllowed');
    const tags = await thrown(
      client.managedClusters.updateTags(RG, 'stopped', { tags: { a: 'b' } }, FAST_POLL),
    );
    expect(tags.code).toBe('OperationNotAllowed');

    await client.managedClusters.start(RG, 'stopped', FAST_POLL);
    expect((await client.managedClusters.get(RG, 'stopped')).powerState?.code).toBe('Running');
    await client.managedClusters.stop(RG, 'stopped', FAST_POLL);
    await client.managedClusters.delete(RG, 'stopped', FAST_POLL);
    await expect(client.managedClusters.get(RG, 'stopped')).rejects.toMatchObject({ statusCode: 404 });
  });
});
