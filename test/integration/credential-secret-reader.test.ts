// Real: the management cluster's kube-apiserver and its RBAC authorizer. Proves the operator's credential
// Secret reader tells a Secret it may not read (403) from one that is missing, naming the reason and the
// chart value that grants the read, so a least-privilege install stalls an object instead of erring.
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { Reason } from '../../src/api/index.js';
import { kubeSecretReader } from '../../src/controllers/shared/kube-secrets.js';
import { BlockedError } from '../../src/runtime/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { managementKubeConfig } from '../support/world.js';

const USER = 'credential-reader-probe';

let admin: KubeConfig;
let granted: TestNamespace;
let withheld: TestNamespace;

/** The admin kubeconfig acting as a user that holds only the grants this test gives it. */
function asProbeUser(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: admin.clusters,
    contexts: admin.contexts,
    currentContext: admin.currentContext,
    users: admin.users.map((u) => ({ ...u, impersonateUser: USER })),
  });
  return kc;
}

beforeAll(async () => {
  admin = managementKubeConfig();
  granted = await createTestNamespace(admin, 'creds-granted');
  withheld = await createTestNamespace(admin, 'creds-withheld');
  const core = admin.makeApiClient(CoreV1Api);
  for (const ns of [granted, withheld]) {
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'azure-credentials' }, stringData: { tenantId: 't', clientId: 'c' } },
    });
  }
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: granted.name,
    body: {
      metadata: { name: 'secrets' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: granted.name,
    body: {
      metadata: { name: 'secrets' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secrets' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER }],
    },
  });
});

afterAll(async () => {
  await granted?.delete();
  await withheld?.delete();
});

it('reads a Secret where it is granted and reads a missing one there as absent', async () => {
  const reader = kubeSecretReader(asProbeUser());
  const signal = AbortSignal.timeout(30_000);
  expect(await reader.read(granted.name, 'azure-credentials', signal)).toEqual({
    tenantId: 't',
    clientId: 'c',
  });
  expect(await reader.read(granted.name, 'absent', signal)).toBeUndefined();
});

it('refuses a Secret of a namespace it may not read with CredentialSecretForbidden naming the chart value', async () => {
  const reader = kubeSecretReader(asProbeUser());
  const read = reader.read(withheld.name, 'azure-credentials', AbortSignal.timeout(30_000));
  await expect(read).rejects.toBeInstanceOf(BlockedError);
  await expect(read).rejects.toMatchObject({
    reason: Reason.CredentialSecretForbidden,
    message: expect.stringContaining(`namespace ${withheld.name}`) as unknown,
  });
  await expect(read).rejects.toThrow(/rbac\.secretNamespaces/);
});
