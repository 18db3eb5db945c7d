// The Helm chart, rendered by the real helm: copies of the CRDs and health checks match their sources,
// every value is documented and typed, and the rendered objects grant least privilege and run restricted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { renderCrds } from './generate-crds.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from './go-tools.js';
import { CHART_DIR, chartCopies, helm, KINDS, renderChart } from './render-chart.js';
import type { Manifest } from './render-chart.js';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}
interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { name: string; containerPort: number }[];
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { serviceAccountName: string; securityContext: Record<string, unknown>; containers: Container[] };
}

const of = (objects: Manifest[], kind: string): Manifest[] => objects.filter((o) => o.kind === kind);
function one(objects: Manifest[], kind: string): Manifest {
  const found = of(objects, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Manifest;
}
const podTemplate = (objects: Manifest[]): PodTemplate =>
  (one(objects, 'Deployment').spec as { template: PodTemplate }).template;
const container = (objects: Manifest[]): Container => podTemplate(objects).spec.containers[0] as Container;
const envOf = (objects: Manifest[]): Record<string, string | undefined> =>
  Object.fromEntries((container(objects).env ?? []).map((e) => [e.name, e.value]));
const rulesOf = (role: Manifest): PolicyRule[] => (role.rules as PolicyRule[] | undefined) ?? [];

/** One line per (group, resource, verb[, name]) a set of rules grants, for exact comparison. */
function grants(rules: PolicyRule[]): string[] {
  const lines = new Set<string>();
  for (const r of rules) {
    for (const group of r.apiGroups ?? [''])
      for (const resource of r.resources ?? [])
        for (const verb of r.verbs)
          for (const name of r.resourceNames ?? ['*'])
            lines.add(`${group || 'core'}/${resource}:${verb}:${name}`);
  }
  return [...lines].sort();
}

const KIND_RESOURCES = ['managedclusters', 'nodepools', 'nodepoolsnapshots', 'upgradeplans'];
const expectedKindGrants = grants([
  {
    apiGroups: ['aks.lifecycle.dev'],
    resources: KIND_RESOURCES,
    verbs: ['get', 'list', 'watch', 'update', 'patch'],
  },
  {
    apiGroups: ['aks.lifecycle.dev'],
    resources: KIND_RESOURCES.map((r) => `${r}/status`),
    verbs: ['get', 'update', 'patch'],
  },
  {
    apiGroups: ['aks.lifecycle.dev'],
    resources: KIND_RESOURCES.map((r) => `${r}/finalizers`),
    verbs: ['update'],
  },
  { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
]);
// Credential Secrets are read one by one by name: get, never list or watch.
const expectedSecretGrants = grants([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
// /metrics asks the API server who a scraper is and whether it may read /metrics; nothing more.
const expectedReviewGrants = [
  'authentication.k8s.io/tokenreviews:create:*',
  'authorization.k8s.io/subjectaccessreviews:create:*',
];
/** The ClusterRoles bound to the operator's ServiceAccount (the metrics reader is for Prometheus). */
const operatorClusterRoles = (objects: Manifest[]): Manifest[] =>
  of(objects, 'ClusterRole').filter((r) => !r.metadata.name.endsWith('-metrics-reader'));

beforeAll(async () => {
  await ensureTool('helm');
}, TOOL_BUILD_TIMEOUT_MS);

describe('chart sources', () => {
  it('ships exactly the generated CRDs (run npx tsx scripts/generate-deploy.ts after generate-crds)', () => {
    const inChart = readdirSync(join(CHART_DIR, 'crds')).sort();
    const generated = renderCrds();
    expect(inChart).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) {
      expect({ name, text: readFileSync(join(CHART_DIR, 'crds', name), 'utf8') }).toEqual({ name, text });
    }
  });

  it('carries the Argo CD health checks of health/argocd unchanged', () => {
    for (const [path, text] of chartCopies()) {
      expect({ path, text: readFileSync(join(CHART_DIR, path), 'utf8') }).toEqual({ path, text });
    }
  });

  it('versions the app as package.json does', () => {
    const chart = readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(CHART_DIR, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(/^appVersion: "(.+)"$/m.exec(chart)?.[1]).toBe(pkg.version);
  });

  it('passes helm lint --strict', async () => {
    await expect(helm(['lint', '--strict', CHART_DIR])).resolves.toContain('0 chart(s) failed');
  });
});

describe('values.yaml and values.schema.json', () => {
  const doc = parseDocument(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as SchemaNode;
  interface SchemaNode {
    type?: string;
    description?: string;
    properties?: Record<string, SchemaNode>;
    additionalProperties?: boolean | SchemaNode;
  }

  /** [path, has a comment] for every key, recursing into maps (the first key's comment sits on the map). */
  function keys(map: YAMLMap, prefix: string, inheritedComment: boolean): [string, boolean][] {
    const out: [string, boolean][] = [];
    map.items.forEach((pair: Pair, index: number) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      const path = prefix ? `${prefix}.${key}` : key;
      const keyComment = isScalar(pair.key) ? pair.key.commentBefore : undefined;
      const commented = Boolean(keyComment) || (index === 0 && inheritedComment);
      out.push([path, commented]);
      if (isMap(pair.value)) out.push(...keys(pair.value, path, Boolean(pair.value.commentBefore)));
    });
    return out;
  }
  const valueKeys = isMap(doc.contents) ? keys(doc.contents, '', Boolean(doc.commentBefore)) : [];

  it('parses, and lists values', () => {
    expect(doc.errors).toEqual([]);
    expect(valueKeys.length).toBeGreaterThan(40);
  });

  it('has a comment on every value', () => {
    expect(valueKeys.filter(([, commented]) => !commented).map(([path]) => path)).toEqual([]);
  });

  function schemaAt(path: string): SchemaNode | undefined {
    let node: SchemaNode | undefined = schema;
    for (const part of path.split('.')) node = node?.properties?.[part];
    return node;
  }

  it('declares every value in the schema, with a description', () => {
    const undeclared = valueKeys.map(([p]) => p).filter((p) => !schemaAt(p)?.description);
    expect(undeclared).toEqual([]);
  });

  it('has no schema property without a value in values.yaml (global aside)', () => {
    const paths = new Set(valueKeys.map(([p]) => p));
    const missing: string[] = [];
    const walk = (node: SchemaNode, prefix: string): void => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const path = prefix ? `${prefix}.${key}` : key;
        if (path === 'global') continue;
        // requests/limits list every quantity the schema allows; only some are set by default.
        if (/^resources\.(requests|limits)\./.test(path)) continue;
        if (!paths.has(path)) missing.push(path);
        walk(child, path);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });

  it('list values are lists in values.yaml', () => {
    const seqs = isMap(doc.contents)
      ? ['imagePullSecrets', 'tolerations', 'topologySpreadConstraints'].map((k) => isSeq(doc.get(k)))
      : [];
    expect(seqs).toEqual([true, true, true]);
  });

  it.each([
    ['an unknown top-level value', { replicas: 3 }, 'replicas'],
    ['a misspelt nested value', { operator: { leaderElection: { enable: false } } }, 'enable'],
    ['a replica count that is not a number', { replicaCount: 'two' }, 'replicaCount'],
    ['zero replicas', { replicaCount: 0 }, 'replicaCount'],
    ['an unknown log level', { operator: { logLevel: 'verbose' } }, 'logLevel'],
    ['a client ID that is not a GUID', { workloadIdentity: { clientId: 'my-identity' } }, 'clientId'],
    [
      'a watched namespace that is not a DNS label',
      { operator: { watchNamespaces: ['Team_A'] } },
      'watchNamespaces',
    ],
    ['a privileged metrics port', { operator: { metricsPort: 80 } }, 'metricsPort'],
  ])('helm refuses %s', async (_name, values, field) => {
    await expect(renderChart({ values })).rejects.toThrow(field);
  });

  it('refuses several replicas without leader election', async () => {
    await expect(
      renderChart({ values: { operator: { leaderElection: { enabled: false } } } }),
    ).rejects.toThrow('leaderElection');
  });

  it('refuses sharding without leader election', async () => {
    await expect(
      renderChart({
        values: {
          replicaCount: 1,
          sharding: { enabled: true },
          operator: { leaderElection: { enabled: false } },
        },
      }),
    ).rejects.toThrow('sharding.enabled needs operator.leaderElection.enabled');
  });

  it('with sharding, tells the operator the shard count and lets it list, update and delete Leases in its namespace', async () => {
    const objects = await renderChart({
      namespace: 'aks-system',
      values: { sharding: { enabled: true, shards: 8 } },
    });
    expect(envOf(objects)).toMatchObject({ SHARDING: 'true', SHARDS: '8', LEADER_ELECT: 'true' });
    const role = one(objects, 'Role');
    expect(role.metadata.namespace).toBe('aks-system');
    expect(grants(rulesOf(role))).toEqual(
      expect.arrayContaining([
        'coordination.k8s.io/leases:list:*',
        'coordination.k8s.io/leases:update:*',
        'coordination.k8s.io/leases:delete:*',
      ]),
    );
  });

  it('accepts one replica without leader election', async () => {
    const objects = await renderChart({
      values: { replicaCount: 1, operator: { leaderElection: { enabled: false } } },
    });
    expect(envOf(objects).LEADER_ELECT).toBe('false');
    expect(of(objects, 'Role')).toEqual([]);
  });
});

describe('default render', () => {
  let objects: Manifest[];
  beforeAll(async () => {
    objects = await renderChart({ releaseName: 'ops', namespace: 'aks-system' });
  });

  it('renders the operator objects and nothing optional', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRole',
        'ClusterRole',
        'ClusterRoleBinding',
        'ClusterRoleBinding',
        'Deployment',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    for (const o of objects.filter((m) => !m.kind.startsWith('Cluster')))
      expect(o.metadata.namespace).toBe('aks-system');
  });

  it('runs two replicas with leader election on a Lease in the release namespace', () => {
    expect((one(objects, 'Deployment').spec as { replicas: number }).replicas).toBe(2);
    const env = envOf(objects);
    expect(env.LEADER_ELECT).toBe('true');
    expect(env.LEADER_ELECTION_ID).toBe('aks-lifecycle-operator');
    const podNamespace = container(objects).env?.find((e) => e.name === 'POD_NAMESPACE');
    expect(podNamespace?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
  });

  it('sets only environment variables the operator reads (src/main.ts) or Node.js itself', () => {
    const main = readFileSync(join(CHART_DIR, '..', '..', 'src', 'main.ts'), 'utf8');
    const read = new Set([...main.matchAll(/env: '([A-Z_]+)'|env\.([A-Z_]+)/g)].map((m) => m[1] ?? m[2]));
    const set = Object.keys(envOf(objects)).filter((name) => name !== 'NODE_OPTIONS');
    expect(set.filter((name) => !read.has(name))).toEqual([]);
    expect(set).toEqual(
      expect.arrayContaining(['POD_NAME', 'POD_NAMESPACE', 'LEADER_ELECT', 'METRICS_PORT']),
    );
  });

  it('runs as non-root with a read-only root filesystem, no capabilities and RuntimeDefault seccomp', () => {
    expect(podTemplate(objects).spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('probes /healthz and /readyz on the port the operator serves', () => {
    const c = container(objects);
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http', scheme: 'HTTPS' });
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http', scheme: 'HTTPS' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(envOf(objects)).toMatchObject({
      METRICS_PORT: '8080',
      METRICS_BIND_ADDRESS: '0.0.0.0',
      METRICS_SECURE: 'true',
    });
    expect(c.resources?.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(c.resources?.limits).toEqual({ memory: '512Mi' });
  });

  it('labels pods for workload identity and names the ServiceAccount', () => {
    const pod = podTemplate(objects);
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(pod.spec.serviceAccountName).toBe(one(objects, 'ServiceAccount').metadata.name);
  });

  it('grants exactly the operator kinds, status, finalizers, events and Namespace reads cluster-wide, and no Secret read', () => {
    const clusterRoles = operatorClusterRoles(objects);
    expect(grants(clusterRoles.flatMap(rulesOf))).toEqual(
      [...expectedKindGrants, ...expectedReviewGrants, 'core/namespaces:get:*'].sort(),
    );
    expect(JSON.stringify(clusterRoles)).not.toContain('"*"');
    expect(
      objects
        .filter((o) => /Role$/.test(o.kind))
        .flatMap(rulesOf)
        .flatMap((r) => r.resources ?? []),
    ).not.toContain('secrets');
  });

  it('grants the Lease only in the release namespace, and get/update only on its own name', () => {
    const role = one(objects, 'Role');
    expect(role.metadata.namespace).toBe('aks-system');
    expect(grants(rulesOf(role))).toEqual([
      'coordination.k8s.io/leases:create:*',
      'coordination.k8s.io/leases:get:aks-lifecycle-operator',
      'coordination.k8s.io/leases:update:aks-lifecycle-operator',
    ]);
  });

  it('binds every role to the ServiceAccount and nothing else', () => {
    const sa = one(objects, 'ServiceAccount').metadata;
    const bindings = [...of(objects, 'ClusterRoleBinding'), ...of(objects, 'RoleBinding')];
    expect(bindings).toHaveLength(3);
    for (const b of bindings) {
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.name, namespace: 'aks-system' }]);
      const ref = b.roleRef as { kind: string; name: string };
      const roles = of(objects, ref.kind).map((r) => r.metadata.name);
      expect(roles).toContain(ref.name);
    }
  });

  it('selects the operator pods from the Service and the PodDisruptionBudget', () => {
    const labels = podTemplate(objects).metadata.labels;
    const service = one(objects, 'Service').spec as {
      selector: Record<string, string>;
      ports: { targetPort: string }[];
    };
    const pdb = one(objects, 'PodDisruptionBudget').spec as {
      maxUnavailable: number;
      selector: { matchLabels: Record<string, string> };
    };
    expect(labels).toMatchObject(service.selector);
    expect(labels).toMatchObject(pdb.selector.matchLabels);
    expect(service.ports[0]?.targetPort).toBe('http');
    expect(pdb.maxUnavailable).toBe(1);
  });

  it('grants Prometheus a metrics-reader ClusterRole for get on /metrics only, bound to nobody', () => {
    const reader = of(objects, 'ClusterRole').find(
      (r) => r.metadata.name === 'ops-aks-lifecycle-operator-metrics-reader',
    );
    expect(reader?.rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    const refs = of(objects, 'ClusterRoleBinding').map((b) => (b.roleRef as { name: string }).name);
    expect(refs).not.toContain(reader?.metadata.name);
  });

  it('lets in only the metrics port, from pods of any namespace, and leaves egress open', () => {
    const policy = one(objects, 'NetworkPolicy');
    const spec = policy.spec as {
      podSelector: { matchLabels: Record<string, string> };
      policyTypes: string[];
      ingress: { ports: { port: number; protocol: string }[]; from?: unknown[] }[];
    };
    expect(podTemplate(objects).metadata.labels).toMatchObject(spec.podSelector.matchLabels);
    expect(spec.policyTypes).toEqual(['Ingress']);
    expect(spec.ingress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }], from: [{ namespaceSelector: {} }] },
    ]);
  });

  it('uses the chart appVersion as the image tag', () => {
    const chart = readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8');
    const appVersion = /^appVersion: "(.+)"$/m.exec(chart)?.[1];
    expect(container(objects).image).toBe(`aks-lifecycle-operator:${appVersion ?? '?'}`);
  });
});

