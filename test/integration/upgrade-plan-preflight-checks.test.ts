// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// real Kubernetes API per simulated AKS cluster (kwok) that pre-flight reads. Simulated: Azure (the AKS
// simulator, its vCPU quota and Compute usages, its Microsoft.Network subnets). Proves that an
// UpgradePlan runs, through its own path, the checks of a pool step (QuotaHeadroom, SubnetCapacity,
// UnmanagedPods, LongTerminationGrace, WebhookBackends, TwinPoolCapacity), of a control-plane step
// (VersionSkew over every agent pool Azure lists) and of the fleet (AddressSpaceOverlap), each with its
// severity and the objects it names; that nothing is asked of the cluster while they fail; and that once
// the cluster is fixed they pass and the step is asked for.
import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import { DEFAULT_MINORS } from '../../sim/index.js';
import { createVNet } from '../../sim/testing/networks.js';
import {
  Annotation,
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type PreflightFinding,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { SUBSCRIPTION, WAIT_MS, writeOperations, type Objects } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

// 1.29 and 1.30 are offered too, so an agent pool can lag the control plane by three minors.
const world = useOperatorWorld({
  withNodes: true,
  versions: {
    minors: [
      { version: '1.29', patches: ['1.29.9'], supportPlans: ['KubernetesOfficial'] },
      { version: '1.30', patches: ['1.30.7'], supportPlans: ['KubernetesOfficial'] },
      ...DEFAULT_MINORS,
    ],
  },
});

afterEach(() => world.sim.quota.configure({ limits: [] }));

const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };
const plans = () => managementKubeConfig().makeApiClient(CustomObjectsApi);

async function workloadConfig(rg: string, cluster: string): Promise<KubeConfig> {
  const creds = await world.azure.managedClusters.listClusterAdminCredentials(rg, cluster);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8'));
  return kc;
}

async function createPlan(namespace: string, spec: UpgradePlanSpecInput): Promise<void> {
  await plans().createNamespacedCustomObject({
    ...planKind,
    namespace,
    body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan' }, spec },
  });
}

async function readPlan(namespace: string): Promise<UpgradePlan> {
  return (await plans().getNamespacedCustomObject({ ...planKind, namespace, name: 'plan' })) as UpgradePlan;
}

/** The pre-flight of the plan's only cluster once every check named has reported. */
async function preflightOf(
  namespace: string,
  checks: string[],
  until: (findings: PreflightFinding[]) => boolean,
  message: string,
): Promise<PreflightFinding[]> {
  const plan = await waitFor(() => readPlan(namespace), {
    timeoutMs: 2 * WAIT_MS,
    intervalMs: 250,
    message,
    until: (p) => {
      const findings = p.status?.stages?.[0]?.clusters?.[0]?.preflight ?? [];
      return checks.every((c) => findings.some((f) => f.check === c)) && until(findings);
    },
  });
  return plan.status?.stages?.[0]?.clusters?.[0]?.preflight ?? [];
}

const bare = (
  name: string,
  node: string,
  extra: Partial<V1Pod['spec']> = {},
  labels?: Record<string, string>,
): V1Pod => ({
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'registry.example/app:1' }], ...extra },
});

async function waitRunning(core: CoreV1Api, names: string[]): Promise<void> {
  await waitFor(() => core.listNamespacedPod({ namespace: 'default' }), {
    timeoutMs: WAIT_MS,
    message: `pods ${names.join(', ')} to run on the kwok node`,
    until: (list) =>
      names.every((n) => list.items.some((p) => p.metadata?.name === n && p.status?.phase === 'Running')),
  });
}

async function clusterWithSystemPool(objects: Objects, name: string, rg: string, kubernetesVersion: string) {
  await objects.createClusterWithSystemPool(name, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    kubernetesVersion,
  });
  await objects.clusterReady(name);
  await objects.poolReady('system');
}

