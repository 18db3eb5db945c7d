// Operation handles over the real SDK client (pipeline, core-lro poller, error construction), with ARM's
// answers scripted in-process: start without waiting, store, resume in a new client, one poll per call.
import {
  ThrottledError,
  TransientError,
  InvalidSpecError,
  OperationInProgressError,
} from '../runtime/index.js';
import { OperationFailedError } from './arm-error-classes.js';
import { agentPoolId, managedClusterId } from './resource-id.js';
import {
  decodeOperationHandle,
  encodeOperationHandle,
  operationIdOf,
  type OperationHandle,
} from './operation-handle.js';
import { DEFAULT_POLL_INTERVAL_MS } from './operations.js';
import { ArmHttpStub, armOverStub, STUB_ENDPOINT, type StubResponse } from './testing/arm-http-stub.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const CLUSTER = managedClusterId(SUB, 'rg1', 'c1');
const POOL = agentPoolId(CLUSTER, 'user1');
const OP_PATH = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/op1`;
const OP_URL = `${STUB_ENDPOINT}${OP_PATH}?api-version=2017-08-31`;
const OP = /\/operations\/op1$/;
const CLUSTER_PATH = /\/managedClusters\/c1$/;

function clusterBody(provisioningState: string): StubResponse['body'] {
  return {
    id: CLUSTER,
    name: 'c1',
    location: 'eastus',
    properties: { provisioningState, kubernetesVersion: '1.30.4', agentPoolProfiles: [] },
  };
}

const CREATED: StubResponse = {
  status: 201,
  headers: { 'azure-asyncoperation': OP_URL },
  body: clusterBody('Creating'),
};

const running = (retryAfter?: string): StubResponse => ({
  status: 200,
  ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
  body: { name: 'op1', status: 'InProgress', startTime: '2026-01-01T00:00:00Z' },
});
const succeeded: StubResponse = { status: 200, body: { name: 'op1', status: 'Succeeded' } };
const failed = (error: unknown): StubResponse => ({
  status: 200,
  body: { name: 'op1', status: 'Failed', error },
});

/** Starts a cluster PUT and returns the handle as a controller would read it back from status. */
async function startedPut(stub: ArmHttpStub): Promise<OperationHandle<'managedCluster.put'>> {
  stub.on('PUT', CLUSTER_PATH, CREATED);
  const handle = await armOverStub(stub).managedClusters.put(CLUSTER, {
    location: 'eastus',
    kubernetesVersion: '1.30',
  });
  const stored = decodeOperationHandle(encodeOperationHandle(handle));
  if (stored?.kind !== 'managedCluster.put') throw new Error('handle did not survive encoding');
  return stored as OperationHandle<'managedCluster.put'>;
}

describe('operation handles over the SDK', () => {
  it('starts a PUT without polling, then resumes from the stored handle in a new client, one poll per call', async () => {
    const stub = new ArmHttpStub();
    stub.on('GET', OP, running('7'), succeeded);
    stub.on('GET', CLUSTER_PATH, { status: 200, body: clusterBody('Succeeded') });
    const handle = await startedPut(stub);
    expect(stub.requests.map((r) => r.method)).toEqual(['PUT']);
    expect(handle).toMatchObject({ kind: 'managedCluster.put', resourceId: CLUSTER });
    expect(operationIdOf(handle)).toBe('op1');

    const restarted = armOverStub(stub);
    const first = await restarted.operations.pollOperation(handle);
    expect(first).toMatchObject({ status: 'InProgress', pollAfterMs: 7_000 });
    expect(first.status === 'InProgress' && first.handle).toBe(handle);
    expect(stub.requestsTo('GET', OP)).toHaveLength(1);

    const second = await armOverStub(stub).operations.pollOperation(handle);
    expect(second.status).toBe('Succeeded');
    expect(second.status === 'Succeeded' && second.result.provisioningState).toBe('Succeeded');
    expect(second.status === 'Succeeded' && second.result.kubernetesVersion).toBe('1.30.4');
    expect(stub.requestsTo('GET', OP)).toHaveLength(2);
    // The final GET the protocol asks for after a PUT.
    expect(stub.requestsTo('GET', CLUSTER_PATH)).toHaveLength(1);
  });

  it('uses the configured interval when Azure names none', async () => {
    const stub = new ArmHttpStub();
    stub.on('GET', OP, running());
    const handle = await startedPut(stub);
    expect(await armOverStub(stub).operations.pollOperation(handle)).toMatchObject({
      status: 'InProgress',
      pollAfterMs: DEFAULT_POLL_INTERVAL_MS,
    });
    expect(await armOverStub(stub, { pollIntervalMs: 50 }).operations.pollOperation(handle)).toMatchObject({
      pollAfterMs: 50,
    });
  });

  it('reports an operation that ended Failed with the AKS code and message, classified', async () => {
    const stub = new ArmHttpStub();
    const message =
      'The virtual machine size Standard_DS2_v2 has a cache size of 92341796864 bytes, but the OS disk requires 137438953472 bytes.';
    stub.on('GET', OP, failed({ code: 'VMCacheSizeTooSmall', message }));
    const outcome = await armOverStub(stub).operations.pollOperation(await startedPut(stub));
    expect(outcome.status).toBe('Failed');
    const error = outcome.status === 'Failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(InvalidSpecError);
    expect((error as InvalidSpecError).reason).toBe('VMCacheSizeTooSmall');
    expect(error?.message).toBe(
      `cannot create or update managed cluster c1: VMCacheSizeTooSmall: ${message}`,
    );
  });

  it('keeps the nested AKS code that the poller drops from a ResourceOperationFailure', async () => {
    const stub = new ArmHttpStub();
    stub.on(
      'GET',
      OP,
      failed({
        code: 'ResourceOperationFailure',
        message: "The resource operation completed with terminal provisioning state 'Failed'.",
        details: [{ code: 'ControlPlaneProvisioningInternalError', message: 'control plane failed' }],
      }),
    );
    const outcome = await armOverStub(stub).operations.pollOperation(await startedPut(stub));
    const error = outcome.status === 'Failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).reason).toBe('ControlPlaneProvisioningInternalError');
  });

  it('reports a canceled operation', async () => {
    const stub = new ArmHttpStub();
    stub.on('GET', OP, { status: 200, body: { name: 'op1', status: 'Canceled' } });
    expect(await armOverStub(stub).operations.pollOperation(await startedPut(stub))).toEqual({
      status: 'Canceled',
    });
  });

  it('reports an operation Azure no longer knows as lost', async () => {
    const stub = new ArmHttpStub();
    stub.on('GET', OP, {
      status: 404,
      body: { error: { code: 'NotFound', message: 'operation not found' } },
    });
    expect(await armOverStub(stub).operations.pollOperation(await startedPut(stub))).toMatchObject({
      status: 'Lost',
    });
  });

  it('throws when the status could not be learned, and the handle still works afterwards', async () => {
    const stub = new ArmHttpStub();
    stub.on(
      'GET',
      OP,
      { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } },
      {
        status: 429,
        headers: { 'retry-after': '3' },
        body: { error: { code: 'TooManyRequests', message: 'slow down' } },
      },
      succeeded,
    );
    stub.on('GET', CLUSTER_PATH, { status: 200, body: clusterBody('Succeeded') });
    const handle = await startedPut(stub);
    const arm = armOverStub(stub);
    await expect(arm.operations.pollOperation(handle)).rejects.toBeInstanceOf(TransientError);
    const throttled = await arm.operations.pollOperation(handle).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect((throttled as ThrottledError).retryAfterMs).toBe(3_000);
    expect((await arm.operations.pollOperation(handle)).status).toBe('Succeeded');
  });

  it('treats a cluster PUT that finished in its first answer as done and re-reads the cluster', async () => {
    const stub = new ArmHttpStub();
    stub.on('PUT', CLUSTER_PATH, { status: 200, body: clusterBody('Succeeded') });
    stub.on('GET', CLUSTER_PATH, { status: 200, body: clusterBody('Succeeded') });
    const handle = await armOverStub(stub).managedClusters.put(CLUSTER, { location: 'eastus' });
    const outcome = await armOverStub(stub).operations.pollOperation(handle);
    expect(outcome.status === 'Succeeded' && outcome.result.name).toBe('c1');
    expect(stub.requests.map((r) => r.method)).toEqual(['PUT', 'GET']);
  });

  it('follows provisioningState when a PUT answer carries no status URL', async () => {
    const stub = new ArmHttpStub();
    stub.on('PUT', CLUSTER_PATH, { status: 200, body: clusterBody('Updating') });
    stub.on(
      'GET',
      CLUSTER_PATH,
      { status: 200, body: clusterBody('Updating') },
      { status: 200, body: clusterBody('Succeeded') },
    );
    const handle = await armOverStub(stub).managedClusters.put(CLUSTER, { location: 'eastus' });
    expect((await armOverStub(stub).operations.pollOperation(handle)).status).toBe('InProgress');
    expect((await armOverStub(stub).operations.pollOperation(handle)).status).toBe('Succeeded');
  });

  it('refuses a write while another operation runs, before any handle exists', async () => {
    const stub = new ArmHttpStub();
    stub.on('PUT', CLUSTER_PATH, {
      status: 409,
      body: {
        error: {
          code: 'OperationNotAllowed',
          message:
            'Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation.',
        },
      },
    });
    await expect(
      armOverStub(stub).managedClusters.put(CLUSTER, { location: 'eastus' }),
    ).rejects.toBeInstanceOf(OperationInProgressError);
  });

  it('reads a flat AKS validation body, subcode included', async () => {
    const stub = new ArmHttpStub();
    stub.on('PUT', CLUSTER_PATH, {
      status: 400,
      body: {
        code: 'ValidationError',
        subcode: 'UpgradeBlockedOnDeprecatedAPIUsage',
        message:
          'Control Plane upgrade is blocked due to recent usage of a Kubernetes API deprecated in the specified version.',
        details: null,
      },
    });
    const err = await armOverStub(stub)
      .managedClusters.put(CLUSTER, { location: 'eastus' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidSpecError);
    expect((err as InvalidSpecError).reason).toBe('UpgradeBlockedOnDeprecatedAPIUsage');
    expect((err as Error).message).toMatch(
      /^cannot create or update managed cluster c1: ValidationError \(UpgradeBlockedOnDeprecatedAPIUsage\): Control Plane/,
    );
  });

  it('polls a Location-mode operation (cluster stop) by status code', async () => {
    const stub = new ArmHttpStub();
    const location = `${STUB_ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operationresults/op2?api-version=2017-08-31`;
    stub.on('POST', /\/managedClusters\/c1\/stop$/, { status: 202, headers: { location } });
    stub.on('GET', /\/operationresults\/op2$/, { status: 202, headers: { location } }, { status: 204 });
    const handle = await armOverStub(stub).managedClusters.stop(CLUSTER);
    expect((await armOverStub(stub).operations.pollOperation(handle)).status).toBe('InProgress');
    expect(await armOverStub(stub).operations.pollOperation(handle)).toEqual({
      status: 'Succeeded',
      result: undefined,
    });
  });

  it('reads a 4xx on a Location URL as the operation’s failure', async () => {
    const stub = new ArmHttpStub();
    const location = `${STUB_ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operationresults/op3?api-version=2017-08-31`;
    stub.on('POST', /\/managedClusters\/c1\/start$/, { status: 202, headers: { location } });
    stub.on('GET', /\/operationresults\/op3$/, {
      status: 400,
      body: {
        error: {
          code: 'OperationNotAllowed',
          message: 'Starting a cluster whose subscription is disabled is not allowed.',
        },
      },
    });
    const handle = await armOverStub(stub).managedClusters.start(CLUSTER);
    const outcome = await armOverStub(stub).operations.pollOperation(handle);
    const error = outcome.status === 'Failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(InvalidSpecError);
    expect(error?.message).toBe(
      'cannot start managed cluster c1: OperationNotAllowed: Starting a cluster whose subscription is disabled is not allowed.',
    );
  });

  it('answers a delete of an absent resource with no handle, and a started delete with one', async () => {
    const stub = new ArmHttpStub();
    stub.on('DELETE', /\/agentPools\/user1$/, { status: 204 });
    expect(await armOverStub(stub).agentPools.delete(POOL)).toBeUndefined();
    stub.on('DELETE', /\/agentPools\/user1$/, {
      status: 202,
      headers: { 'azure-asyncoperation': OP_URL, location: OP_URL },
    });
    stub.on('GET', OP, succeeded);
    const handle = await armOverStub(stub).agentPools.delete(POOL, { ignorePodDisruptionBudget: true });
    expect(handle?.kind).toBe('agentPool.delete');
    expect(
      stub
        .requestsTo('DELETE', /agentPools\/user1$/)[1]
        ?.url.searchParams.get('ignore-pod-disruption-budget'),
    ).toBe('true');
    expect(handle && (await armOverStub(stub).operations.pollOperation(handle))).toEqual({
      status: 'Succeeded',
      result: undefined,
    });
  });

  it('treats a stored state that cannot be read as lost rather than failing the reconcile', async () => {
    expect(decodeOperationHandle('{"kind":"agentPool.put"')).toBeUndefined();
    expect(
      decodeOperationHandle('{"kind":"nope","resourceId":"x","startedAt":"t","serializedState":{}}'),
    ).toBeUndefined();
    const handle: OperationHandle = {
      kind: 'agentPool.put',
      resourceId: POOL,
      startedAt: '2026-01-01T00:00:00Z',
      serializedState: 'garbage',
    };
    expect(await armOverStub(new ArmHttpStub()).operations.pollOperation(handle)).toMatchObject({
      status: 'Lost',
    });
  });
});
