// Real: helm (built from its Go module) installing the chart into the management cluster's API server,
// kubectl applying deploy/ with kustomize, and the server's RBAC authorizer answering SubjectAccessReviews.
// Not run: the operator pods (no container runtime; the pods are created and pass Pod Security admission).
// Proves the chart's objects are accepted, upgrade and uninstall work, and the ServiceAccount gets exactly
// the access the operator needs and nothing more.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import {
  ApiException,
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { CustomObjectsApi, CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { V1ResourceAttributes } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { binaryPath } from '../../controlplane/index.js';
import { createTlsMaterial, startSimulator } from '../../sim/index.js';
import { startOperator } from '../../src/operator.js';
import { silentLogger } from '../../src/runtime/index.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from '../../scripts/go-tools.js';
import {
  CHART_DIR,
  helm,
  renderChartText,
  parseManifests,
  withValuesFile,
} from '../../scripts/render-chart.js';
import { DEPLOY_DIR } from '../../scripts/generate-deploy.js';
import { applyCrds } from '../support/crds.js';
import { TEST_NAMESPACE_LABEL } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig, managementKubeconfigPath } from '../support/world.js';

const run = promisify(execFile);
const GROUP = 'aks.lifecycle.dev';
const LEASE = 'aks-lifecycle-operator';

let kc: KubeConfig;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  kc = managementKubeConfig();
  await ensureTool('helm');
}, TOOL_BUILD_TIMEOUT_MS);

afterAll(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (err: unknown) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'cleanup failed');
});

const suffix = (): string => randomBytes(3).toString('hex');

/** A namespace enforcing the restricted Pod Security Standard, deleted after the file's tests. */
async function restrictedNamespace(prefix: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = `${prefix}-${suffix()}`;
  await core.createNamespace({
    body: {
      metadata: {
        name,
        labels: { [TEST_NAMESPACE_LABEL]: 'true', 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
  });
  cleanups.push(async () => {
    await core.deleteNamespace({ name, propagationPolicy: 'Background' }).catch((err: unknown) => {
      if (!(err instanceof ApiException && err.code === 404)) throw err;
    });
  });
  return name;
}

interface Release {
  name: string;
  namespace: string;
}

/** `helm install` into the management cluster; uninstalled after the file's tests. */
async function install(namespace: string, values?: Record<string, unknown>): Promise<Release> {
  const release = { name: `rel-${suffix()}`, namespace };
  await withValuesFile(values, (valueArgs) =>
    helm([
      'install',
      release.name,
      CHART_DIR,
      '--namespace',
      namespace,
      '--kubeconfig',
      managementKubeconfigPath(),
      ...valueArgs,
    ]),
  );
  cleanups.push(async () => {
    await helm([
      'uninstall',
      release.name,
      '--namespace',
      namespace,
      '--kubeconfig',
      managementKubeconfigPath(),
      '--ignore-not-found',
    ]);
  });
  return release;
}

const fullname = (release: Release): string => `${release.name}-aks-lifecycle-operator`;

function serviceAccountUser(release: Release): { user: string; groups: string[] } {
  return {
    user: `system:serviceaccount:${release.namespace}:${fullname(release)}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${release.namespace}`, 'system:authenticated'],
  };
}

async function can(release: Release, attributes: V1ResourceAttributes): Promise<boolean> {
  const authz = kc.makeApiClient(AuthorizationV1Api);
  const review = await authz.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { ...serviceAccountUser(release), resourceAttributes: attributes },
    },
  });
  return review.status?.allowed === true;
}

type Access = [description: string, attributes: V1ResourceAttributes, allowed: boolean];

