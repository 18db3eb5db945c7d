// Agent pool DELETE through the real SDK client: the ignore-pod-disruption-budget query reaches the nodes,
// and a drain the data plane could not finish fails the operation as AKS reports it, keeping the pool.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { RecordingDataPlane } from '../testing/recording-data-plane.js';
import { FAST_POLL, sdkClient } from '../testing/sdk-client.js';
import { createCluster, startTestSimulator } from '../testing/test-simulator.js';

const RG = 'rg-pool-delete';
const DRAIN_FAILED =
  'Drain node aks-user1-12345678-vmss000000 failed when evicting pod api-0 failed with Too Many Requests error. ' +
  'This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. ' +
  "Original error: Cannot evict pod as it would violate the pod's disruption budget.. " +
  'PDB debug info: shop/api-0 blocked by pdb api-pdb with 0 unready pods.';

let sim: Simulator;
let client: Arm.ContainerServiceClient;
let dataPlane: RecordingDataPlane;

beforeAll(async () => {
  dataPlane = new RecordingDataPlane();
  sim = await startTestSimulator({ dataPlane });
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'c1', { kubernetesVersion: '1.33.2' });
});
afterAll(() => sim.close());

const createPool = (name: string): Promise<Arm.AgentPool> =>
  client.agentPools.createOrUpdate(RG, 'c1', name, { vmSize: 'Standard_D2s_v3', count: 2 }, FAST_POLL);

const deleteCalls = (pool: string) =>
  dataPlane.calls.filter((c) => c.method === 'deletePool' && c.pool === pool);

describe('agent pool DELETE', () => {
  it.each([
    ['honours PDBs by default', 'plain', {}, false],
    [
      'passes ignore-pod-disruption-budget=true to the drain',
      'ignoring',
      { ignorePodDisruptionBudget: true },
      true,
    ],
    [
      'honours PDBs with ignore-pod-disruption-budget=false',
      'honouring',
      { ignorePodDisruptionBudget: false },
      false,
    ],
  ])('%s', async (_name, pool, options, isIgnoring) => {
    await createPool(pool);
    await client.agentPools.delete(RG, 'c1', pool, { ...FAST_POLL, ...options });
    expect(deleteCalls(pool).map((c) => c.deleteOptions)).toEqual([
      { ignorePodDisruptionBudget: isIgnoring },
    ]);
    expect(await thrown(client.agentPools.get(RG, 'c1', pool))).toMatchObject({ statusCode: 404 });
  });

  it('fails with PodDrainFailure when the drain stays blocked, keeps the pool, and a retry ignoring PDBs deletes it', async () => {
    await createPool('blocked');
    dataPlane.failNext('deletePool', 'PodDrainFailure', DRAIN_FAILED);
    const err = await thrown(client.agentPools.delete(RG, 'c1', 'blocked', FAST_POLL));
    // The SDK folds the operation's error code into its message.
    expect(err.message).toContain('PodDrainFailure. Drain node aks-user1-12345678-vmss000000 failed');
    expect(err.message).toContain('PDB debug info: shop/api-0 blocked by pdb api-pdb');
    const kept = await client.agentPools.get(RG, 'c1', 'blocked');
    expect(kept).toMatchObject({ provisioningState: 'Failed', count: 2 });

    await client.agentPools.delete(RG, 'c1', 'blocked', { ...FAST_POLL, ignorePodDisruptionBudget: true });
    expect(deleteCalls('blocked').map((c) => c.deleteOptions)).toEqual([
      { ignorePodDisruptionBudget: false },
      { ignorePodDisruptionBudget: true },
    ]);
    expect(await thrown(client.agentPools.get(RG, 'c1', 'blocked'))).toMatchObject({ statusCode: 404 });
  });
});
