// Real: a kwok cluster's kube-apiserver v1.35 per simulated AKS cluster, configured with a JWT
// authenticator and (Azure RBAC) an authorization webhook; @azure/identity's ClientSecretCredential and
// the ARM SDK over HTTPS. Simulated: Entra ID (token endpoint, OIDC discovery, signing keys, role
// assignments) and ARM. Proves that a cluster with AKS-managed Entra ID and local accounts disabled
// refuses the admin credential as AKS does, hands out a kubelogin user kubeconfig, and that its API
// server accepts the simulator's tokens for the AKS server application as the identity's object ID,
// authorized by Kubernetes RBAC (AKS's binding of the admin groups included) or by Azure role
// assignments, and refuses them once access is removed.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ClientSecretCredential } from '@azure/identity';
import {
  ApiException,
  AuthenticationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AKS_SERVER_APP_ID, AksRbacRole, type Simulator } from '../../sim/index.js';
import type { KwokDataPlane } from '../../sim/kwok-data-plane.js';
import { staticTokenCredential } from '../../src/azure/index.js';
import { startTestSimulator } from '../support/operator.js';
import { waitFor } from '../support/wait.js';

const TENANT = '7a1c0000-0000-0000-0000-00000000e17a';
const SUBSCRIPTION = '00000000-0000-0000-0000-00000000e1d1';
const CLIENT_ID = 'c1e00000-0000-0000-0000-0000000000a1';
const CLIENT_SECRET = 'operator-secret';
const RG = 'rg-entra';

const ADMIN_GROUP = 'a0000000-0000-0000-0000-00000000ad01';
const IDENTITY = {
  clientId: CLIENT_ID,
  tenantId: TENANT,
  subscriptions: [SUBSCRIPTION],
  clientSecret: CLIENT_SECRET,
};

let sim: Simulator;
let arm: ContainerServiceClient;
let objectId: string;

async function createCluster(
  name: string,
  aad: { enableAzureRbac: boolean; adminGroupObjectIDs?: string[] },
): Promise<string> {
  const cluster = await arm.managedClusters.beginCreateOrUpdateAndWait(RG, name, {
    location: 'eastus',
    kubernetesVersion: '1.33',
    dnsPrefix: name,
    agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v3' }],
    aadProfile: { managed: true, tenantID: TENANT, ...aad },
    disableLocalAccounts: true,
  });
  return cluster.id ?? '';
}

/** The user kubeconfig with its exec user replaced by a token for the AKS server app, as kubelogin does. */
async function userKubeConfig(name: string): Promise<KubeConfig> {
  const creds = await arm.managedClusters.listClusterUserCredentials(RG, name);
  const text = Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8');
  const credential = new ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET, {
    authorityHost: sim.authorityHost,
    tlsOptions: { ca: sim.caPem },
    disableInstanceDiscovery: true,
  });
  const token = await credential.getToken(`${AKS_SERVER_APP_ID}/.default`);
  const config = parse(text) as { users: { name: string; user: Record<string, unknown> }[] };
  for (const u of config.users) u.user = { token: token.token };
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(config));
  return kc;
}

/** The kwok cluster's own admin kubeconfig: the platform team's break-glass access, not AKS's. */
async function breakGlass(clusterId: string): Promise<KubeConfig> {
  const ref = await (sim.context.dataPlane as KwokDataPlane).kwokClusterOf(clusterId);
  if (!ref) throw new Error(`cluster ${clusterId} has no kwok cluster`);
  const kc = new KubeConfig();
  kc.loadFromFile(join(ref.workdir, 'clusters', ref.name, 'kubeconfig.yaml'));
  return kc;
}