describe('values change the render', () => {
  it('watching namespaces turns the ClusterRole into a Role per namespace, Secrets included, and gets only those Namespaces', async () => {
    const objects = await renderChart({
      namespace: 'ops',
      values: { operator: { watchNamespaces: ['team-a', 'team-b'] } },
    });
    // Cluster-wide, only getting the watched Namespaces and asking for reviews of scrapers.
    expect(grants(operatorClusterRoles(objects).flatMap(rulesOf))).toEqual(
      [...expectedReviewGrants, 'core/namespaces:get:team-a', 'core/namespaces:get:team-b'].sort(),
    );
    expect(of(objects, 'ClusterRoleBinding')).toHaveLength(2);
    for (const ns of ['team-a', 'team-b']) {
      const roles = of(objects, 'Role').filter((r) => r.metadata.namespace === ns);
      expect(grants(roles.flatMap(rulesOf))).toEqual([...expectedKindGrants, ...expectedSecretGrants].sort());
      expect(of(objects, 'RoleBinding').filter((r) => r.metadata.namespace === ns)).toHaveLength(2);
    }
    expect(envOf(objects).WATCH_NAMESPACES).toBe('team-a,team-b');
  });

  it('secretNamespaces confines Secret reads to those namespaces', async () => {
    const objects = await renderChart({ values: { rbac: { secretNamespaces: ['azure-creds'] } } });
    expect(grants(operatorClusterRoles(objects).flatMap(rulesOf))).toEqual(
      [...expectedKindGrants, ...expectedReviewGrants, 'core/namespaces:get:*'].sort(),
    );
    const secretRoles = of(objects, 'Role').filter((r) =>
      grants(rulesOf(r)).some((g) => g.startsWith('core/secrets')),
    );
    expect(secretRoles.map((r) => r.metadata.namespace)).toEqual(['azure-creds']);
  });

  it('the tenant identity namespaces may hold credential Secrets: a Secret Role in each, nothing cluster-wide', async () => {
    const objects = await renderChart({ values: { tenantIdentity: { namespaces: ['team-a', 'team-b'] } } });
    expect(grants(operatorClusterRoles(objects).flatMap(rulesOf))).toEqual(
      [...expectedKindGrants, ...expectedReviewGrants, 'core/namespaces:get:*'].sort(),
    );
    const secretRoles = of(objects, 'Role').filter((r) =>
      grants(rulesOf(r)).some((g) => g.startsWith('core/secrets')),
    );
    expect(secretRoles.map((r) => r.metadata.namespace).sort()).toEqual(['team-a', 'team-b']);
    for (const role of secretRoles) expect(grants(rulesOf(role))).toEqual(expectedSecretGrants);
  });

  it('clusterWideSecrets grants Secret reads cluster-wide only when no namespace is named', async () => {
    const wide = await renderChart({ values: { rbac: { clusterWideSecrets: true } } });
    expect(grants(operatorClusterRoles(wide).flatMap(rulesOf))).toEqual(
      [
        ...expectedKindGrants,
        ...expectedSecretGrants,
        ...expectedReviewGrants,
        'core/namespaces:get:*',
      ].sort(),
    );
    const named = await renderChart({
      values: { rbac: { clusterWideSecrets: true, secretNamespaces: ['azure-creds'] } },
    });
    expect(grants(operatorClusterRoles(named).flatMap(rulesOf))).not.toContain(expectedSecretGrants[0]);
  });

  it('rbac.create false renders no role or binding', async () => {
    const objects = await renderChart({ values: { rbac: { create: false } } });
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
  });

  it('annotates the ServiceAccount with the workload identity client and tenant', async () => {
    const clientId = '11111111-2222-3333-4444-555555555555';
    const tenantId = '66666666-7777-8888-9999-000000000000';
    const objects = await renderChart({ values: { workloadIdentity: { clientId, tenantId } } });
    expect(one(objects, 'ServiceAccount').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': clientId,
      'azure.workload.identity/tenant-id': tenantId,
    });
  });

  it('without workload identity, neither the label nor the annotations appear', async () => {
    const objects = await renderChart({
      values: { workloadIdentity: { enabled: false, clientId: '11111111-2222-3333-4444-555555555555' } },
    });
    expect(podTemplate(objects).metadata.labels['azure.workload.identity/use']).toBeUndefined();
    expect(one(objects, 'ServiceAccount').metadata.annotations).toBeUndefined();
  });

  it('passes Azure settings to the operator', async () => {
    const objects = await renderChart({
      values: {
        azure: {
          endpoint: 'https://management.usgovcloudapi.net',
          authorityHost: 'https://login.microsoftonline.us',
          defaultSubscriptionId: '00000000-0000-0000-0000-000000000001',
          namespaceCredentialSecretName: 'azure-credentials',
        },
      },
    });
    expect(envOf(objects)).toMatchObject({
      AZURE_ENDPOINT: 'https://management.usgovcloudapi.net',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
      NAMESPACE_CREDENTIAL_SECRET: 'azure-credentials',
    });
  });

  it('without metrics authentication, serves plain HTTP and grants no reviews', async () => {
    const objects = await renderChart({
      values: { metricsAuth: { enabled: false }, serviceMonitor: { enabled: true } },
    });
    expect(envOf(objects).METRICS_SECURE).toBe('false');
    expect(container(objects).livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(of(objects, 'ClusterRole').map((r) => r.metadata.name)).not.toContainEqual(
      expect.stringMatching(/metrics/),
    );
    const endpoint = (one(objects, 'ServiceMonitor').spec as { endpoints: Record<string, unknown>[] })
      .endpoints[0];
    expect(endpoint?.scheme).toBeUndefined();
    expect(endpoint?.bearerTokenFile).toBeUndefined();
  });

  it('networkPolicy.metricsFrom names who may reach the metrics port; disabled renders no policy', async () => {
    const from = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
    const objects = await renderChart({
      values: { operator: { metricsPort: 9443 }, networkPolicy: { metricsFrom: from } },
    });
    expect((one(objects, 'NetworkPolicy').spec as { ingress: unknown[] }).ingress).toEqual([
      { ports: [{ port: 9443, protocol: 'TCP' }], from },
    ]);
    const none = await renderChart({ values: { networkPolicy: { enabled: false } } });
    expect(of(none, 'NetworkPolicy')).toEqual([]);
  });

  it('renders a ServiceMonitor that scrapes the metrics Service port', async () => {
    const objects = await renderChart({
      values: { serviceMonitor: { enabled: true, labels: { release: 'prom' } } },
    });
    const monitor = one(objects, 'ServiceMonitor');
    const service = one(objects, 'Service');
    const spec = monitor.spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string }[];
    };
    expect(service.metadata.labels).toMatchObject(spec.selector.matchLabels);
    const ports = (service.spec as { ports: { name: string }[] }).ports.map((p) => p.name);
    expect(ports).toContain(spec.endpoints[0]?.port);
    expect(monitor.metadata.labels?.release).toBe('prom');
    // Metrics are authenticated by default: Prometheus sends its ServiceAccount token over HTTPS.
    expect(spec.endpoints[0]).toMatchObject({
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: { insecureSkipVerify: true },
    });
  });

  it('renders the Argo CD health checks, one key per kind, equal to health/argocd', async () => {
    const objects = await renderChart({ values: { argocd: { healthChecks: true } } });
    const data = one(objects, 'ConfigMap').data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(
      KINDS.map((k) => `resource.customizations.health.aks.lifecycle.dev_${k}`).sort(),
    );
    for (const kind of KINDS) {
      expect(data[`resource.customizations.health.aks.lifecycle.dev_${kind}`]).toBe(
        readFileSync(join(CHART_DIR, 'files', 'argocd', `${kind}.lua`), 'utf8'),
      );
    }
  });

  it('pins the image by digest when one is given', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const objects = await renderChart({
      values: { image: { repository: 'registry.example/aks-lo', digest } },
    });
    expect(container(objects).image).toBe(`registry.example/aks-lo@${digest}`);
  });
});
