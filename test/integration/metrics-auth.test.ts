// Real: the management cluster's kube-apiserver issuing ServiceAccount tokens and answering the
// operator's TokenReviews and SubjectAccessReviews, with the chart's RBAC installed by helm; the operator
// runs in-process as the chart's ServiceAccount (impersonation), serving HTTPS. Simulated: Azure (unused).
// Proves /metrics answers only a token whose user was bound to the chart's metrics-reader ClusterRole.
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { TLSSocket } from 'node:tls';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { createTlsMaterial, startSimulator } from '../../sim/index.js';
import { startOperator, type RunningOperator } from '../../src/operator.js';
import { silentLogger } from '../../src/runtime/index.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from '../../scripts/go-tools.js';
import { CHART_DIR, helm } from '../../scripts/render-chart.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { managementKubeConfig, managementKubeconfigPath } from '../support/world.js';

const release = `metrics-${randomBytes(3).toString('hex')}`;
const fullname = `${release}-aks-lifecycle-operator`;
const readerBinding = `${release}-prometheus`;

let kc: KubeConfig;
let ns: TestNamespace;
let operator: RunningOperator;
let stopSimulator: (() => Promise<void>) | undefined;
const tokens: Record<'reader' | 'stranger', string> = { reader: '', stranger: '' };

/** The admin kubeconfig acting as `user`: the operator holds exactly the chart's grants. */
function impersonating(user: string): KubeConfig {
  const admin = managementKubeConfig();
  const impersonated = new KubeConfig();
  impersonated.loadFromOptions({
    clusters: admin.clusters,
    contexts: admin.contexts,
    currentContext: admin.currentContext,
    users: admin.users.map((u) => ({ ...u, impersonateUser: user })),
  });
  return impersonated;
}

async function serviceAccountToken(name: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({ namespace: ns.name, body: { metadata: { name } } });
  const request = await core.createNamespacedServiceAccountToken({
    name,
    namespace: ns.name,
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  const token = request.status?.token;
  if (!token) throw new Error(`no token issued for ServiceAccount ${name}`);
  return token;
}

beforeAll(async () => {
  kc = managementKubeConfig();
  await ensureTool('helm');
  await applyCrds(kc);
  ns = await createTestNamespace(kc, 'metrics-auth');
  await helm([
    'install',
    release,
    CHART_DIR,
    '--namespace',
    ns.name,
    '--kubeconfig',
    managementKubeconfigPath(),
  ]);
  tokens.reader = await serviceAccountToken('prometheus');
  tokens.stranger = await serviceAccountToken('stranger');
  await kc.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: readerBinding },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: `${fullname}-metrics-reader`,
      },
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: ns.name }],
    },
  });
  const sim = await startSimulator({ tls: createTlsMaterial() });
  stopSimulator = () => sim.close();
  operator = await startOperator({
    kubeConfig: impersonating(`system:serviceaccount:${ns.name}:${fullname}`),
    azure: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
    watchNamespaces: [ns.name],
    workloadNodes: false,
    healthPort: 0,
    secureMetrics: true,
    logger: silentLogger,
  });
}, TOOL_BUILD_TIMEOUT_MS);

afterAll(async () => {
  await operator?.stop();
  await stopSimulator?.();
  await kc
    .makeApiClient(RbacAuthorizationV1Api)
    .deleteClusterRoleBinding({ name: readerBinding })
    .catch(() => undefined);
  await helm(['uninstall', release, '--namespace', ns.name, '--kubeconfig', managementKubeconfigPath()]);
  await ns?.delete();
});

/** GET over HTTPS. The certificate is self-signed at start, so like Prometheus we do not verify it. */
function get(path: string, token?: string): Promise<{ status: number; body: string; encrypted: boolean }> {
  const address = operator.healthAddress();
  if (!address) throw new Error('the operator serves no metrics');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address.host,
        port: address.port,
        path,
        rejectUnauthorized: false,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        // Read before the body ends: the response lets go of its socket once it is complete.
        const encrypted = res.socket instanceof TLSSocket;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, encrypted }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('/metrics behind TokenReview and SubjectAccessReview', () => {
  it('serves the metrics over TLS to a ServiceAccount bound to the metrics-reader ClusterRole', async () => {
    const res = await get('/metrics', tokens.reader);
    expect(res.status).toBe(200);
    expect(res.encrypted).toBe(true);
    expect(res.body).toContain('# TYPE controller_runtime_reconcile_total counter');
  });

  it('answers 403 to a ServiceAccount the API server authenticates but RBAC does not allow', async () => {
    const res = await get('/metrics', tokens.stranger);
    expect(res.status).toBe(403);
    expect(res.body).toContain(`system:serviceaccount:${ns.name}:stranger`);
  });

  it.each([
    ['no token', undefined],
    ['a token the API server did not issue', 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl'],
  ])('answers 401 to %s', async (_name, token) => {
    expect((await get('/metrics', token)).status).toBe(401);
  });

  it('keeps the kubelet probes open without a token', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect([200, 503]).toContain((await get('/readyz')).status);
  });
});
