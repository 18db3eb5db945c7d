// Snapshot rules through the real SDK client: created only in the source pool's region with its image,
// version, OS and VM size; consumed only by the same VM family; a pool upgrades to one only if newer.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from '../testing/sdk-client.js';
import { createCluster, startTestSimulator } from '../testing/test-simulator.js';

const RG = 'rg-snap';
const WEEK_MS = 7 * 24 * 3600 * 1000;
let sim: Simulator;
let client: Arm.ContainerServiceClient;

const poolId = (cluster: string, pool: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${cluster}/agentPools/${pool}`;
const snapId = (name: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/snapshots/${name}`;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'src', {
    kubernetesVersion: '1.33.4',
    pools: [
      {
        name: 'system',
        count: 1,
        vmSize: 'Standard_D4s_v3',
        mode: 'System',
        orchestratorVersion: '1.32.7',
        enableFips: true,
      },
    ],
  });
});
afterAll(() => sim.close());

it('captures the source pool and answers synchronously', async () => {
  const pool = await client.agentPools.get(RG, 'src', 'system');
  const snap = await client.snapshots.createOrUpdate(RG, 'snap1', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'system') },
    tags: { a: '1' },
  });
  expect(snap).toMatchObject({
    kubernetesVersion: '1.32.7',
    nodeImageVersion: pool.nodeImageVersion,
    osType: 'Linux',
    osSku: 'Ubuntu',
    vmSize: 'Standard_D4s_v3',
    enableFips: true,
    snapshotType: 'NodePool',
  });
  const tagged = await client.snapshots.updateTags(RG, 'snap1', { tags: { b: '2' } });
  expect(tagged.tags).toEqual({ b: '2' });
});

it('creates a snapshot only in the source pool region', async () => {
  const err = await thrown(
    client.snapshots.createOrUpdate(RG, 'elsewhere', {
      location: 'westus',
      creationData: { sourceResourceId: poolId('src', 'system') },
    }),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(err.message).toContain('must be the location eastus of its source agent pool');
});

it('lets only pools of the same VM family consume a snapshot', async () => {
  await client.snapshots.createOrUpdate(RG, 'fam', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'system') },
  });
  const other = await thrown(
    client.agentPools.createOrUpdate(
      RG,
      'src',
      'dsv2',
      { vmSize: 'Standard_DS2_v2', creationData: { sourceResourceId: snapId('fam') } },
      FAST_POLL,
    ),
  );
  expect(other).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(other.message).toContain('does not belong to the VM family standardDSv3Family');
  const same = await client.agentPools.createOrUpdate(
    RG,
    'src',
    'dsv3',
    { vmSize: 'Standard_D8s_v3', creationData: { sourceResourceId: snapId('fam') } },
    FAST_POLL,
  );
  expect(same.currentOrchestratorVersion).toBe('1.32.7');
  expect(same.nodeImageVersion).toBe((await client.snapshots.get(RG, 'fam')).nodeImageVersion);
});

it('upgrades a pool to a snapshot only when the snapshot is newer', async () => {
  await client.snapshots.createOrUpdate(RG, 'old', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'system') },
  });
  await client.agentPools.createOrUpdate(
    RG,
    'src',
    'target',
    { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.32.7' },
    FAST_POLL,
  );
  const notNewer = await thrown(
    client.agentPools.createOrUpdate(
      RG,
      'src',
      'target',
      { orchestratorVersion: '1.32.7', creationData: { sourceResourceId: snapId('old') } },
      FAST_POLL,
    ),
  );
  expect(notNewer).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });

  // A newer source: a pool at 1.33.4 created after a new weekly image.
  sim.clock.advance(WEEK_MS);
  await client.agentPools.createOrUpdate(
    RG,
    'src',
    'newer',
    { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.33.4' },
    FAST_POLL,
  );
  await client.snapshots.createOrUpdate(RG, 'new', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'newer') },
  });
  const moved = await client.agentPools.createOrUpdate(
    RG,
    'src',
    'target',
    { creationData: { sourceResourceId: snapId('new') } },
    FAST_POLL,
  );
  const snap = await client.snapshots.get(RG, 'new');
  expect(moved.currentOrchestratorVersion).toBe('1.33.4');
  expect(moved.nodeImageVersion).toBe(snap.nodeImageVersion);
});

it('moves a pool to a snapshot node image through upgradeNodeImageVersion with AKSSnapshotId', async () => {
  await client.agentPools.createOrUpdate(
    RG,
    'src',
    'imgonly',
    { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.33.4' },
    FAST_POLL,
  );
  sim.clock.advance(WEEK_MS);
  await client.agentPools.createOrUpdate(
    RG,
    'src',
    'imgsrc',
    { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.33.4' },
    FAST_POLL,
  );
  await client.snapshots.createOrUpdate(RG, 'img', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'imgsrc') },
  });
  await client.agentPools.upgradeNodeImageVersion(RG, 'src', 'imgonly', {
    ...FAST_POLL,
    requestOptions: { headers: { AKSSnapshotId: snapId('img') } },
  });
  expect((await client.agentPools.get(RG, 'src', 'imgonly')).nodeImageVersion).toBe(
    (await client.snapshots.get(RG, 'img')).nodeImageVersion,
  );
  const again = await thrown(
    client.agentPools.upgradeNodeImageVersion(RG, 'src', 'imgonly', {
      ...FAST_POLL,
      requestOptions: { headers: { AKSSnapshotId: snapId('img') } },
    }),
  );
  expect(again).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
});

it('deletes with 200 and answers 204 when already gone', async () => {
  await client.snapshots.createOrUpdate(RG, 'gone', {
    location: 'eastus',
    creationData: { sourceResourceId: poolId('src', 'system') },
  });
  await client.snapshots.delete(RG, 'gone');
  expect(sim.counters.get('snapshots.delete', 200)).toBe(1);
  await client.snapshots.delete(RG, 'gone');
  expect(sim.counters.get('snapshots.delete', 204)).toBe(1);
  const err = await thrown(client.snapshots.get(RG, 'gone'));
  expect(err).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
});
