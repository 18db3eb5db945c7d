// Entra ID as the simulator plays it: registered identities (an app or managed identity: its tenant,
// client secret or federated credentials, and the subscriptions it holds a role in), the trusted OIDC
// issuers' keys, the client-credentials exchange, and which bearer tokens ARM accepts. By default ARM
// accepts any bearer token; `requireEntraTokens` makes it accept only tokens issued here, for a
// principal allowed in the request's subscription. Tokens for the AKS server application are JWTs
// signed with Entra's key (published as the tenant's JWKS), which a cluster's API server verifies; the
// Azure RBAC role assignments for Kubernetes decide what they may do there.
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { aksErrors } from './aks-errors.js';
import { EntraError, entraErrors } from './entra-errors.js';
import type { ArmError } from './errors.js';
import {
  kubernetesDecision,
  type RoleAssignment,
  type SubjectAccessReviewSpec,
  type KubernetesDecision,
} from './entra-kubernetes.js';
import { audiences, decodeJwt, hasValidSignature, signJwt, type Jwks } from './jwt.js';

/** Trust of a workload identity federation: tokens from `issuer` about `subject` for `audience`. */
export interface FederatedCredential {
  issuer: string;
  subject: string;
  /** Default api://AzureADTokenExchange, as Entra's. */
  audience?: string;
}

export interface EntraIdentity {
  clientId: string;
  tenantId: string;
  /** Subscriptions in which the identity holds a role that lets it manage AKS. */
  subscriptions: string[];
  clientSecret?: string;
  federatedCredentials?: FederatedCredential[];
  /** Bearer tokens ARM accepts as this identity without an exchange (the operator's own, in tests). */
  bearerTokens?: string[];
  /** Object IDs of the Entra groups the identity belongs to (the `groups` claim of its tokens). */
  groups?: string[];
}

export interface EntraSettings {
  requireEntraTokens: boolean;
  identities: (Omit<EntraIdentity, 'clientSecret' | 'bearerTokens'> & { objectId: string })[];
  issuers: string[];
  roleAssignments: RoleAssignment[];
}

export interface TokenGrant {
  tenantId: string;
  form: URLSearchParams;
  /** `https://host:port` the request reached: the issuer of the JWTs minted is under it. */
  baseUrl?: string;
}

/** The AKS server application ("Azure Kubernetes Service AAD Server"): the audience of cluster tokens. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** The issuer of a tenant's v2.0 tokens under the simulator's address, as in its discovery document. */
export function tenantIssuer(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
}

const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3599;
// Entra tolerates a few minutes of clock skew on assertions.
const SKEW_S = 300;

interface Principal {
  objectId: string;
  identity: EntraIdentity;
}

export class Entra {
  private readonly identities = new Map<string, Principal>();
  private readonly issuers = new Map<string, Jwks>();
  private readonly tokens = new Map<string, { principal: Principal; expiresAtMs: number }>();
  private readonly signingKey = newSigningKey();
  private roleAssignments: RoleAssignment[] = [];
  private strict = false;

  /** Registers or replaces an identity (keyed by client ID). */
  register(identity: EntraIdentity): void {
    const previous = this.identities.get(identity.clientId);
    this.identities.set(identity.clientId, { objectId: previous?.objectId ?? randomUUID(), identity });
  }

  /** Trusts the keys of an OIDC issuer (Entra fetches them from the issuer's discovery document). */
  trustIssuer(issuer: string, jwks: Jwks): void {
    this.issuers.set(issuer, jwks);
  }

  requireEntraTokens(on: boolean): void {
    this.strict = on;
  }

  settings(): EntraSettings {
    return {
      requireEntraTokens: this.strict,
      identities: [...this.identities.values()].map(({ objectId, identity }) => ({
        objectId,
        clientId: identity.clientId,
        tenantId: identity.tenantId,
        subscriptions: identity.subscriptions,
        federatedCredentials: identity.federatedCredentials ?? [],
        groups: identity.groups ?? [],
      })),
      issuers: [...this.issuers.keys()],
      roleAssignments: [...this.roleAssignments],
    };
  }

  reset(): void {
    this.identities.clear();
    this.issuers.clear();
    this.tokens.clear();
    this.roleAssignments = [];
    this.strict = false;
  }

