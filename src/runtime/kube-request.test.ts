import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CustomObjectsApi,
  HttpMethod,
  KubeConfig,
  RequestContext,
  ResponseContext,
  SelfDecodingBody,
} from '@kubernetes/client-node';
import { isNotFound, kubeStatusReason } from './errors.js';
import { kubeRequest, withSignal } from './kube-request.js';
import { ReconcileClock, runWithReconcileClock } from './reconcile-clock.js';

/** A plain-HTTP stand-in for the API server that answers from a table and records requests. */
function fakeApiServer(): Promise<{
  kc: KubeConfig;
  seen: { method?: string; url?: string; type?: string; body: string }[];
  close: () => Promise<void>;
}> {
  const seen: { method?: string; url?: string; type?: string; body: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      if (req.url?.startsWith('/slow')) return; // never answers
      const missing = req.url?.startsWith('/missing');
      res.statusCode = missing ? 404 : 200;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify(
          missing
            ? { kind: 'Status', code: 404, reason: 'NotFound', message: 'widgets "x" not found' }
            : { ok: true },
        ),
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
        users: [{ name: 'u' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      resolve({
        kc,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('kubeRequest', () => {
  let api: Awaited<ReturnType<typeof fakeApiServer>>;
  beforeEach(async () => {
    api = await fakeApiServer();
  });
  afterEach(async () => {
    await api.close();
  });

  it('sends JSON with query parameters and returns the parsed answer', async () => {
    const out = await kubeRequest<{ ok: boolean }>(api.kc, {
      method: 'PATCH',
      path: '/apis/g/v1/things/x',
      query: { fieldManager: 'me', dryRun: undefined },
      body: { a: 1 },
      contentType: 'application/merge-patch+json',
    });
    expect(out).toEqual({ ok: true });
    expect(api.seen[0]).toEqual({
      method: 'PATCH',
      url: '/apis/g/v1/things/x?fieldManager=me',
      type: 'application/merge-patch+json',
      body: '{"a":1}',
    });
  });

  it('throws an ApiException carrying the Status, which the error helpers read', async () => {
    const err: unknown = await kubeRequest(api.kc, { path: '/missing' }).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect(kubeStatusReason(err)).toBe('NotFound');
  });

  it('aborts with its signal', async () => {
    const ac = new AbortController();
    const pending = kubeRequest(api.kc, { path: '/slow', signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('withSignal', () => {
  it('adds a middleware that attaches the signal to the request, appended to existing middleware', async () => {
    const ac = new AbortController();
    const opts = withSignal(ac.signal, { middleware: [] });
    expect(opts?.middlewareMergeStrategy).toBe('append');
    const ctx = new RequestContext('http://127.0.0.1/x', HttpMethod.GET);
    const out = await opts?.middleware?.[0]?.pre(ctx).toPromise();
    expect(out?.getSignal()).toBe(ac.signal);
  });

  it("counts the time from a request's start until its answer is read as an outside wait of the reconcile", async () => {
    let t = 0;
    const clock = new ReconcileClock(() => t);
    const middleware = withSignal(undefined)?.middleware?.[0];
    await runWithReconcileClock(clock, async () => {
      t += 5;
      await middleware?.pre(new RequestContext('http://127.0.0.1/x', HttpMethod.GET)).toPromise();
      t += 40;
      const body = new SelfDecodingBody(Promise.resolve(Buffer.from('{}')));
      const answer = await middleware?.post(new ResponseContext(200, {}, body)).toPromise();
      t += 10; // the body arriving
      await answer?.body.text();
      t += 3;
    });
    expect(clock.finish()).toEqual({ wallMs: 58, awaitedMs: 50, ownMs: 8 });
  });
});

describe('a generated client called with withSignal in a reconcile', () => {
  it('ends its outside wait once the answer is read, so the work after it is own time', async () => {
    const api = await fakeApiServer();
    try {
      const client = api.kc.makeApiClient(CustomObjectsApi);
      const clock = new ReconcileClock();
      let busyMs = 0;
      await runWithReconcileClock(clock, async () => {
        const params = { group: 'g', version: 'v1', namespace: 'ns', plural: 'things', name: 'x' };
        await client.getNamespacedCustomObject(params, withSignal(undefined));
        const start = performance.now();
        while (performance.now() - start < 5) busyMs = performance.now() - start;
      });
      const times = clock.finish();
      expect(times.awaitedMs).toBeGreaterThan(0);
      expect(times.ownMs).toBeGreaterThanOrEqual(busyMs);
    } finally {
      await api.close();
    }
  });
});

describe('kubeRequest in a reconcile', () => {
  it('counts its exchange with the server as an outside wait', async () => {
    const api = await fakeApiServer();
    try {
      const clock = new ReconcileClock();
      await runWithReconcileClock(clock, () => kubeRequest(api.kc, { path: '/x' }));
      const times = clock.finish();
      expect(times.awaitedMs).toBeGreaterThan(0);
      expect(times.ownMs + times.awaitedMs).toBeCloseTo(times.wallMs, 6);
    } finally {
      await api.close();
    }
  });
});
