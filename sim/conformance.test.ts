// Conformance: replays every official AKS example (sim/fixtures/aks-examples) through the real
// @azure/arm-containerservice client against the simulator, and checks status codes, headers and the
// shape of every body (field names, JSON types, read-only fields); every answer to a create also carries the
// defaults real AKS fills in (sim/fixtures/aks-create-defaults.json) and echoes what the request declared.
// Real: SDK, TLS, HTTP. Simulated: AKS.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { loadExamples, models, type Example } from './testing/examples.js';
import { FAST_POLL, sdkClient, type CapturedResponse } from './testing/sdk-client.js';
import { missingClusterDefaults, missingDefaults } from './testing/defaults-fixture.js';
import { echoMismatches } from './testing/echo.js';
import { missingReadOnly, shapeMismatches } from './testing/shape.js';
import { startTestSimulator, waitFor } from './testing/test-simulator.js';

const examples = loadExamples();

interface Observation {
  /** The example response this answer corresponds to. */
  code: string;
  response: CapturedResponse;
  /** Compare the body's shape with the example's body for that code. */
  shape: boolean;
  /** The wire body that created the resource: the answer must carry AKS's create defaults and echo it. */
  created?: { kind: 'cluster' | 'pool'; request: unknown };
}

interface Env {
  sim: Simulator;
  client: Arm.ContainerServiceClient;
  responses: CapturedResponse[];
}

const CLUSTER_RO = [
  'id',
  'name',
  'type',
  'eTag',
  'properties.provisioningState',
  'properties.powerState',
  'properties.currentKubernetesVersion',
  'properties.fqdn',
  'properties.maxAgentPools',
];
const POOL_RO = [
  'id',
  'name',
  'type',
  'properties.provisioningState',
  'properties.currentOrchestratorVersion',
  'properties.nodeImageVersion',
  'properties.eTag',
  'properties.powerState',
];
const SNAPSHOT_RO = [
  'id',
  'properties.kubernetesVersion',
  'properties.nodeImageVersion',
  'properties.osType',
  'properties.osSku',
  'properties.vmSize',
  'properties.enableFIPS',
];

/** Fields an example shows that neither its request nor AKS's documented defaults produce. */
const EXAMPLE_QUIRKS: Record<string, string[]> = {
  'ManagedClustersCreate_AzureKeyvaultSecretsProvider.json': [
    'properties.agentPoolProfiles[].enableEncryptionAtHost',
  ],
  'ManagedClustersCreate_Premium.json': ['properties.privateFQDN'],
  'AgentPoolsCreate_OSSKU.json': ['properties.kubeletConfig.podMaxPids'],
};

function p(ex: Example, key: string): string {
  return String(ex.parameters[key]);
}

/** Runs `call` and returns the responses it caused. */
async function during(env: Env, call: () => Promise<unknown>): Promise<CapturedResponse[]> {
  const mark = env.responses.length;
  await call();
  return env.responses.slice(mark);
}

function first(responses: CapturedResponse[]): CapturedResponse {
  const r = responses[0];
  if (!r) throw new Error('no response recorded');
  return r;
}

