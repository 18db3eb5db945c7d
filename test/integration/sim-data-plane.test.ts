// The simulator's kwok data plane against a real Kubernetes control plane (kwok nodes, real scheduler,
// disruption controller and Eviction API); ARM is not involved. Proves that pools become AKS-shaped
// nodes, that surge upgrades and pool deletions drain through PDBs as AKS does, and that clusters stop,
// start and go away.
import { KubeConfig, CoreV1Api, AppsV1Api, PolicyV1Api, Watch } from '@kubernetes/client-node';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { clusterProcesses } from '../../controlplane/index.js';
import type { ClusterShape, PoolShape } from '../../sim/data-plane.js';
import { KwokDataPlane, isDataPlaneError } from '../../sim/kwok-data-plane.js';

const CLUSTER: ClusterShape = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dp/providers/Microsoft.ContainerService/managedClusters/dp1',
  name: 'dp1',
  location: 'westeurope',
  kubernetesVersion: '1.33.2',
  nodeResourceGroup: 'MC_rg-dp_dp1_westeurope',
};

function poolShape(name: string, overrides: Partial<PoolShape> = {}): PoolShape {
  return {
    name,
    mode: 'User',
    vmSize: 'Standard_D4s_v5',
    count: 2,
    orchestratorVersion: '1.32.6',
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202506.10.0',
    osType: 'Linux',
    osSKU: 'Ubuntu',
    maxPods: 110,
    nodeLabels: {},
    nodeTaints: [],
    availabilityZones: ['1', '2', '3'],
    scaleSetPriority: 'Regular',
    upgradeSettings: { maxSurge: '1' },
    ...overrides,
  };
}

