// Real: the management cluster's API server (discovery, lists, managedFields, /metrics) and a
// VolumeSnapshot CRD serving snapshot.storage.k8s.io/v1beta1 as external-snapshotter does. Kubernetes
// 1.35 serves no removed built-in API, so the scan is proven on what it reads in a real cluster: the
// version an object was applied with (last-applied-configuration) and written with (managedFields).

import {
  ApiException,
  ApiextensionsV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
} from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  LAST_APPLIED_ANNOTATION,
  discoverServedApis,
  findRemovedApiRequests,
  findRemovedApis,
  gatherDeclaredApiVersions,
  loadRemovedApiTable,
  readApiServerMetrics,
} from '../../src/preflight/index.js';
import type { RemovedApi } from '../../src/preflight/index.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const CRD_NAME = 'volumesnapshots.snapshot.storage.k8s.io';
let kc: KubeConfig;
let ns: TestNamespace;
let table: RemovedApi[];

async function installSnapshotCrd(): Promise<void> {
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  // A typed schema like external-snapshotter's: managedFields track only fields the schema knows.
  const str = { type: 'string' };
  const schema = {
    openAPIV3Schema: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            source: {
              type: 'object',
              properties: { persistentVolumeClaimName: str, volumeSnapshotContentName: str },
            },
            volumeSnapshotClassName: str,
          },
        },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  };
  try {
    await ext.createCustomResourceDefinition({
      body: {
        metadata: {
          name: CRD_NAME,
          annotations: {
            'api-approved.kubernetes.io': 'https://github.com/kubernetes-csi/external-snapshotter/pull/419',
          },
        },
        spec: {
          group: 'snapshot.storage.k8s.io',
          scope: 'Namespaced',
          names: {
            plural: 'volumesnapshots',
            singular: 'volumesnapshot',
            kind: 'VolumeSnapshot',
            listKind: 'VolumeSnapshotList',
          },
          versions: [
            { name: 'v1', served: true, storage: true, schema },
            { name: 'v1beta1', served: true, storage: false, deprecated: true, schema },
          ],
        },
      },
    });
  } catch (err: unknown) {
    // Left by an earlier file or run: the CRD is cluster-wide and identical.
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
  await waitFor(() => discoverServedApis(kc), {
    timeoutMs: 30_000,
    intervalMs: 250,
    message: 'snapshot.storage.k8s.io/v1beta1 to be served',
    until: (served) =>
      served.some((s) => s.groupVersion === 'snapshot.storage.k8s.io/v1beta1' && s.kind === 'VolumeSnapshot'),
  });
}

beforeAll(async () => {
  kc = managementKubeConfig();
  table = await loadRemovedApiTable();
  await installSnapshotCrd();
});

afterAll(async () => {
  try {
    await kc.makeApiClient(ApiextensionsV1Api).deleteCustomResourceDefinition({ name: CRD_NAME });
  } catch (err: unknown) {
    if (!(err instanceof ApiException && err.code === 404)) throw err;
  }
});

beforeEach(async () => {
  ns = await createTestNamespace(kc, 'preflight-apis');
});

afterEach(async () => {
  await ns.delete();
});

async function createHpa(name: string, lastAppliedVersion?: string): Promise<void> {
  const spec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
    minReplicas: 1,
    maxReplicas: 3,
  };
  const annotations = lastAppliedVersion
    ? {
        [LAST_APPLIED_ANNOTATION]: JSON.stringify({
          apiVersion: lastAppliedVersion,
          kind: 'HorizontalPodAutoscaler',
          metadata: { name, namespace: ns.name },
          spec,
        }),
      }
    : undefined;
  await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
    namespace: ns.name,
    body: { metadata: { name, ...(annotations ? { annotations } : {}) }, spec },
  });
}

it('P2: finds an HPA last applied as autoscaling/v2beta2 for a 1.26 target, naming autoscaling/v2; not for 1.25', async () => {
  await createHpa('legacy', 'autoscaling/v2beta2');
  await createHpa('current', 'autoscaling/v2');
  await createHpa('plain');

  const observed26 = await gatherDeclaredApiVersions(
    kc,
    { table, target: '1.26' },
    { namespaces: [ns.name] },
  );
  expect(
    observed26
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((o) => o.name)
      .sort(),
  ).toEqual(expect.arrayContaining(['current', 'legacy', 'plain']));
  const findings = findRemovedApis(observed26, '1.26', table);
  expect(findings).toEqual([
    expect.objectContaining({
      severity: 'Error',
      reason: 'RemovedApiInUse',
      subject: `HorizontalPodAutoscaler ${ns.name}/legacy`,
      message: expect.stringMatching(
        /uses autoscaling\/v2beta2 \(seen in kubectl.kubernetes.io\/last-applied-configuration\).*migrate it to autoscaling\/v2/,
      ),
    }),
  ]);

  const observed25 = await gatherDeclaredApiVersions(
    kc,
    { table, target: '1.25' },
    { namespaces: [ns.name] },
  );
  expect(
    findRemovedApis(observed25, '1.25', table).filter((f) => f.subject.includes('HorizontalPodAutoscaler')),
  ).toEqual([]);
});

it('P2: finds a VolumeSnapshot written through the deprecated v1beta1 of its CRD (managedFields) as an add-on warning', async () => {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const create = (version: string, name: string) =>
    custom.createNamespacedCustomObject({
      group: 'snapshot.storage.k8s.io',
      version,
      namespace: ns.name,
      plural: 'volumesnapshots',
      body: {
        apiVersion: `snapshot.storage.k8s.io/${version}`,
        kind: 'VolumeSnapshot',
        metadata: { name },
        spec: { source: { persistentVolumeClaimName: 'data' } },
      },
    });
  await create('v1beta1', 'old-snap');
  await create('v1', 'new-snap');

  const observed = await gatherDeclaredApiVersions(kc, { table, target: '1.35' }, { namespaces: [ns.name] });
  const findings = findRemovedApis(observed, '1.35', table).filter((f) =>
    f.subject.startsWith('VolumeSnapshot '),
  );
  expect(findings).toEqual([
    expect.objectContaining({
      severity: 'Warning',
      reason: 'DeprecatedAddonApiInUse',
      subject: `VolumeSnapshot ${ns.name}/old-snap`,
      message: expect.stringMatching(
        /uses snapshot.storage.k8s.io\/v1beta1 \(seen in managedFields .*migrate it to snapshot.storage.k8s.io\/v1/,
      ),
    }),
  ]);
});

it('P1: reads the API server metrics; a 1.35 server reports no request to an API removed by 1.35', async () => {
  const metrics = await readApiServerMetrics(kc);
  expect(metrics).toContain('apiserver_request_total');
  expect(findRemovedApiRequests(metrics ?? '', '1.35', table)).toEqual([]);
});
