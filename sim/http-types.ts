// The request and response shapes handlers work with, independent of node:http.
import type { IncomingHttpHeaders } from 'node:http';
import type { Json } from './json.js';

export interface SimRequest {
  method: string;
  /** Path as sent (no query). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, when one was sent. */
  body: unknown;
  /** Path parameters named in the route template. */
  params: Record<string, string>;
  /** `https://host:port` as the client reached the simulator; used in absolute URLs. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
