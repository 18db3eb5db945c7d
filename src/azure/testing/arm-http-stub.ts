// An in-process HTTP transport for the real ARM SDK client: tests script ARM's answers per request and
// the whole SDK path (pipeline, auth policy, retries, LRO poller, error construction) runs unchanged.

import type { ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';
import { createAzureArm, type AzureArm } from '../azure-arm.js';
import type { ArmCallMetrics } from '../call-metrics.js';
import { ArmClientFactory } from '../client-factory.js';

type HttpClient = NonNullable<ContainerServiceClientOptionalParams['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HttpHeaders = PipelineResponse['headers'];

/** A request as the stub saw it. */
export interface StubRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the stub answers. `body` objects are sent as JSON. */
export interface StubResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type StubResponder = (request: StubRequest) => StubResponse;

interface Route {
  method: string;
  path: RegExp;
  responders: StubResponder[];
}

/** The base URL the stub pretends to be (any https URL works: no socket is opened). */
export const STUB_ENDPOINT = 'https://arm.stub.invalid';

export class ArmHttpStub {
  readonly requests: StubRequest[] = [];
  private readonly routes: Route[] = [];

  /** The transport to give the client (`httpClient`). */
  readonly httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest): Promise<PipelineResponse> => this.answer(request),
  };

  /**
   * Answers `method` requests whose path matches `path` with the responders in turn; the last one
   * repeats. Later routes win over earlier ones.
   */
  on(method: string, path: RegExp, ...responders: (StubResponder | StubResponse)[]): this {
    const list = responders.map((r) => (typeof r === 'function' ? r : () => r));
    this.routes.unshift({ method: method.toUpperCase(), path, responders: list });
    return this;
  }

  /** Requests with `method` whose path matches. */
  requestsTo(method: string, path: RegExp): StubRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.url.pathname));
  }

  private answer(request: PipelineRequest): PipelineResponse {
    const seen: StubRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers.toJSON(),
      ...(typeof request.body === 'string' ? { body: JSON.parse(request.body) as unknown } : {}),
    };
    this.requests.push(seen);
    const route = this.routes.find((r) => r.method === seen.method && r.path.test(seen.url.pathname));
    const responder = route
      ? route.responders.length > 1
        ? route.responders.shift()
        : route.responders[0]
      : undefined;
    const reply = responder
      ? responder(seen)
      : {
          status: 404,
          body: {
            error: { code: 'NoStubRoute', message: `no stub for ${seen.method} ${seen.url.pathname}` },
          },
        };
    const text =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    const headers = { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) };
    return { request, status: reply.status, headers: stubHeaders(headers), bodyAsText: text };
  }
}

/** Minimal HttpHeaders (case-insensitive), enough for the pipeline. */
function stubHeaders(initial: Record<string, string>): HttpHeaders {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of Object.entries(initial)) map.set(name.toLowerCase(), { name, value });
  const headers: HttpHeaders = {
    get: (name) => map.get(name.toLowerCase())?.value,
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), { name, value: String(value) }),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: (options) =>
      Object.fromEntries(
        [...map.entries()].map(([key, h]) => [options?.preserveCase ? h.name : key, h.value]),
      ),
    [Symbol.iterator]: function* () {
      for (const [key, h] of map) yield [key, h.value] as [string, string];
    },
  };
  return headers;
}

/** The SDK-backed AzureArm talking to `stub` (no retries, so scripted failures surface at once). */
export function armOverStub(
  stub: ArmHttpStub,
  options: { metrics?: ArmCallMetrics; pollIntervalMs?: number; maxRetries?: number } = {},
): AzureArm {
  const factory = new ArmClientFactory({
    endpoint: { mode: 'simulator', endpoint: STUB_ENDPOINT, caPem: '' },
    httpClient: stub.httpClient,
    maxRetries: options.maxRetries ?? 0,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return createAzureArm({
    factory,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
}