/** Polls until `check` returns a value, or fails naming what it waited for. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err: unknown) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const isPodReady = (pod: V1Pod) =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
  !pod.metadata?.deletionTimestamp;

describe('kwok data plane', () => {
  const dataPlane = new KwokDataPlane({ timeScale: 0.01 });
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let policy: PolicyV1Api;
  let kubeconfig: KubeConfig;
  const signal = () => AbortSignal.timeout(110_000);

  const poolNodes = async (pool: string): Promise<V1Node[]> =>
    (await core.listNode({ labelSelector: `kubernetes.azure.com/agentpool=${pool}` })).items;

  async function createNamespace(name: string): Promise<void> {
    await core.createNamespace({ body: { metadata: { name } } });
    await waitFor(`service account default in ${name}`, async () =>
      (await core.listNamespacedServiceAccount({ namespace: name })).items.find(
        (sa) => sa.metadata?.name === 'default',
      ),
    );
  }

  async function createWorkload(options: {
    namespace: string;
    pool: string;
    replicas: number;
    pdb: { maxUnavailable: number } | { minAvailable: number };
  }): Promise<void> {
    const { namespace, pool, replicas } = options;
    const labels = { app: 'web' };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web', namespace },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { 'kubernetes.azure.com/agentpool': pool },
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 },
                },
              ],
            },
          },
        },
      },
    });
    await policy.createNamespacedPodDisruptionBudget({
      namespace,
      body: {
        metadata: { name: 'web-pdb', namespace },
        spec: { selector: { matchLabels: labels }, ...options.pdb },
      },
    });
    await waitFor(`${replicas} ready pods in ${namespace}`, async () => {
      const pods = (await core.listNamespacedPod({ namespace })).items;
      return pods.filter(isPodReady).length === replicas ? pods : undefined;
    });
    await waitFor(`PDB status in ${namespace}`, async () => {
      const pdb = await policy.readNamespacedPodDisruptionBudget({ name: 'web-pdb', namespace });
      return pdb.status?.observedGeneration === pdb.metadata?.generation &&
        pdb.status?.expectedPods === replicas
        ? pdb
        : undefined;
    });
  }

  /** The `default` ServiceAccounts found right after the cluster first started, read before any wait. */
  let serviceAccountsAtStart: string[] = [];

  beforeAll(async () => {
    await dataPlane.ensureCluster(CLUSTER, signal());
    const credentials = await dataPlane.credentials(CLUSTER.id);
    kubeconfig = new KubeConfig();
    kubeconfig.loadFromString(credentials.adminKubeconfig);
    core = kubeconfig.makeApiClient(CoreV1Api);
    apps = kubeconfig.makeApiClient(AppsV1Api);
    policy = kubeconfig.makeApiClient(PolicyV1Api);
    const accounts = await core.listServiceAccountForAllNamespaces({
      fieldSelector: 'metadata.name=default',
    });
    serviceAccountsAtStart = accounts.items.map((sa) => sa.metadata?.namespace ?? '');
  });

  afterAll(async () => {
    await dataPlane.close();
  });

  it('serves the cluster API through AKS-named kubeconfigs, with kube-system workloads', async () => {
    await dataPlane.ensureCluster(CLUSTER, signal()); // idempotent: the same cluster
    const credentials = await dataPlane.credentials(CLUSTER.id);
    expect(credentials.adminKubeconfig).toContain('current-context: dp1-admin');
    expect(credentials.userKubeconfig).toContain('current-context: dp1');
    expect(credentials.userKubeconfig).toContain('clusterUser_rg-dp_dp1');

    const user = new KubeConfig();
    user.loadFromString(credentials.userKubeconfig);
    const daemonSets = await user
      .makeApiClient(AppsV1Api)
      .listNamespacedDaemonSet({ namespace: 'kube-system' });
    expect(daemonSets.items.map((ds) => ds.metadata?.name)).toContain('kube-proxy');
  });

  it('has the default ServiceAccounts of default and kube-system once the cluster is started, so pods are accepted at once', () => {
    expect(serviceAccountsAtStart).toEqual(expect.arrayContaining(['default', 'kube-system']));
  });

  it('scales a pool 2 → 5 → 1 with AKS node names, labels, versions and zone spread', async () => {
    const seen = { added: new Set<string>(), deleted: new Set<string>() };
    const watch = await new Watch(kubeconfig).watch(
      '/api/v1/nodes',
      { labelSelector: 'kubernetes.azure.com/agentpool=scale' },
      (type: string, node: V1Node) => {
        if (type === 'ADDED') seen.added.add(node.metadata?.name ?? '');
        if (type === 'DELETED') seen.deleted.add(node.metadata?.name ?? '');
      },
      () => undefined,
    );
    try {
      const pool = poolShape('scale', { nodeLabels: { team: 'payments' } });
      await dataPlane.syncPool(CLUSTER.id, pool, signal());
      expect((await poolNodes('scale')).length).toBe(2);

      await dataPlane.syncPool(CLUSTER.id, { ...pool, count: 5 }, signal());
      const five = await poolNodes('scale');
      expect(five.map((n) => n.metadata?.name).sort()).toEqual(
        ['000000', '000001', '000002', '000003', '000004'].map((s) =>
          expect.stringMatching(new RegExp(`^aks-scale-\\d{8}-vmss${s}$`)),
        ),
      );
      const node = five[0] as V1Node;
      expect(node.metadata?.labels).toMatchObject({
        agentpool: 'scale',
        'kubernetes.azure.com/agentpool': 'scale',
        'kubernetes.azure.com/mode': 'user',
        'kubernetes.azure.com/role': 'agent',
        'kubernetes.azure.com/cluster': CLUSTER.nodeResourceGroup,
        'kubernetes.azure.com/node-image-version': pool.nodeImageVersion,
        'kubernetes.azure.com/os-sku': 'Ubuntu',
        'node.kubernetes.io/instance-type': 'Standard_D4s_v5',
        'topology.kubernetes.io/region': 'westeurope',
        'kubernetes.io/os': 'linux',
        team: 'payments',
      });
      expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.32.6');
      expect(node.status?.capacity).toMatchObject({ cpu: '4', pods: '110' });
      const perZone = new Map<string, number>();
      for (const n of five) {
        const zone = n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '';
        perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      }
      expect([...perZone.keys()].sort()).toEqual(['westeurope-1', 'westeurope-2', 'westeurope-3']);
      expect(Math.max(...perZone.values()) - Math.min(...perZone.values())).toBeLessThanOrEqual(1);

      await dataPlane.syncPool(CLUSTER.id, { ...pool, count: 1, nodeLabels: { team: 'billing' } }, signal());
      const one = await poolNodes('scale');
      expect(one).toHaveLength(1);
      expect(one[0]?.metadata?.labels?.team).toBe('billing');
      await waitFor(
        'watch to see the deletions',
        async () => (seen.deleted.size === 4 ? true : undefined),
        10_000,
      );
      expect(seen.added.size).toBe(5);
    } finally {
      watch.abort();
    }
  });

  it('gives spot pools the spot label and taint, and node-image upgrades replace their nodes', async () => {
    const pool = poolShape('spot', {
      scaleSetPriority: 'Spot',
      nodeTaints: ['dedicated=batch:NoSchedule'],
      availabilityZones: [],
    });
    await dataPlane.syncPool(CLUSTER.id, pool, signal());
    const nodes = await poolNodes('spot');
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.metadata?.labels?.['kubernetes.azure.com/scalesetpriority']).toBe('spot');
      expect(node.metadata?.labels?.['topology.kubernetes.io/zone']).toBe('0');
      expect(node.spec?.taints).toEqual(
        expect.arrayContaining([
          { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'batch', effect: 'NoSchedule' },
        ]),
      );
    }

    const newImage = 'AKSUbuntu-2204gen2containerd-202507.01.0';
    await dataPlane.upgradePool(CLUSTER.id, pool, { ...pool, nodeImageVersion: newImage }, signal());
    const upgraded = await poolNodes('spot');
    expect(upgraded).toHaveLength(2);
    expect(upgraded.map((n) => n.metadata?.labels?.['kubernetes.azure.com/node-image-version'])).toEqual([
      newImage,
      newImage,
    ]);
    expect(upgraded.map((n) => n.metadata?.name)).not.toEqual(
      expect.arrayContaining(nodes.map((n) => n.metadata?.name)),
    );
  });

  it('surge-upgrades a pool under a PDB: pods move to new nodes and never more than one is unavailable', async () => {
    // maxSurge 100%: all three old nodes drain at once, so only the PDB keeps two replicas up.
    const pool = poolShape('upg', { count: 3, upgradeSettings: { maxSurge: '100%' } });
    await dataPlane.syncPool(CLUSTER.id, pool, signal());
    await createNamespace('upgrade');
    await createWorkload({ namespace: 'upgrade', pool: 'upg', replicas: 3, pdb: { maxUnavailable: 1 } });

    const pods = new Map<string, V1Pod>();
    let minReady = Number.POSITIVE_INFINITY;
    let deletions = 0;
    const watch = await new Watch(kubeconfig).watch(
      '/api/v1/namespaces/upgrade/pods',
      {},
      (type: string, pod: V1Pod) => {
        if (type === 'DELETED') {
          pods.delete(pod.metadata?.name ?? '');
          deletions += 1;
        } else pods.set(pod.metadata?.name ?? '', pod);
        minReady = Math.min(minReady, [...pods.values()].filter(isPodReady).length);
      },
      () => undefined,
    );
    try {
      await waitFor('the watch to list the pods', async () =>
        [...pods.values()].filter(isPodReady).length === 3 ? true : undefined,
      );
      minReady = 3;
      const progress: string[] = [];
      await dataPlane.upgradePool(
        CLUSTER.id,
        pool,
        { ...pool, orchestratorVersion: '1.33.2' },
        signal(),
        (m) => progress.push(m),
      );
      expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^Draining node: aks-upg-/)]));

      const nodes = await poolNodes('upg');
      expect(nodes).toHaveLength(3);
      expect(nodes.map((n) => n.status?.nodeInfo?.kubeletVersion)).toEqual(['v1.33.2', 'v1.33.2', 'v1.33.2']);
      const newNodes = new Set(nodes.map((n) => n.metadata?.name));
      const running = await waitFor('3 ready pods on the new nodes', async () => {
        const list = (await core.listNamespacedPod({ namespace: 'upgrade' })).items.filter(isPodReady);
        return list.length === 3 && list.every((p) => newNodes.has(p.spec?.nodeName)) ? list : undefined;
      });
      expect(running).toHaveLength(3);
      // The watch saw every original pod go (it was live), and never fewer than 2 of 3 Ready.
      expect(deletions).toBeGreaterThanOrEqual(3);
      expect(minReady).toBeGreaterThanOrEqual(2);
    } finally {
      watch.abort();
    }
  });

  it('fails with UpgradeFailed naming the pod and PDB when a PDB allows no disruption, and quarantines with Cordon', async () => {
    const pool = poolShape('blk', { count: 2, upgradeSettings: { maxSurge: '1', drainTimeoutInMinutes: 5 } });
    await dataPlane.syncPool(CLUSTER.id, pool, signal());
    await createNamespace('blocked');
    await createWorkload({ namespace: 'blocked', pool: 'blk', replicas: 1, pdb: { minAvailable: 1 } });
    const [blocker] = (await core.listNamespacedPod({ namespace: 'blocked' })).items;
    const blockerName = blocker?.metadata?.name ?? '';
    const blockedNode = blocker?.spec?.nodeName ?? '';

    const target = { ...pool, orchestratorVersion: '1.33.2' };
    const failure = await dataPlane.upgradePool(CLUSTER.id, pool, target, signal()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isDataPlaneError(failure) && failure.code).toBe('UpgradeFailed');
    expect((failure as Error).message).toContain(
      `Drain node ${blockedNode} failed when evicting pod ${blockerName}`,
    );
    expect((failure as Error).message).toContain(
      `PDB debug info: blocked/${blockerName} blocked by pdb web-pdb`,
    );
    // undrainableNodeBehavior Schedule: the blocked node is schedulable again and keeps its version.
    const afterFailure = (await poolNodes('blk')).find((n) => n.metadata?.name === blockedNode);
    expect(afterFailure?.spec?.unschedulable).toBeFalsy();
    expect(afterFailure?.status?.nodeInfo?.kubeletVersion).toBe('v1.32.6');

    const cordon = {
      ...target,
      upgradeSettings: { ...target.upgradeSettings, undrainableNodeBehavior: 'Cordon' as const },
    };
    await dataPlane.upgradePool(CLUSTER.id, pool, cordon, signal());
    const nodes = await poolNodes('blk');
    const quarantined = nodes.filter(
      (n) => n.metadata?.labels?.['kubernetes.azure.com/upgrade-status'] === 'Quarantined',
    );
    expect(quarantined.map((n) => n.metadata?.name)).toEqual([blockedNode]);
    expect(quarantined[0]?.spec?.unschedulable).toBe(true);
    expect(nodes.filter((n) => n.status?.nodeInfo?.kubeletVersion === 'v1.33.2')).toHaveLength(2);
    const stillThere = await core.readNamespacedPod({ name: blockerName, namespace: 'blocked' });
    expect(stillThere.spec?.nodeName).toBe(blockedNode);
  });

  it('deletes a pool only once a PDB lets its drain finish: PodDrainFailure keeps the nodes, ignoring PDBs deletes', async () => {
    const pool = poolShape('del', { count: 2, upgradeSettings: { drainTimeoutInMinutes: 5 } });
    await dataPlane.syncPool(CLUSTER.id, pool, signal());
    await createNamespace('deleting');
    await createWorkload({ namespace: 'deleting', pool: 'del', replicas: 1, pdb: { minAvailable: 1 } });
    const [blocker] = (await core.listNamespacedPod({ namespace: 'deleting' })).items;
    const blockerName = blocker?.metadata?.name ?? '';

    const failure = await dataPlane.deletePool(CLUSTER.id, 'del', signal()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isDataPlaneError(failure) && failure.code).toBe('PodDrainFailure');
    expect((failure as Error).message).toContain(
      `Drain node ${blocker?.spec?.nodeName ?? ''} failed when evicting pod ${blockerName}`,
    );
    expect((failure as Error).message).toContain(
      `PDB debug info: deleting/${blockerName} blocked by pdb web-pdb`,
    );
    // The pool stays: both nodes, schedulable again, and the protected pod where it was.
    const kept = await poolNodes('del');
    expect(kept).toHaveLength(2);
    expect(kept.every((n) => !n.spec?.unschedulable)).toBe(true);
    expect((await core.readNamespacedPod({ name: blockerName, namespace: 'deleting' })).spec?.nodeName).toBe(
      blocker?.spec?.nodeName,
    );

    await dataPlane.deletePool(CLUSTER.id, 'del', signal(), { ignorePodDisruptionBudget: true });
    expect(await poolNodes('del')).toHaveLength(0);
    await waitFor(`pod ${blockerName} deleted`, async () => {
      const pods = (await core.listNamespacedPod({ namespace: 'deleting' })).items;
      return pods.some((p) => p.metadata?.name === blockerName) ? undefined : pods;
    });
  });

  it('stops (no nodes, objects kept) and starts (same nodes back, pods Running again)', async () => {
    const before = (await core.listNode()).items.map((n) => n.metadata?.name).sort();
    expect(before.length).toBeGreaterThan(0);
    await dataPlane.stopCluster(CLUSTER.id, signal());
    expect((await core.listNode()).items).toHaveLength(0);
    const deployment = await apps.readNamespacedDeployment({ name: 'web', namespace: 'upgrade' });
    expect(deployment.spec?.replicas).toBe(3);
    await waitFor('no ready pods while stopped', async () => {
      const pods = (await core.listNamespacedPod({ namespace: 'upgrade' })).items;
      return pods.some(isPodReady) ? undefined : pods;
    });

    const pools = [
      poolShape('scale', { count: 1, nodeLabels: { team: 'billing' } }),
      poolShape('spot', {
        scaleSetPriority: 'Spot',
        nodeTaints: ['dedicated=batch:NoSchedule'],
        availabilityZones: [],
        nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202507.01.0',
      }),
      poolShape('upg', { count: 3, orchestratorVersion: '1.33.2', upgradeSettings: { maxSurge: '100%' } }),
    ];
    await dataPlane.startCluster(CLUSTER.id, pools, signal());
    const upgNodes = new Set((await poolNodes('upg')).map((n) => n.metadata?.name));
    expect(before).toEqual(expect.arrayContaining([...upgNodes]));
    const pods = await waitFor('3 pods Running again on the upg pool', async () => {
      const list = (await core.listNamespacedPod({ namespace: 'upgrade' })).items.filter(isPodReady);
      return list.length === 3 && list.every((p) => upgNodes.has(p.spec?.nodeName)) ? list : undefined;
    });
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
  });

  it('deletes a pool, then the cluster, leaving no process behind', async () => {
    await dataPlane.deletePool(CLUSTER.id, 'scale', signal());
    expect(await poolNodes('scale')).toHaveLength(0);

    const kwok = await dataPlane.kwokClusterOf(CLUSTER.id);
    expect(kwok).toBeDefined();
    expect(clusterProcesses(kwok as NonNullable<typeof kwok>).length).toBeGreaterThan(0);
    await dataPlane.deleteCluster(CLUSTER.id, signal());
    expect(clusterProcesses(kwok as NonNullable<typeof kwok>)).toEqual([]);
    await expect(dataPlane.credentials(CLUSTER.id)).rejects.toMatchObject({ code: 'ClusterNotFound' });
  });
});
