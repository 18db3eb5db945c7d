// Entra ID's HTTP face, as MSAL and a cluster's API server reach it under an authority host: the
// tenant's OpenID discovery document, its signing keys (JWKS), the v2.0 token endpoint (form-encoded
// client-credentials grants); and the Azure RBAC authorization webhook a cluster's API server asks.
import type { Entra } from './entra.js';
import { EntraError } from './entra-errors.js';
import type { SubjectAccessReviewSpec } from './entra-kubernetes.js';
import type { Json } from './json.js';

export interface EntraResponse {
  status: number;
  body: Json;
}

const DISCOVERY = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;
const KUBERNETES_AUTHORIZATION = /^\/_aks\/kubernetes-authorization(\/subscriptions\/.+)$/;

/** Whether `path` is one of Entra's. */
export function isEntraPath(path: string): boolean {
  return [DISCOVERY, TOKEN, KEYS, KUBERNETES_AUTHORIZATION].some((p) => p.test(path));
}

/** Where the API server of the cluster `clusterId` sends its SubjectAccessReviews. */
export function kubernetesAuthorizationUrl(baseUrl: string, clusterId: string): string {
  return `${baseUrl}/_aks/kubernetes-authorization${clusterId}`;
}

export function handleEntra(
  entra: Entra,
  request: { method: string; path: string; rawBody: string; baseUrl: string },
): EntraResponse {
  const { method, path, rawBody, baseUrl } = request;
  const discovery = DISCOVERY.exec(path);
  if (discovery && method === 'GET')
    return { status: 200, body: discoveryDocument(baseUrl, discovery[1] ?? '') };
  if (KEYS.test(path) && method === 'GET') return { status: 200, body: entra.jwks() as unknown as Json };
  const authorization = KUBERNETES_AUTHORIZATION.exec(path);
  if (authorization && method === 'POST') return subjectAccessReview(entra, authorization[1] ?? '', rawBody);
  const token = TOKEN.exec(path);
  if (token && method === 'POST') {
    try {
      const issued = entra.exchange({
        tenantId: token[1] ?? '',
        form: new URLSearchParams(rawBody),
        baseUrl,
      });
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

/** The webhook's answer: the review sent, with the status Azure RBAC gives it. */
function subjectAccessReview(entra: Entra, clusterId: string, rawBody: string): EntraResponse {
  let review: { apiVersion?: string; spec?: SubjectAccessReviewSpec };
  try {
    review = JSON.parse(rawBody) as typeof review;
  } catch {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'not a SubjectAccessReview' },
    };
  }
  const status = entra.authorizeKubernetes(clusterId, review.spec ?? {});
  return {
    status: 200,
    body: {
      apiVersion: review.apiVersion ?? 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      status: { ...status },
    },
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
