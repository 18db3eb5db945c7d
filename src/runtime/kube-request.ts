// Raw JSON calls to the API server with client-node's authentication and TLS, for paths the generated
// clients do not cover generically (lists of any kind), and abort signals for the generated clients.
import {
  ApiException,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  Observable,
  RequestContext,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type ResponseBody,
} from '@kubernetes/client-node';
import { awaitOutside, beginOutsideWait } from './reconcile-clock.js';

const http = new IsomorphicFetchHttpLibrary();

export interface KubeRequest {
  method?: HttpMethod;
  /** Path below the server URL, e.g. `/apis/coordination.k8s.io/v1/namespaces/ns/leases/x`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  signal?: AbortSignal;
}

/**
 * Sends one request and returns the parsed JSON body. Non-2xx answers throw client-node's
 * `ApiException` (with `.code`, the parsed Status as `.body`, and the headers), like the generated clients.
 */
export async function kubeRequest<T = unknown>(kc: KubeConfig, req: KubeRequest): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('cannot call the Kubernetes API: the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  const ctx = new RequestContext(url.toString(), req.method ?? HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'application/json');
  if (req.body !== undefined) {
    ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
    ctx.setBody(JSON.stringify(req.body));
  }
  if (req.signal) ctx.setSignal(req.signal);
  // The exchange with the server is an outside wait of the running reconcile; parsing is its own work.
  const { resp, text } = await awaitOutside(async () => {
    await kc.applySecurityAuthentication(ctx);
    const resp = await http.send(ctx).toPromise();
    return { resp, text: await resp.body.text() };
  });
  const parsed = parseJson(text);
  if (resp.httpStatusCode < 200 || resp.httpStatusCode > 299) {
    throw new ApiException<unknown>(
      resp.httpStatusCode,
      `HTTP ${resp.httpStatusCode}: ${text.slice(0, 300)}`,
      parsed ?? text,
      resp.headers,
    );
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A non-JSON answer (a proxy's error page): the caller gets the text in the exception.
    return undefined;
  }
}

/**
 * Per-call options for the generated clients that make the request abort with `signal`, and count the
 * exchange with the server, until the answer's body is read, as an outside wait of the running reconcile
 * (see reconcile-clock.ts). A request that fails without an answer leaves its wait open until the
 * reconcile ends.
 */
export function withSignal(
  signal: AbortSignal | undefined,
  options?: ConfigurationOptions,
): ConfigurationOptions {
  // The options may serve several requests at once: each answer ends one of the waits begun.
  const waits: (() => void)[] = [];
  const middleware: ObservableMiddleware = {
    pre: (ctx) => {
      if (signal) ctx.setSignal(signal);
      waits.push(beginOutsideWait());
      return new Observable(Promise.resolve(ctx));
    },
    post: (resp) => {
      const endWait = waits.shift() ?? ((): void => undefined);
      resp.body = bodyEndingWait(resp.body, endWait);
      return new Observable(Promise.resolve(resp));
    },
  };
  return {
    ...options,
    middleware: [...(options?.middleware ?? []), middleware],
    middlewareMergeStrategy: 'append',
  };
}

/** `body` that calls `endWait` once it has been read: reading it is part of the exchange with the server. */
function bodyEndingWait(body: ResponseBody, endWait: () => void): ResponseBody {
  return {
    text: () => body.text().finally(endWait),
    binary: () => body.binary().finally(endWait),
    stream: () => {
      endWait();
      return body.stream();
    },
  };
}
