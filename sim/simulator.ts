// Starts the AKS simulator: an HTTPS server speaking ARM for Microsoft.ContainerService and Entra ID's
// token endpoint (under the same address, as an authority host), plus the /_sim/ operating endpoints
// (also on an optional plain-http loopback port). In-process or via cli.ts.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, applyFaults, handleAdmin, type AdminDeps, type FaultUpdate } from './admin-routes.js';
import { handleArmRequest, type PipelineDeps } from './arm-pipeline.js';
import { CapacityModel } from './capacity.js';
import { Counters, RequestLog } from './counters.js';
import { Entra } from './entra.js';
import { handleEntra, isEntraPath } from './entra-routes.js';
import { handleRetailPrices, isRetailPricesPath } from './retail-prices.js';
import type { DataPlane } from './data-plane.js';
import { Faults } from './faults.js';
import { NoDataPlane } from './no-data-plane.js';
import { NodeImageCatalogue, type NodeImageSchedule } from './node-images.js';
import { OperationEngine } from './operation-engine.js';
import { DEFAULT_QUOTA, QuotaModel, type QuotaConfig } from './quota.js';
import { ResourceStore } from './resource-store.js';
import { RouteTable } from './route-table.js';
import { SimClock } from './sim-clock.js';
import {
  DEFAULT_DURATIONS,
  DEFAULT_LRO,
  DEFAULT_PAGING,
  type Durations,
  type LroConfig,
  type PagingConfig,
  type SimContext,
} from './sim-context.js';
import { DEFAULT_THROTTLE, Throttle, type ThrottleConfig } from './throttling.js';
import { createTlsMaterial, writeCaPem, type TlsMaterial } from './tls.js';
import { DEFAULT_MINORS, VersionCatalogue, type VersionCatalogueConfig } from './version-catalogue.js';
import { VmSizeCatalogue, type VmSize } from './vm-sizes.js';
import { WriterLog } from './writers.js';

export interface SimulatorOptions {
  /** HTTPS port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Plain-http port for /_sim/ only, bound to the same host; absent: no such listener. */
  adminPort?: number;
  /** Default: NoDataPlane. The simulator closes it on close(). */
  dataPlane?: DataPlane;
  /** Real seconds per simulated second; default 0.01. */
  timeScale?: number;
  durations?: Partial<Durations>;
  paging?: Partial<PagingConfig>;
  lro?: Partial<LroConfig>;
  versions?: VersionCatalogueConfig;
  vmSizes?: VmSize[];
  quota?: Partial<QuotaConfig>;
  throttle?: Partial<ThrottleConfig>;
  nodeImages?: Partial<NodeImageSchedule>;
  faults?: FaultUpdate;
  /** Reuse a CA and certificate (e.g. across restarts); default: generate new ones. */
  tls?: TlsMaterial;
  /** Directory to write ca.pem into. */
  caOutDir?: string;
  /** Randomness for fault injection (tests pass a seeded one). */
  random?: () => number;
  /** ARM accepts only tokens the simulated Entra ID issued, for principals allowed in the subscription. */
  requireEntraTokens?: boolean;
}

export interface Simulator {
  /** `https://127.0.0.1:<port>`: the SDK client's `endpoint`. */
  endpoint: string;
  /** Entra ID's authority host (the same address as ARM): MSAL's `authorityHost`. */
  authorityHost: string;
  /** `http://127.0.0.1:<adminPort>` when an admin port was requested. */
  adminEndpoint?: string;
  caPem: string;
  caPath?: string;
  counters: Counters;
  log: RequestLog;
  faults: Faults;
  capacity: CapacityModel;
  quota: QuotaModel;
  throttle: Throttle;
  store: ResourceStore;
  engine: OperationEngine;
  clock: SimClock;
  context: SimContext;
  /** Identities, trusted issuers and whether ARM requires the tokens Entra ID issued. */
  entra: Entra;
  /** Which operator replica wrote to each cluster (GET /_sim/writers). */
  writers: WriterLog;
  /** Applies faults and capacity losses as POST /_sim/faults does. */
  setFaults(update: FaultUpdate): void;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const { ctx, admin, deps } = buildState(options);
  const tls = options.tls ?? createTlsMaterial(['localhost', clientHost(host), '127.0.0.1', '::1']);
  const server = https.createServer(
    { cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 30_000 },
    (req, res) => serve(req, res, { deps, admin, baseUrl: `https://${req.headers.host ?? host}` }),
  );
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;

  let adminServer: http.Server | undefined;
  if (options.adminPort !== undefined) {
    adminServer = http.createServer((req, res) =>
      serve(req, res, { deps, admin, baseUrl: '', adminOnly: true }),
    );
    await listen(adminServer, options.adminPort, host);
  }
  const caPath = options.caOutDir ? await writeCaPem(options.caOutDir, tls.caPem) : undefined;
  ctx.dataPlane.useEntra?.({
    baseUrl: `https://${clientHost(host)}:${port}`,
    caPem: tls.caPem,
    knownTenants: () => [...new Set(admin.entra.settings().identities.map((i) => i.tenantId))],
  });

