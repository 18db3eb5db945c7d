import { Registry } from 'prom-client';
import { ArmCallMetrics, CALLS_METRIC, HTTP_REQUESTS_METRIC, type ArmCallEvent } from './call-metrics.js';
import { managedClusterId } from './resource-id.js';
import { ArmHttpStub, armOverStub } from './testing/arm-http-stub.js';

const CLUSTER = managedClusterId('00000000-0000-0000-0000-000000000001', 'rg1', 'c1');
const CLUSTER_PATH = /\/managedClusters\/c1$/;

async function counterValues(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  const data = metric ? await metric.get() : { values: [] };
  return Object.fromEntries(data.values.map((v) => [Object.values(v.labels).join(','), v.value]));
}

describe('ArmCallMetrics', () => {
  it('counts every call by operation and result, and tells listeners how many requests it took', async () => {
    const registry = new Registry();
    const metrics = new ArmCallMetrics({ registry });
    const events: ArmCallEvent[] = [];
    const stop = metrics.onCall((e) => events.push(e));
    const stub = new ArmHttpStub();
    stub.on('GET', CLUSTER_PATH, {
      status: 404,
      body: { error: { code: 'ResourceNotFound', message: 'gone' } },
    });
    stub.on('PUT', CLUSTER_PATH, {
      status: 409,
      body: {
        error: { code: 'OperationNotAllowed', message: 'Another operation (Updating) is in progress.' },
      },
    });
    const arm = armOverStub(stub, { metrics });

    expect(await arm.managedClusters.get(CLUSTER)).toBeUndefined();
    await expect(arm.managedClusters.put(CLUSTER, { location: 'eastus' })).rejects.toThrow(/in progress/);

    expect(await counterValues(registry, CALLS_METRIC)).toEqual({
      'managedClusters.get,not_found': 1,
      'managedClusters.put,operation_in_progress': 1,
    });
    expect(await counterValues(registry, HTTP_REQUESTS_METRIC)).toEqual({ 'GET,404': 1, 'PUT,409': 1 });
    expect(events.map((e) => [e.operation, e.result, e.httpRequests])).toEqual([
      ['managedClusters.get', 'not_found', 1],
      ['managedClusters.put', 'operation_in_progress', 1],
    ]);
    stop();
    await arm.managedClusters.get(CLUSTER);
    expect(events).toHaveLength(2);
  });

  it('counts the SDK’s own retries as HTTP requests of one call', async () => {
    const registry = new Registry();
    const metrics = new ArmCallMetrics({ registry });
    const events: ArmCallEvent[] = [];
    metrics.onCall((e) => events.push(e));
    const stub = new ArmHttpStub();
    stub.on(
      'GET',
      CLUSTER_PATH,
      {
        status: 429,
        headers: { 'retry-after-ms': '1' },
        body: { error: { code: 'TooManyRequests', message: 'slow' } },
      },
      { status: 200, body: { id: CLUSTER, name: 'c1', location: 'eastus', properties: {} } },
    );
    const cluster = await armOverStub(stub, { metrics, maxRetries: 2 }).managedClusters.get(CLUSTER);
    expect(cluster?.name).toBe('c1');
    expect(events).toEqual([
      expect.objectContaining({ operation: 'managedClusters.get', result: 'ok', httpRequests: 2 }),
    ]);
    expect(await counterValues(registry, HTTP_REQUESTS_METRIC)).toEqual({ 'GET,429': 1, 'GET,200': 1 });
  });

  it('shares the metrics when two instances use one registry', () => {
    const registry = new Registry();
    const a = new ArmCallMetrics({ registry });
    const b = new ArmCallMetrics({ registry });
    a.record({ operation: 'x', result: 'ok', durationMs: 1, httpRequests: 1 });
    b.record({ operation: 'x', result: 'ok', durationMs: 1, httpRequests: 1 });
    return expect(counterValues(registry, CALLS_METRIC)).resolves.toEqual({ 'x,ok': 2 });
  });
});
