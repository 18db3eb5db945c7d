// A loopback HTTP proxy in front of the management API server that can stop answering Lease requests
// while everything else goes through: what a leader sees when its lease calls hang (a partition, an
// overloaded API server) but its caches stay fresh. It records the renewTime of every Lease write the
// API server accepted, and who wrote it, so a test knows the last renewal that really happened.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A Lease write (acquire or renewal) the API server accepted. */
export interface AcceptedLeaseWrite {
  /** The Lease's metadata.name (a leader Lease, a shard's, a replica's membership). */
  leaseName: string;
  holderIdentity: string;
  /** spec.renewTime as epoch ms (the writer's clock when its attempt began). */
  renewedAt: number;
  leaseDurationMs: number;
  /** Epoch ms at which the API server's answer came back. */
  acceptedAt: number;
}

const LEASE_PATH = /\/apis\/coordination\.k8s\.io\/v1\/namespaces\/[^/]+\/leases(\/|\?|$)/;

export class HangingLeaseProxy {
  /** While true, new Lease requests are held without an answer until release() or the proxy closes. */
  isHanging = false;
  /** Lease requests held without an answer. */
  hungRequests = 0;
  /** renewTime of each Lease write (PUT or POST) the API server answered 2xx, oldest first. */
  readonly acceptedRenewTimes: string[] = [];
  /** Each Lease write the API server answered 2xx, oldest first. */
  readonly acceptedWrites: AcceptedLeaseWrite[] = [];
  /** Held requests, each with what forwards it once its body has arrived. */
  private readonly held = new Map<http.ServerResponse, () => void>();

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

  /** Stops hanging, and forwards the held requests whose clients still wait: a slow answer, not none. */
  release(): void {
    this.isHanging = false;
    const waiting = [...this.held.values()];
    this.held.clear();
    for (const send of waiting) send();
  }

  async close(): Promise<void> {
    for (const res of this.held.keys()) res.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const isLease = LEASE_PATH.test(req.url ?? '');
    const isHeld = isLease && this.isHanging;
    if (isHeld) {
      this.hungRequests++;
      this.held.set(res, () => undefined);
      res.on('close', () => this.held.delete(res));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (): void => this.forward(req, Buffer.concat(chunks), res, isLease);
      if (!isHeld) return send();
      // Still held: release() forwards it; released before its body arrived: now, unless its client gave up.
      if (this.held.has(res)) this.held.set(res, send);
      else if (!res.destroyed) send();
    });
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
    const lease = JSON.parse(body.toString('utf8')) as {
      metadata?: { name?: string };
      spec?: { renewTime?: string; holderIdentity?: string; leaseDurationSeconds?: number };
    };
    const spec = lease.spec ?? {};
    if (!spec.renewTime) return;
    this.acceptedRenewTimes.push(spec.renewTime);
    this.acceptedWrites.push({
      leaseName: lease.metadata?.name ?? '',
      holderIdentity: spec.holderIdentity ?? '',
      renewedAt: Date.parse(spec.renewTime),
      leaseDurationMs: (spec.leaseDurationSeconds ?? 0) * 1000,
      acceptedAt: Date.now(),
    });
  }
}
