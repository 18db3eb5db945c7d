// Host encryption needs a VM size that supports it, through the real SDK client, for a pool of a new
// cluster and for an agentPools PUT. Real: SDK, TLS, HTTP. Simulated: AKS.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, SUBSCRIPTION, sdkClient } from './testing/sdk-client.js';
import { createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-eah';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'c1');
});
afterAll(() => sim.close());

it("refuses a pool with host encryption on a size without it, and keeps the cluster's pools as they were", async () => {
  const err = await thrown(
    client.agentPools.createOrUpdate(
      RG,
      'c1',
      'plain',
      { count: 1, vmSize: 'Standard_D2_v2', enableEncryptionAtHost: true },
      FAST_POLL,
    ),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(err.message).toContain("VM size 'Standard_D2_v2' does not support encryption at host");
  const cluster = sim.store.getCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, cluster: 'c1' });
  expect([...(cluster?.pools.keys() ?? [])]).toEqual(['system']);
});

it('creates the pool on that size without host encryption, and with it on a size that has it', async () => {
  const plain = await client.agentPools.createOrUpdate(
    RG,
    'c1',
    'plain',
    { count: 1, vmSize: 'Standard_D2_v2' },
    FAST_POLL,
  );
  expect(plain.enableEncryptionAtHost).toBe(false);
  const secure = await client.agentPools.createOrUpdate(
    RG,
    'c1',
    'secure',
    { count: 1, vmSize: 'Standard_D4s_v3', enableEncryptionAtHost: true },
    FAST_POLL,
  );
  expect(secure.enableEncryptionAtHost).toBe(true);
});

it('refuses a new cluster whose pool asks for host encryption on a size without it', async () => {
  const err = await thrown(
    createCluster(client, RG, 'c2', {
      pools: [
        { name: 'system', count: 1, vmSize: 'Standard_D2_v2', mode: 'System', enableEncryptionAtHost: true },
      ],
    }),
  );
  expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  expect(
    sim.store.getCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, cluster: 'c2' }),
  ).toBeUndefined();
});
