// One ARM request, start to finish: route, authenticate (and, when Entra tokens are required,
// authorize the principal in the subscription), check api-version, throttle, inject faults, run the
// handler, and answer with ARM's headers; every answer is counted and logged.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { aksErrors } from './aks-errors.js';
import { checkApiVersion } from './api-versions.js';
import type { Counters, RequestLog, RequestLogEntry } from './counters.js';
import type { Entra } from './entra.js';
import { ArmError, errorBody, isArmError } from './errors.js';
import type { Faults } from './faults.js';
import type { SimRequest, SimResponse } from './http-types.js';
import type { Json } from './json.js';
import type { RouteTable } from './route-table.js';
import type { SimContext } from './sim-context.js';
import { abortableDelay } from './sim-clock.js';
import type { RequestClass, Throttle } from './throttling.js';
import type { WriterLog } from './writers.js';

export interface PipelineDeps {
  ctx: SimContext;
  routes: RouteTable;
  throttle: Throttle;
  faults: Faults;
  counters: Counters;
  log: RequestLog;
  entra: Entra;
  writers: WriterLog;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  baseUrl: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const NEVER = new AbortController().signal;

export async function handleArmRequest(deps: PipelineDeps, raw: RawRequest): Promise<RawResponse> {
  const started = performance.now();
  const requestId = randomUUID();
  const q = raw.url.indexOf('?');
  const path = q < 0 ? raw.url : raw.url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.url.slice(q + 1));
  const method = raw.method.toUpperCase();
  const match = deps.routes.match(method, path);
  const operation = match.kind === 'found' ? match.route.operation : 'unknown';
  const cls: RequestClass = method === 'GET' ? 'reads' : 'writes';
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1] ?? '';
  const headers: Record<string, string> = {};
  let res: SimResponse;
  try {
    authenticate(raw.headers);
    const refused = deps.entra.authorizeArm(
      headerValue(raw.headers.authorization) ?? '',
      subscriptionId,
      armAction(method, path),
    );
    if (refused) throw refused;
    if (match.kind === 'notFound') throw aksErrors.pathNotFound(path);
    if (match.kind === 'methodNotAllowed') throw aksErrors.methodNotAllowed(method);
    checkApiVersion({
      method,
      path,
      apiVersion: query.get('api-version'),
      rawBody: raw.rawBody,
      store: deps.ctx.store,
    });
    const taken = deps.throttle.take(subscriptionId, cls);
    if (!taken.ok) {
      throw aksErrors.throttled(
        subscriptionId,
        throttledOperationName(method, path),
        Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
      );
    }
    headers[`x-ms-ratelimit-remaining-subscription-${cls}`] = String(taken.remaining);
    const latency = deps.faults.latencyFor(operation);
    if (latency > 0) await abortableDelay(latency, NEVER);
    injectFault(deps.faults, operation, subscriptionId, method, path);
    const req: SimRequest = {
      method,
      path,
      query,
      headers: raw.headers,
      body: parseBody(raw.rawBody),
      params: match.params,
      baseUrl: raw.baseUrl,
    };
    res = await match.route.handler(deps.ctx, req);
  } catch (e: unknown) {
    res = errorResponse(e);
  }
  const body = res.body === undefined ? '' : JSON.stringify(res.body);
  Object.assign(headers, res.headers);
  headers['x-ms-request-id'] = requestId;
  headers['x-ms-correlation-request-id'] =
    headerValue(raw.headers['x-ms-correlation-request-id']) ?? randomUUID();
  const clientRequestId = headerValue(raw.headers['x-ms-client-request-id']);
  if (clientRequestId) headers['x-ms-client-request-id'] = clientRequestId;
  headers['cache-control'] = 'no-cache';
  if (body) headers['content-type'] = 'application/json; charset=utf-8';
  deps.counters.record(operation, res.status);
  deps.writers.record({
    method,
    path,
    userAgent: headerValue(raw.headers['user-agent']),
    status: res.status,
  });
  const entry = {
    time: new Date().toISOString(),
    method,
    path,
    operation,
    status: res.status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    requestId,
  };
  const errorCode = errorCodeOf(res.body);
  const precondition = preconditionOf(raw.headers);
  deps.log.add({ ...entry, ...(errorCode ? { errorCode } : {}), ...(precondition ? { precondition } : {}) });
  return { status: res.status, headers, body };
}

/** Which conditional header a request carried, for tests that check writes are conditional. */
function preconditionOf(h: IncomingHttpHeaders): RequestLogEntry['precondition'] {
  if (headerValue(h['if-none-match'])) return 'if-none-match';
  if (headerValue(h['if-match'])) return 'if-match';
  return undefined;
}

function authenticate(headers: IncomingHttpHeaders): void {
  const auth = headerValue(headers.authorization);
  if (!auth) throw aksErrors.authenticationMissing();
  if (!/^Bearer\s+\S+/i.test(auth)) throw aksErrors.authenticationInvalid();
}

function injectFault(
  faults: Faults,
  operation: string,
  subscriptionId: string,
  method: string,
  path: string,
): void {
  const fault = faults.requestFault(operation);
  if (fault?.kind === 'throttle')
    throw aksErrors.throttled(subscriptionId, throttledOperationName(method, path), 1);
  if (fault) throw fault.status === 500 ? aksErrors.internalServerError() : aksErrors.serviceUnavailable();
  const answer = faults.takeRequestError({ operation, method, path });
  if (answer) throw new ArmError(answer.status, answer.code, answer.message, { shape: answer.shape });
}

/** The RBAC action a request needs, as ARM names it in AuthorizationFailed. */
function armAction(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const provider = parts.findIndex((p) => p.toLowerCase() === 'providers');
  const after = provider < 0 ? [] : parts.slice(provider + 1);
  const namespace = after[0] ?? 'Microsoft.Resources';
  const types = after.slice(1).filter((_, i) => i % 2 === 0);
  const verb = { GET: 'read', PUT: 'write', PATCH: 'write', DELETE: 'delete' }[method] ?? 'action';
  // A POST names its action as the last segment (…/listClusterUserCredential/action).
  return [namespace, ...types, verb].join('/');
}

/** ARM names the throttled operation by method and the path's type segments, upper-cased. */
function throttledOperationName(method: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const types = parts.filter((_, i) => i % 2 === 0);
  return `${method}/${types.join('/')}`.toUpperCase();
}

function parseBody(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (e: unknown) {
    throw aksErrors.invalidRequestContent(e instanceof Error ? e.message : String(e));
  }
}

function errorResponse(e: unknown): SimResponse {
  const err = isArmError(e) ? e : dataPlaneError(e);
  return { status: err.status, body: errorBody(err), headers: err.options.headers ?? {} };
}

function dataPlaneError(e: unknown): ArmError {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return new ArmError(500, typeof code === 'string' ? code : 'InternalServerError', message);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function errorCodeOf(body: Json | undefined): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const inner = body.error;
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && typeof inner.code === 'string')
    return inner.code;
  return typeof body.code === 'string' ? body.code : undefined;
}
