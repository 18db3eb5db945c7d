import { generateKeyPairSync, sign } from 'node:crypto';
import { AKS_SERVER_APP_ID, Entra, type EntraIdentity } from './entra.js';
import { EntraError } from './entra-errors.js';
import { AksRbacRole } from './entra-kubernetes.js';
import { decodeJwt, hasValidSignature, type Jwks } from './jwt.js';

const ISSUER = 'https://issuer.example/cluster';
const AUDIENCE = 'api://AzureADTokenExchange';
const TEAM_B = 'system:serviceaccount:team-b:aks-lifecycle-identity';
const SUB_B = '00000000-0000-0000-0000-00000000000b';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks: Jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] };

function assertion(claims: Record<string, unknown>, key = privateKey): string {
  const nowS = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      iss: ISSUER,
      aud: [AUDIENCE],
      sub: TEAM_B,
      iat: nowS,
      nbf: nowS,
      exp: nowS + 600,
      ...claims,
    }),
  ).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

const teamB: EntraIdentity = {
  clientId: 'client-b',
  tenantId: 'tenant-1',
  subscriptions: [SUB_B],
  clientSecret: 'secret-b',
  federatedCredentials: [{ issuer: ISSUER, subject: TEAM_B }],
};

function entra(): Entra {
  const e = new Entra();
  e.register(teamB);
  e.trustIssuer(ISSUER, jwks);
  return e;
}

function grant(
  fields: Record<string, string>,
  tenantId = 'tenant-1',
): { tenantId: string; form: URLSearchParams } {
  return {
    tenantId,
    form: new URLSearchParams({
      client_id: 'client-b',
      grant_type: 'client_credentials',
      scope: 'x/.default',
      ...fields,
    }),
  };
}

const withAssertion = (jwt: string): Record<string, string> => ({
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: jwt,
});

function refusal(run: () => unknown): number | undefined {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof EntraError) return e.aadsts;
    throw e;
  }
  return undefined;
}

describe('Entra token exchange', () => {
  it.each([
    [
      'a subject of another namespace',
      withAssertion(assertion({ sub: 'system:serviceaccount:team-a:aks-lifecycle-identity' })),
      700213,
    ],
    ['a subject that differs only in case', withAssertion(assertion({ sub: TEAM_B.toUpperCase() })), 700213],
    [
      'an issuer no federated credential trusts',
      withAssertion(assertion({ iss: 'https://other.example' })),
      700211,
    ],
    ['a signature by another key', withAssertion(assertion({}, other.privateKey)), 700027],
    ['an expired assertion', withAssertion(assertion({ exp: Math.floor(Date.now() / 1000) - 3600 })), 700024],
    ['another audience', withAssertion(assertion({ aud: 'https://kubernetes.default.svc' })), 700212],
    ['something that is not a JWT', withAssertion('not-a-jwt'), 50027],
    ['a wrong client secret', { client_secret: 'guess' }, 7000215],
    ['no credential at all', {}, 7000218],
  ])('refuses %s with its AADSTS code', (_case, fields, code) => {
    expect(refusal(() => entra().exchange(grant(fields)))).toBe(code);
  });

  it('refuses a client unknown in the tenant named by the path (AADSTS700016)', () => {
    expect(refusal(() => entra().exchange(grant({ client_secret: 'secret-b' }, 'tenant-2')))).toBe(700016);
  });

  it('issues a token for the federated subject and for the client secret', () => {
    const e = entra();
    expect(e.exchange(grant(withAssertion(assertion({})))).access_token).toMatch(/^sim-entra\./);
    expect(e.exchange(grant({ client_secret: 'secret-b' })).token_type).toBe('Bearer');
  });
});