describe('UpgradePlan pre-flight checks of each step', () => {
  it('blocks a blue/green pool step on quota, bare and slow pods, a drained webhook backend and a pod pinned to the old pool, then lets it go once fixed', async () => {
    const { objects, rg } = await world.start('aup-pfpool');
    await clusterWithSystemPool(objects, 'c1', rg, '1.33');
    const kc = await workloadConfig(rg, 'c1');
    const core = kc.makeApiClient(CoreV1Api);
    const admission = kc.makeApiClient(AdmissionregistrationV1Api);
    const nodes = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=system' });
    const node = nodes.items[0]?.metadata?.name ?? '';
    expect(node).not.toBe('');
    // The one Standard_D4s_v3 node uses the family's whole quota: the twin's 4 vCPUs do not fit.
    world.sim.quota.configure({
      limits: [{ subscriptionId: SUBSCRIPTION, family: 'standardDSv3Family', limit: 4 }],
    });
    // A pod without a controller; one whose grace period (2 h) outlasts the 30-minute drain limit; one
    // selecting the old pool by name, which no twin node carries; the single backend of a failing-closed
    // webhook.
    await core.createNamespacedPod({ namespace: 'default', body: bare('bare', node) });
    await core.createNamespacedPod({
      namespace: 'default',
      body: bare('slow', node, { terminationGracePeriodSeconds: 7200 }),
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: bare('pinned', node, { nodeSelector: { 'kubernetes.azure.com/agentpool': 'system' } }),
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: bare('policy-0', node, {}, { app: 'policy' }),
    });
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'policy' }, spec: { selector: { app: 'policy' }, ports: [{ port: 443 }] } },
    });
    await waitRunning(core, ['bare', 'slow', 'pinned', 'policy-0']);
    // Registered last, and for a kind nothing here writes: it would refuse every call it admits.
    await admission.createValidatingWebhookConfiguration({
      body: {
        metadata: { name: 'policy' },
        webhooks: [
          {
            name: 'validate.policy.example.com',
            failurePolicy: 'Fail',
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
            clientConfig: { service: { namespace: 'default', name: 'policy' } },
            rules: [
              {
                apiGroups: ['example.com'],
                apiVersions: ['v1'],
                operations: ['CREATE'],
                resources: ['widgets'],
              },
            ],
          },
        ],
      },
    });
    const writesBefore = writeOperations(world.sim, rg);

    const checks = [
      'QuotaHeadroom',
      'SubnetCapacity',
      'AddressSpaceOverlap',
      'UnmanagedPods',
      'LongTerminationGrace',
      'WebhookBackends',
      'TwinPoolCapacity',
    ];
    await createPlan(objects.namespace, {
      target: { nodeImageOnly: true },
      clusterSelector: {},
      poolStrategy: { default: 'BlueGreen' },
    });
    const failed = await preflightOf(
      objects.namespace,
      checks,
      (fs) => fs.some((f) => !f.passed),
      'the pool checks to report on cluster c1',
    );
    const byCheck = new Map(failed.map((f) => [f.check, f]));
    expect(byCheck.get('QuotaHeadroom')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'QuotaExceeded',
    });
    expect(byCheck.get('UnmanagedPods')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'UnmanagedPod',
    });
    expect(byCheck.get('UnmanagedPods')?.objects).toEqual(
      expect.arrayContaining(['Pod/default/bare', 'Pod/default/slow']),
    );
    expect(byCheck.get('LongTerminationGrace')).toMatchObject({
      passed: false,
      severity: 'Warning',
      reason: 'LongGracePeriod',
      objects: ['Pod/default/slow'],
    });
    expect(byCheck.get('WebhookBackends')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'WebhookBackendDrained',
      objects: ['ValidatingWebhookConfiguration/policy'],
    });
    expect(byCheck.get('TwinPoolCapacity')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'PinnedToPool',
      objects: ['Pod/default/pinned'],
    });
    expect((await readPlan(objects.namespace)).status?.stages?.[0]?.clusters?.[0]?.blocker?.reason).toBe(
      'ChecksFailed',
    );
    // Nothing was asked of the pool and Azure saw no write.
    expect((await objects.pool('system')).metadata.annotations?.[Annotation.NodeImageTarget]).toBeUndefined();
    expect(writeOperations(world.sim, rg)).toEqual(writesBefore);

    // Fixed: the quota raised, the pods gone, the webhook removed. Every check passes and the step is asked.
    world.sim.quota.configure({ limits: [] });
    await admission.deleteValidatingWebhookConfiguration({ name: 'policy' });
    for (const name of ['bare', 'slow', 'pinned', 'policy-0'])
      await core.deleteNamespacedPod({ namespace: 'default', name, gracePeriodSeconds: 0 });
    await waitFor(() => core.listNamespacedPod({ namespace: 'default' }), {
      timeoutMs: WAIT_MS,
      message: 'the pods to be gone',
      until: (list) => list.items.length === 0,
    });
    const passed = await preflightOf(
      objects.namespace,
      checks,
      (fs) => checks.every((c) => fs.find((f) => f.check === c)?.passed === true),
      'every pool check to pass on cluster c1',
    );
    expect(passed.filter((f) => checks.includes(f.check)).map((f) => f.passed)).toEqual(
      checks.map(() => true),
    );
    await objects.waitForPool(
      'system',
      'the node-image step to be asked of pool system',
      (np) => np.metadata.annotations?.[Annotation.NodeImageTarget] !== undefined,
    );
  });

  it('blocks a control-plane step that would leave an agent pool four minors behind, then lets it go once the pool is gone', async () => {
    const { objects, rg } = await world.start('aup-pfskew');
    await clusterWithSystemPool(objects, 'c1', rg, '1.32');
    // An agent pool made in Azure, outside the operator: the plan's own steps do not know it.
    await world.azure.agentPools.beginCreateOrUpdateAndWait(rg, 'c1', 'legacy', {
      orchestratorVersion: '1.29.9',
      vmSize: 'Standard_D4s_v3',
      count: 1,
      mode: 'User',
    });
    const writesBefore = writeOperations(world.sim, rg);
    await createPlan(objects.namespace, { target: { kubernetesVersion: '1.33' }, clusterSelector: {} });
    const failed = await preflightOf(
      objects.namespace,
      ['VersionSkew'],
      (fs) => fs.some((f) => f.check === 'VersionSkew' && !f.passed),
      'VersionSkew to fail on cluster c1',
    );
    expect(failed.find((f) => f.check === 'VersionSkew')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'PoolOutsideSkew',
      objects: ['agent pool legacy'],
    });
    // A control-plane step drains nothing: the pool checks do not run for it.
    expect(failed.map((f) => f.check)).not.toContain('UnmanagedPods');
    expect((await objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();
    expect(writeOperations(world.sim, rg)).toEqual(writesBefore);

    await world.azure.agentPools.beginDeleteAndWait(rg, 'c1', 'legacy');
    await preflightOf(
      objects.namespace,
      ['VersionSkew'],
      (fs) => fs.some((f) => f.check === 'VersionSkew' && f.passed),
      'VersionSkew to pass on cluster c1',
    );
    const asked = await objects.waitForCluster(
      'c1',
      'the control-plane step to be asked',
      (mc) => mc.metadata.annotations?.[Annotation.UpgradeTarget] !== undefined,
    );
    expect(asked.metadata.annotations?.[Annotation.UpgradeTarget]).toMatch(/^1\.33\./);
  });

  it('blocks a blue/green pool step whose twin the node subnet cannot hold beside the old pool', async () => {
    const { objects, rg } = await world.start('aup-pfsubnet');
    // A /29 keeps 3 addresses: the two nodes and a surge node of the pool fit, a twin of two does not.
    const subnets = await createVNet(world.sim, {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `${rg}-net`,
      name: 'vnet1',
      location: 'eastus',
      addressPrefixes: ['10.50.0.0/16'],
      subnets: [{ name: 'nodes', addressPrefix: '10.50.0.0/29' }],
    });
    const subnet = subnets.nodes ?? '';
    await objects.createCluster('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      kubernetesVersion: '1.33',
      location: 'eastus',
      systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 2, vnetSubnetID: subnet },
    });
    await objects.createPool('system', {
      clusterRef: { name: 'c1' },
      mode: 'System',
      vmSize: 'Standard_D4s_v3',
      count: 2,
      vnetSubnetID: subnet,
    });
    await objects.clusterReady('c1');
    await objects.poolReady('system');
    const writesBefore = writeOperations(world.sim, rg);

    await createPlan(objects.namespace, {
      target: { nodeImageOnly: true },
      clusterSelector: {},
      poolStrategy: { default: 'BlueGreen' },
    });
    const failed = await preflightOf(
      objects.namespace,
      ['SubnetCapacity'],
      (fs) => fs.some((f) => f.check === 'SubnetCapacity' && !f.passed),
      'SubnetCapacity to fail on cluster c1',
    );
    expect(failed.find((f) => f.check === 'SubnetCapacity')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'SubnetFull',
      objects: [`subnet ${subnet}`],
    });
    expect((await objects.pool('system')).metadata.annotations?.[Annotation.NodeImageTarget]).toBeUndefined();
    expect(writeOperations(world.sim, rg)).toEqual(writesBefore);
  });

  it("blocks a cluster whose node subnet overlaps another cluster's of the plan, naming both", async () => {
    const { objects, rg } = await world.start('aup-pfcidr');
    // Two VNets on one range: each cluster's subnet is valid alone, but the two cannot be peered.
    for (const name of ['c1', 'c2']) {
      const subnets = await createVNet(world.sim, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: `${rg}-${name}-net`,
        name: 'vnet',
        location: 'eastus',
        addressPrefixes: ['10.60.0.0/16'],
        subnets: [{ name: 'nodes', addressPrefix: '10.60.0.0/24' }],
      });
      const subnet = subnets.nodes ?? '';
      await objects.createCluster(name, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: `${rg}-${name}`,
        kubernetesVersion: '1.33',
        location: 'eastus',
        systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1, vnetSubnetID: subnet },
      });
      await objects.createPool(`${name}-system`, {
        clusterRef: { name },
        azureName: 'system',
        mode: 'System',
        vmSize: 'Standard_D4s_v3',
        count: 1,
        vnetSubnetID: subnet,
      });
    }
    for (const name of ['c1', 'c2']) {
      await objects.clusterReady(name);
      await objects.poolReady(`${name}-system`);
    }
    await createPlan(objects.namespace, { target: { nodeImageOnly: true }, clusterSelector: {} });
    const failed = await preflightOf(
      objects.namespace,
      ['AddressSpaceOverlap'],
      (fs) => fs.some((f) => f.check === 'AddressSpaceOverlap' && !f.passed),
      'AddressSpaceOverlap to fail',
    );
    expect(failed.find((f) => f.check === 'AddressSpaceOverlap')).toMatchObject({
      passed: false,
      severity: 'Error',
      reason: 'CidrOverlap',
      objects: ['clusters c1, c2'],
    });
  });
});
