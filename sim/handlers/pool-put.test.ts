// Agent pool rules through the real SDK client: version skew and offered versions, ephemeral OS disk
// against the VM cache, immutable fields, quota, capacity, start/stop, and what the data plane is asked.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { RecordingDataPlane } from '../testing/recording-data-plane.js';
import { FAST_POLL, sdkClient } from '../testing/sdk-client.js';
import { createCluster, startTestSimulator } from '../testing/test-simulator.js';

const RG = 'rg-pools';
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
afterEach(() => {
  sim.faults.reset();
  sim.capacity.set([]);
  sim.quota.configure({ limits: [] });
});

const put = (name: string, pool: Arm.AgentPool): Promise<Arm.AgentPool> =>
  client.agentPools.createOrUpdate(
    RG,
    'c1',
    name,
    { vmSize: 'Standard_D2s_v3', count: 1, ...pool },
    FAST_POLL,
  );

describe('versions', () => {
  it('refuses a pool newer than the control plane (minor and patch)', async () => {
    const minor = await thrown(put('newer', { orchestratorVersion: '1.34.0' }));
    expect(minor).toMatchObject({ statusCode: 400, code: 'NodePoolMcVersionIncompatible' });
    expect(minor.message).toContain(
      'Node pool version 1.34.0 and control plane version 1.33.2 are incompatible. Minor version of node pool version 34 is bigger than control plane version 33.',
    );
    const patch = await thrown(put('newerp', { orchestratorVersion: '1.33.4' }));
    expect(patch).toMatchObject({ statusCode: 400, code: 'NodePoolMcVersionIncompatible' });
  });

  it('refuses a pool more than 3 minors older than the control plane', async () => {
    await createCluster(client, RG, 'c135', { kubernetesVersion: '1.34.0' });
    const ok = await client.agentPools.createOrUpdate(
      RG,
      'c135',
      'old',
      { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.31.9' },
      FAST_POLL,
    );
    expect(ok.currentOrchestratorVersion).toBe('1.31.9');
    const err = await thrown(
      client.managedClusters.createOrUpdate(
        RG,
        'c135',
        { ...(await client.managedClusters.get(RG, 'c135')), kubernetesVersion: '1.35.0' },
        FAST_POLL,
      ),
    );
    expect(err.code).toBe('NodePoolMcVersionIncompatible');
  });

  it('answers AgentPoolK8sVersionNotSupported for a version not offered', async () => {
    const err = await thrown(put('nosup', { orchestratorVersion: '1.33.3' }));
    expect(err).toMatchObject({ statusCode: 400, code: 'AgentPoolK8sVersionNotSupported' });
    expect(err.message).toContain('Version 1.33.3 is not supported in this region.');
  });

  it('upgrades a pool by surge through the data plane and reports the new version', async () => {
    await put('upg', { orchestratorVersion: '1.32.7', count: 3, upgradeSettings: { maxSurge: '1' } });
    const mark = dataPlane.calls.length;
    const up = await put('upg', {
      orchestratorVersion: '1.33.2',
      count: 3,
      upgradeSettings: { maxSurge: '1' },
    });
    expect(up.currentOrchestratorVersion).toBe('1.33.2');
    const call = dataPlane.calls.slice(mark).find((c) => c.method === 'upgradePool');
    expect(call?.from?.orchestratorVersion).toBe('1.32.7');
    expect(call?.to?.orchestratorVersion).toBe('1.33.2');
    expect(call?.to?.upgradeSettings.maxSurge).toBe('1');
    const err = await thrown(put('upg', { orchestratorVersion: '1.32.7' }));
    expect(err).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
  });
});

describe('ephemeral OS disk', () => {
  it('refuses an ephemeral disk larger than the VM cache with VMCacheSizeTooSmall', async () => {
    const err = await thrown(
      put('eph', { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 }),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'VMCacheSizeTooSmall',
      message:
        'The virtual machine size Standard_DS2_v2 has a cache size of 92341796864 bytes, but the OS disk requires 137438953472 bytes. Use a VM size with larger cache or disable ephemeral OS.',
    });
    const fits = await put('eph', { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 64 });
    expect(fits.osDiskType).toBe('Ephemeral');
  });

  it('refuses an ephemeral disk on a size without a cache', async () => {
    const err = await thrown(
      put('ephb', { vmSize: 'Standard_B2s', osDiskType: 'Ephemeral', osDiskSizeGB: 30 }),
    );
    expect(err.code).toBe('VMCacheSizeTooSmall');
  });
});

