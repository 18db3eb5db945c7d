// Reads through the real SDK client: cluster lists (subscription and resource group, paged), upgrade
// profiles from the version catalogue, Kubernetes versions per location, and Compute vCPU usages.
import https from 'node:https';
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../simulator.js';
import { thrown } from '../testing/errors.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from '../testing/sdk-client.js';
import { createCluster, startTestSimulator } from '../testing/test-simulator.js';

let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator({
    paging: { clusterPageSize: 2 },
    versions: {
      minors: [
        { version: '1.32', patches: ['1.32.7'] },
        { version: '1.33', patches: ['1.33.2', '1.33.4'], isDefault: true },
        { version: '1.34', patches: ['1.34.0'], isPreview: true },
      ],
      byLocation: { westus: [{ version: '1.33', patches: ['1.33.2'], isDefault: true }] },
    },
  });
  client = sdkClient(sim).client;
  for (const [rg, name] of [
    ['rg-a', 'a1'],
    ['rg-a', 'a2'],
    ['rg-a', 'a3'],
    ['rg-b', 'b1'],
  ])
    await createCluster(client, rg!, name!);
});
afterAll(() => sim.close());

it('lists clusters of the subscription and of a resource group across pages', async () => {
  const { client: c, responses } = sdkClient(sim);
  const all: string[] = [];
  for await (const mc of c.managedClusters.list()) all.push(mc.name!);
  expect(all.sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
  expect(responses.length).toBe(2);
  const inA: string[] = [];
  for await (const mc of c.managedClusters.listByResourceGroup('rg-a')) inA.push(mc.name!);
  expect(inA.sort()).toEqual(['a1', 'a2', 'a3']);
});

it('offers control-plane upgrades from the catalogue and pool upgrades up to the control plane', async () => {
  await client.managedClusters.createOrUpdate(
    'rg-b',
    'up',
    {
      location: 'eastus',
      kubernetesVersion: '1.33.2',
      agentPoolProfiles: [
        {
          name: 'system',
          count: 1,
          vmSize: 'Standard_D2s_v3',
          mode: 'System',
          orchestratorVersion: '1.32.7',
        },
      ],
    },
    FAST_POLL,
  );
  const profile = await client.managedClusters.getUpgradeProfile('rg-b', 'up');
  expect(profile.controlPlaneProfile.upgrades).toEqual([
    { kubernetesVersion: '1.33.4' },
    { kubernetesVersion: '1.34.0', isPreview: true },
  ]);
  expect(profile.agentPoolProfiles).toEqual([
    {
      name: 'system',
      kubernetesVersion: '1.32.7',
      osType: 'Linux',
      upgrades: [{ kubernetesVersion: '1.33.2' }],
    },
  ]);
  const pool = await client.agentPools.getUpgradeProfile('rg-b', 'up', 'system');
  expect(pool.latestNodeImageVersion).toMatch(/^AKSUbuntu-2204gen2containerd-\d{6}\.\d{2}\.0$/);
  const versions = await client.agentPools.getAvailableAgentPoolVersions('rg-b', 'up');
  expect(versions.agentPoolVersions?.find((v) => v.default)?.kubernetesVersion).toBe('1.33.4');
});

it('lists the Kubernetes versions of a location, with its own catalogue where configured', async () => {
  const east = await client.managedClusters.listKubernetesVersions('eastus');
  expect(east.values?.map((v) => v.version)).toEqual(['1.32', '1.33', '1.34']);
  expect(east.values?.[0]?.patchVersions?.['1.32.7']?.upgrades).toEqual(['1.33.2', '1.33.4']);
  const west = await client.managedClusters.listKubernetesVersions('westus');
  expect(west.values?.map((v) => v.version)).toEqual(['1.33']);
});

it('refuses an unknown VM size', async () => {
  const err = await thrown(
    client.agentPools.createOrUpdate('rg-a', 'a1', 'odd', { vmSize: 'Standard_Z99' }, FAST_POLL),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
});

it('reports vCPU usage and limits per family as Microsoft.Compute usages', async () => {
  sim.quota.configure({ limits: [{ family: 'standardDSv3Family', limit: 64 }] });
  const url = `${sim.endpoint}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/locations/eastus/usages?api-version=2024-07-01`;
  const body = await new Promise<{
    value: Array<{ name: { value: string }; currentValue: number; limit: number }>;
  }>((resolve, reject) => {
    https
      .get(url, { ca: sim.caPem, headers: { authorization: 'Bearer t' } }, (r) => {
        let text = '';
        r.on('data', (d: Buffer) => (text += d.toString()));
        r.on('end', () => resolve(JSON.parse(text) as never));
      })
      .on('error', reject);
  });
  const dsv3 = body.value.find((u) => u.name.value === 'standardDSv3Family');
  // a1, a2, a3, b1: 2 × Standard_D4s_v3 each; up: 1 × Standard_D2s_v3.
  expect(dsv3).toMatchObject({ limit: 64, currentValue: 4 * 8 + 2 });
  expect(body.value.find((u) => u.name.value === 'cores')?.currentValue).toBe(34);
});
