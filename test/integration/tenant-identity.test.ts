// Real: the management cluster's API server (namespaces, Secrets, ServiceAccounts and TokenRequest,
// whose tokens the simulator verifies against the cluster's published service-account keys), the
// operator in-process, @azure/identity's ClientAssertionCredential and the ARM SDK over HTTPS.
// Simulated: Entra ID and ARM (the AKS simulator, accepting only tokens its Entra issued, each identity
// only in its own subscription). Proves a namespace acts only as an identity that trusts its own
// ServiceAccount: naming another team's identity is refused by the token exchange and reaches nothing
// in that team's subscription, and a namespace without a credential acts only where it was allowed.
// The chart's tenant RBAC (rendered by the real helm, applied to the real API server) lets the
// operator's ServiceAccount mint tokens of that one ServiceAccount in the namespaces named, nothing more.
import {
  CoreV1Api,
  KubeConfig,
  OpenidApi,
  RbacAuthorizationV1Api,
  type V1Role,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import { CHART_DIR, helm, parseManifests } from '../../scripts/render-chart.js';
import type { Jwks, Simulator } from '../../sim/index.js';
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { DEFAULT_SIMULATOR_TOKEN } from '../../src/azure/index.js';
import { DEFAULT_IDENTITY_SERVICE_ACCOUNT, kubeServiceAccountTokens } from '../../src/controllers/index.js';
import { isBlockedError } from '../../src/runtime/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { ensureCrds, Objects, requestsFor, startTestSimulator, TestOperator } from '../support/operator.js';
import { managementKubeConfig } from '../support/world.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const SUB_B = '00000000-0000-0000-0000-0000000000b0';
const SUB_PLATFORM = '00000000-0000-0000-0000-0000000000f0';
const TEAM_B_CLIENT = 'bbbbbbbb-0000-0000-0000-00000000c11e';

let kc: KubeConfig;
let sim: Simulator;
let operator: TestOperator;
const ns: Record<'a' | 'b' | 'platform' | 'bare', TestNamespace | undefined> = {
  a: undefined,
  b: undefined,
  platform: undefined,
  bare: undefined,
};
const objects = (which: keyof typeof ns): Objects => new Objects(nsName(which), kc);
const nsName = (which: keyof typeof ns): string => {
  const n = ns[which];
  if (!n) throw new Error('namespaces are created in beforeAll');
  return n.name;
};
const subject = (namespace: string): string =>
  `system:serviceaccount:${namespace}:${DEFAULT_IDENTITY_SERVICE_ACCOUNT}`;

function spec(rg: string, extra: Partial<ManagedClusterSpecInput> = {}): ManagedClusterSpecInput {
  return {
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
    ...extra,
  };
}

/** ARM requests the simulator logged in `subscriptionId`, whoever sent them. */
const callsIn = (subscriptionId: string): number =>
  sim.log
    .recent()
    .filter(
      (e) => e.method !== 'OPERATION' && e.path.toLowerCase().startsWith(`/subscriptions/${subscriptionId}`),
    ).length;

/** The issuer of the cluster's ServiceAccount tokens and its keys, as Entra would fetch them. */
async function trustManagementCluster(): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const probe = await core.createNamespacedServiceAccountToken({
    name: DEFAULT_IDENTITY_SERVICE_ACCOUNT,
    namespace: nsName('b'),
    body: { spec: { audiences: ['api://AzureADTokenExchange'], expirationSeconds: 600 } },
  });
  const payload = (probe.status?.token ?? '').split('.')[1] ?? '';
  const { iss } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss: string };
  // Typed as a string, but the client hands over the parsed key set.
  const keyset: unknown = await kc.makeApiClient(OpenidApi).getServiceAccountIssuerOpenIDKeyset();
  const jwks = (typeof keyset === 'string' ? JSON.parse(keyset) : keyset) as Jwks;
  sim.entra.trustIssuer(iss, jwks);
  // Team B's identity: its federated credential trusts team B's namespace, and it holds a role in SUB_B.
  sim.entra.register({
    clientId: TEAM_B_CLIENT,
    tenantId: TENANT,
    subscriptions: [SUB_B],
    federatedCredentials: [{ issuer: iss, subject: subject(nsName('b')) }],
  });
  // The operator's own identity, for the namespace the platform admin allowed.
  sim.entra.register({
    clientId: 'operator',
    tenantId: TENANT,
    subscriptions: [SUB_PLATFORM],
    bearerTokens: [DEFAULT_SIMULATOR_TOKEN],
  });
}

async function createIdentityServiceAccount(namespace: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name: DEFAULT_IDENTITY_SERVICE_ACCOUNT } },
  });
}

/** A credential Secret naming team B's identity (a client ID is no secret: anyone can write this one). */
async function teamBCredential(namespace: string, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: {
      metadata: { name },
      stringData: {
        tenantId: TENANT,
        clientId: TEAM_B_CLIENT,
        useWorkloadIdentity: 'true',
        subscriptionId: SUB_B,
      },
    },
  });
}

beforeAll(async () => {
  kc = managementKubeConfig();
  await ensureCrds(kc);
  sim = await startTestSimulator({ requireEntraTokens: true });
  for (const which of Object.keys(ns) as (keyof typeof ns)[])
    ns[which] = await createTestNamespace(kc, `tenant-${which}`);
  // Team A and team B each have the identity ServiceAccount; the platform and bare namespaces do not.
  await createIdentityServiceAccount(nsName('a'));
  await createIdentityServiceAccount(nsName('b'));
  await trustManagementCluster();
  await teamBCredential(nsName('a'), 'borrowed');
  await teamBCredential(nsName('b'), 'team-b');
  await teamBCredential(nsName('bare'), 'borrowed');
  operator = await new TestOperator({
    sim,
    namespaces: Object.values(ns).map((n) => n?.name ?? ''),
    entra: true,
    access: { operatorIdentityNamespaces: [nsName('platform')] },
  }).start();
});

