// Real: the management cluster with the CRDs, the operator in-process signing in to Entra ID with a
// service principal from the namespace's credential Secret, the ARM SDK over HTTPS, and per simulated AKS
// cluster a kwok kube-apiserver that accepts only Entra tokens for the AKS server application (user = the
// identity's object ID) and authorizes them by Kubernetes RBAC or, with Azure RBAC, through the
// simulator's webhook. Simulated: Azure and Entra ID. Proves that on clusters with AKS-managed Entra ID
// and local accounts disabled, a blue/green replacement, a standby scale-out and an UpgradePlan's
// pre-flight run end to end as the object's own identity, never asking for the admin credential; that
// access taken away shows as a named pre-flight finding, healed once access is back; and that a private
// API server out of reach (its kubeconfig names the private FQDN) is named as such, not a timeout.
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { join } from 'node:path';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import type { KwokDataPlane } from '../../sim/kwok-data-plane.js';
import { AksRbacRole } from '../../sim/index.js';
import {
  Annotation,
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type ManagedClusterSpecInput,
  type NodePool,
  type UpgradePlan,
} from '../../src/api/index.js';
import { StandbyAnnotation, StandbyReason } from '../../src/controllers/index.js';
import { LAST_APPLIED_ANNOTATION } from '../../src/preflight/index.js';
import { azurePools, createSpreadDeployment, poolDeletes } from '../support/blue-green-world.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { Objects, SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';
import { createPdb, waitForPdb, waitForReadyPods } from './drain-fixtures.js';

const TENANT = '5e1f0000-0000-0000-0000-0000000e17a1';
const CLIENT_ID = '5e1f0000-0000-0000-0000-0000000c1e17';
const CLIENT_SECRET = 'entra-sp-secret';
const SECRET_NAME = 'entra-sp';
const AGENT_POOL = 'kubernetes.azure.com/agentpool';
const TEST_TIMEOUT_MS = 6 * WAIT_MS;

const world = useOperatorWorld({ withNodes: true });
let cleanup: (() => Promise<void>) | undefined;

beforeAll(() => {
  world.sim.entra.register({
    clientId: CLIENT_ID,
    tenantId: TENANT,
    subscriptions: [SUBSCRIPTION],
    clientSecret: CLIENT_SECRET,
  });
});

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const objectId = (): string =>
  world.sim.entra.settings().identities.find((i) => i.clientId === CLIENT_ID)?.objectId ?? '';

