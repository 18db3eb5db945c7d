// A loopback HTTP proxy in front of the management API server that can stop answering Lease requests
// while everything else goes through: what a leader sees when its lease calls hang (a partition, an
// overloaded API server) but its caches stay fresh. It records the renewTime of every Lease write the
// API server accepted, so a test knows the last renewal that really happened.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

const LEASE_PATH = /\/apis\/coordination\.k8s\.io\/v1\/namespaces\/[^/]+\/leases(\/|\?|$)/;

export class HangingLeaseProxy {
  /** While true, Lease requests are held without an answer until the proxy closes. */
  isHanging = false;
  /** Lease requests held without an answer. */
  hungRequests = 0;
  /** renewTime of each Lease write (PUT or POST) the API server answered 2xx, oldest first. */
  readonly acceptedRenewTimes: string[] = [];
  private readonly held = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: URL,
    private readonly tls: https.RequestOptions,
  ) {}

  /** Starts a proxy for the current cluster of `kc` (client certificates are applied by the proxy). */
  static async start(kc: KubeConfig): Promise<HangingLeaseProxy> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const tls: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tls);
    const server = http.createServer();
    const proxy = new HangingLeaseProxy(server, new URL(cluster.server), tls);
    server.on('request', (req, res) => proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** A kubeconfig that reaches the API server through this proxy. */
  kubeConfig(): KubeConfig {
    const { port } = this.server.address() as AddressInfo;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'proxy', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'proxy' }],
      contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy' }],
      currentContext: 'proxy',
    });
    return kc;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const isLease = LEASE_PATH.test(req.url ?? '');
    if (isLease && this.isHanging) {
      this.hungRequests++;
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.forward(req, Buffer.concat(chunks), res, isLease));
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, isLease: boolean): void {
    const headers = { ...req.headers, host: this.upstream.host };
    const upstream = https.request(
      {
        ...this.tls,
        protocol: 'https:',
        hostname: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const isWrite = req.method === 'PUT' || req.method === 'POST';
        if (isLease && isWrite && status >= 200 && status < 300) this.recordRenewal(body);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err));
    });
    // The client gave up (its signal aborted): drop the upstream request too.
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  }

  private recordRenewal(body: Buffer): void {
    const lease = JSON.parse(body.toString('utf8')) as { spec?: { renewTime?: string } };
    if (lease.spec?.renewTime) this.acceptedRenewTimes.push(lease.spec.renewTime);
  }
}
