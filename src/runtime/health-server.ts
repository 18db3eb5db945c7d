// HTTP(S) endpoints for the kubelet and Prometheus: /healthz (liveness), /readyz (readiness) and /metrics.
// Binds 127.0.0.1 unless told otherwise; in a pod, kubelet probes need the pod IP (host 0.0.0.0).
// The probes stay open; /metrics may be guarded by an injected authorizer (see metrics-auth.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestAuthorizer } from './metrics-auth.js';
import type { Metrics } from './metrics.js';
import type { ServingCertificate } from './self-signed-cert.js';

export interface CheckResult {
  ok: boolean;
  /** Why not ok (or a short note), shown in the response body. */
  detail?: string;
}

export interface HealthServerOptions {
  host?: string;
  /** 0 picks a free port (see `address`). Default 8081. */
  port?: number;
  live: () => CheckResult;
  ready: () => CheckResult;
  /** Served at /metrics when given. */
  metrics?: Metrics;
  /** Decides who may read /metrics; anyone may when absent. The probes never ask it. */
  metricsAuthorizer?: RequestAuthorizer;
  /** Serve HTTPS with this certificate; plain HTTP when absent. */
  tls?: ServingCertificate;
}

export const DEFAULT_HEALTH_HOST = '127.0.0.1';
export const DEFAULT_HEALTH_PORT = 8081;

export class HealthServer {
  private server?: Server;

  constructor(private readonly options: HealthServerOptions) {}

  /** Starts listening; resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      });
    };
    const tls = this.options.tls;
    const server: Server = tls
      ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, onRequest)
      : createServer(onRequest);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        this.options.port ?? DEFAULT_HEALTH_PORT,
        this.options.host ?? DEFAULT_HEALTH_HOST,
        () => {
          server.off('error', reject);
          resolve();
        },
      );
    });
    return this.address();
  }

  address(): { host: string; port: number } {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error('health server is not listening');
    return { host: addr.address, port: addr.port };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed\n');
    if (path === '/healthz' || path === '/livez') return replyCheck(res, this.options.live());
    if (path === '/readyz') return replyCheck(res, this.options.ready());
    if (path === '/metrics' && this.options.metrics) {
      const authorizer = this.options.metricsAuthorizer;
      if (authorizer) {
        const decision = await authorizer.authorize({
          method: req.method ?? 'GET',
          path,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        });
        if (decision.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        if (decision.status !== 200) return reply(res, decision.status, `${decision.message}\n`);
      }
      const body = await this.options.metrics.text();
      res.setHeader('Content-Type', this.options.metrics.contentType);
      return reply(res, 200, body);
    }
    reply(res, 404, 'not found\n');
  }
}

function replyCheck(res: ServerResponse, check: CheckResult): void {
  const text = check.ok ? 'ok' : 'not ok';
  reply(res, check.ok ? 200 : 503, check.detail ? `${text}: ${check.detail}\n` : `${text}\n`);
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(body);
}
