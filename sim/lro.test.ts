// The long-running-operation protocol as the real SDK client sees it: initial answers with absolute
// operation URLs on the simulator's host, the poll sequence, Retry-After, failures surfaced with code and
// message, abort → Canceled, conditional requests (412) and DELETE 202 → 204.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from './simulator.js';
import { thrown } from './testing/errors.js';
import { RecordingDataPlane } from './testing/recording-data-plane.js';
import { FAST_POLL, sdkClient, type CapturedResponse } from './testing/sdk-client.js';
import { clusterModel, createCluster, startTestSimulator } from './testing/test-simulator.js';

const RG = 'rg-lro';
const isStatusPoll = (r: CapturedResponse): boolean =>
  /\/operations\/[0-9a-f-]+\?api-version=2017-08-31$/.test(r.url);
const statusOf = (r: CapturedResponse): string => (r.body as { status: string }).status;

describe('poll sequence', () => {
  let sim: Simulator;
  afterEach(() => sim.close());

  it('answers a create with 201 Creating and an absolute Azure-AsyncOperation URL, polled to Succeeded, then GETs the resource', async () => {
    // A create long enough to be seen running: 1000 simulated seconds = 200 ms.
    sim = await startTestSimulator({ durations: { clusterCreate: 1_000_000 } });
    const { client, responses } = sdkClient(sim);
    const mc = await client.managedClusters.createOrUpdate(RG, 'seq', clusterModel(), FAST_POLL);
    expect(mc.provisioningState).toBe('Succeeded');

    const [put, ...rest] = responses;
    expect(put).toMatchObject({ method: 'PUT', status: 201 });
    expect((put!.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe(
      'Creating',
    );
    const asyncUrl = put!.headers['azure-asyncoperation'];
    expect(asyncUrl).toMatch(
      new RegExp(
        `^${sim.endpoint}/subscriptions/.+/providers/Microsoft.ContainerService/locations/eastus/operations/[0-9a-f-]+\\?api-version=2017-08-31$`,
      ),
    );
    expect(put!.headers.location).toBeUndefined();

    const polls = rest.filter(isStatusPoll);
    expect(polls.every((p) => p.url === asyncUrl && p.status === 200)).toBe(true);
    expect(
      polls
        .map(statusOf)
        .slice(0, -1)
        .every((s) => s === 'InProgress'),
    ).toBe(true);
    expect(polls.length).toBeGreaterThan(1);
    const last = polls.at(-1)!.body as { status: string; startTime: string; endTime: string; name: string };
    expect(last).toMatchObject({
      status: 'Succeeded',
      name: asyncUrl!.split('/operations/')[1]!.split('?')[0],
    });
    expect(Date.parse(last.endTime)).toBeGreaterThanOrEqual(Date.parse(last.startTime));
    expect(rest.at(-1)).toMatchObject({ method: 'GET', status: 200, url: put!.url });
  });

  it('sends Retry-After on running status answers when configured, and the client follows it', async () => {
    sim = await startTestSimulator({
      durations: { clusterCreate: 6_000_000 },
      lro: { pollRetryAfterSeconds: 1 },
    });
    const { client, responses } = sdkClient(sim);
    await client.managedClusters.createOrUpdate(RG, 'retry', clusterModel(), FAST_POLL);
    const polls = responses.filter(isStatusPoll);
    expect(
      polls.filter((p) => statusOf(p) === 'InProgress').every((p) => p.headers['retry-after'] === '1'),
    ).toBe(true);
    expect(polls.at(-1)!.headers['retry-after']).toBeUndefined();
    // A 1.2 s operation polled every 5 ms would take hundreds of polls; with Retry-After: 1 only a few.
    expect(polls.length).toBeLessThanOrEqual(4);
  });
});

describe('outcomes', () => {
  let sim: Simulator;
  let client: Arm.ContainerServiceClient;
  let responses: CapturedResponse[];
  let dataPlane: RecordingDataPlane;
  beforeAll(async () => {
    dataPlane = new RecordingDataPlane();
    sim = await startTestSimulator({ dataPlane });
    ({ client, responses } = sdkClient(sim));
    await createCluster(client, RG, 'c1');
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.reset());

  it('surfaces an injected operation failure with its code and message', async () => {
    sim.setFaults({
      failOperations: [
        {
          match: '^agentPools\\.createOrUpdate$',
          code: 'UpgradeFailed',
          message: 'Drain node aks-user-1 failed.',
          times: 1,
        },
      ],
    });
    const err = await thrown(
      client.agentPools.createOrUpdate(RG, 'c1', 'failing', { vmSize: 'Standard_D2s_v3' }, FAST_POLL),
    );
    expect(err.message).toBe(
      'The long-running operation has failed. UpgradeFailed. Drain node aks-user-1 failed.',
    );
    const status = responses.filter(isStatusPoll).at(-1)!.body;
    expect(status).toMatchObject({
      status: 'Failed',
      error: { code: 'UpgradeFailed', message: 'Drain node aks-user-1 failed.' },
    });
    expect((await client.agentPools.get(RG, 'c1', 'failing')).provisioningState).toBe('Failed');
    // Re-sending the same PUT retries and converges.
    const retried = await client.agentPools.createOrUpdate(
      RG,
      'c1',
      'failing',
      { vmSize: 'Standard_D2s_v3' },
      FAST_POLL,
    );
    expect(retried.provisioningState).toBe('Succeeded');
  });

  it('fails the operation with the code and message of a data-plane rejection', async () => {
    await client.agentPools.createOrUpdate(
      RG,
      'c1',
      'drain',
      { vmSize: 'Standard_D2s_v3', orchestratorVersion: '1.32.7' },
      FAST_POLL,
    );
    dataPlane.failNext(
      'upgradePool',
      'UpgradeFailed',
      'Drain node x failed when evicting pod web-1 failed with Too Many Requests error.',
    );
    const err = await thrown(
      client.agentPools.createOrUpdate(RG, 'c1', 'drain', { orchestratorVersion: '1.33.4' }, FAST_POLL),
    );
    expect(err.message).toBe(
      'The long-running operation has failed. UpgradeFailed. Drain node x failed when evicting pod web-1 failed with Too Many Requests error.',
    );
    const pool = await client.agentPools.get(RG, 'c1', 'drain');
    expect(pool).toMatchObject({
      provisioningState: 'Failed',
      orchestratorVersion: '1.33.4',
      currentOrchestratorVersion: '1.32.7',
    });
  });

  it('aborts a running operation: the abort succeeds, the operation ends Canceled', async () => {
    sim.setFaults({ hangOperations: ['^agentPools\\.upgradeNodeImageVersion$'] });
    await client.agentPools.createOrUpdate(RG, 'c1', 'abortme', { vmSize: 'Standard_D2s_v3' }, FAST_POLL);
    const running = await client.agentPools.beginUpgradeNodeImageVersion(RG, 'c1', 'abortme', FAST_POLL);
    const mark = responses.length;
    await client.agentPools.abortLatestOperation(RG, 'c1', 'abortme', FAST_POLL);
    const abortAnswer = responses[mark]!;
    expect(abortAnswer.status).toBe(202);
    expect(abortAnswer.headers['azure-asyncoperation']).toContain('/operations/');
    expect(abortAnswer.headers.location).toContain('/operationresults/');
    await expect(running.pollUntilDone()).rejects.toThrow('Operation was canceled');
    expect((await client.agentPools.get(RG, 'c1', 'abortme')).provisioningState).toBe('Canceled');
    const canceled = sim.engine.list().find((op) => op.name === 'agentPools.upgradeNodeImageVersion');
    expect(canceled?.status).toBe('Canceled');
  });

  it('keeps a hung operation InProgress while its fault is listed and finishes it once the fault is removed', async () => {
    await client.agentPools.createOrUpdate(RG, 'c1', 'held', { vmSize: 'Standard_D2s_v3' }, FAST_POLL);
    sim.setFaults({ hangOperations: ['^agentPools\\.delete$'] });
    const deleting = await client.agentPools.beginDelete(RG, 'c1', 'held', FAST_POLL);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const held = sim.engine
      .list()
      .find((op) => op.name === 'agentPools.delete' && /held$/.test(op.resourceId));
    expect(held?.status).toBe('InProgress');
    sim.setFaults({ hangOperations: [] });
    await deleting.pollUntilDone();
    expect(held?.status).toBe('Succeeded');
  });

  it('answers 412 to a stale If-Match and to If-None-Match: * on an existing resource; every write changes the eTag', async () => {
    const mc = await client.managedClusters.get(RG, 'c1');
    const tagged = await client.managedClusters.updateTags(RG, 'c1', { tags: { v: '2' } }, FAST_POLL);
    expect(tagged.eTag).not.toBe(mc.eTag);
    const stale = await thrown(
      client.managedClusters.createOrUpdate(RG, 'c1', mc, { ...FAST_POLL, ifMatch: mc.eTag! }),
    );
    expect(stale).toMatchObject({ statusCode: 412, code: 'PreConditionFailed' });
    const exists = await thrown(
      client.managedClusters.createOrUpdate(RG, 'c1', mc, { ...FAST_POLL, ifNoneMatch: '*' }),
    );
    expect(exists.statusCode).toBe(412);
    const absent = await thrown(
      client.agentPools.createOrUpdate(
        RG,
        'c1',
        'nothere',
        { vmSize: 'Standard_D2s_v3' },
        { ...FAST_POLL, ifMatch: '*' },
      ),
    );
    expect(absent.statusCode).toBe(412);
    const fresh = await client.managedClusters.createOrUpdate(RG, 'c1', mc, {
      ...FAST_POLL,
      ifMatch: tagged.eTag!,
    });
    expect(fresh.eTag).not.toBe(tagged.eTag);
    const pool = await client.agentPools.get(RG, 'c1', 'system');
    const staleDelete = await thrown(
      client.agentPools.delete(RG, 'c1', 'system', { ...FAST_POLL, ifMatch: 'not-the-etag' }),
    );
    expect(staleDelete.statusCode).toBe(412);
    expect(pool.eTag).toBeTruthy();
  });

  it('answers 400 to an If-None-Match other than * and to both conditional headers at once', async () => {
    const mc = await client.managedClusters.get(RG, 'c1');
    const odd = await thrown(
      client.managedClusters.createOrUpdate(RG, 'c1', mc, { ...FAST_POLL, ifNoneMatch: mc.eTag! }),
    );
    expect(odd).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    const both = await thrown(
      client.managedClusters.createOrUpdate(RG, 'c1', mc, {
        ...FAST_POLL,
        ifMatch: mc.eTag!,
        ifNoneMatch: '*',
      }),
    );
    expect(both).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('deletes with 202 (Azure-AsyncOperation and Location) and answers 204 once gone', async () => {
    await createCluster(client, RG, 'todelete');
    const mark = responses.length;
    await client.managedClusters.delete(RG, 'todelete', FAST_POLL);
    const answer = responses[mark]!;
    expect(answer).toMatchObject({ method: 'DELETE', status: 202 });
    expect(answer.body).toBeUndefined();
    expect(answer.headers['azure-asyncoperation']).toContain(sim.endpoint);
    expect(answer.headers.location).toContain(`${sim.endpoint}/subscriptions/`);
    const again = responses.length;
    await client.managedClusters.delete(RG, 'todelete', FAST_POLL);
    expect(responses[again]!.status).toBe(204);
  });

  it('finishes stop and start with a final GET on the Location URL', async () => {
    const mark = responses.length;
    await client.managedClusters.stop(RG, 'c1', FAST_POLL);
    const seen = responses.slice(mark);
    expect(seen[0]!.status).toBe(202);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', status: 200, url: seen[0]!.headers.location });
    await client.managedClusters.start(RG, 'c1', FAST_POLL);
    expect((await client.managedClusters.get(RG, 'c1')).powerState?.code).toBe('Running');
    expect(dataPlane.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['stopCluster', 'startCluster']),
    );
  });
});