  /** The keys Entra signs its JWTs with (every tenant publishes the same set). */
  jwks(): Jwks {
    return { keys: [{ ...this.signingKey.publicJwk, kid: this.signingKey.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** Adds an Azure RBAC role assignment (idempotent). */
  assignRole(assignment: RoleAssignment): void {
    this.removeRoleAssignment(assignment);
    this.roleAssignments.push(assignment);
  }

  /** Removes the assignment of that role to that principal at that scope, if any. */
  removeRoleAssignment(assignment: RoleAssignment): void {
    const same = (a: RoleAssignment) =>
      a.principalId === assignment.principalId &&
      a.roleDefinitionName === assignment.roleDefinitionName &&
      a.scope.toLowerCase() === assignment.scope.toLowerCase();
    this.roleAssignments = this.roleAssignments.filter((a) => !same(a));
  }

  /** Azure RBAC for Kubernetes: what the cluster's authorization webhook answers a SubjectAccessReview. */
  authorizeKubernetes(clusterId: string, review: SubjectAccessReviewSpec): KubernetesDecision {
    return kubernetesDecision(this.roleAssignments, clusterId, review);
  }

  /** The client-credentials grant: a token for the client, or the EntraError Entra would answer. */
  exchange(grant: TokenGrant): IssuedToken {
    const { form, tenantId } = grant;
    const clientId = form.get('client_id') ?? '';
    const principal = this.identities.get(clientId);
    if (!principal || principal.identity.tenantId !== tenantId)
      throw entraErrors.applicationNotFound(clientId, tenantId);
    if (form.get('grant_type') !== 'client_credentials') throw entraErrors.unsupportedGrantType();
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!principal.identity.clientSecret || secret !== principal.identity.clientSecret)
        throw entraErrors.invalidClientSecret(clientId);
    } else if (assertion !== null && form.get('client_assertion_type') === JWT_BEARER) {
      this.checkAssertion(principal.identity, assertion);
    } else {
      throw entraErrors.noCredential();
    }
    const scopes = (form.get('scope') ?? '').split(/\s+/);
    let token: string;
    if (scopes.some((s) => s.startsWith(`${AKS_SERVER_APP_ID}/`))) {
      // Its audience is the AKS server app: ARM does not take it, only a cluster's API server.
      token = this.clusterToken(principal, tenantId, grant.baseUrl ?? '');
    } else {
      token = `sim-entra.${randomBytes(24).toString('base64url')}`;
      this.tokens.set(token, { principal, expiresAtMs: Date.now() + TOKEN_LIFETIME_S * 1000 });
    }
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
    };
  }

  /**
   * Whether ARM lets `authorization` act in `subscriptionId`: undefined when it may, else the ARM
   * error. Any bearer token passes unless Entra tokens are required.
   */
  authorizeArm(authorization: string, subscriptionId: string, action: string): ArmError | undefined {
    if (!this.strict) return undefined;
    const bearer = /^Bearer\s+(\S+)/i.exec(authorization)?.[1] ?? '';
    const principal = this.principalOf(bearer);
    if (!principal) return aksErrors.invalidAuthenticationToken();
    if (!subscriptionId) return undefined;
    const allowed = principal.identity.subscriptions.some(
      (s) => s.toLowerCase() === subscriptionId.toLowerCase(),
    );
    return allowed
      ? undefined
      : aksErrors.authorizationFailed(principal.objectId, action, `/subscriptions/${subscriptionId}`);
  }

  /** A v2.0 access token for the AKS server application, as a cluster's API server verifies it. */
  private clusterToken(principal: Principal, tenantId: string, baseUrl: string): string {
    const nowS = Math.floor(Date.now() / 1000);
    return signJwt(
      {
        aud: AKS_SERVER_APP_ID,
        iss: tenantIssuer(baseUrl, tenantId),
        iat: nowS,
        nbf: nowS,
        exp: nowS + TOKEN_LIFETIME_S,
        azp: principal.identity.clientId,
        oid: principal.objectId,
        sub: principal.objectId,
        tid: tenantId,
        ver: '2.0',
        ...(principal.identity.groups?.length ? { groups: principal.identity.groups } : {}),
      },
      this.signingKey,
    );
  }

  private principalOf(bearer: string): Principal | undefined {
    const issued = this.tokens.get(bearer);
    if (issued && issued.expiresAtMs > Date.now()) return issued.principal;
    return [...this.identities.values()].find((p) => p.identity.bearerTokens?.includes(bearer));
  }

  /** Entra's checks of a federated assertion, in its order: issuer, signature, lifetime, audience, subject. */
  private checkAssertion(identity: EntraIdentity, assertion: string): void {
    const jwt = decodeJwt(assertion);
    if (!jwt) throw entraErrors.malformedAssertion();
    const { iss = '', sub = '' } = jwt.claims;
    const trusted = (identity.federatedCredentials ?? []).filter((f) => f.issuer === iss);
    if (trusted.length === 0) throw entraErrors.noMatchingIssuer(iss);
    const jwks = this.issuers.get(iss);
    if (!jwks || !hasValidSignature(jwt, jwks)) throw entraErrors.invalidSignature();
    const nowS = Date.now() / 1000;
    if ((jwt.claims.exp ?? 0) + SKEW_S < nowS || (jwt.claims.nbf ?? 0) - SKEW_S > nowS)
      throw entraErrors.outsideValidity();
    const presented = audiences(jwt.claims);
    const forAudience = trusted.filter((f) => presented.includes(f.audience ?? TOKEN_EXCHANGE_AUDIENCE));
    if (forAudience.length === 0) throw entraErrors.noMatchingAudience(presented.join(','));
    // Entra compares subjects case-sensitively.
    if (!forAudience.some((f) => f.subject === sub)) throw entraErrors.noMatchingSubject(sub);
  }
}

function newSigningKey(): { privateKey: KeyObject; publicJwk: Jwks['keys'][number]; kid: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex') };
}

export { EntraError };
export type { RoleAssignment, SubjectAccessReviewSpec, KubernetesDecision };
