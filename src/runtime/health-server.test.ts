import { HealthServer, type CheckResult } from './health-server.js';
import { Metrics } from './metrics.js';

describe('HealthServer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function serve(ready: () => CheckResult, metrics?: Metrics): Promise<string> {
    server = new HealthServer({
      port: 0,
      live: () => ({ ok: true }),
      ready,
      ...(metrics ? { metrics } : {}),
    });
    const { host, port } = await server.start();
    return `http://${host}:${port}`;
  }

  it('binds 127.0.0.1 by default', async () => {
    await serve(() => ({ ok: true }));
    expect(server?.address().host).toBe('127.0.0.1');
  });

  it('answers /healthz, and /readyz as the check says', async () => {
    let ready: CheckResult = { ok: false, detail: 'caches not synced: widgets' };
    const base = await serve(() => ready);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect([notReady.status, await notReady.text()]).toEqual([503, 'not ok: caches not synced: widgets\n']);
    ready = { ok: true };
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('serves Prometheus text at /metrics, including families other layers register', async () => {
    const metrics = new Metrics();
    metrics
      .counter({ name: 'azure_requests_total', help: 'ARM calls', labelNames: ['operation', 'result'] })
      .inc({ operation: 'agentPools.get', result: 'ok' });
    metrics.reconcileTotal.inc({ controller: 'nodepool', result: 'success' });
    const base = await serve(() => ({ ok: true }), metrics);
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('azure_requests_total{operation="agentPools.get",result="ok"} 1');
    expect(text).toContain('controller_runtime_reconcile_total{controller="nodepool",result="success"} 1');
  });
});