function finalGet(responses: CapturedResponse[]): CapturedResponse {
  const r = responses.filter((x) => x.method === 'GET' && !/\/operations\//.test(x.url)).at(-1);
  if (!r) throw new Error('no final GET recorded');
  return r;
}

function exampleBody(ex: Example, code: string): unknown {
  return ex.responses[code]?.body;
}

/**
 * A response body used as the request that seeds a resource. Its versions (1.9.6 …) are the examples'
 * fake values, which no region offers, so they are left for the simulator to default.
 */
function withoutFakeVersions(wire: unknown): unknown {
  const body = structuredClone(wire) as { properties?: Record<string, unknown> };
  const props = body.properties ?? {};
  delete props.kubernetesVersion;
  delete props.orchestratorVersion;
  for (const pool of (props.agentPoolProfiles as Array<Record<string, unknown>> | undefined) ?? [])
    delete pool.orchestratorVersion;
  return body;
}

async function seedCluster(
  env: Env,
  rg: string,
  name: string,
  wire?: unknown,
  location = 'eastus',
): Promise<void> {
  const model = wire
    ? models.managedClusterDeserializer(withoutFakeVersions(wire))
    : {
        location,
        agentPoolProfiles: [
          { name: 'nodepool1', count: 2, vmSize: 'Standard_DS2_v2', mode: 'System' as const },
        ],
      };
  await env.client.managedClusters.createOrUpdate(rg, name, model, FAST_POLL);
}

async function seedPool(
  env: Env,
  rg: string,
  cluster: string,
  pool: string,
  model: Arm.AgentPool,
): Promise<void> {
  await env.client.agentPools.createOrUpdate(rg, cluster, pool, model, FAST_POLL);
}

/** A snapshot of a Standard_DS2_v2 pool, the family the snapshot examples consume it with. */
async function seedSnapshot(env: Env, rg: string, name: string): Promise<void> {
  await env.client.managedClusters.createOrUpdate(
    rg,
    'snapsource',
    {
      location: 'eastus',
      agentPoolProfiles: [{ name: 'pool0', count: 1, vmSize: 'Standard_DS2_v2', mode: 'System' }],
    },
    FAST_POLL,
  );
  await env.client.snapshots.createOrUpdate(rg, name, {
    location: 'eastus',
    creationData: {
      sourceResourceId: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/snapsource/agentPools/pool0`,
    },
  });
}

const SUB = '00000000-0000-0000-0000-000000000000';

async function putCluster(env: Env, ex: Example): Promise<Observation[]> {
  if (ex.file === 'ManagedClustersCreate_Snapshot.json') await seedSnapshot(env, 'rg1', 'snapshot1');
  const model = models.managedClusterDeserializer(ex.parameters.parameters);
  const rs = await during(env, () =>
    env.client.managedClusters.createOrUpdate(
      p(ex, 'resourceGroupName'),
      p(ex, 'resourceName'),
      model,
      FAST_POLL,
    ),
  );
  const update = await during(env, () =>
    env.client.managedClusters.createOrUpdate(
      p(ex, 'resourceGroupName'),
      p(ex, 'resourceName'),
      model,
      FAST_POLL,
    ),
  );
  const created = { kind: 'cluster' as const, request: ex.parameters.parameters };
  return [
    { code: '201', response: first(rs), shape: true },
    { code: '200', response: finalGet(rs), shape: true, created },
    { code: '200', response: first(update), shape: true, created },
  ];
}

/** Seeds the resource an agent-pool example acts on, as the example's title requires. */
async function seedForPoolPut(env: Env, ex: Example): Promise<'create' | 'update'> {
  const rg = p(ex, 'resourceGroupName');
  const cluster = p(ex, 'resourceName');
  const pool = p(ex, 'agentPoolName');
  await seedCluster(env, rg, cluster);
  switch (ex.file) {
    case 'AgentPoolsCreate_Snapshot.json':
      await seedSnapshot(env, rg, 'snapshot1');
      return 'create';
    case 'AgentPools_Update.json':
      await seedPool(env, rg, cluster, pool, {
        ...models.agentPoolDeserializer(ex.parameters.parameters),
        enableAutoScaling: false,
        count: 1,
      });
      return 'update';
    case 'AgentPools_Start.json':
      await seedPool(env, rg, cluster, pool, {
        count: 50,
        enableAutoScaling: true,
        minCount: 3,
        maxCount: 55,
        vmSize: 'Standard_DS2_v2',
        mode: 'User',
      });
      await env.client.agentPools.createOrUpdate(
        rg,
        cluster,
        pool,
        { powerState: { code: 'Stopped' } },
        FAST_POLL,
      );
      return 'update';
    case 'AgentPools_Stop.json':
      await seedPool(env, rg, cluster, pool, { count: 2, vmSize: 'Standard_DS2_v2', mode: 'User' });
      return 'update';
    default:
      return 'create';
  }
}

async function putPool(env: Env, ex: Example): Promise<Observation[]> {
  const kind = await seedForPoolPut(env, ex);
  const model = models.agentPoolDeserializer(ex.parameters.parameters);
  const rs = await during(env, () =>
    env.client.agentPools.createOrUpdate(
      p(ex, 'resourceGroupName'),
      p(ex, 'resourceName'),
      p(ex, 'agentPoolName'),
      model,
      FAST_POLL,
    ),
  );
  const initialCode = kind === 'create' ? '201' : '200';
  const created =
    kind === 'create' ? { kind: 'pool' as const, request: ex.parameters.parameters } : undefined;
  return [
    { code: initialCode, response: first(rs), shape: true },
    {
      code: '200',
      response: finalGet(rs),
      shape: kind === 'create' || !/Start|Stop/.test(ex.file),
      ...(created ? { created } : {}),
    },
  ];
}

async function abortScenario(env: Env, ex: Example, target: 'cluster' | 'pool'): Promise<Observation[]> {
  const rg = p(ex, 'resourceGroupName');
  const cluster = p(ex, 'resourceName');
  await seedCluster(env, rg, cluster);
  if (target === 'pool')
    await seedPool(env, rg, cluster, p(ex, 'agentPoolName'), { count: 1, vmSize: 'Standard_DS2_v2' });
  env.sim.setFaults({
    hangOperations: [
      target === 'pool' ? '^agentPools\\.createOrUpdate$' : '^managedClusters\\.createOrUpdate$',
    ],
  });
  const running =
    target === 'pool'
      ? await env.client.agentPools.beginCreateOrUpdate(
          rg,
          cluster,
          p(ex, 'agentPoolName'),
          { count: 2 },
          FAST_POLL,
        )
      : await env.client.managedClusters.beginCreateOrUpdate(rg, cluster, { location: 'eastus' }, FAST_POLL);
  const rs = await during(env, () =>
    target === 'pool'
      ? env.client.agentPools.abortLatestOperation(rg, cluster, p(ex, 'agentPoolName'), FAST_POLL)
      : env.client.managedClusters.abortLatestOperation(rg, cluster, FAST_POLL),
  );
  await expect(running.pollUntilDone()).rejects.toThrow('Operation was canceled');
  env.sim.faults.reset();
  return [{ code: '202', response: first(rs), shape: false }];
}

async function sync(env: Env, code: string, call: () => Promise<unknown>): Promise<Observation[]> {
  return [{ code, response: first(await during(env, call)), shape: true }];
}

const SCENARIOS: Record<string, (env: Env, ex: Example) => Promise<Observation[]>> = {
  ManagedClusters_CreateOrUpdate: putCluster,
  ManagedClusters_Get: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'), exampleBody(ex, '200'));
    return sync(env, '200', () =>
      env.client.managedClusters.get(p(ex, 'resourceGroupName'), p(ex, 'resourceName')),
    );
  },
  ManagedClusters_UpdateTags: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'), exampleBody(ex, '200'));
    const params = ex.parameters.parameters as Arm.TagsObject;
    const obs = await sync(env, '200', () =>
      env.client.managedClusters.updateTags(
        p(ex, 'resourceGroupName'),
        p(ex, 'resourceName'),
        params,
        FAST_POLL,
      ),
    );
    expect((obs[0]!.response.body as { tags: unknown }).tags).toEqual(params.tags);
    return obs;
  },
  ManagedClusters_Delete: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    const del = () =>
      env.client.managedClusters.delete(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), FAST_POLL);
    return [
      { code: '202', response: first(await during(env, del)), shape: false },
      { code: '204', response: first(await during(env, del)), shape: false },
    ];
  },
  ManagedClusters_Start: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    await env.client.managedClusters.stop(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), FAST_POLL);
    const rs = await during(env, () =>
      env.client.managedClusters.start(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), FAST_POLL),
    );
    expect(
      (await env.client.managedClusters.get(p(ex, 'resourceGroupName'), p(ex, 'resourceName'))).powerState
        ?.code,
    ).toBe('Running');
    return [{ code: '202', response: first(rs), shape: false }];
  },
  ManagedClusters_Stop: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    const rs = await during(env, () =>
      env.client.managedClusters.stop(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), FAST_POLL),
    );
    expect(
      (await env.client.managedClusters.get(p(ex, 'resourceGroupName'), p(ex, 'resourceName'))).powerState
        ?.code,
    ).toBe('Stopped');
    return [{ code: '202', response: first(rs), shape: false }];
  },
  ManagedClusters_AbortLatestOperation: (env, ex) => abortScenario(env, ex, 'cluster'),
  ManagedClusters_GetUpgradeProfile: async (env, ex) => {
    const rg = p(ex, 'resourceGroupName');
    await env.client.managedClusters.createOrUpdate(
      rg,
      p(ex, 'resourceName'),
      {
        location: 'eastus',
        kubernetesVersion: '1.34.0',
        agentPoolProfiles: [
          {
            name: 'agent',
            vmSize: 'Standard_DS2_v2',
            count: 1,
            mode: 'System',
            orchestratorVersion: '1.33.2',
          },
        ],
      },
      FAST_POLL,
    );
    return sync(env, '200', () => env.client.managedClusters.getUpgradeProfile(rg, p(ex, 'resourceName')));
  },
  ManagedClusters_ListClusterUserCredentials: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    const obs = await sync(env, '200', () =>
      env.client.managedClusters.listClusterUserCredentials(
        p(ex, 'resourceGroupName'),
        p(ex, 'resourceName'),
      ),
    );
    const value = (obs[0]!.response.body as { kubeconfigs: Array<{ value: string }> }).kubeconfigs[0]!.value;
    expect(Buffer.from(value, 'base64').toString()).toContain('kind: Config');
    return obs;
  },
  ManagedClusters_ListClusterAdminCredentials: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    return sync(env, '200', () =>
      env.client.managedClusters.listClusterAdminCredentials(
        p(ex, 'resourceGroupName'),
        p(ex, 'resourceName'),
      ),
    );
  },
  ManagedClusters_ListKubernetesVersions: (env, ex) =>
    sync(env, '200', () => env.client.managedClusters.listKubernetesVersions(p(ex, 'location'))),
  AgentPools_CreateOrUpdate: putPool,
  AgentPools_Get: async (env, ex) => {
    const [rg, cluster, pool] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName'), p(ex, 'agentPoolName')];
    await seedCluster(env, rg, cluster);
    await seedPool(
      env,
      rg,
      cluster,
      pool,
      models.agentPoolDeserializer(withoutFakeVersions(exampleBody(ex, '200'))),
    );
    return sync(env, '200', () => env.client.agentPools.get(rg, cluster, pool));
  },
  AgentPools_List: async (env, ex) => {
    const [rg, cluster] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName')];
    await seedCluster(env, rg, cluster);
    const item = (exampleBody(ex, '200') as { value: Array<{ name: string }> }).value[0]!;
    await seedPool(env, rg, cluster, item.name, models.agentPoolDeserializer(withoutFakeVersions(item)));
    return sync(env, '200', async () => {
      for await (const _ of env.client.agentPools.list(rg, cluster)) void _;
    });
  },
  AgentPools_Delete: async (env, ex) => {
    const [rg, cluster, pool] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName'), p(ex, 'agentPoolName')];
    await seedCluster(env, rg, cluster);
    await seedPool(env, rg, cluster, pool, { count: 1, vmSize: 'Standard_DS2_v2' });
    const del = () =>
      env.client.agentPools.delete(rg, cluster, pool, { ...FAST_POLL, ignorePodDisruptionBudget: true });
    return [
      { code: '202', response: first(await during(env, del)), shape: false },
      { code: '204', response: first(await during(env, del)), shape: false },
    ];
  },
  AgentPools_DeleteMachines: async (env, ex) => {
    const [rg, cluster, pool] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName'), p(ex, 'agentPoolName')];
    await seedCluster(env, rg, cluster);
    await seedPool(env, rg, cluster, pool, { count: 3, vmSize: 'Standard_DS2_v2' });
    const machines = ex.parameters.machines as Arm.AgentPoolDeleteMachinesParameter;
    const obs = await sync(env, '202', () =>
      env.client.agentPools.deleteMachines(rg, cluster, pool, machines, FAST_POLL),
    );
    expect((await env.client.agentPools.get(rg, cluster, pool)).count).toBe(1);
    return obs;
  },
  AgentPools_UpgradeNodeImageVersion: async (env, ex) => {
    const [rg, cluster, pool] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName'), p(ex, 'agentPoolName')];
    await seedCluster(env, rg, cluster);
    await seedPool(env, rg, cluster, pool, { count: 2, vmSize: 'Standard_DS2_v2' });
    const before = (await env.client.agentPools.get(rg, cluster, pool)).nodeImageVersion;
    env.sim.clock.advance(8 * 24 * 3600 * 1000); // a newer weekly image is released
    const obs = await sync(env, '202', () =>
      env.client.agentPools.upgradeNodeImageVersion(rg, cluster, pool, FAST_POLL),
    );
    expect((await env.client.agentPools.get(rg, cluster, pool)).nodeImageVersion).not.toBe(before);
    return obs;
  },
  AgentPools_GetUpgradeProfile: async (env, ex) => {
    const [rg, cluster, pool] = [p(ex, 'resourceGroupName'), p(ex, 'resourceName'), p(ex, 'agentPoolName')];
    await env.client.managedClusters.createOrUpdate(
      rg,
      cluster,
      {
        location: 'eastus',
        kubernetesVersion: '1.33.4',
        agentPoolProfiles: [{ name: 'system', count: 1, vmSize: 'Standard_DS2_v2', mode: 'System' }],
      },
      FAST_POLL,
    );
    await seedPool(env, rg, cluster, pool, {
      count: 1,
      vmSize: 'Standard_DS2_v2',
      orchestratorVersion: '1.33.2',
    });
    return sync(env, '200', () => env.client.agentPools.getUpgradeProfile(rg, cluster, pool));
  },
  AgentPools_GetAvailableAgentPoolVersions: async (env, ex) => {
    await seedCluster(env, p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    return sync(env, '200', () =>
      env.client.agentPools.getAvailableAgentPoolVersions(p(ex, 'resourceGroupName'), p(ex, 'resourceName')),
    );
  },
  AgentPools_AbortLatestOperation: (env, ex) => abortScenario(env, ex, 'pool'),
  Snapshots_CreateOrUpdate: async (env, ex) => {
    await seedSnapshotSource(env);
    const model = models.snapshotDeserializer(ex.parameters.parameters);
    const put = () =>
      env.client.snapshots.createOrUpdate(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), model);
    return [
      { code: '201', response: first(await during(env, put)), shape: true },
      { code: '200', response: first(await during(env, put)), shape: true },
    ];
  },
  Snapshots_Get: async (env, ex) => {
    await seedExampleSnapshot(env, ex);
    return sync(env, '200', () =>
      env.client.snapshots.get(p(ex, 'resourceGroupName'), p(ex, 'resourceName')),
    );
  },
  Snapshots_List: async (env, ex) => {
    await seedExampleSnapshot(env, ex);
    return sync(env, '200', async () => {
      for await (const _ of env.client.snapshots.list()) void _;
    });
  },
  Snapshots_UpdateTags: async (env, ex) => {
    await seedExampleSnapshot(env, ex);
    const params = ex.parameters.parameters as Arm.TagsObject;
    const obs = await sync(env, '200', () =>
      env.client.snapshots.updateTags(p(ex, 'resourceGroupName'), p(ex, 'resourceName'), params),
    );
    expect((obs[0]!.response.body as { tags: unknown }).tags).toEqual(params.tags);
    return obs;
  },
  Snapshots_Delete: async (env, ex) => {
    await seedExampleSnapshot(env, ex);
    const del = () => env.client.snapshots.delete(p(ex, 'resourceGroupName'), p(ex, 'resourceName'));
    return [
      { code: '200', response: first(await during(env, del)), shape: false },
      { code: '204', response: first(await during(env, del)), shape: false },
    ];
  },
};

/** cluster1/pool0 in westus, the source every snapshot example names. */
async function seedSnapshotSource(env: Env): Promise<void> {
  await env.client.managedClusters.createOrUpdate(
    'rg1',
    'cluster1',
    {
      location: 'westus',
      agentPoolProfiles: [{ name: 'pool0', count: 1, vmSize: 'Standard_D2s_v3', mode: 'System' }],
    },
    FAST_POLL,
  );
}

async function seedExampleSnapshot(env: Env, ex: Example): Promise<void> {
  await seedSnapshotSource(env);
  const example = exampleBody(ex, '200') as { value?: unknown[] } | undefined;
  const body = example?.value?.[0] ?? example;
  const model = body
    ? models.snapshotDeserializer(body)
    : {
        location: 'westus',
        creationData: {
          sourceResourceId: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1/agentPools/pool0`,
        },
      };
  await env.client.snapshots.createOrUpdate(
    'rg1',
    ex.parameters.resourceName ? p(ex, 'resourceName') : 'snapshot1',
    model,
  );
}

function readOnlyFor(ex: Example): string[] {
  if (/^Snapshots_(CreateOrUpdate|Get|UpdateTags)$/.test(ex.operationId)) return SNAPSHOT_RO;
  if (/^ManagedClusters_(CreateOrUpdate|Get|UpdateTags)$/.test(ex.operationId)) return CLUSTER_RO;
  if (/^AgentPools_(CreateOrUpdate|Get)$/.test(ex.operationId)) return POOL_RO;
  return [];
}

/** AKS's create defaults missing from an answer, and declared fields it does not echo. */
function createdMismatches(created: NonNullable<Observation['created']>, body: unknown): string[] {
  const props = (v: unknown): unknown => (v as { properties?: unknown } | undefined)?.properties;
  const defaults =
    created.kind === 'cluster'
      ? missingClusterDefaults(created.request, body)
      : missingDefaults('agentPool', props(created.request), props(body));
  return [...defaults.map((m) => `default ${m}`), ...echoMismatches(created.request, body)];
}

function check(ex: Example, observations: Observation[]): string[] {
  const problems: string[] = [];
  const ignore = new Set(EXAMPLE_QUIRKS[ex.file] ?? []);
  for (const o of observations) {
    const expected = ex.responses[o.code];
    const where = `${o.response.method} ${o.response.status} (example ${o.code})`;
    if (!expected) problems.push(`${where}: the example has no ${o.code} response`);
    if (o.response.status !== Number(o.code))
      problems.push(`${where}: status ${o.response.status}, expected ${o.code}`);
    for (const h of Object.keys(expected?.headers ?? {})) {
      if (!(h.toLowerCase() in o.response.headers)) problems.push(`${where}: header ${h} missing`);
    }
    if (o.created)
      problems.push(...createdMismatches(o.created, o.response.body).map((m) => `${where}: ${m}`));
    if (o.shape && expected?.body) {
      problems.push(
        ...shapeMismatches(expected.body, o.response.body, '', ignore).map((m) => `${where}: ${m}`),
      );
      if (o.response.status !== 204) {
        problems.push(
          ...missingReadOnly(o.response.body, readOnlyFor(ex)).map((f) => `${where}: read-only ${f} missing`),
        );
      }
    }
  }
  return problems;
}

describe('official AKS examples replayed through the real SDK client', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('finds the 35 examples beside the repository', () => {
    expect(examples.map((e) => e.file)).toHaveLength(35);
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s', async (_file, ex) => {
    sim = await startTestSimulator();
    const { client, responses } = sdkClient(sim, { subscriptionId: p(ex, 'subscriptionId') });
    const scenario = SCENARIOS[ex.operationId];
    expect(scenario).toBeDefined();
    const observations = await scenario!({ sim, client, responses }, ex);
    expect(observations.length).toBeGreaterThan(0);
    expect(check(ex, observations)).toEqual([]);
    // Every operation the example started has settled (nothing left running).
    await waitFor(() => sim!.engine.list().every((op) => op.status !== 'InProgress'), 'operations to settle');
  });
});

describe('answers to a minimal create carry every default AKS fills in, and echo what was declared', () => {
  let sim: Simulator;
  let env: Env;
  beforeAll(async () => {
    sim = await startTestSimulator();
    const { client, responses } = sdkClient(sim);
    env = { sim, client, responses };
  });
  afterAll(() => sim.close());

  const MINIMAL_CLUSTER = {
    location: 'eastus',
    properties: {
      agentPoolProfiles: [{ name: 'nodepool1', count: 1, vmSize: 'Standard_DS2_v2', mode: 'System' }],
    },
  };

  it('a cluster created from a location and one system pool', async () => {
    const rs = await during(env, () =>
      env.client.managedClusters.createOrUpdate(
        'rg-min',
        'c1',
        models.managedClusterDeserializer(MINIMAL_CLUSTER),
        FAST_POLL,
      ),
    );
    const get = finalGet(rs).body;
    expect(missingClusterDefaults(MINIMAL_CLUSTER, get)).toEqual([]);
    expect(echoMismatches(MINIMAL_CLUSTER, get)).toEqual([]);
  });

  it('a cluster whose pool autoscales, with one autoscaler setting declared', async () => {
    const request = {
      location: 'eastus',
      properties: {
        autoScalerProfile: { 'scan-interval': '20s' },
        agentPoolProfiles: [
          {
            name: 'nodepool1',
            count: 2,
            vmSize: 'Standard_DS2_v2',
            mode: 'System',
            enableAutoScaling: true,
            minCount: 1,
            maxCount: 3,
          },
        ],
      },
    };
    const rs = await during(env, () =>
      env.client.managedClusters.createOrUpdate(
        'rg-min',
        'c4',
        models.managedClusterDeserializer(request),
        FAST_POLL,
      ),
    );
    const get = finalGet(rs).body;
    expect(missingClusterDefaults(request, get)).toEqual([]);
    expect(echoMismatches(request, get)).toEqual([]);
  });

  it('an agent pool created from a count and a VM size', async () => {
    await seedCluster(env, 'rg-min', 'c2');
    const request = { properties: { count: 2, vmSize: 'Standard_DS2_v2' } };
    const rs = await during(env, () =>
      env.client.agentPools.createOrUpdate(
        'rg-min',
        'c2',
        'pool2',
        models.agentPoolDeserializer(request),
        FAST_POLL,
      ),
    );
    const get = finalGet(rs).body as { properties: unknown };
    expect(missingDefaults('agentPool', request.properties, get.properties)).toEqual([]);
    expect(echoMismatches(request, get)).toEqual([]);
  });

  it('a maintenance configuration, read back and listed with the cluster', async () => {
    await seedCluster(env, 'rg-min', 'c3');
    const request = {
      properties: {
        maintenanceWindow: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } },
          durationHours: 6,
          startTime: '22:00',
        },
      },
    };
    await env.client.maintenanceConfigurations.createOrUpdate(
      'rg-min',
      'c3',
      'aksManagedNodeOSUpgradeSchedule',
      { maintenanceWindow: request.properties.maintenanceWindow as Arm.MaintenanceWindow },
    );
    const rs = await during(env, async () => {
      await env.client.maintenanceConfigurations.get('rg-min', 'c3', 'aksManagedNodeOSUpgradeSchedule');
      for await (const _ of env.client.maintenanceConfigurations.listByManagedCluster('rg-min', 'c3')) void _;
    });
    for (const body of [rs[0]!.body, (rs[1]!.body as { value: unknown[] }).value[0]]) {
      const props = (body as { properties: unknown }).properties;
      expect(missingDefaults('maintenanceConfiguration', request.properties, props)).toEqual([]);
      expect(echoMismatches(request, body)).toEqual([]);
    }
  });
});
