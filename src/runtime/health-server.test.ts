import { request } from 'node:https';
import { HealthServer, type CheckResult } from './health-server.js';
import { DelegatingAuthorizer } from './metrics-auth.js';
import { Metrics } from './metrics.js';
import { selfSignedCertificate } from './self-signed-cert.js';
import { FakeAccessReviewClient } from './testing/fake-access-review-client.js';

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

describe('HealthServer with metrics behind authentication, over HTTPS', () => {
  const certificate = selfSignedCertificate(['localhost', '127.0.0.1']);
  const reviews = new FakeAccessReviewClient()
    .addUser('reader-token', 'prometheus', ['get /metrics'])
    .addUser('other-token', 'someone');
  let server: HealthServer;
  let port: number;
  beforeAll(async () => {
    const metrics = new Metrics();
    metrics.reconcileTotal.inc({ controller: 'nodepool', result: 'success' });
    server = new HealthServer({
      port: 0,
      live: () => ({ ok: true }),
      ready: () => ({ ok: true }),
      metrics,
      metricsAuthorizer: new DelegatingAuthorizer({ reviews }),
      tls: certificate,
    });
    ({ port } = await server.start());
  });
  afterAll(() => server.stop());

  /** GET over HTTPS, trusting only the server's own certificate. */
  function get(
    path: string,
    token?: string,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          ca: certificate.certPem,
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it.each([
    ['answers /metrics without a token with 401', '/metrics', undefined, 401],
    ['answers /metrics with a token the API server does not know with 401', '/metrics', 'forged', 401],
    ['answers /metrics for a user not allowed to get it with 403', '/metrics', 'other-token', 403],
    ['serves /metrics to a user allowed to get it', '/metrics', 'reader-token', 200],
    ['keeps /healthz open for the kubelet', '/healthz', undefined, 200],
    ['keeps /readyz open for the kubelet', '/readyz', undefined, 200],
  ])('%s', async (_name, path, token, status) => {
    expect((await get(path, token)).status).toBe(status);
  });

  it('asks for a bearer token on 401 and serves the metrics text when allowed', async () => {
    expect((await get('/metrics')).headers['www-authenticate']).toBe('Bearer');
    expect((await get('/metrics', 'reader-token')).body).toContain(
      'controller_runtime_reconcile_total{controller="nodepool",result="success"} 1',
    );
  });

  it('never asks the API server about a probe', async () => {
    const before = [reviews.tokenReviews, reviews.accessReviews];
    await get('/healthz', 'reader-token');
    await get('/readyz');
    expect([reviews.tokenReviews, reviews.accessReviews]).toEqual(before);
  });
});
