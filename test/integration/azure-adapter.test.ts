// The ARM adapter against the AKS simulator. Real: the @azure/arm-containerservice client, HTTPS with the
// simulator's CA, ARM's long-running-operation protocol. Simulated: Azure. Proves handles survive a restart
// (a new client resumes them), and that busy, invalid, throttled and failed answers arrive classified.
import { Registry } from 'prom-client';
import { createTlsMaterial, startSimulator, type Simulator } from '../../sim/index.js';
import {
  ArmCallMetrics,
  ArmClientFactory,
  agentPoolId,
  createAzureArm,
  decodeOperationHandle,
  encodeOperationHandle,
  managedClusterId,
  OperationFailedError,
  type AzureArm,
  type OperationHandle,
  type OperationKind,
  type OperationOutcome,
  type OperationResults,
} from '../../src/azure/index.js';
import {
  InvalidSpecError,
  OperationInProgressError,
  ThrottledError,
  isInvalidSpecError,
} from '../../src/runtime/index.js';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const LOCATION = 'eastus';
/** 1 simulated minute ≈ 12 real milliseconds. */
const TIME_SCALE = 0.0002;
const POLL_DEADLINE_MS = 30_000;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ timeScale: TIME_SCALE, tls: createTlsMaterial() });
});

afterAll(async () => {
  await sim?.close();
});

afterEach(() => {
  sim.faults.reset();
});

/** A fresh factory and adapters, as a restarted operator would build them. */
function connect(options: { maxRetries?: number; metrics?: ArmCallMetrics } = {}): AzureArm {
  const factory = new ArmClientFactory({
    endpoint: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return createAzureArm({ factory, pollIntervalMs: 20 });
}

/** Polls as a controller would across reconciles, each poll one call, until the operation ends. */
async function pollToEnd<K extends OperationKind>(
  arm: AzureArm,
  handle: OperationHandle<K>,
): Promise<OperationOutcome<OperationResults[K]>> {
  const deadline = Date.now() + POLL_DEADLINE_MS;
  let current: OperationHandle = handle;
  while (Date.now() < deadline) {
    const outcome = await arm.operations.pollOperation(current as OperationHandle<K>);
    if (outcome.status !== 'InProgress') return outcome;
    current = outcome.handle;
    await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.pollAfterMs, 100)));
  }
  throw new Error(
    `operation ${handle.kind} on ${handle.resourceId} did not end within ${POLL_DEADLINE_MS} ms`,
  );
}

function clusterBody(): Parameters<AzureArm['managedClusters']['put']>[1] {
  return {
    location: LOCATION,
    dnsPrefix: 'dns',
    agentPoolProfiles: [{ name: 'system', count: 2, vmSize: 'Standard_D4s_v3', mode: 'System' }],
  };
}

async function createdCluster(arm: AzureArm, name: string): Promise<string> {
  const id = managedClusterId(SUB, 'rg-adapter', name);
  const outcome = await pollToEnd(arm, await arm.managedClusters.put(id, clusterBody()));
  if (outcome.status !== 'Succeeded') throw new Error(`cluster ${name} ended ${outcome.status}`);
  return id;
}