describe('immutable pool fields', () => {
  it.each([
    ['vmSize', { vmSize: 'Standard_D4s_v3' }],
    ['osType', { osType: 'Windows' }],
    ['availabilityZones', { availabilityZones: ['1'] }],
    ['scaleSetPriority', { scaleSetPriority: 'Spot' }],
  ] as Array<[string, Arm.AgentPool]>)('refuses to change %s', async (field, change) => {
    await put('imm', {});
    const err = await thrown(put('imm', change));
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'PropertyChangeNotAllowed',
      message: `Changing property '${field}' is not allowed.`,
    });
  });
});

it('answers QuotaExceeded when scaling a pool past the family quota', async () => {
  sim.quota.configure({ limits: [{ family: 'standardFSv2Family', limit: 20 }] });
  await put('fsv2', { vmSize: 'Standard_F8s_v2', count: 2 });
  const err = await thrown(put('fsv2', { vmSize: 'Standard_F8s_v2', count: 3 }));
  expect(err).toMatchObject({ statusCode: 400, code: 'QuotaExceeded' });
  expect(err.message).toContain('standardFSv2Family Cores quota');
  expect(err.message).toContain('Current Limit: 20, Current Usage: 16, Additional Required: 8');
});

describe('capacity', () => {
  it('fails the operation with ZonalAllocationFailed when the size is out of capacity in a zone', async () => {
    sim.capacity.set([{ vmSize: 'Standard_D8s_v3', zone: '2' }]);
    const err = await thrown(put('zonal', { vmSize: 'Standard_D8s_v3', availabilityZones: ['1', '2'] }));
    expect(err.message).toMatch(
      /^The long-running operation has failed\. ZonalAllocationFailed\. Allocation failed\./,
    );
    expect((await client.agentPools.get(RG, 'c1', 'zonal')).provisioningState).toBe('Failed');
    const other = await put('zone1', { vmSize: 'Standard_D8s_v3', availabilityZones: ['1'] });
    expect(other.provisioningState).toBe('Succeeded');
  });

  it('fails spot allocations when spot capacity vanishes but keeps regular ones', async () => {
    sim.capacity.set([{ vmSize: 'Standard_D2s_v3', priority: 'Spot' }]);
    const err = await thrown(put('spot', { scaleSetPriority: 'Spot' }));
    expect(err.message).toContain('AllocationFailed');
    expect((await put('regular', {})).provisioningState).toBe('Succeeded');
  });
});

describe('start and stop', () => {
  it('stops a User pool to zero nodes and starts it back to its count', async () => {
    await put('sleepy', { count: 3, mode: 'User' });
    const stopped = await put('sleepy', { powerState: { code: 'Stopped' } });
    expect(stopped).toMatchObject({
      count: 0,
      powerState: { code: 'Stopped' },
      provisioningState: 'Succeeded',
    });
    const started = await put('sleepy', { powerState: { code: 'Running' } });
    expect(started).toMatchObject({ count: 3, powerState: { code: 'Running' } });
  });

  it('refuses to stop a System pool', async () => {
    await put('sys2', { mode: 'System' });
    const err = await thrown(put('sys2', { powerState: { code: 'Stopped' } }));
    expect(err).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
  });
});

it('refuses to delete the last System pool', async () => {
  await createCluster(client, RG, 'lastsys');
  const err = await thrown(client.agentPools.delete(RG, 'lastsys', 'system', FAST_POLL));
  expect(err).toMatchObject({ statusCode: 400, message: 'Must define at least one system pool.' });
});
