// Entra ID's HTTP face, as MSAL reaches it under an authority host: the tenant's OpenID discovery
// document and the v2.0 token endpoint (form-encoded client-credentials grants).
import type { Entra } from './entra.js';
import { EntraError } from './entra-errors.js';
import type { Json } from './json.js';

export interface EntraResponse {
  status: number;
  body: Json;
}

const DISCOVERY = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/** Whether `path` is one of Entra's. */
export function isEntraPath(path: string): boolean {
  return DISCOVERY.test(path) || TOKEN.test(path);
}

export function handleEntra(
  entra: Entra,
  request: { method: string; path: string; rawBody: string; baseUrl: string },
): EntraResponse {
  const { method, path, rawBody, baseUrl } = request;
  const discovery = DISCOVERY.exec(path);
  if (discovery && method === 'GET')
    return { status: 200, body: discoveryDocument(baseUrl, discovery[1] ?? '') };
  const token = TOKEN.exec(path);
  if (token && method === 'POST') {
    try {
      const issued = entra.exchange({ tenantId: token[1] ?? '', form: new URLSearchParams(rawBody) });
      return { status: 200, body: { ...issued } };
    } catch (e: unknown) {
      if (e instanceof EntraError) return { status: e.status, body: e.body() };
      throw e;
    }
  }
  return {
    status: 405,
    body: { error: 'invalid_request', error_description: `${method} ${path} is not served` },
  };
}

function discoveryDocument(baseUrl: string, tenant: string): Json {
  const base = `${baseUrl}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
  };
}
