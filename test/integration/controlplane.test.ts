// Real: kube-apiserver, kube-controller-manager, kube-scheduler and etcd v1.35.4 with kwok faking kubelets,
// started by kwokctl from our own binaries. Nothing is simulated. Proves the local world behaves like the
// Kubernetes the operator meets: versions, node readiness, scheduling, PDB accounting, eviction, isolation,
// and clean teardown.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiException, AppsV1Api, CoreV1Api, PolicyV1Api, VersionApi } from '@kubernetes/client-node';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { K8S_VERSION, clusterProcesses, clusterRss, isProcessAlive } from '../../controlplane/index.js';
import type { KwokCluster } from '../../controlplane/index.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { createFakeNode, deleteFakeNode, isNodeReady, waitForNodeReady } from '../support/nodes.js';
import { waitFor } from '../support/wait.js';
import { kubeConfigFor, managementKubeConfig, startWorkloadCluster } from '../support/world.js';

const SUITE_LABEL = 'aks-lifecycle.dev/suite';
const suite = `controlplane-${randomBytes(3).toString('hex')}`;
const nodeName = `${suite}-node`;

const isPodReady = (pod: V1Pod) =>
  pod.status?.phase === 'Running' &&
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

async function deployPause(
  kc: KubeConfig,
  namespace: string,
  name: string,
  replicas: number,
): Promise<V1Pod[]> {
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            nodeSelector: { [SUITE_LABEL]: suite },
            containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
          },
        },
      },
    },
  });
  const core = kc.makeApiClient(CoreV1Api);
  const list = await waitFor(() => core.listNamespacedPod({ namespace, labelSelector: `app=${name}` }), {
    timeoutMs: 60_000,
    message: `${replicas} pods of deployment ${name} Running and Ready`,
    until: (pods) => pods.items.filter(isPodReady).length === replicas,
  });
  return list.items;
}

async function createPdb(
  kc: KubeConfig,
  namespace: string,
  name: string,
  budget: { minAvailable?: number; maxUnavailable?: number },
) {
  const policy = kc.makeApiClient(PolicyV1Api);
  await policy.createNamespacedPodDisruptionBudget({
    namespace,
    body: { metadata: { name }, spec: { ...budget, selector: { matchLabels: { app: name } } } },
  });
  return waitFor(() => policy.readNamespacedPodDisruptionBudget({ name, namespace }), {
    timeoutMs: 30_000,
    message: `PDB ${name} status computed by the disruption controller`,
    until: (pdb) =>
      (pdb.status?.observedGeneration ?? 0) >= (pdb.metadata?.generation ?? 1) &&
      (pdb.status?.expectedPods ?? 0) > 0,
  });
}

describe('local control plane (management cluster)', () => {
  const kc = managementKubeConfig();
  let ns: TestNamespace;

  beforeAll(async () => {
    await createFakeNode(kc, { name: nodeName, labels: { [SUITE_LABEL]: suite }, cpu: '4', memory: '16Gi' });
  });
  afterAll(async () => {
    await deleteFakeNode(kc, nodeName);
  });
  beforeEach(async () => {
    ns = await createTestNamespace(kc, 'controlplane');
  });
  afterEach(async () => {
    await ns.delete();
  });

  it(`reports Kubernetes ${K8S_VERSION}`, async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(K8S_VERSION);
  });

  it('makes a fake node Ready', async () => {
    const node = await waitForNodeReady(kc, nodeName);
    expect(isNodeReady(node)).toBe(true);
    expect(node.status?.allocatable?.cpu).toBe('4');
  });

  it("schedules a Deployment's pods onto the node and reports them Running and Ready", async () => {
    const pods = await deployPause(kc, ns.name, 'web', 2);
    expect(pods.map((p) => p.spec?.nodeName)).toEqual([nodeName, nodeName]);
  });

  it("computes a PodDisruptionBudget's disruptionsAllowed", async () => {
    await deployPause(kc, ns.name, 'api', 3);
    const pdb = await createPdb(kc, ns.name, 'api', { maxUnavailable: 1 });
    expect(pdb.status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
  });

  it('answers 429 to an Eviction that would violate a PodDisruptionBudget', async () => {
    const [pod] = await deployPause(kc, ns.name, 'db', 1);
    const pdb = await createPdb(kc, ns.name, 'db', { minAvailable: 1 });
    expect(pdb.status?.disruptionsAllowed).toBe(0);
    const name = pod?.metadata?.name ?? '';
    const eviction = kc.makeApiClient(CoreV1Api).createNamespacedPodEviction({
      name,
      namespace: ns.name,
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns.name } },
    });
    const err: unknown = await eviction.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(429);
    expect(JSON.stringify((err as ApiException<unknown>).body)).toMatch(/disruption budget/);
  });
});

describe('a workload cluster', () => {
  let workload: KwokCluster | undefined;
  const started = () => {
    if (!workload) throw new Error('workload cluster did not start');
    return workload;
  };

  beforeAll(async () => {
    workload = await startWorkloadCluster();
  });
  afterAll(async () => {
    await workload?.stop();
  });

  it('runs its own five components and answers on its own API server', async () => {
    const commands = clusterProcesses(started()).map((p) => p.command);
    expect(commands.sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok-controller',
    ]);
    expect(clusterRss(started()).totalBytes).toBeGreaterThan(0);
    const management = managementKubeConfig();
    expect(started().server).not.toBe(management.getCurrentCluster()?.server);
    const version = await kubeConfigFor(started()).makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(K8S_VERSION);
  });

  it('keeps its objects apart from the management cluster', async () => {
    const ns = await createTestNamespace(kubeConfigFor(started()), 'isolation');
    try {
      const read = managementKubeConfig().makeApiClient(CoreV1Api).readNamespace({ name: ns.name });
      await expect(read).rejects.toMatchObject({ code: 404 });
    } finally {
      await ns.delete();
    }
  });

  it('leaves no process and no files behind when stopped', async () => {
    const cluster = started();
    const before = clusterProcesses(cluster);
    expect(before).toHaveLength(5);
    await cluster.stop();
    expect(clusterProcesses(cluster)).toEqual([]);
    expect(before.filter((p) => isProcessAlive({ pid: p.pid }))).toEqual([]);
    expect(existsSync(join(cluster.workdir, 'clusters', cluster.name))).toBe(false);
  });
});