afterAll(async () => {
  await operator?.stop();
  for (const which of Object.keys(ns) as (keyof typeof ns)[]) {
    if (!ns[which]) continue;
    await objects(which).releaseAll();
    await ns[which]?.delete();
  }
  await sim?.close();
});

describe('tenant identities', () => {
  // Runs before team B's own cluster exists, so any call in SUB_B would be namespace A's.
  it("refuses a namespace naming another team's identity at the token exchange, with no call in that team's subscription", async () => {
    const a = objects('a');
    await a.createCluster('intruder', spec('rg-intruder', { credentialRef: { name: 'borrowed' } }));
    const stalled = await a.waitForCondition('cluster', 'intruder', {
      type: 'Stalled',
      reason: 'FederatedIdentityRefused',
    });
    const message = stalled.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toContain('AADSTS700213');
    expect(message).toContain(subject(nsName('a')));
    expect(callsIn(SUB_B)).toBe(0);
  });

  it('stalls a credential whose namespace has no identity ServiceAccount, with no call in its subscription', async () => {
    const bare = objects('bare');
    await bare.createCluster('no-account', spec('rg-no-account', { credentialRef: { name: 'borrowed' } }));
    await bare.waitForCondition('cluster', 'no-account', {
      type: 'Stalled',
      reason: 'ServiceAccountTokenUnavailable',
    });
    expect(callsIn(SUB_B)).toBe(0);
  });

  it('stalls an object without a credential in a namespace not allowed the operator identity, with no Azure call', async () => {
    const bare = objects('bare');
    await bare.createCluster('anonymous', spec('rg-anonymous', { subscriptionId: SUB_PLATFORM }));
    await bare.waitForCondition('cluster', 'anonymous', {
      type: 'Stalled',
      reason: 'OperatorIdentityNotAllowed',
    });
    expect(requestsFor(sim, 'rg-anonymous')).toHaveLength(0);
  });

  it("acts as team B's identity from team B's namespace", async () => {
    const b = objects('b');
    await b.createCluster('mine', spec('rg-team-b', { credentialRef: { name: 'team-b' } }));
    const mc = await b.clusterReady('mine');
    expect(mc.status?.azureResourceID?.toLowerCase()).toContain(`/subscriptions/${SUB_B}/`);
    expect(requestsFor(sim, 'rg-team-b').filter((e) => e.status === 401 || e.status === 403)).toEqual([]);
  });

  it("acts as the operator's own identity without a credential where the platform admin allowed it", async () => {
    const platform = objects('platform');
    await platform.createCluster('shared', spec('rg-platform', { subscriptionId: SUB_PLATFORM }));
    const mc = await platform.clusterReady('shared');
    expect(mc.status?.azureResourceID?.toLowerCase()).toContain(`/subscriptions/${SUB_PLATFORM}/`);
  });
});

describe("the chart's tenant identity RBAC", () => {
  const RELEASE_NAMESPACE = 'aks-lifecycle-system';
  const operatorUser = `system:serviceaccount:${RELEASE_NAMESPACE}:r-aks-lifecycle-operator`;

  /** The management cluster as the operator's ServiceAccount sees it. */
  function asOperator(): KubeConfig {
    const impersonating = new KubeConfig();
    impersonating.loadFromOptions({
      clusters: kc.clusters,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
      users: kc.users.map((u) => ({ ...u, impersonateUser: operatorUser })),
    });
    return impersonating;
  }

  async function applyTenantRbac(namespaces: string[]): Promise<void> {
    const rendered = await helm([
      'template',
      'r',
      CHART_DIR,
      '--namespace',
      RELEASE_NAMESPACE,
      '--show-only',
      'templates/tenant-identity-rbac.yaml',
      '--set',
      `tenantIdentity.namespaces={${namespaces.join(',')}}`,
    ]);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    for (const manifest of parseManifests(rendered)) {
      const namespace = manifest.metadata.namespace ?? '';
      if (manifest.kind === 'Role')
        await rbac.createNamespacedRole({ namespace, body: manifest as unknown as V1Role });
      else if (manifest.kind === 'RoleBinding')
        await rbac.createNamespacedRoleBinding({ namespace, body: manifest as unknown as V1RoleBinding });
      else throw new Error(`the tenant RBAC template rendered a ${manifest.kind}`);
    }
  }

  it('lets the operator mint tokens of the identity ServiceAccount in the namespaces named, and of no other', async () => {
    await applyTenantRbac([nsName('a')]);
    const tokens = kubeServiceAccountTokens(asOperator());
    await expect(tokens.token(nsName('a'))).resolves.toMatch(/^ey/);
    const refused = await tokens.token(nsName('b')).catch((err: unknown) => err);
    expect(isBlockedError(refused) && refused.reason).toBe('ServiceAccountTokenUnavailable');
    const core = asOperator().makeApiClient(CoreV1Api);
    await expect(
      core.createNamespacedServiceAccountToken({
        name: 'default',
        namespace: nsName('a'),
        body: { spec: { audiences: ['api://AzureADTokenExchange'] } },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });
});
