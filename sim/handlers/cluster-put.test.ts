// Cluster PUT rules through the real SDK client: minor-by-minor control-plane upgrades, offered versions,
// the all-or-none pool version rule, no pools added by a cluster PUT, immutable fields, LTS tier, quota.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { FAST_POLL, sdkClient } from '../testing/sdk-client.js';
import { clusterModel, createCluster, startTestSimulator } from '../testing/test-simulator.js';

const RG = 'rg-rules';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.reset();
  sim.quota.configure({ limits: [] });
});

const twoPools: Arm.ManagedClusterAgentPoolProfile[] = [
  { name: 'system', count: 1, vmSize: 'Standard_D2s_v3', mode: 'System' },
  { name: 'user', count: 1, vmSize: 'Standard_D2s_v3', mode: 'User' },
];

describe('control-plane upgrades', () => {
  it('refuses to skip a minor and lists the offered upgrades', async () => {
    const mc = await createCluster(client, RG, 'skip', { kubernetesVersion: '1.32.7' });
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'skip', { ...mc, kubernetesVersion: '1.34.2' }, FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'OperationNotAllowed' });
    expect(err.message).toBe(
      'Upgrading Kubernetes version 1.32.7 to 1.34.2 is not allowed. Available upgrades: [1.33.4 1.33.2]. Please see https://aka.ms/aks-supported-k8s-ver for version details.',
    );
    const next = await client.managedClusters.createOrUpdate(
      RG,
      'skip',
      { ...mc, kubernetesVersion: '1.33.4' },
      FAST_POLL,
    );
    expect(next.currentKubernetesVersion).toBe('1.33.4');
  });

  it('answers K8sVersionNotSupported for a version the region does not offer', async () => {
    const err = await thrown(createCluster(client, RG, 'unsupported', { kubernetesVersion: '1.29.3' }));
    expect(err).toMatchObject({ statusCode: 400, code: 'K8sVersionNotSupported' });
    expect(err.message).toContain('Version 1.29.3 is not supported in this region');
  });

  it('resolves a minor alias to its latest patch and leaves pools unchanged when their versions are resent', async () => {
    const mc = await createCluster(client, RG, 'alias', { kubernetesVersion: '1.32', pools: twoPools });
    expect(mc.currentKubernetesVersion).toBe('1.32.7');
    const up = await client.managedClusters.createOrUpdate(
      RG,
      'alias',
      { ...mc, kubernetesVersion: '1.33' },
      FAST_POLL,
    );
    expect(up.currentKubernetesVersion).toBe('1.33.4');
    expect(up.agentPoolProfiles?.map((p) => p.currentOrchestratorVersion)).toEqual(['1.32.7', '1.32.7']);
  });

  it('upgrades every pool with the control plane when no pool names a version', async () => {
    await createCluster(client, RG, 'full', { kubernetesVersion: '1.32.7', pools: twoPools });
    const up = await client.managedClusters.createOrUpdate(
      RG,
      'full',
      clusterModel({ kubernetesVersion: '1.33.4', pools: twoPools }),
      FAST_POLL,
    );
    expect(up.agentPoolProfiles?.map((p) => p.currentOrchestratorVersion)).toEqual(['1.33.4', '1.33.4']);
  });

  it('refuses a control-plane step that would leave a pool more than 3 minors behind', async () => {
    const mc = await createCluster(client, RG, 'skew', {
      kubernetesVersion: '1.34.0',
      pools: [
        {
          name: 'system',
          count: 1,
          vmSize: 'Standard_D2s_v3',
          mode: 'System',
          orchestratorVersion: '1.31.11',
        },
      ],
    });
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'skew', { ...mc, kubernetesVersion: '1.35.0' }, FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'NodePoolMcVersionIncompatible' });
    expect(err.message).toContain('cannot be more than 3 versions less than control plane');
  });
});