/** listClusterAdminCredential requests the simulator received for the resource group. */
const adminCredentialCalls = (rg: string): number =>
  world.sim.log
    .recent()
    .filter((e) => e.path.toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}/`))
    .filter((e) => e.path.endsWith('/listClusterAdminCredential')).length;

interface Scene {
  objects: Objects;
  rg: string;
  clusterId: string;
  /** The platform team's way in (the kwok cluster's own certificate), not the operator's. */
  breakGlass: KubeConfig;
}

/**
 * A namespace whose credential Secret is the service principal, an operator signing in to Entra ID, and
 * cluster c1 (managed Entra ID in TENANT, local accounts disabled) with its System pool, Ready in Azure.
 */
async function entraCluster(
  prefix: string,
  options: { kubernetesVersion: string; azureRbac: boolean; isPrivate?: boolean },
): Promise<Scene> {
  const { objects, rg } = await world.start(prefix, undefined, { entra: true });
  cleanup = async () => {
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await managementKubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespacedSecret({
      namespace: objects.namespace,
      body: {
        metadata: { name: SECRET_NAME },
        stringData: {
          tenantId: TENANT,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          subscriptionId: SUBSCRIPTION,
        },
      },
    });
  const spec: ManagedClusterSpecInput = {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: options.kubernetesVersion,
    credentialRef: { name: SECRET_NAME },
    aadProfile: { managed: true, tenantID: TENANT, enableAzureRBAC: options.azureRbac },
    disableLocalAccounts: true,
    ...(options.isPrivate ? { apiServerAccessProfile: { enablePrivateCluster: true } } : {}),
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
  };
  await objects.createCluster('c1', spec);
  await objects.createPool('system', {
    clusterRef: { name: 'c1' },
    mode: 'System',
    vmSize: 'Standard_D4s_v3',
    count: 1,
  });
  const cluster = await objects.clusterReady('c1', 2 * WAIT_MS);
  const clusterId = cluster.status?.azureResourceID ?? '';
  const ref = await (world.sim.context.dataPlane as KwokDataPlane).kwokClusterOf(clusterId);
  if (!ref) throw new Error(`cluster ${clusterId} has no kwok cluster`);
  const breakGlass = new KubeConfig();
  breakGlass.loadFromFile(join(ref.workdir, 'clusters', ref.name, 'kubeconfig.yaml'));
  return { objects, rg, clusterId, breakGlass };
}

/** Kubernetes RBAC: cluster-admin bound to the identity's object ID, as AKS names Entra principals. */
async function bindIdentity(scene: Scene): Promise<void> {
  await scene.breakGlass.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: 'operator-identity' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: objectId() }],
    },
  });
}

async function unbindIdentity(scene: Scene): Promise<void> {
  await scene.breakGlass
    .makeApiClient(RbacAuthorizationV1Api)
    .deleteClusterRoleBinding({ name: 'operator-identity' });
}

const isReady = (np: NodePool): boolean =>
  np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

describe('clusters with AKS-managed Entra ID and local accounts disabled', () => {
  it(
    'replaces a pool blue/green as the identity bound by Kubernetes RBAC, never asking for the admin credential',
    async () => {
      const scene = await entraCluster('entra-bg', { kubernetesVersion: '1.34', azureRbac: false });
      const { objects, rg, breakGlass } = scene;
      await bindIdentity(scene);
      await objects.createPool('user1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 3,
        orchestratorVersion: '1.33',
        nodeLabels: { tier: 'web' },
      });
      // Ready with 3 Ready nodes: counted in the workload cluster as the identity.
      await objects.waitForPool(
        'user1',
        'Ready with 3 Ready nodes',
        (np) => isReady(np) && np.status?.nodes?.ready === 3,
        2 * WAIT_MS,
      );
      await createSpreadDeployment(breakGlass, { namespace: 'shop', name: 'api', replicas: 3 });
      await createPdb(breakGlass, { namespace: 'shop', name: 'api-pdb', app: 'api', maxUnavailable: 1 });
      await waitForReadyPods(breakGlass, 'shop', 'api', 3);
      await waitForPdb(breakGlass, 'shop', 'api-pdb', (p) => p.status?.currentHealthy === 3);

      await objects.patch('pool', 'user1', {
        metadata: {
          annotations: { [Annotation.UpgradeTarget]: '1.34', [Annotation.UpgradeStrategy]: 'BlueGreen' },
        },
      });
      const np = await objects.waitForPool(
        'user1',
        'Ready on the twin pool',
        (p) => isReady(p) && p.status?.activePoolName === 'user1b' && p.status.blueGreen === undefined,
        3 * WAIT_MS,
      );
      expect(np.status?.nodes).toEqual({ desired: 3, ready: 3 });
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1b']);
      expect(poolDeletes(world.sim, rg)).toEqual(['user1']);
      await waitForReadyPods(breakGlass, 'shop', 'api', 3);
      // The old nodes were drained by the operator (cordoned as the identity) before the pool went.
      const twinNodes = await breakGlass
        .makeApiClient(CoreV1Api)
        .listNode({ labelSelector: `${AGENT_POOL}=user1b` });
      expect(twinNodes.items).toHaveLength(3);
      expect(adminCredentialCalls(rg)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'scales a standby out as the identity authorized by its Azure role assignment',
    async () => {
      const scene = await entraCluster('entra-sb', { kubernetesVersion: '1.33', azureRbac: true });
      const { objects, rg, clusterId, breakGlass } = scene;
      world.sim.entra.assignRole({
        principalId: objectId(),
        roleDefinitionName: AksRbacRole.ClusterAdmin,
        scope: clusterId,
      });
      await objects.createPool('standby1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_DS3_v2',
        count: 0,
        nodeLabels: { workload: 'batch' },
      });
      await objects.createPool('spot1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        scaleSetPriority: 'Spot',
        spot: { evictionPolicy: 'Delete', maxPrice: -1 },
        nodeLabels: { workload: 'batch' },
        standby: { poolRef: { name: 'standby1' }, pendingPodThresholdSeconds: 10 },
      });
      await objects.waitForPool(
        'spot1',
        'Ready with 1 Ready node',
        (np) => np.status?.nodes?.ready === 1,
        2 * WAIT_MS,
      );
      await createBatchWorkload(breakGlass, 2);

      // Spot capacity is lost: the pool cannot grow and the pods beyond its node stay Pending.
      world.sim.setFaults({ capacityLoss: [{ vmSize: 'Standard_D4s_v3', priority: 'Spot' }] });
      await objects.patch('pool', 'spot1', { spec: { count: 2 } });
      await breakGlass
        .makeApiClient(AppsV1Api)
        .patchNamespacedDeployment(
          { name: 'worker', namespace: 'batch', body: { spec: { replicas: 4 } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      const scaled = await objects.waitForPool(
        'standby1',
        'a standby count asked',
        (np) => Number(np.metadata.annotations?.[StandbyAnnotation.Count] ?? 0) >= 1,
        3 * WAIT_MS,
      );
      const asked = Number(scaled.metadata.annotations?.[StandbyAnnotation.Count]);
      await waitFor(() => world.azure.agentPools.get(rg, 'c1', 'standby1'), {
        timeoutMs: WAIT_MS,
        message: `Azure count of standby1 at ${asked}`,
        until: (p) => p.count === asked,
      });
      const core = breakGlass.makeApiClient(CoreV1Api);
      await waitFor(() => core.listNamespacedPod({ namespace: 'batch', labelSelector: 'app=worker' }), {
        timeoutMs: 2 * WAIT_MS,
        message: '4 worker pods Running',
        until: (pods) => pods.items.filter(isRunning).length === 4,
      });
      expect(await objects.eventReasons('spot1', 'Normal')).toContain(StandbyReason.ScaledOutStandby);
      expect(adminCredentialCalls(rg)).toBe(0);
      world.sim.setFaults({ capacityLoss: [] });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "runs an UpgradePlan's pre-flight as the identity, names a refused credential WorkloadClusterUnreachable, and goes on once access is back",
    async () => {
      const scene = await entraCluster('entra-pf', { kubernetesVersion: '1.32', azureRbac: false });
      const { objects, rg, breakGlass } = scene;
      await bindIdentity(scene);
      await objects.poolReady('system');
      await createLegacyHpa(breakGlass);
      await createPlan(objects.namespace);

      // Read as the identity: the HPA declared through a removed API blocks the step.
      const blocked = await waitForStep(
        objects.namespace,
        'blocked by RemovedAPIsInManifests',
        (c) =>
          c?.preflight?.some(
            (f) => f.check === 'RemovedAPIsInManifests' && f.reason === 'RemovedApiInUse',
          ) === true,
      );
      expect(blocked?.phase).toBe('Blocked');

      // Access taken away: the checks that read the cluster cannot run and say why.
      await unbindIdentity(scene);
      await skipChecks(objects.namespace, ['RemovedAPIsInManifests']);
      const refused = await waitForStep(
        objects.namespace,
        'pre-flight findings naming the refused credential',
        (c) => c?.preflight?.some((f) => f.reason === 'WorkloadClusterUnreachable') === true,
      );
      expect(refused?.phase).toBe('Blocked');
      expect((await objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();

      // Access back: the credential forgotten on refusal is fetched again, no restart needed.
      await bindIdentity(scene);
      await skipChecks(objects.namespace, ['RemovedAPIsInManifests', 'ClusterBusy']);
      const asked = await objects.waitForCluster(
        'c1',
        'the upgrade target to be set',
        (mc) => mc.metadata.annotations?.[Annotation.UpgradeTarget] !== undefined,
        2 * WAIT_MS,
      );
      expect(asked.metadata.annotations?.[Annotation.UpgradeTarget]).toMatch(/^1\.33\./);
      expect(adminCredentialCalls(rg)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "stalls a plan's pre-flight and a pool's standby on a private cluster out of reach with PrivateApiServerUnreachable naming its private FQDN",
    async () => {
      const scene = await entraCluster('entra-priv', {
        kubernetesVersion: '1.32',
        azureRbac: false,
        isPrivate: true,
      });
      const { objects, rg } = scene;
      await bindIdentity(scene);
      await createPlan(objects.namespace);
      const step = await waitForStep(
        objects.namespace,
        'pre-flight findings naming the private API server',
        (c) => c?.preflight?.some((f) => f.reason === 'PrivateApiServerUnreachable') === true,
      );
      const fqdn = (await world.azure.managedClusters.get(rg, 'c1')).privateFqdn ?? '';
      expect(fqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);
      expect(step?.phase).toBe('Blocked');
      const finding = step?.preflight?.find((f) => f.reason === 'PrivateApiServerUnreachable');
      expect(finding?.message).toContain(fqdn);
      expect(finding?.message).toMatch(/VNet peering or a private endpoint/);
      expect((await objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();

      // A pool's standby reads the same workload cluster: it is blocked with the same named cause.
      await objects.createPool('standby1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_DS3_v2',
        count: 0,
      });
      await objects.createPool('user1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        standby: { poolRef: { name: 'standby1' }, pendingPodThresholdSeconds: 10 },
      });
      await waitFor(() => objects.eventReasons('user1', 'Warning'), {
        timeoutMs: 2 * WAIT_MS,
        message: 'user1 to warn that its private API server is out of reach',
        until: (reasons) => reasons.includes('PrivateApiServerUnreachable'),
      });

      // A blue/green replacement creates its twin in Azure, then needs the workload cluster: it stalls
      // naming the cause, and the old pool stays.
      await objects.createPool('web', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        orchestratorVersion: '1.31',
      });
      await objects.waitForPool(
        'web',
        'created in Azure',
        (np) => np.status?.lastOperation?.type === 'Create' && np.status.lastOperation.result === 'Succeeded',
        2 * WAIT_MS,
      );
      await objects.patch('pool', 'web', {
        metadata: {
          annotations: { [Annotation.UpgradeTarget]: '1.32', [Annotation.UpgradeStrategy]: 'BlueGreen' },
        },
      });
      const stalled = await objects.waitForCondition(
        'pool',
        'web',
        { type: 'Stalled', status: 'True', reason: 'PrivateApiServerUnreachable' },
        2 * WAIT_MS,
      );
      expect(stalled.status?.conditions?.find((c) => c.type === 'Stalled')?.message).toContain(fqdn);
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(expect.arrayContaining(['web', 'webb']));
      expect(poolDeletes(world.sim, rg)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

const isRunning = (p: V1Pod): boolean =>
  p.status?.phase === 'Running' &&
  p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** `replicas` pods of 1.5 CPU on the batch pools (two fit a Spot node), allowed on Spot nodes. */
async function createBatchWorkload(kc: KubeConfig, replicas: number): Promise<void> {
  const labels = { app: 'worker' };
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'batch' } } });
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: 'batch',
    body: {
      metadata: { name: 'worker', labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'app', image: 'registry.invalid/worker:1', resources: { requests: { cpu: '1500m' } } },
            ],
            terminationGracePeriodSeconds: 1,
            nodeSelector: { workload: 'batch' },
            tolerations: [
              {
                key: 'kubernetes.azure.com/scalesetpriority',
                operator: 'Equal',
                value: 'spot',
                effect: 'NoSchedule',
              },
            ],
          },
        },
      },
    },
  });
}

/** An HPA whose last kubectl apply used autoscaling/v2beta2 (removed in Kubernetes 1.26). */
async function createLegacyHpa(kc: KubeConfig): Promise<void> {
  const spec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
    minReplicas: 1,
    maxReplicas: 3,
  };
  const lastApplied = JSON.stringify({
    apiVersion: 'autoscaling/v2beta2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'legacy', namespace: 'default' },
    spec,
  });
  await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
    namespace: 'default',
    body: { metadata: { name: 'legacy', annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied } }, spec },
  });
}

const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };
const plans = () => managementKubeConfig().makeApiClient(CustomObjectsApi);

async function createPlan(namespace: string): Promise<void> {
  await plans().createNamespacedCustomObject({
    ...planKind,
    namespace,
    body: {
      apiVersion: API_VERSION,
      kind: 'UpgradePlan',
      metadata: { name: 'plan' },
      spec: { target: { kubernetesVersion: '1.33' }, clusterSelector: {} },
    },
  });
}

async function skipChecks(namespace: string, skip: string[]): Promise<void> {
  await plans().patchNamespacedCustomObject(
    { ...planKind, namespace, name: 'plan', body: { spec: { preflight: { skip } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

type ClusterStep = NonNullable<
  NonNullable<NonNullable<UpgradePlan['status']>['stages']>[number]['clusters']
>[number];

async function waitForStep(
  namespace: string,
  what: string,
  until: (step: ClusterStep | undefined) => boolean,
): Promise<ClusterStep | undefined> {
  const plan = await waitFor(
    async () =>
      (await plans().getNamespacedCustomObject({ ...planKind, namespace, name: 'plan' })) as UpgradePlan,
    {
      timeoutMs: 2 * WAIT_MS,
      intervalMs: 200,
      message: `cluster c1 ${what}`,
      until: (p) => until(p.status?.stages?.[0]?.clusters?.[0]),
    },
  );
  return plan.status?.stages?.[0]?.clusters?.[0];
}
