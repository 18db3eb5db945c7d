// The ARM front door through the real SDK client (and raw HTTPS where the SDK cannot misbehave):
// authentication, api-version, per-subscription throttling (429 + Retry-After), injected faults,
// list paging, counters and the /_sim/ admin endpoints.
import https from 'node:https';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import type * as Arm from '@azure/arm-containerservice';
import { CONTAINER_SERVICE_API_VERSIONS } from './api-versions.js';
import { resourceLock } from './faults.js';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { FAST_POLL, STATIC_CREDENTIAL, SUBSCRIPTION, sdkClient } from './testing/sdk-client.js';
import { createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-pipe';
let sim: Simulator;
let client: Arm.ContainerServiceClient;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  const url = new URL(path, sim.endpoint);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: sim.caPem }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const clusterPath = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;

beforeAll(async () => {
  sim = await startTestSimulator({ adminPort: 0, paging: { agentPoolPageSize: 2 } });
  client = sdkClient(sim).client;
  await createCluster(client, RG, 'c1');
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.reset();
  sim.throttle.configure({
    enabled: true,
    reads: { capacity: 250, refillPerSecond: 25 },
    writes: { capacity: 200, refillPerSecond: 10 },
  });
});

describe('authentication and api-version', () => {
  it('answers 401 AuthenticationFailed without a bearer token', async () => {
    const none = await raw('GET', `${clusterPath}?api-version=2026-06-01`);
    expect(none).toMatchObject({
      status: 401,
      body: {
        error: {
          code: 'AuthenticationFailed',
          message: "Authentication failed. The 'Authorization' header is missing.",
        },
      },
    });
    const basic = await raw('GET', `${clusterPath}?api-version=2026-06-01`, { authorization: 'Basic abc' });
    expect(basic.status).toBe(401);
  });

  it('requires an api-version', async () => {
    const missing = await raw('GET', clusterPath, { authorization: 'Bearer t' });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'MissingApiVersionParameter' } } });
  });

  it.each(CONTAINER_SERVICE_API_VERSIONS)('answers api-version %s', async (version) => {
    const answer = await raw('GET', `${clusterPath}?api-version=${version}`, { authorization: 'Bearer t' });
    expect(answer.status).toBe(200);
  });

  it('refuses other api-versions as ARM does, naming the location, version and type', async () => {
    const old = await raw('GET', `${clusterPath}?api-version=2019-02-01`, { authorization: 'Bearer t' });
    expect(old).toMatchObject({ status: 400, body: { error: { code: 'NoRegisteredProviderFound' } } });
    expect((old.body as { error: { message: string } }).error.message).toBe(
      "No registered resource provider found for location 'eastus' and API version '2019-02-01' for type 'managedClusters'. The supported api-versions are '2026-04-01, 2026-05-01, 2026-06-01'.",
    );
    const pool = await raw('GET', `${clusterPath}/agentPools/nodepool1?api-version=2026-07-01`, {
      authorization: 'Bearer t',
    });
    expect((pool.body as { error: { message: string } }).error.message).toMatch(
      /for location 'eastus' and API version '2026-07-01' for type 'managedClusters\/agentPools'/,
    );
    const create = await raw(
      'PUT',
      `${clusterPath.replace(/c1$/, 'c9')}?api-version=2025-10-01`,
      { authorization: 'Bearer t', 'content-type': 'application/json' },
      JSON.stringify({ location: 'westus2', properties: {} }),
    );
    expect((create.body as { error: { message: string } }).error.message).toMatch(
      /for location 'westus2' and API version '2025-10-01' for type 'managedClusters'/,
    );
    const vnet = await raw(
      'GET',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/v1?api-version=2026-06-01`,
      { authorization: 'Bearer t' },
    );
    expect(vnet).toMatchObject({ status: 400, body: { error: { code: 'NoRegisteredProviderFound' } } });
    expect(
      sim.store.getCluster({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, cluster: 'c9' }),
    ).toBeUndefined();
  });

  it('answers operation URLs at the api-version AKS writes into them', async () => {
    const status = await raw(
      'GET',
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerService/locations/eastus/operations/none?api-version=2017-08-31`,
      { authorization: 'Bearer t' },
    );
    expect(status.body).not.toMatchObject({ error: { code: 'NoRegisteredProviderFound' } });
  });

  it("reaches the operator's client as a RestError with the code when it is set to another api-version", async () => {
    const other = new ContainerServiceClient(STATIC_CREDENTIAL, SUBSCRIPTION, {
      endpoint: sim.endpoint,
      tlsOptions: { ca: sim.caPem },
      apiVersion: '2026-08-01',
      retryOptions: { maxRetries: 0 },
    });
    await expect(other.managedClusters.get(RG, 'c1')).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
    });
  });
});