/** Access the operator needs (allowed) and access it must not have (denied), for a release in `ns`. */
function clusterWideAccess(ns: string): Access[] {
  const other = 'team-elsewhere';
  const kinds = ['managedclusters', 'nodepools', 'nodepoolsnapshots', 'upgradeplans'];
  return [
    ...kinds.flatMap((resource): Access[] => [
      [`list ${resource} in every namespace`, { group: GROUP, resource, verb: 'list' }, true],
      [`watch ${resource} in every namespace`, { group: GROUP, resource, verb: 'watch' }, true],
      [`patch ${resource}`, { group: GROUP, resource, verb: 'patch', namespace: other }, true],
      [
        `update ${resource}/status`,
        { group: GROUP, resource, subresource: 'status', verb: 'update', namespace: other },
        true,
      ],
      [
        `update ${resource}/finalizers`,
        { group: GROUP, resource, subresource: 'finalizers', verb: 'update', namespace: other },
        true,
      ],
      [`create ${resource}`, { group: GROUP, resource, verb: 'create', namespace: other }, false],
      [`delete ${resource}`, { group: GROUP, resource, verb: 'delete', namespace: other }, false],
    ]),
    ['create core events', { group: '', resource: 'events', verb: 'create', namespace: other }, true],
    [
      'patch events.k8s.io events',
      { group: 'events.k8s.io', resource: 'events', verb: 'patch', namespace: other },
      true,
    ],
    ['delete events', { group: '', resource: 'events', verb: 'delete', namespace: other }, false],
    [
      'get a Secret, none being named',
      { group: '', resource: 'secrets', verb: 'get', namespace: other, name: 'azure-creds' },
      false,
    ],
    [
      'get a Secret in kube-system',
      { group: '', resource: 'secrets', verb: 'get', namespace: 'kube-system' },
      false,
    ],
    ['list Secrets', { group: '', resource: 'secrets', verb: 'list', namespace: other }, false],
    ['watch Secrets', { group: '', resource: 'secrets', verb: 'watch', namespace: other }, false],
    ['delete Secrets', { group: '', resource: 'secrets', verb: 'delete', namespace: other }, false],
    ['create Secrets', { group: '', resource: 'secrets', verb: 'create', namespace: other }, false],
    ['update Secrets', { group: '', resource: 'secrets', verb: 'update', namespace: other }, false],
    [
      'create a Lease in the release namespace',
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'create', namespace: ns },
      true,
    ],
    [
      'renew its own Lease',
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'update', namespace: ns, name: LEASE },
      true,
    ],
    [
      'read its own Lease',
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'get', namespace: ns, name: LEASE },
      true,
    ],
    [
      'take over another Lease in the release namespace',
      {
        group: 'coordination.k8s.io',
        resource: 'leases',
        verb: 'update',
        namespace: ns,
        name: 'kube-scheduler',
      },
      false,
    ],
    [
      'create Leases in another namespace',
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'create', namespace: 'kube-system' },
      false,
    ],
    [
      'delete its Lease',
      { group: 'coordination.k8s.io', resource: 'leases', verb: 'delete', namespace: ns, name: LEASE },
      false,
    ],
    ['list pods cluster-wide', { group: '', resource: 'pods', verb: 'list' }, false],
    [
      'evict pods',
      { group: '', resource: 'pods', subresource: 'eviction', verb: 'create', namespace: other },
      false,
    ],
    ['read ConfigMaps', { group: '', resource: 'configmaps', verb: 'get', namespace: ns }, false],
    ['list nodes', { group: '', resource: 'nodes', verb: 'list' }, false],
    [
      'update CRDs',
      { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verb: 'update' },
      false,
    ],
    [
      'bind cluster roles',
      { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verb: 'create' },
      false,
    ],
    ['impersonate users', { group: '', resource: 'users', verb: 'impersonate' }, false],
    [
      'review a scraper token (TokenReview)',
      { group: 'authentication.k8s.io', resource: 'tokenreviews', verb: 'create' },
      true,
    ],
    [
      'ask whether a scraper may read /metrics (SubjectAccessReview)',
      { group: 'authorization.k8s.io', resource: 'subjectaccessreviews', verb: 'create' },
      true,
    ],
    [
      'create ServiceAccount tokens',
      { group: '', resource: 'serviceaccounts', subresource: 'token', verb: 'create', namespace: ns },
      false,
    ],
  ];
}