describe('ARM adapter against the simulator', () => {
  it('starts a create without waiting, and a restarted operator polls the stored handle to Succeeded', async () => {
    const registry = new Registry();
    const metrics = new ArmCallMetrics({ registry });
    let httpRequests = 0;
    metrics.onCall((e) => (httpRequests += e.httpRequests));
    const before = sim.counters.snapshot().total;
    const pollsBefore = sim.counters.get('operations.get');
    const id = managedClusterId(SUB, 'rg-adapter', 'create1');

    const handle = await connect({ metrics }).managedClusters.put(id, clusterBody());
    expect(sim.counters.get('managedClusters.createOrUpdate', 201)).toBeGreaterThanOrEqual(1);
    expect(sim.counters.get('operations.get')).toBe(pollsBefore);
    const stored = encodeOperationHandle(handle);
    expect(stored.length).toBeLessThan(8192);

    const restarted = connect({ metrics });
    const resumed = decodeOperationHandle(stored);
    expect(resumed).toEqual(handle);
    const outcome = await pollToEnd(restarted, resumed as OperationHandle<'managedCluster.put'>);
    expect(outcome.status).toBe('Succeeded');
    expect(outcome.status === 'Succeeded' && outcome.result.provisioningState).toBe('Succeeded');
    const cluster = await restarted.managedClusters.get(id);
    expect(cluster?.currentKubernetesVersion).toMatch(/^1\.\d+\.\d+$/);
    expect((await restarted.agentPools.list(id))?.map((p) => p.name)).toEqual(['system']);
    // Every request the simulator saw was counted by the adapter, SDK retries included.
    expect(httpRequests).toBe(sim.counters.snapshot().total - before);
  });

  it('classifies a write during a running operation as OperationInProgress, and sees the abort', async () => {
    const arm = connect();
    const id = await createdCluster(arm, 'busy1');
    sim.setFaults({ hangOperations: ['^managedClusters\\.createOrUpdate$'] });
    const update = await arm.managedClusters.put(id, { ...clusterBody(), tags: { change: '1' } });

    const refused = await arm.agentPools
      .put(agentPoolId(id, 'user1'), { count: 1, vmSize: 'Standard_D4s_v3', mode: 'User' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OperationInProgressError);
    expect((refused as Error).message).toMatch(
      /^cannot create or update agent pool user1 of cluster busy1: OperationNotAllowed: .*in progress/,
    );

    await pollToEnd(arm, await arm.managedClusters.abort(id));
    expect(await pollToEnd(arm, update)).toEqual({ status: 'Canceled' });
  });

  it('classifies a rule AKS enforces as an invalid spec carrying the AKS code', async () => {
    const arm = connect();
    const id = await createdCluster(arm, 'invalid1');
    const refused = await arm.agentPools
      .put(agentPoolId(id, 'eph1'), {
        count: 1,
        vmSize: 'Standard_D2s_v3',
        mode: 'User',
        osDiskType: 'Ephemeral',
        osDiskSizeGB: 128,
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidSpecError);
    expect(isInvalidSpecError(refused) && refused.reason).toBe('VMCacheSizeTooSmall');
    expect((refused as Error).message).toMatch(
      /^cannot create or update agent pool eph1 of cluster invalid1: VMCacheSizeTooSmall: The virtual machine size Standard_D2s_v3/,
    );
  });

  it('classifies a 429 that outlasts the SDK’s retries as throttled, with Azure’s Retry-After', async () => {
    const arm = connect({ maxRetries: 0 });
    const id = await createdCluster(arm, 'throttle1');
    sim.setFaults({ throttleRate: 1, match: '^managedClusters\\.get$' });
    const refused = await arm.managedClusters.get(id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ThrottledError);
    expect((refused as ThrottledError).retryAfterMs).toBe(1_000);
    expect((refused as Error).message).toMatch(
      /^cannot read managed cluster throttle1: SubscriptionRequestsThrottled: /,
    );
  });

  it('reports an operation that failed after acceptance with the AKS code, not the poller’s wording', async () => {
    const arm = connect();
    const id = await createdCluster(arm, 'fail1');
    const message =
      'Drain node aks-user1-1 failed when evicting pod web-1. PDB debug info: default/web-1 blocked by pdb web with 0 unready pods.';
    sim.setFaults({
      failOperations: [{ match: '^agentPools\\.createOrUpdate$', code: 'UpgradeFailed', message, times: 1 }],
    });
    const handle = await arm.agentPools.put(agentPoolId(id, 'user1'), {
      count: 1,
      vmSize: 'Standard_D4s_v3',
      mode: 'User',
    });
    const outcome = await pollToEnd(connect(), handle);
    expect(outcome.status).toBe('Failed');
    const error = outcome.status === 'Failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).reason).toBe('UpgradeFailed');
    expect(error?.message).toBe(
      `cannot create or update agent pool user1 of cluster fail1: UpgradeFailed: ${message}`,
    );
    expect(error?.message).not.toContain('long-running operation');
  });

  it('deletes a cluster through a handle, and a second delete has nothing to wait for', async () => {
    const arm = connect();
    const id = await createdCluster(arm, 'delete1');
    const handle = await arm.managedClusters.delete(id);
    expect(handle?.kind).toBe('managedCluster.delete');
    expect(handle && (await pollToEnd(arm, handle))).toEqual({ status: 'Succeeded', result: undefined });
    expect(await arm.managedClusters.get(id)).toBeUndefined();
    expect(await arm.managedClusters.delete(id)).toBeUndefined();
  });
});
