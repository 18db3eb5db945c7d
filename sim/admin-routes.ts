// Operating endpoints under /_sim/: counters, request log, faults, capacity, quota, throttling,
// operations, the simulated clock and Entra ID's identities, for tests and benchmarks that run the
// simulator in another process.
import type { CapacityLoss, CapacityModel } from './capacity.js';
import type { Counters, RequestLog } from './counters.js';
import type { Entra, EntraIdentity, RoleAssignment } from './entra.js';
import type { FaultConfig, Faults } from './faults.js';
import type { Jwks } from './jwt.js';
import type { Json } from './json.js';
import { isObject } from './json.js';
import type { OperationEngine } from './operation-engine.js';
import { operationStatusBody } from './lro.js';
import type { QuotaConfig, QuotaModel } from './quota.js';
import type { SimClock } from './sim-clock.js';
import type { ThrottleConfig, Throttle } from './throttling.js';
import type { WriterLog } from './writers.js';

export interface AdminDeps {
  counters: Counters;
  log: RequestLog;
  faults: Faults;
  capacity: CapacityModel;
  quota: QuotaModel;
  throttle: Throttle;
  engine: OperationEngine;
  clock: SimClock;
  entra: Entra;
  writers: WriterLog;
}

export interface AdminResponse {
  status: number;
  body: Json;
}

export const ADMIN_PREFIX = '/_sim/';

/** Faults accepted by POST /_sim/faults: the fault knobs plus capacity losses. */
export type FaultUpdate = Partial<FaultConfig> & { capacityLoss?: CapacityLoss[] };

export function handleAdmin(deps: AdminDeps, method: string, url: string, rawBody: string): AdminResponse {
  const [path = '', search = ''] = url.split('?');
  const query = new URLSearchParams(search);
  const body = rawBody ? (JSON.parse(rawBody) as unknown) : {};
  const key = `${method.toUpperCase()} ${path.replace(/\/$/, '')}`;
  switch (key) {
    case 'GET /_sim/health':
      return ok({ ok: true });
    case 'GET /_sim/counters':
      return ok(deps.counters.snapshot() as unknown as Json);
    case 'POST /_sim/reset-counters':
      deps.counters.reset();
      return ok({ ok: true });
    case 'GET /_sim/writers':
      return ok(deps.writers.snapshot() as unknown as Json);
    case 'GET /_sim/requests':
      return ok(deps.log.recent(Number(query.get('limit') ?? 200)) as unknown as Json);
    case 'GET /_sim/faults':
      return ok({ ...deps.faults.settings(), capacityLoss: deps.capacity.list() } as unknown as Json);
    case 'POST /_sim/faults':
      applyFaults(deps, body as FaultUpdate);
      return ok({ ...deps.faults.settings(), capacityLoss: deps.capacity.list() } as unknown as Json);
    case 'DELETE /_sim/faults':
      deps.faults.reset();
      deps.capacity.set([]);
      return ok({ ok: true });
    case 'GET /_sim/quota':
      return ok(deps.quota.snapshot() as unknown as Json);
    case 'POST /_sim/quota':
      deps.quota.configure(body as Partial<QuotaConfig>);
      return ok(deps.quota.snapshot() as unknown as Json);
    case 'GET /_sim/throttling':
      return ok(deps.throttle.settings() as unknown as Json);
    case 'POST /_sim/throttling':
      deps.throttle.configure(body as Partial<ThrottleConfig>);
      return ok(deps.throttle.settings() as unknown as Json);
    case 'GET /_sim/operations':
      return ok(
        deps.engine
          .list()
          .map((op) => ({ ...operationStatusBody(op), operation: op.name, resourceId: op.resourceId })),
      );
    case 'GET /_sim/clock':
      return ok(clockBody(deps.clock));
    case 'POST /_sim/clock': {
      const advanceMs = isObject(body) && typeof body.advanceMs === 'number' ? body.advanceMs : 0;
      deps.clock.advance(advanceMs);
      return ok(clockBody(deps.clock));
    }
    case 'GET /_sim/entra':
      return ok(deps.entra.settings() as unknown as Json);
    case 'POST /_sim/entra/identities':
      deps.entra.register(body as EntraIdentity);
      return ok(deps.entra.settings() as unknown as Json);
    case 'POST /_sim/entra/issuers': {
      const { issuer, jwks } = body as { issuer: string; jwks: Jwks };
      deps.entra.trustIssuer(issuer, jwks);
      return ok(deps.entra.settings() as unknown as Json);
    }
    case 'POST /_sim/entra/mode': {
      deps.entra.requireEntraTokens(isObject(body) && body.requireEntraTokens === true);
      return ok(deps.entra.settings() as unknown as Json);
    }
    case 'POST /_sim/entra/role-assignments':
      deps.entra.assignRole(body as RoleAssignment);
      return ok(deps.entra.settings() as unknown as Json);
    case 'DELETE /_sim/entra/role-assignments':
      deps.entra.removeRoleAssignment(body as RoleAssignment);
      return ok(deps.entra.settings() as unknown as Json);
    case 'DELETE /_sim/entra':
      deps.entra.reset();
      return ok({ ok: true });
    default:
      return { status: 404, body: { error: { code: 'NotFound', message: `No admin endpoint ${key}` } } };
  }
}

export function applyFaults(deps: Pick<AdminDeps, 'faults' | 'capacity'>, update: FaultUpdate): void {
  const { capacityLoss, ...faults } = update;
  deps.faults.configure(faults);
  if (capacityLoss) deps.capacity.set(capacityLoss);
}

function clockBody(clock: SimClock): Json {
  const now = clock.now();
  return { nowMs: now, now: new Date(now).toISOString(), timeScale: clock.timeScale };
}

function ok(body: Json): AdminResponse {
  return { status: 200, body };
}