describe('pool versions in a cluster PUT', () => {
  it('refuses a PUT that names some pool versions but not all', async () => {
    const mc = await createCluster(client, RG, 'partial', { kubernetesVersion: '1.32.7', pools: twoPools });
    const pools = mc.agentPoolProfiles!.map((p, i) =>
      i === 0 ? p : { ...p, orchestratorVersion: undefined },
    );
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'partial', { ...mc, agentPoolProfiles: pools }, FAST_POLL),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
    });
  });

  it('refuses a PUT that moves one pool to a version other than its own or the control plane', async () => {
    const mc = await createCluster(client, RG, 'changed', { kubernetesVersion: '1.33.4', pools: twoPools });
    const pools = mc.agentPoolProfiles!.map((p, i) =>
      i === 1 ? { ...p, orchestratorVersion: '1.33.2' } : p,
    );
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'changed', { ...mc, agentPoolProfiles: pools }, FAST_POLL),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
    });
    expect(err.message).toContain(
      "all Agent pools' OrchestratorVersion must be all specified or all unspecified",
    );
  });

  it('refuses to add an agent pool through the managed cluster', async () => {
    const mc = await createCluster(client, RG, 'addpool');
    const pools = [
      ...mc.agentPoolProfiles!,
      { name: 'extra', count: 1, vmSize: 'Standard_D2s_v3', mode: 'User' as const },
    ];
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'addpool', { ...mc, agentPoolProfiles: pools }, FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(err.message).toContain('A new agent pool was introduced');
  });

  it('requires a System pool', async () => {
    const err = await thrown(
      createCluster(client, RG, 'nosystem', {
        pools: [{ name: 'user', count: 1, vmSize: 'Standard_D2s_v3', mode: 'User' }],
      }),
    );
    expect(err).toMatchObject({ statusCode: 400, message: 'Must define at least one system pool.' });
  });
});

describe('immutable cluster fields', () => {
  it('refuses to change dnsPrefix', async () => {
    const mc = await createCluster(client, RG, 'dns');
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'dns', { ...mc, dnsPrefix: 'other' }, FAST_POLL),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'PropertyChangeNotAllowed',
      message: "Changing property 'dnsPrefix' is not allowed.",
    });
  });

  it('refuses to move the cluster to another location', async () => {
    const mc = await createCluster(client, RG, 'moving');
    const err = await thrown(
      client.managedClusters.createOrUpdate(RG, 'moving', { ...mc, location: 'westus' }, FAST_POLL),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidResourceLocation' });
  });
});

it('requires the Premium tier for the Long Term Support plan', async () => {
  const err = await thrown(
    createCluster(client, RG, 'lts', {
      supportPlan: 'AKSLongTermSupport',
      sku: { name: 'Base', tier: 'Standard' },
    }),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  const ok = await createCluster(client, RG, 'lts', {
    supportPlan: 'AKSLongTermSupport',
    sku: { name: 'Base', tier: 'Premium' },
  });
  expect(ok.supportPlan).toBe('AKSLongTermSupport');
});

it('answers QuotaExceeded naming the family, limit, usage and requested vCPUs', async () => {
  sim.quota.configure({ limits: [{ family: 'standardDSv3Family', location: 'northeurope', limit: 10 }] });
  const pool = (count: number): Arm.ManagedClusterAgentPoolProfile[] => [
    { name: 'system', count, vmSize: 'Standard_D4s_v3', mode: 'System' },
  ];
  await createCluster(client, RG, 'quota1', { location: 'northeurope', pools: pool(1) });
  const err = await thrown(createCluster(client, RG, 'quota2', { location: 'northeurope', pools: pool(2) }));
  expect(err).toMatchObject({ statusCode: 400, code: 'QuotaExceeded' });
  expect(err.message).toContain(
    'Preflight validation check for resource(s) for container service quota2 in resource group MC_rg-rules_quota2_northeurope failed.',
  );
  expect(err.message).toContain(
    'exceeding approved standardDSv3Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: northeurope, Current Limit: 10, Current Usage: 4, Additional Required: 8, (Minimum) New Limit Required: 12.',
  );
});