/** The HTTP status of listing Nodes as `kc`: 200, or the API server's refusal. */
async function listNodesStatus(kc: KubeConfig): Promise<number> {
  try {
    await kc.makeApiClient(CoreV1Api).listNode();
    return 200;
  } catch (err: unknown) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

/** Waits until listing Nodes as `kc` answers `status` (authorization changes show within a second). */
async function nodesAnswer(kc: KubeConfig, status: number): Promise<void> {
  await waitFor(() => listNodesStatus(kc), {
    until: (s) => s === status,
    timeoutMs: 30_000,
    message: `listing Nodes to answer ${status}`,
  });
}

beforeAll(async () => {
  sim = await startTestSimulator({ withNodes: true });
  sim.entra.register(IDENTITY);
  objectId = sim.entra.settings().identities.find((i) => i.clientId === CLIENT_ID)?.objectId ?? '';
  arm = new ContainerServiceClient(staticTokenCredential('any'), SUBSCRIPTION, {
    endpoint: sim.endpoint,
    tlsOptions: { ca: sim.caPem },
  });
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

describe('a cluster with AKS-managed Entra ID and local accounts disabled', () => {
  let clusterId: string;
  beforeAll(async () => {
    clusterId = await createCluster('entra-k8s-rbac', { enableAzureRbac: false });
  }, 120_000);

  it('refuses the admin credential with AKS 400 BadRequest', async () => {
    await expect(arm.managedClusters.listClusterAdminCredentials(RG, 'entra-k8s-rbac')).rejects.toMatchObject(
      {
        statusCode: 400,
        code: 'BadRequest',
        message:
          'Getting static credential is not allowed because this cluster is set to disable local accounts.',
      },
    );
  });

  it('hands out a user kubeconfig that logs in through kubelogin for the AKS server app', async () => {
    const creds = await arm.managedClusters.listClusterUserCredentials(RG, 'entra-k8s-rbac');
    const config = parse(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8')) as {
      users: { user: { exec?: { command: string; args: string[] } } }[];
    };
    const exec = config.users[0]?.user.exec;
    expect(exec?.command).toBe('kubelogin');
    expect(exec?.args).toEqual(
      expect.arrayContaining(['--server-id', AKS_SERVER_APP_ID, '--tenant-id', TENANT]),
    );
  });

  it('authenticates an Entra token as the object ID, authorized by a ClusterRoleBinding to it and refused once it is gone', async () => {
    const kc = await userKubeConfig('entra-k8s-rbac');
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo?.username).toBe(objectId);
    expect(await listNodesStatus(kc)).toBe(403);

    const rbac = (await breakGlass(clusterId)).makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'operator-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: objectId }],
      },
    });
    await nodesAnswer(kc, 200);
    await rbac.deleteClusterRoleBinding({ name: 'operator-admin' });
    await nodesAnswer(kc, 403);
  });

  it("refuses a token that is not Entra's with 401", async () => {
    const kc = await userKubeConfig('entra-k8s-rbac');
    const forged = new KubeConfig();
    forged.loadFromOptions({
      clusters: kc.clusters,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
      users: kc.users.map((u) => ({ name: u.name, token: `${u.token ?? ''}x` })),
    });
    expect(await listNodesStatus(forged)).toBe(401);
  });
});

describe('a cluster with Azure RBAC for Kubernetes', () => {
  let clusterId: string;
  beforeAll(async () => {
    clusterId = await createCluster('entra-azure-rbac', { enableAzureRbac: true });
  }, 120_000);

  it('lets the identity in through its role assignment and refuses it once the assignment is removed', async () => {
    const kc = await userKubeConfig('entra-azure-rbac');
    expect(await listNodesStatus(kc)).toBe(403);
    const assignment = {
      principalId: objectId,
      roleDefinitionName: AksRbacRole.ClusterAdmin,
      scope: clusterId,
    };
    sim.entra.assignRole(assignment);
    await nodesAnswer(kc, 200);
    sim.entra.removeRoleAssignment(assignment);
    await nodesAnswer(kc, 403);
  });

  it('applies a Reader assignment on a namespace to reads there only', async () => {
    const kc = await userKubeConfig('entra-azure-rbac');
    sim.entra.assignRole({
      principalId: objectId,
      roleDefinitionName: AksRbacRole.Reader,
      scope: `${clusterId}/namespaces/kube-system`,
    });
    const core = kc.makeApiClient(CoreV1Api);
    await waitFor(() => core.listNamespacedPod({ namespace: 'kube-system' }), {
      timeoutMs: 30_000,
      message: 'the Reader assignment to let pods in kube-system be listed',
    });
    await expect(core.listNamespacedPod({ namespace: 'default' })).rejects.toMatchObject({ code: 403 });
    await expect(core.deleteNamespacedPod({ namespace: 'kube-system', name: 'none' })).rejects.toMatchObject({
      code: 403,
    });
  });
});

describe('a cluster with Entra admin groups', () => {
  it('lets a member of an adminGroupObjectIDs group in as cluster-admin, as AKS binds them, and no one else', async () => {
    await createCluster('entra-admin-group', { enableAzureRbac: false, adminGroupObjectIDs: [ADMIN_GROUP] });
    expect(await listNodesStatus(await userKubeConfig('entra-admin-group'))).toBe(403);
    sim.entra.register({ ...IDENTITY, groups: [ADMIN_GROUP] });
    const member = await userKubeConfig('entra-admin-group');
    const review = await member.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo?.groups).toContain(ADMIN_GROUP);
    expect(await listNodesStatus(member)).toBe(200);
    sim.entra.register(IDENTITY);
  });
});
