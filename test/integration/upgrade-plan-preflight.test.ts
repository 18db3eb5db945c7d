// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// real Kubernetes API per simulated AKS cluster (kwok) that pre-flight reads through the admin
// kubeconfig. Simulated: Azure (the AKS simulator). Proves a cluster still declaring an API removed by
// the target is blocked before any upgrade write, with the object named in the plan's status, and goes
// ahead once the user skips that check.
import type * as Arm from '@azure/arm-containerservice';
import {
  AutoscalingV2Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import {
  Annotation,
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { LAST_APPLIED_ANNOTATION } from '../../src/preflight/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
  writeOperations,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator({ withNodes: true });
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };
const plans = () => managementKubeConfig().makeApiClient(CustomObjectsApi);

async function workloadConfig(rg: string, cluster: string): Promise<KubeConfig> {
  const creds = await azure.managedClusters.listClusterAdminCredentials(rg, cluster);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  return kc;
}

/** An HPA whose last kubectl apply used autoscaling/v2beta2 (removed in Kubernetes 1.26). */
async function createLegacyHpa(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  const spec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
    minReplicas: 1,
    maxReplicas: 3,
  };
  const lastApplied = JSON.stringify({
    apiVersion: 'autoscaling/v2beta2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace },
    spec,
  });
  await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: { metadata: { name, annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied } }, spec },
  });
}

async function readPlan(namespace: string): Promise<UpgradePlan> {
  return (await plans().getNamespacedCustomObject({ ...planKind, namespace, name: 'plan' })) as UpgradePlan;
}

describe('UpgradePlan pre-flight', () => {
  it('blocks a cluster using an API the target removed, names the object, and writes nothing to it', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'aup-preflight');
    objects = new Objects(ns.name);
    operator = await new TestOperator({ sim, namespaces: [ns.name] }).start();
    const rg = `rg-${ns.name}`;
    await objects.createClusterWithSystemPool('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      kubernetesVersion: '1.32',
    });
    await objects.clusterReady('c1');
    await objects.poolReady('system');
    await createLegacyHpa(await workloadConfig(rg, 'c1'), 'default', 'legacy');
    const writesBefore = writeOperations(sim, rg);

    const spec: UpgradePlanSpecInput = { target: { kubernetesVersion: '1.33' }, clusterSelector: {} };
    await plans().createNamespacedCustomObject({
      ...planKind,
      namespace: ns.name,
      body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan' }, spec },
    });
    const blocked = await waitFor(() => readPlan(ns?.name ?? ''), {
      timeoutMs: 2 * WAIT_MS,
      intervalMs: 200,
      message: 'cluster c1 to be blocked by pre-flight',
      until: (p) => p.status?.stages?.[0]?.clusters?.[0]?.phase === 'Blocked',
    });
    const c1 = blocked.status?.stages?.[0]?.clusters?.[0];
    expect(c1?.blocker?.reason).toBe('ChecksFailed');
    expect(c1?.preflight).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          check: 'RemovedAPIsInManifests',
          passed: false,
          severity: 'Error',
          reason: 'RemovedApiInUse',
          objects: ['HorizontalPodAutoscaler/default/legacy'],
        }),
      ]),
    );
    expect(blocked.status?.conditions?.find((c) => c.type === 'PreflightPassed')).toMatchObject({
      status: 'False',
      reason: 'ChecksFailed',
    });
    // Nothing was asked of the cluster and Azure saw no write.
    expect((await objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();
    expect(writeOperations(sim, rg)).toEqual(writesBefore);
    // Events are recorded after the status write: wait for it rather than race it.
    await waitFor(() => objects?.eventReasons('plan', 'Warning') ?? [], {
      timeoutMs: WAIT_MS,
      message: 'a ChecksFailed Warning event on the plan',
      until: (reasons) => reasons.includes('ChecksFailed'),
    });

    // Skipping the check is the user's way out: the control-plane step is asked for.
    await plans().patchNamespacedCustomObject(
      {
        ...planKind,
        namespace: ns.name,
        name: 'plan',
        body: { spec: { preflight: { skip: ['RemovedAPIsInManifests'] } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const asked = await objects.waitForCluster(
      'c1',
      'the upgrade target to be set',
      (mc) => mc.metadata.annotations?.[Annotation.UpgradeTarget] !== undefined,
    );
    expect(asked.metadata.annotations?.[Annotation.UpgradeTarget]).toMatch(/^1\.33\./);
    expect(asked.spec.kubernetesVersion).toBe('1.32');
  });
});