async function expectAccess(release: Release, table: Access[]): Promise<void> {
  const observed: Record<string, boolean> = {};
  const expected: Record<string, boolean> = {};
  for (const [description, attributes, allowed] of table) {
    observed[description] = await can(release, attributes);
    expected[description] = allowed;
  }
  expect(observed).toEqual(expected);
}

describe('helm install with default values', () => {
  let release: Release;
  beforeAll(async () => {
    release = await install(await restrictedNamespace('chart'));
  });

  it('is deployed, with every rendered object present on the server', async () => {
    const status = JSON.parse(
      await helm([
        'status',
        release.name,
        '--namespace',
        release.namespace,
        '--kubeconfig',
        managementKubeconfigPath(),
        '--output',
        'json',
      ]),
    ) as { info: { status: string } };
    expect(status.info.status).toBe('deployed');
    const objects = kc.makeApiClient(KubernetesObjectApi);
    const rendered = parseManifests(
      await renderChartText({ releaseName: release.name, namespace: release.namespace }),
    );
    const missing: string[] = [];
    for (const m of rendered) {
      try {
        await objects.read({
          apiVersion: m.apiVersion,
          kind: m.kind,
          metadata: { name: m.metadata.name, namespace: m.metadata.namespace },
        });
      } catch {
        missing.push(`${m.kind}/${m.metadata.name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(rendered.map((m) => m.kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'ClusterRole',
        'Role',
        'Service',
        'PodDisruptionBudget',
        'ServiceAccount',
      ]),
    );
  });

  it('creates the operator pods under the restricted Pod Security Standard', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await waitFor(
      () =>
        core.listNamespacedPod({
          namespace: release.namespace,
          labelSelector: `app.kubernetes.io/instance=${release.name}`,
        }),
      {
        timeoutMs: 60_000,
        message: 'the ReplicaSet to create 2 operator pods',
        until: (list) => list.items.length === 2,
      },
    );
    for (const pod of pods.items) {
      expect(pod.spec?.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.metadata?.labels?.['azure.workload.identity/use']).toBe('true');
    }
    const apps = kc.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({
      name: fullname(release),
      namespace: release.namespace,
    });
    const failure = deployment.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(failure?.status ?? 'False').toBe('False');
    // The namespace really enforces the standard: a pod that may run as root is refused.
    await expect(
      core.createNamespacedPod({
        namespace: release.namespace,
        body: { metadata: { name: 'root-pod' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('has a PodDisruptionBudget the disruption controller evaluates against the operator pods', async () => {
    const policy = kc.makeApiClient(PolicyV1Api);
    const pdb = await waitFor(
      () =>
        policy.readNamespacedPodDisruptionBudget({ name: fullname(release), namespace: release.namespace }),
      {
        timeoutMs: 60_000,
        message: 'the PDB to count the operator pods',
        until: (p) => p.status?.expectedPods === 2,
      },
    );
    expect(pdb.spec?.maxUnavailable).toBe(1);
  });

  it('gives the ServiceAccount exactly the access the operator needs', async () => {
    await expectAccess(release, clusterWideAccess(release.namespace));
  });

  // The plane has no CNI: this shows the API server accepts the policy as rendered, not that it is enforced.
  it('has the ingress NetworkPolicy the API server accepted, admitting only the metrics port', async () => {
    const stored = await kc
      .makeApiClient(NetworkingV1Api)
      .readNamespacedNetworkPolicy({ name: fullname(release), namespace: release.namespace });
    expect(stored.spec?.policyTypes).toEqual(['Ingress']);
    const rules = (stored.spec?.ingress ?? []).map((rule) => ({
      ports: rule.ports?.map((p) => ({ port: p.port, protocol: p.protocol })),
      from: rule._from?.map((peer) => ({ namespaceSelector: { ...peer.namespaceSelector } })),
    }));
    expect(rules).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }], from: [{ namespaceSelector: {} }] }]);
  });

  it('upgrades in place and uninstalls its cluster-scoped objects', async () => {
    const ns = await restrictedNamespace('chart-upgrade');
    const other = await install(ns);
    await helm([
      'upgrade',
      other.name,
      CHART_DIR,
      '--namespace',
      ns,
      '--kubeconfig',
      managementKubeconfigPath(),
      '--reuse-values',
      '--set',
      'replicaCount=3',
    ]);
    const apps = kc.makeApiClient(AppsV1Api);
    expect(
      (await apps.readNamespacedDeployment({ name: fullname(other), namespace: ns })).spec?.replicas,
    ).toBe(3);
    await helm(['uninstall', other.name, '--namespace', ns, '--kubeconfig', managementKubeconfigPath()]);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await expect(rbac.readClusterRole({ name: fullname(other) })).rejects.toMatchObject({ code: 404 });
    expect(await can(other, { group: GROUP, resource: 'managedclusters', verb: 'list' })).toBe(false);
  });
});

describe('helm install watching some namespaces', () => {
  it('grants the kinds and Secrets only in the watched namespaces', async () => {
    const watched = await restrictedNamespace('team-a');
    const unwatched = await restrictedNamespace('team-b');
    const release = await install(await restrictedNamespace('chart-ns'), {
      operator: { watchNamespaces: [watched] },
    });
    await expectAccess(release, [
      [
        'update managedclusters/status in the watched namespace',
        {
          group: GROUP,
          resource: 'managedclusters',
          subresource: 'status',
          verb: 'update',
          namespace: watched,
        },
        true,
      ],
      [
        'list nodepools in the watched namespace',
        { group: GROUP, resource: 'nodepools', verb: 'list', namespace: watched },
        true,
      ],
      [
        'get Secrets in the watched namespace',
        { group: '', resource: 'secrets', verb: 'get', namespace: watched },
        true,
      ],
      [
        'list managedclusters cluster-wide',
        { group: GROUP, resource: 'managedclusters', verb: 'list' },
        false,
      ],
      [
        'update managedclusters/status elsewhere',
        {
          group: GROUP,
          resource: 'managedclusters',
          subresource: 'status',
          verb: 'update',
          namespace: unwatched,
        },
        false,
      ],
      ['get Secrets elsewhere', { group: '', resource: 'secrets', verb: 'get', namespace: unwatched }, false],
      [
        'create events elsewhere',
        { group: '', resource: 'events', verb: 'create', namespace: unwatched },
        false,
      ],
    ]);
  });

  it('confines Secret reads to rbac.secretNamespaces', async () => {
    const creds = await restrictedNamespace('creds');
    const release = await install(await restrictedNamespace('chart-sec'), {
      rbac: { secretNamespaces: [creds], clusterWideSecrets: true },
    });
    await expectAccess(release, [
      [
        'get Secrets in the credentials namespace',
        { group: '', resource: 'secrets', verb: 'get', namespace: creds },
        true,
      ],
      [
        'get Secrets in any other namespace',
        { group: '', resource: 'secrets', verb: 'get', namespace: 'default' },
        false,
      ],
      ['list Secrets cluster-wide', { group: '', resource: 'secrets', verb: 'list' }, false],
      [
        'get Secrets cluster-wide, though clusterWideSecrets is set',
        { group: '', resource: 'secrets', verb: 'get', namespace: 'kube-system' },
        false,
      ],
      [
        'still update upgradeplans/status anywhere',
        {
          group: GROUP,
          resource: 'upgradeplans',
          subresource: 'status',
          verb: 'update',
          namespace: 'default',
        },
        true,
      ],
    ]);
  });
});

describe('the chart CRDs and deploy/ (kustomize)', () => {
  it('the API server accepts the chart CRDs (kubectl server-side apply, dry run)', async () => {
    const rendered = await renderChartText({ includeCrds: true });
    const crds = parseManifests(rendered).filter((m) => m.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => c.metadata.name).sort()).toEqual(
      ['managedclusters', 'nodepools', 'nodepoolsnapshots', 'upgradeplans'].map((p) => `${p}.${GROUP}`),
    );
    const dir = await mkdtemp(join(tmpdir(), 'aks-lo-crds-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'crds.yaml');
    await writeFile(path, crds.map((c) => stringify(c)).join('---\n'));
    const { stdout } = await run(binaryPath('kubectl'), [
      '--kubeconfig',
      managementKubeconfigPath(),
      'apply',
      '--server-side',
      '--force-conflicts',
      '--dry-run=server',
      '--field-manager',
      'chart-install-test',
      '-f',
      path,
    ]);
    expect(stdout.trim().split('\n')).toHaveLength(4);
  });

  it('kubectl apply -k installs deploy/ into another namespace, with RBAC following it', async () => {
    const ns = await restrictedNamespace('kustomize');
    const overlay = await mkdtemp(join(tmpdir(), 'aks-lo-overlay-'));
    cleanups.push(() => rm(overlay, { recursive: true, force: true }));
    // The operator files only: CRDs are shared by every test of the run and stay installed.
    await writeFile(
      join(overlay, 'kustomization.yaml'),
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: ns,
        resources: [relative(overlay, DEPLOY_DIR)],
      }),
    );
    const kubectl = binaryPath('kubectl');
    const { stdout: built } = await run(kubectl, ['kustomize', overlay], { maxBuffer: 32 << 20 });
    const objects = parseManifests(built);
    const clusterScoped = objects.filter((o) => ['ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
    const apply = objects.filter((o) => o.kind !== 'CustomResourceDefinition' && o.kind !== 'Namespace');
    cleanups.push(async () => {
      const api = kc.makeApiClient(KubernetesObjectApi);
      for (const o of clusterScoped) await api.delete(o).catch(() => undefined);
    });
    const manifestPath = join(overlay, 'operator.yaml');
    await writeFile(manifestPath, apply.map((o) => stringify(o)).join('---\n'));
    await run(kubectl, [
      '--kubeconfig',
      managementKubeconfigPath(),
      'apply',
      '--server-side',
      '--field-manager',
      'chart-install-test',
      '-f',
      manifestPath,
    ]);
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.name).toBe(ns);
    for (const binding of objects.filter((o) => o.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'aks-lifecycle-operator', namespace: ns },
      ]);
    }
    expect(
      await canAs(ns, {
        group: GROUP,
        resource: 'managedclusters',
        subresource: 'status',
        verb: 'update',
        namespace: 'default',
      }),
    ).toBe(true);
    expect(
      await canAs(ns, {
        group: 'coordination.k8s.io',
        resource: 'leases',
        verb: 'update',
        namespace: ns,
        name: LEASE,
      }),
    ).toBe(true);
    expect(await canAs(ns, { group: '', resource: 'secrets', verb: 'delete', namespace: 'default' })).toBe(
      false,
    );
  });
});

/** SubjectAccessReview for the deploy/ ServiceAccount (named aks-lifecycle-operator) in `ns`. */
async function canAs(ns: string, attributes: V1ResourceAttributes): Promise<boolean> {
  const authz = kc.makeApiClient(AuthorizationV1Api);
  const review = await authz.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: `system:serviceaccount:${ns}:aks-lifecycle-operator`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        resourceAttributes: attributes,
      },
    },
  });
  return review.status?.allowed === true;
}

/** The management cluster's admin kubeconfig, acting as `user` through impersonation. */
function impersonating(user: string): KubeConfig {
  const admin = managementKubeConfig();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: admin.clusters,
    contexts: admin.contexts,
    currentContext: admin.currentContext,
    users: admin.users.map((u) => ({ ...u, impersonateUser: user })),
  });
  return kubeConfig;
}

describe('the operator acting with the chart RBAC only', () => {
  const SUBSCRIPTION = '00000000-0000-0000-0000-00000000c4a7';
  const coordinates = (namespace: string) => ({
    group: GROUP,
    version: 'v1alpha1',
    namespace,
    plural: 'managedclusters',
  });

  it('reconciles a ManagedCluster to Ready and deletes it, holding its Lease in the release namespace', async () => {
    const release = await install(await restrictedNamespace('chart-op'));
    const fleet = await restrictedNamespace('fleet');
    await applyCrds(kc);
    const custom = kc.makeApiClient(CustomObjectsApi);
    // On failure, let the namespace go even though nobody removes the operator's finalizer any more.
    cleanups.push(async () => {
      const list = (await custom.listNamespacedCustomObject(coordinates(fleet))) as {
        items: { metadata: { name: string } }[];
      };
      for (const item of list.items) {
        await custom
          .patchNamespacedCustomObject({
            ...coordinates(fleet),
            name: item.metadata.name,
            body: [{ op: 'remove', path: '/metadata/finalizers' }],
          })
          .catch(() => undefined);
      }
    });
    const sim = await startSimulator({ timeScale: 0.0002, tls: createTlsMaterial() });
    cleanups.push(() => sim.close());
    const operator = await startOperator({
      kubeConfig: impersonating(serviceAccountUser(release).user),
      azure: { mode: 'simulator', endpoint: sim.endpoint, caPem: sim.caPem },
      access: { defaultSubscriptionId: SUBSCRIPTION, operatorIdentityNamespaces: [fleet] },
      leaderElection: { namespace: release.namespace, name: LEASE, identity: 'chart-install-test' },
      workloadNodes: false,
      pollIntervalMs: 100,
      logger: silentLogger,
    });
    cleanups.push(() => operator.stop());
    // The operator's client really is the ServiceAccount: what the chart does not grant is refused.
    await expect(
      impersonating(serviceAccountUser(release).user).makeApiClient(CoreV1Api).listPodForAllNamespaces(),
    ).rejects.toMatchObject({ code: 403 });

    await custom.createNamespacedCustomObject({
      ...coordinates(fleet),
      body: {
        apiVersion: `${GROUP}/v1alpha1`,
        kind: 'ManagedCluster',
        metadata: { name: 'c1' },
        spec: {
          resourceGroup: 'rg-chart',
          location: 'westeurope',
          kubernetesVersion: '1.32',
          systemPool: { vmSize: 'Standard_D4s_v5' },
        },
      },
    });
    type Mc = {
      metadata: { finalizers?: string[] };
      status?: { conditions?: { type: string; status: string }[] };
    };
    const ready = await waitFor(
      () => custom.getNamespacedCustomObject({ ...coordinates(fleet), name: 'c1' }) as Promise<Mc>,
      {
        timeoutMs: 60_000,
        message: 'ManagedCluster c1 to become Ready',
        until: (mc) => mc.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      },
    );
    expect(ready.metadata.finalizers?.length).toBeGreaterThan(0);

    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: release.namespace });
    expect(lease.spec?.holderIdentity).toMatch(/^chart-install-test_/);
    const events = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: fleet });
    expect(events.items.some((e) => e.involvedObject.name === 'c1')).toBe(true);

    await custom.deleteNamespacedCustomObject({ ...coordinates(fleet), name: 'c1' });
    await waitFor(
      async () => {
        try {
          await custom.getNamespacedCustomObject({ ...coordinates(fleet), name: 'c1' });
          return false;
        } catch (err: unknown) {
          return err instanceof ApiException && err.code === 404;
        }
      },
      { timeoutMs: 60_000, message: 'ManagedCluster c1 to be deleted and its finalizer removed' },
    );
  });
});