  const sim: Simulator = {
    endpoint: `https://${clientHost(host)}:${port}`,
    authorityHost: `https://${clientHost(host)}:${port}`,
    caPem: tls.caPem,
    counters: admin.counters,
    log: admin.log,
    faults: admin.faults,
    capacity: ctx.capacity,
    quota: ctx.quota,
    throttle: admin.throttle,
    store: ctx.store,
    engine: ctx.engine,
    clock: ctx.clock,
    context: ctx,
    entra: admin.entra,
    writers: admin.writers,
    setFaults: (update) => applyFaults(admin, update),
    close: async () => {
      await ctx.engine.close();
      await Promise.all([closeServer(server), adminServer ? closeServer(adminServer) : Promise.resolve()]);
      await ctx.dataPlane.close();
    },
  };
  if (adminServer)
    sim.adminEndpoint = `http://${clientHost(host)}:${(adminServer.address() as AddressInfo).port}`;
  if (caPath) sim.caPath = caPath;
  return sim;
}

/** A wildcard bind address is reached over loopback. */
function clientHost(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host;
}

/** Everything but the servers: state, models, engine, throttling, faults and their bookkeeping. */
function buildState(options: SimulatorOptions): { ctx: SimContext; admin: AdminDeps; deps: PipelineDeps } {
  const clock = new SimClock({ timeScale: options.timeScale ?? 0.01 });
  const faults = new Faults(options.random);
  const counters = new Counters();
  const log = new RequestLog();
  const writers = new WriterLog();
  const engine = new OperationEngine(clock, faults, (op, message) =>
    log.add({
      time: new Date().toISOString(),
      method: 'OPERATION',
      path: op.resourceId,
      operation: op.name,
      status: 0,
      durationMs: 0,
      requestId: op.id,
      message,
    }),
  );
  // Node images: weekly releases, the first eight weeks before the simulated start.
  const firstRelease = Math.floor((clock.now() - 8 * 7 * DAY_MS) / DAY_MS) * DAY_MS;
  const ctx: SimContext = {
    store: new ResourceStore(),
    engine,
    versions: new VersionCatalogue(options.versions ?? { minors: DEFAULT_MINORS }),
    vmSizes: new VmSizeCatalogue(options.vmSizes),
    nodeImages: new NodeImageCatalogue({
      firstReleaseMs: firstRelease,
      cadenceDays: 7,
      ...options.nodeImages,
    }),
    quota: new QuotaModel({ ...DEFAULT_QUOTA, ...options.quota }),
    capacity: new CapacityModel(),
    clock,
    dataPlane: options.dataPlane ?? new NoDataPlane(),
    durations: { ...DEFAULT_DURATIONS, ...options.durations },
    paging: { ...DEFAULT_PAGING, ...options.paging },
    lro: { ...DEFAULT_LRO, ...options.lro },
  };
  const throttle = new Throttle({ ...DEFAULT_THROTTLE, ...options.throttle });
  const entra = new Entra();
  if (options.requireEntraTokens) entra.requireEntraTokens(true);
  const admin: AdminDeps = {
    counters,
    log,
    faults,
    capacity: ctx.capacity,
    quota: ctx.quota,
    throttle,
    engine,
    clock,
    entra,
    writers,
  };
  if (options.faults) applyFaults(admin, options.faults);
  return {
    ctx,
    admin,
    deps: { ctx, routes: new RouteTable(), throttle, faults, counters, log, entra, writers },
  };
}

interface ServeOptions {
  deps: PipelineDeps;
  admin: AdminDeps;
  /** `https://host:port` used in absolute URLs of answers. */
  baseUrl: string;
  /** The plain-http admin listener answers only /_sim/. */
  adminOnly?: boolean;
}

function serve(req: http.IncomingMessage, res: http.ServerResponse, options: ServeOptions): void {
  const { deps, admin, baseUrl, adminOnly = false } = options;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const rawBody = chunks.length ? Buffer.concat(chunks).toString('utf8') : '';
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (url.startsWith(ADMIN_PREFIX) || adminOnly) {
      let out: { status: number; body: unknown };
      try {
        out = handleAdmin(admin, method, url, rawBody);
      } catch (e: unknown) {
        out = {
          status: 400,
          body: { error: { code: 'BadRequest', message: e instanceof Error ? e.message : String(e) } },
        };
      }
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
      return;
    }
    const path = url.split('?')[0] ?? '';
    if (isRetailPricesPath(path)) {
      const out = handleRetailPrices({ method, url, baseUrl });
      res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(out.body));
      return;
    }
    if (isEntraPath(path)) {
      const out = handleEntra(deps.entra, { method, path, rawBody, baseUrl });
      res.writeHead(out.status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(out.body));
      return;
    }
    handleArmRequest(deps, { method, url, headers: req.headers, rawBody, baseUrl }).then(
      (out) => {
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      },
      (e: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(e) } }));
      },
    );
  });
}

function listen(server: http.Server | https.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