describe('throttling', () => {
  it('answers 429 SubscriptionRequestsThrottled with Retry-After once the read bucket is empty; writes and other subscriptions are unaffected', async () => {
    sim.throttle.configure({ reads: { capacity: 3, refillPerSecond: 0.5 } });
    for (let i = 0; i < 3; i++) await client.managedClusters.get(RG, 'c1');
    const err = await thrown(client.managedClusters.get(RG, 'c1'));
    expect(err).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
    expect(err.message).toMatch(
      new RegExp(
        `^Number of requests for subscription '${SUBSCRIPTION}' and operation 'GET/SUBSCRIPTIONS/RESOURCEGROUPS/PROVIDERS/MANAGEDCLUSTERS' exceeded the backend storage limit\\. Please try again after '2' seconds\\.$`,
      ),
    );
    const answer = await raw('GET', `${clusterPath}?api-version=2026-06-01`, { authorization: 'Bearer t' });
    expect(answer.headers['retry-after']).toBe('2');
    await client.managedClusters.updateTags(RG, 'c1', { tags: { t: '1' } }, FAST_POLL);
    const other = sdkClient(sim, { subscriptionId: '11111111-1111-1111-1111-111111111111' }).client;
    await expect(other.managedClusters.get(RG, 'c1')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reports the remaining reads in x-ms-ratelimit-remaining-subscription-reads', async () => {
    const { client: c, responses } = sdkClient(sim);
    await c.managedClusters.get(RG, 'c1');
    const remaining = Number(responses.at(-1)!.headers['x-ms-ratelimit-remaining-subscription-reads']);
    await c.managedClusters.get(RG, 'c1');
    expect(
      Number(responses.at(-1)!.headers['x-ms-ratelimit-remaining-subscription-reads']),
    ).toBeLessThanOrEqual(remaining);
  });
});

describe('injected faults', () => {
  it('answers every matching request 429 at throttleRate 1, and only matching operations', async () => {
    sim.setFaults({ throttleRate: 1, match: '^agentPools\\.get$' });
    const err = await thrown(client.agentPools.get(RG, 'c1', 'system'));
    expect(err).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
    expect((await client.managedClusters.get(RG, 'c1')).name).toBe('c1');
  });

  it('answers 500 or 503 at serverErrorRate 1', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const err = await thrown(client.managedClusters.get(RG, 'c1'));
    expect([500, 503]).toContain(err.statusCode);
    expect(['InternalServerError', 'ServiceUnavailable']).toContain(err.code);
  });

  it('answers writes under a ReadOnly resource lock 409 ScopeLocked, and still answers reads', async () => {
    const scope = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}`;
    sim.setFaults({ requestErrors: [resourceLock(scope)] });
    const err = await thrown(client.managedClusters.updateTags(RG, 'c1', { tags: { a: 'b' } }));
    expect(err).toMatchObject({ statusCode: 409, code: 'ScopeLocked' });
    expect(err.message).toBe(
      `The scope '${clusterPath}' cannot perform write operation because following scope(s) are locked: '${scope}'. Please remove the lock and try again.`,
    );
    expect((await client.managedClusters.get(RG, 'c1')).name).toBe('c1');
    // A scope is a prefix of whole segments: rg-pipe's lock does not cover rg-pipe2.
    const other = await raw('PUT', `${clusterPath.replace(RG, `${RG}2`)}?api-version=2026-06-01`, {
      authorization: 'Bearer t',
    });
    expect(other.status).not.toBe(409);
  });

  it.each([
    [409, 'ScopeLocked'],
    [403, 'AuthorizationFailed'],
    [403, 'LinkedAuthorizationFailed'],
    [403, 'RequestDisallowedByPolicy'],
    [401, 'InvalidAuthenticationToken'],
    [404, 'SubscriptionNotFound'],
    [404, 'ResourceGroupNotFound'],
    [409, 'MissingSubscriptionRegistration'],
    [409, 'ReadOnlyDisabledSubscription'],
    [400, 'OperationNotAllowed'],
  ])('answers a chosen status and code: %i %s, as many times as asked', async (status, code) => {
    sim.setFaults({
      requestErrors: [
        { status, code, message: `refused {path}`, match: '^managedClusters\\.get$', times: 1 },
      ],
    });
    const err = await thrown(client.managedClusters.get(RG, 'c1'));
    expect(err).toMatchObject({ statusCode: status, code, message: `refused ${clusterPath}` });
    expect((await client.managedClusters.get(RG, 'c1')).name).toBe('c1');
  });

  it('lets the SDK retry through a transient 429 (pipeline retries with Retry-After)', async () => {
    sim.setFaults({ throttleRate: 1, match: '^managedClusters\\.listKubernetesVersions$' });
    const retrying = sdkClient(sim, { maxRetries: 3 }).client;
    const pending = retrying.managedClusters.listKubernetesVersions('eastus');
    // Lift the fault while the client waits out the first Retry-After.
    setTimeout(() => sim.faults.reset(), 200);
    const versions = await pending;
    expect(versions.values?.length).toBeGreaterThan(0);
    expect(sim.counters.get('managedClusters.listKubernetesVersions', 429)).toBeGreaterThan(0);
  });
});

it('pages agent pools with nextLink, ending with the empty page real AKS links to', async () => {
  for (const name of ['p1', 'p2', 'p3'])
    await client.agentPools.createOrUpdate(RG, 'c1', name, { vmSize: 'Standard_D2s_v3' }, FAST_POLL);
  const { client: c, responses } = sdkClient(sim);
  const names: string[] = [];
  for await (const pool of c.agentPools.list(RG, 'c1')) names.push(pool.name!);
  expect(names.sort()).toEqual(['p1', 'p2', 'p3', 'system']);
  const pages = responses.map((r) => r.body as { value: unknown[]; nextLink?: string });
  expect(pages.map((p) => p.value.length)).toEqual([2, 2]);
  expect(pages[0]!.nextLink).toMatch(new RegExp(`^${sim.endpoint}/.+&\\$skipToken=`));

  await createCluster(client, RG, 'onepool');
  const single = sdkClient(sim);
  for await (const _ of single.client.agentPools.list(RG, 'onepool')) void _;
  expect(single.responses.map((r) => (r.body as { value: unknown[] }).value.length)).toEqual([1, 0]);
});

describe('counters and admin endpoints', () => {
  it('counts calls by operation and status, in process and over /_sim/counters', async () => {
    sim.counters.reset();
    await client.managedClusters.get(RG, 'c1');
    await thrown(client.agentPools.get(RG, 'c1', 'absent'));
    expect(sim.counters.get('managedClusters.get', 200)).toBe(1);
    expect(sim.counters.get('agentPools.get', 404)).toBe(1);
    const viaHttps = await raw('GET', '/_sim/counters');
    expect(viaHttps.body).toMatchObject({
      byOperation: { 'managedClusters.get': 1, 'agentPools.get': 1 },
      byStatus: { '200': 1, '404': 1 },
    });
    const viaAdminPort = (await (await fetch(`${sim.adminEndpoint}/_sim/counters`)).json()) as {
      total: number;
    };
    expect(viaAdminPort.total).toBe(2);
    await fetch(`${sim.adminEndpoint}/_sim/reset-counters`, { method: 'POST' });
    expect(sim.counters.snapshot().total).toBe(0);
  });

  it('sets faults and capacity losses over POST /_sim/faults and logs requests', async () => {
    const res = await fetch(`${sim.adminEndpoint}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({
        serverErrorRate: 1,
        match: '^snapshots\\.list$',
        capacityLoss: [{ vmSize: 'Standard_D2s_v3', zone: '1' }],
      }),
    });
    expect(res.status).toBe(200);
    expect(sim.faults.settings().serverErrorRate).toBe(1);
    expect(sim.capacity.list()).toEqual([{ vmSize: 'Standard_D2s_v3', zone: '1' }]);
    await fetch(`${sim.adminEndpoint}/_sim/faults`, { method: 'DELETE' });
    expect(sim.capacity.list()).toEqual([]);
    const log = (await (await fetch(`${sim.adminEndpoint}/_sim/requests?limit=5`)).json()) as Array<{
      operation: string;
    }>;
    expect(log.length).toBeGreaterThan(0);
  });
});