describe('ARM authorization', () => {
  it('accepts any bearer token unless Entra tokens are required', () => {
    expect(
      new Entra().authorizeArm('Bearer anything', SUB_B, 'Microsoft.ContainerService/managedClusters/read'),
    ).toBeUndefined();
  });

  it('requires a token Entra issued, for a principal allowed in the subscription', () => {
    const e = entra();
    e.requireEntraTokens(true);
    const token = e.exchange(grant(withAssertion(assertion({})))).access_token;
    const action = 'Microsoft.ContainerService/managedClusters/read';
    expect(e.authorizeArm(`Bearer ${token}`, SUB_B, action)).toBeUndefined();
    expect(e.authorizeArm(`Bearer ${token}`, 'another-subscription', action)?.code).toBe(
      'AuthorizationFailed',
    );
    expect(e.authorizeArm('Bearer made-up', SUB_B, action)?.code).toBe('InvalidAuthenticationToken');
  });
});

describe('tokens for the AKS server application', () => {
  it('are RS256 JWTs of the tenant issuer for the AKS server app, naming the identity by object ID, signed by a published key', () => {
    const e = entra();
    const form = grant({ client_secret: 'secret-b', scope: `${AKS_SERVER_APP_ID}/.default` });
    const token = e.exchange({ ...form, baseUrl: 'https://127.0.0.1:9443' }).access_token;
    const jwt = decodeJwt(token);
    const objectId = e.settings().identities[0]?.objectId;
    expect(jwt?.claims).toMatchObject({
      aud: AKS_SERVER_APP_ID,
      iss: 'https://127.0.0.1:9443/tenant-1/v2.0',
      oid: objectId,
      sub: objectId,
      tid: 'tenant-1',
    });
    expect(jwt && hasValidSignature(jwt, e.jwks())).toBe(true);
    expect(jwt && hasValidSignature(jwt, new Entra().jwks())).toBe(false);
  });

  it('are not accepted by ARM, whose tokens have another audience', () => {
    const e = entra();
    e.requireEntraTokens(true);
    const form = grant({ client_secret: 'secret-b', scope: `${AKS_SERVER_APP_ID}/.default` });
    const token = e.exchange(form).access_token;
    expect(
      e.authorizeArm(`Bearer ${token}`, SUB_B, 'Microsoft.ContainerService/managedClusters/read')?.code,
    ).toBe('InvalidAuthenticationToken');
  });

  it('are opaque for any other scope (ARM)', () => {
    expect(entra().exchange(grant({ client_secret: 'secret-b' })).access_token).toMatch(/^sim-entra\./);
  });
});

describe('Azure RBAC for Kubernetes', () => {
  const CLUSTER =
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
  const list = (namespace?: string) => ({
    user: 'oid-1',
    resourceAttributes: { verb: 'list', resource: 'pods', ...(namespace ? { namespace } : {}) },
  });

  it.each([
    [
      'Cluster Admin on the subscription covers the cluster',
      AksRbacRole.ClusterAdmin,
      '/subscriptions/s1',
      list(),
      true,
    ],
    ['an assignment on another cluster does not', AksRbacRole.ClusterAdmin, `${CLUSTER}2`, list('a'), false],
    [
      'Reader on a namespace allows reads there',
      AksRbacRole.Reader,
      `${CLUSTER}/namespaces/a`,
      list('a'),
      true,
    ],
    [
      'Reader on a namespace does not reach another',
      AksRbacRole.Reader,
      `${CLUSTER}/namespaces/a`,
      list('b'),
      false,
    ],
    ['Writer does not reach cluster-scoped objects', AksRbacRole.Writer, CLUSTER, list(), false],
  ])('%s', (_case, role, scope, review, allowed) => {
    const e = new Entra();
    e.assignRole({ principalId: 'oid-1', roleDefinitionName: role, scope });
    expect(e.authorizeKubernetes(CLUSTER, review).allowed).toBe(allowed);
    e.removeRoleAssignment({ principalId: 'oid-1', roleDefinitionName: role, scope });
    expect(e.authorizeKubernetes(CLUSTER, review).allowed).toBe(false);
  });
});
