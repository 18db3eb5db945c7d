import { loadRemovedApiTable, parseRemovedApiTable } from './deprecated-api-table.js';
import type { RemovedApi } from './deprecated-api-table.js';
import {
  findRemovedApiRequests,
  findRemovedApis,
  parseDeprecatedApiMetrics,
  removalsFor,
  resourceOf,
} from './removed-apis.js';

let table: RemovedApi[];
beforeAll(async () => {
  table = await loadRemovedApiTable();
});

describe('the shipped removed-API table', () => {
  it('loads all 91 rows with their removal release and replacement', () => {
    expect(table).toHaveLength(91);
    expect(
      table.find((r) => r.apiVersion === 'policy/v1beta1' && r.kind === 'PodDisruptionBudget'),
    ).toMatchObject({ removedIn: '1.25', replacement: 'policy/v1' });
  });

  it('marks add-on CRDs and file formats', () => {
    expect(table.find((r) => r.apiVersion === 'snapshot.storage.k8s.io/v1beta1')).toMatchObject({
      isAddon: true,
      removedIn: null,
    });
    expect(table.some((r) => !r.isServedByApiServer)).toBe(true);
  });

  it('refuses text that is not the table', () => {
    expect(() => parseRemovedApiTable('foo: 1')).toThrow(/no "apis" list/);
  });

  it('selects removals at or before the target, plus add-on deprecations', () => {
    const rows = removalsFor(table, '1.25');
    expect(rows.some((r) => r.removedIn === '1.26')).toBe(false);
    expect(rows.some((r) => r.apiVersion === 'batch/v1beta1')).toBe(true);
    expect(rows.some((r) => r.isAddon)).toBe(true);
  });
});

describe('findRemovedApis', () => {
  it.each([
    {
      name: 'P2: an HPA declared as autoscaling/v2beta2 blocks an upgrade to 1.26, naming autoscaling/v2',
      obj: {
        apiVersion: 'autoscaling/v2beta2',
        kind: 'HorizontalPodAutoscaler',
        namespace: 'shop',
        name: 'api',
      },
      target: '1.26',
      severity: 'Error',
      text: /HorizontalPodAutoscaler shop\/api uses autoscaling\/v2beta2.*Kubernetes 1.26 removed \(target 1.26\); migrate it to autoscaling\/v2/,
    },
    {
      name: 'the same HPA is fine for a 1.25 target',
      obj: {
        apiVersion: 'autoscaling/v2beta2',
        kind: 'HorizontalPodAutoscaler',
        namespace: 'shop',
        name: 'api',
      },
      target: '1.25',
      severity: undefined,
      text: undefined,
    },
    {
      name: 'an Ingress in extensions/v1beta1 moves to networking.k8s.io/v1',
      obj: { apiVersion: 'extensions/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web' },
      target: '1.30',
      severity: 'Error',
      text: /migrate it to networking.k8s.io\/v1/,
    },
    {
      name: 'PodSecurityPolicy in policy/v1beta1 has no replacement',
      obj: { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', name: 'restricted' },
      target: '1.25',
      severity: 'Error',
      text: /PodSecurityPolicy restricted .*no replacement API/,
    },
    {
      name: 'an add-on VolumeSnapshot v1beta1 is a warning without a fixed release',
      obj: {
        apiVersion: 'snapshot.storage.k8s.io/v1beta1',
        kind: 'VolumeSnapshot',
        namespace: 'db',
        name: 'snap',
      },
      target: '1.30',
      severity: 'Warning',
      text: /no fixed removal release; migrate it to snapshot.storage.k8s.io\/v1/,
    },
    {
      name: 'an object on a current version finds nothing',
      obj: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
      target: '1.35',
      severity: undefined,
      text: undefined,
    },
  ])('$name', ({ obj, target, severity, text }) => {
    const findings = findRemovedApis([obj], target, table);
    if (!severity) expect(findings).toEqual([]);
    else
      expect(findings).toEqual([
        expect.objectContaining({ severity, message: expect.stringMatching(text as RegExp) }),
      ]);
  });

  it('reports an object once per removed version even when several sources show it', () => {
    const o = { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'nightly' };
    expect(
      findRemovedApis(
        [
          { ...o, source: 'a' },
          { ...o, source: 'b' },
        ],
        '1.25',
        table,
      ),
    ).toHaveLength(1);
  });
});

describe('deprecated API request metric', () => {
  const metrics = [
    '# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested',
    '# TYPE apiserver_requested_deprecated_apis gauge',
    'apiserver_requested_deprecated_apis{group="policy",removed_release="1.25",resource="poddisruptionbudgets",subresource="",version="v1beta1"} 1',
    'apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1',
    'apiserver_requested_deprecated_apis{group="batch",removed_release="1.25",resource="cronjobs",subresource="",version="v1beta1"} 0',
  ].join('\n');

  it('parses the gauge series with a value above zero', () => {
    expect(parseDeprecatedApiMetrics(metrics).map((m) => m.resource)).toEqual([
      'poddisruptionbudgets',
      'flowschemas',
    ]);
  });

  it('S45: names group/version/resource and the replacement policy/v1 for target 1.25', () => {
    const findings = findRemovedApiRequests(metrics, '1.25', table);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'Error',
        subject: 'poddisruptionbudgets.policy/v1beta1',
        message: expect.stringMatching(
          /poddisruptionbudgets through policy\/v1beta1.*migrate it to policy\/v1$/,
        ),
      }),
    ]);
  });

  it('S45: a later target also catches the flowcontrol removal', () => {
    expect(findRemovedApiRequests(metrics, '1.32', table).map((f) => f.subject)).toEqual([
      'poddisruptionbudgets.policy/v1beta1',
      'flowschemas.flowcontrol.apiserver.k8s.io/v1beta3',
    ]);
  });

  it.each([
    ['PodDisruptionBudget', 'poddisruptionbudgets'],
    ['Ingress', 'ingresses'],
    ['NetworkPolicy', 'networkpolicies'],
    ['PriorityClass', 'priorityclasses'],
  ])('%s is served as %s', (kind, resource) => expect(resourceOf(kind)).toBe(resource));
});
