// An HTTPS proxy in front of the AKS simulator for one operator replica, so each of several replicas that
// share one Azure identity can be told apart: it records when each ARM request reached it and when Azure's
// answer came back. A request it has received is carried to the simulator and answered there even if the
// replica gives up on it, as Azure finishes a request it has received: an aborted write still lands.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../../sim/index.js';

export interface ProxiedArmRequest {
  method: string;
  /** URL path without the query, lower case. */
  path: string;
  /** Epoch ms at which the whole request had reached the proxy (before it went to Azure). */
  sentAt: number;
  /** Epoch ms at which Azure's answer came back (the request had taken effect by then). */
  answeredAt: number;
  status: number;
}

export class ArmRecordingProxy {
  readonly requests: ProxiedArmRequest[] = [];
  private readonly agent: https.Agent;

  private constructor(
    private readonly server: https.Server,
    private readonly upstream: URL,
    caPem: string,
  ) {
    this.agent = new https.Agent({ ca: caPem, keepAlive: true });
  }

  /**
   * Listens on 127.0.0.1 with the simulator's own certificate (`tls`, which the simulator was started
   * with), so a replica that trusts the simulator's CA trusts the proxy.
   */
  static async start(options: { simulatorEndpoint: string; tls: TlsMaterial }): Promise<ArmRecordingProxy> {
    const server = https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem });
    const proxy = new ArmRecordingProxy(server, new URL(options.simulatorEndpoint), options.tls.caPem);
    server.on('request', (req, res) => proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The endpoint a replica is given instead of the simulator's. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.forward(req, Buffer.concat(chunks), res));
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const sentAt = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?')[0]?.toLowerCase() ?? '';
    // The client's Host stays: the simulator builds operation URLs from it, so polls come back here.
    const upstream = https.request(
      {
        agent: this.agent,
        hostname: this.upstream.hostname,
        port: this.upstream.port,
        method,
        path: url,
        headers: req.headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        this.requests.push({ method, path, sentAt, answeredAt: Date.now(), status });
        if (res.destroyed) {
          answer.resume();
          return;
        }
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.destroyed) return;
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err));
    });
    upstream.end(body);
  }
}
