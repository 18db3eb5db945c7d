import {
  Annotation,
  API_VERSION,
  applyDefaults,
  upgradePlanSpec,
  type ManagedCluster,
  type NodePool,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../api/index.js';
import { getCondition, StatusWriter } from '../../runtime/index.js';
import { FakeObjectStore } from '../testing/fake-object-store.js';
import { clusterPower, managedCluster, nodePool } from '../testing/objects.js';
import { reconcilerKit, type ReconcilerKit } from '../testing/reconciler-kit.js';
import { UpgradePlanReconciler } from './reconciler.js';
import { FakeAnnotator, FakePreflight, FixedVersions } from './testing/fakes.js';

const NS = 'team-a';
const OFFERED = ['1.31.9', '1.31.11', '1.32.5', '1.32.7', '1.33.2', '1.33.4'];
const NEXT_MINOR: Record<string, string[]> = { '1.31': ['1.32.5', '1.32.7'], '1.32': ['1.33.2', '1.33.4'] };

interface World {
  kit: ReconcilerKit;
  plans: FakeObjectStore<UpgradePlan>;
  annotator: FakeAnnotator;
  preflight: FakePreflight;
  versions: FixedVersions;
  reconciler: UpgradePlanReconciler;
  reconcile(): Promise<{ requeueAfterMs?: number }>;
  plan(): UpgradePlan;
  cluster(name: string): ManagedCluster;
  pool(name: string): NodePool;
}

function world(): World {
  const kit = reconcilerKit();
  const plans = new FakeObjectStore<UpgradePlan>({
    group: 'aks.lifecycle.dev',
    version: 'v1alpha1',
    plural: 'upgradeplans',
  });
  const annotator = new FakeAnnotator(kit.clusters, kit.pools);
  const preflight = new FakePreflight();
  const versions = new FixedVersions(OFFERED);
  const reconciler = new UpgradePlanReconciler({
    ctx: kit.ctx,
    plans,
    clusters: kit.clusters,
    pools: kit.pools,
    statusWriter: new StatusWriter(plans.client()),
    annotator,
    preflight,
    versions,
  });
  const must = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`${what} missing`);
    return v;
  };
  return {
    kit,
    plans,
    annotator,
    preflight,
    versions,
    reconciler,
    reconcile: () => reconciler.reconcile({ namespace: NS, name: 'plan' }, new AbortController().signal),
    plan: () => must(plans.get({ namespace: NS, name: 'plan' }), 'plan'),
    cluster: (name) => must(kit.clusters.get({ namespace: NS, name }), name),
    pool: (name) => must(kit.pools.get({ namespace: NS, name }), name),
  };
}

/** A cluster of `env` at `version` with one User pool at `poolVersion`. */
function addCluster(
  w: World,
  name: string,
  env: string,
  opts: { version?: string; poolVersion?: string; annotations?: Record<string, string> } = {},
): void {
  const version = opts.version ?? '1.31.11';
  const mc = managedCluster({
    name,
    namespace: NS,
    spec: { kubernetesVersion: '1.31' },
    status: {
      currentKubernetesVersion: version,
      provisioningState: 'Succeeded',
      // The upgrade profile names the next minor only.
      availableUpgrades: NEXT_MINOR[version.split('.').slice(0, 2).join('.')] ?? [],
    },
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  });
  mc.metadata.labels = { env };
  w.kit.clusters.put(mc);
  w.kit.pools.put(
    nodePool({
      name: `${name}-user`,
      namespace: NS,
      spec: { clusterRef: { name } },
      status: { currentOrchestratorVersion: opts.poolVersion ?? version },
    }),
  );
}

function addPlan(w: World, spec: Partial<UpgradePlanSpecInput> = {}): void {
  w.plans.put({
    apiVersion: API_VERSION,
    kind: 'UpgradePlan',
    metadata: { name: 'plan', namespace: NS, uid: 'uid-plan', generation: 1, resourceVersion: '1' },
    spec: applyDefaults(upgradePlanSpec, {
      target: { kubernetesVersion: '1.33' },
      clusterSelector: {},
      stages: [
        { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, maxConcurrency: 1 },
        { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } }, requireApproval: true },
      ],
      ...spec,
    } as UpgradePlanSpecInput),
  });
}

const clusterStatus = (w: World, name: string) =>
  w
    .plan()
    .status?.stages?.flatMap((s) => s.clusters ?? [])
    .find((c) => c.name === name);

describe('UpgradePlanReconciler', () => {
  let w: World;
  beforeEach(() => {
    w = world();
    addCluster(w, 'dev-1', 'dev');
    addCluster(w, 'dev-2', 'dev');
    addCluster(w, 'prod-1', 'prod');
  });

  it('asks the first dev cluster for the next minor only, through annotations, never its spec', async () => {
    addPlan(w);
    const result = await w.reconcile();
    expect(w.cluster('dev-1').metadata.annotations).toEqual({
      [Annotation.UpgradeTarget]: '1.32.7',
      [Annotation.UpgradePlan]: 'plan',
    });
    expect(w.cluster('dev-1').spec.kubernetesVersion).toBe('1.31');
    expect(w.cluster('dev-2').metadata.annotations).toBeUndefined();
    expect(w.cluster('prod-1').metadata.annotations).toBeUndefined();
    expect(w.annotator.requests).toHaveLength(1);
    expect(clusterStatus(w, 'dev-1')).toMatchObject({ phase: 'UpgradingControlPlane' });
    expect(w.plan().status).toMatchObject({ phase: 'Progressing', observedGeneration: 1 });
    expect(w.kit.events.reasons()).toEqual(
      expect.arrayContaining(['UpgradeStepStarted', 'StageStarted', 'ClusterUpgradeStarted']),
    );
    expect(result.requeueAfterMs).toBeGreaterThan(0);
  });

  it('makes no write on a pass where nothing changed', async () => {
    addPlan(w);
    await w.reconcile();
    const writes = w.plans.statusWrites;
    const events = w.kit.events.events.length;
    await w.reconcile();
    expect(w.plans.statusWrites).toBe(writes);
    expect(w.annotator.requests).toHaveLength(1);
    expect(w.kit.events.events).toHaveLength(events);
  });

  it('moves on to the pool once the control plane reached the target, with the strategy the plan names', async () => {
    addPlan(w, { poolStrategy: { default: 'BlueGreen' } });
    w.kit.clusters.put({
      ...w.cluster('dev-1'),
      metadata: {
        ...w.cluster('dev-1').metadata,
        annotations: { [Annotation.UpgradeTarget]: '1.33.4', [Annotation.UpgradePlan]: 'plan' },
      },
      status: { ...w.cluster('dev-1').status, currentKubernetesVersion: '1.33.4' },
    });
    await w.reconcile();
    expect(w.pool('dev-1-user').metadata.annotations).toEqual({
      [Annotation.UpgradeTarget]: '1.33.4',
      [Annotation.UpgradeStrategy]: 'BlueGreen',
      [Annotation.UpgradePlan]: 'plan',
      // The plan's default drain settings go with a blue/green replacement.
      [Annotation.DrainTimeoutMinutes]: '30',
      [Annotation.DrainBatchSize]: '1',
      [Annotation.DrainOnTimeout]: 'Wait',
    });
    expect(clusterStatus(w, 'dev-1')).toMatchObject({ phase: 'UpgradingNodePools' });
  });

  it('blocks a cluster whose pre-flight finds an Error and writes nothing to it', async () => {
    addPlan(w);
    w.preflight.findings.set('dev-1', [
      {
        check: 'RemovedAPIsInManifests',
        passed: false,
        severity: 'Error',
        reason: 'RemovedApiInUse',
        message: 'HorizontalPodAutoscaler shop/api uses autoscaling/v2beta2',
        objects: ['HorizontalPodAutoscaler/shop/api'],
      },
    ]);
    await w.reconcile();
    expect(w.annotator.requests).toEqual([]);
    expect(clusterStatus(w, 'dev-1')).toMatchObject({
      phase: 'Blocked',
      blocker: { reason: 'ChecksFailed' },
      preflight: [expect.objectContaining({ objects: ['HorizontalPodAutoscaler/shop/api'] })],
    });
    // The blocked cluster holds the stage's only slot.
    expect(clusterStatus(w, 'dev-2')).toMatchObject({ phase: 'Pending' });
    const passed = getCondition(w.plan().status?.conditions, 'PreflightPassed');
    expect(passed).toMatchObject({ status: 'False', reason: 'ChecksFailed' });
    expect(passed?.message).toContain('HorizontalPodAutoscaler/shop/api');
    expect(w.kit.events.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Warning', reason: 'ChecksFailed' })]),
    );
  });

  it('skips the checks the plan lists and passes the list to pre-flight', async () => {
    addPlan(w, { preflight: { skip: ['RemovedAPIsInUse'], stoppedClusters: 'Skip' } });
    await w.reconcile();
    expect(w.preflight.runs.map((r) => r.skip)).toEqual([['RemovedAPIsInUse']]);
  });

  it('waits without a write while pre-flight says the cluster is busy', async () => {
    addPlan(w);
    w.preflight.waiting.set('dev-1', 'cluster dev-1 is Updating');
    const result = await w.reconcile();
    expect(w.annotator.requests).toEqual([]);
    expect(result.requeueAfterMs).toBeGreaterThan(0);
  });

  it.each([
    ['paused', { paused: true }, 'Paused'],
    ['aborted', { abort: true }, 'Aborted'],
  ])('starts nothing when %s', async (_name, spec, phase) => {
    addPlan(w, spec);
    await w.reconcile();
    expect(w.annotator.requests).toEqual([]);
    expect(w.preflight.runs).toEqual([]);
    expect(w.plan().status?.phase).toBe(phase);
  });

  it('fails the plan when a cluster stalls on the upgrade it asked for; kstatus reads Failed', async () => {
    addPlan(w);
    const dev1 = w.cluster('dev-1');
    w.kit.clusters.put({
      ...dev1,
      metadata: {
        ...dev1.metadata,
        annotations: { [Annotation.UpgradeTarget]: '1.32.7', [Annotation.UpgradePlan]: 'plan' },
      },
      status: {
        ...dev1.status,
        provisioningState: 'Failed',
        conditions: [
          {
            type: 'Stalled',
            status: 'True',
            reason: 'K8sVersionNotSupported',
            message: 'AKS refused the version',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    });
    await w.reconcile();
    expect(clusterStatus(w, 'dev-1')).toMatchObject({
      phase: 'Failed',
      blocker: { reason: 'K8sVersionNotSupported' },
    });
    expect(w.plan().status?.phase).toBe('Failed');
    expect(getCondition(w.plan().status?.conditions, 'Stalled')?.status).toBe('True');
    expect(w.annotator.requests).toEqual([]);
  });

  it('starts prod only once spec.approvals lists it', async () => {
    for (const name of ['dev-1', 'dev-2']) {
      w.kit.clusters.remove({ namespace: NS, name });
      w.kit.pools.remove({ namespace: NS, name: `${name}-user` });
      addCluster(w, name, 'dev', { version: '1.33.4' });
    }
    addPlan(w);
    await w.reconcile();
    expect(w.plan().status?.phase).toBe('WaitingForApproval');
    expect(w.annotator.requests).toEqual([]);
    w.plans.put({ ...w.plan(), spec: { ...w.plan().spec, approvals: ['prod'] } });
    await w.reconcile();
    expect(w.annotator.requests.map((r) => r.name)).toEqual(['prod-1']);
  });

  it('leaves a cluster alone while another running plan holds it', async () => {
    addPlan(w);
    w.plans.put({
      ...w.plan(),
      metadata: { ...w.plan().metadata, name: 'other', uid: 'uid-other' },
      status: { phase: 'Progressing' },
    });
    const dev1 = w.cluster('dev-1');
    w.kit.clusters.put({
      ...dev1,
      metadata: { ...dev1.metadata, annotations: { [Annotation.UpgradePlan]: 'other' } },
    });
    await w.reconcile();
    expect(w.annotator.requests).toEqual([]);
    expect(clusterStatus(w, 'dev-1')).toMatchObject({
      phase: 'Blocked',
      blocker: { reason: 'ClusterHeldByAnotherPlan' },
    });
  });

  it('reads the region versions only when a later minor must be planned', async () => {
    addPlan(w, { target: { kubernetesVersion: '1.32' } });
    await w.reconcile();
    expect(w.versions.reads).toBe(0);
    expect(w.cluster('dev-1').metadata.annotations?.[Annotation.UpgradeTarget]).toBe('1.32.7');
  });
});

describe('UpgradePlanReconciler with Azure failing', () => {
  it('blocks only the cluster whose region versions cannot be read, and goes on with the others', async () => {
    const w = world();
    addCluster(w, 'dev-1', 'dev');
    addCluster(w, 'dev-2', 'dev', { version: '1.32.7' });
    addPlan(w, {
      stages: [{ name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, maxConcurrency: 2 }],
    });
    w.versions.regionVersions = () => Promise.reject(new Error('AuthorizationFailed'));
    await w.reconcile();
    expect(clusterStatus(w, 'dev-1')).toMatchObject({
      phase: 'Blocked',
      blocker: { reason: 'TargetNotOffered', message: expect.stringContaining('AuthorizationFailed') },
    });
    expect(w.annotator.requests.map((r) => r.name)).toEqual(['dev-2']);
  });
});

describe('UpgradePlanReconciler with a stopped cluster', () => {
  let w: World;
  const START = { [Annotation.PowerOverride]: 'Running', [Annotation.UpgradePlan]: 'plan' };
  const setCluster = (status: Partial<NonNullable<ManagedCluster['status']>>, annotations?: object) => {
    const mc = w.cluster('dev-1');
    w.kit.clusters.put({
      ...mc,
      metadata: { ...mc.metadata, annotations: { ...mc.metadata.annotations, ...annotations } },
      status: { ...mc.status, ...status },
    });
  };
  const onePlan = (stoppedClusters?: 'Start' | 'Skip') =>
    addPlan(w, {
      target: { kubernetesVersion: '1.32' },
      stages: [{ name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } } }],
      ...(stoppedClusters ? { preflight: { stoppedClusters } } : {}),
    });

  beforeEach(() => {
    w = world();
    addCluster(w, 'dev-1', 'dev');
    setCluster(clusterPower('Stopped'));
  });

  it('skips it by default: no annotation, no pre-flight', async () => {
    onePlan();
    await w.reconcile();
    expect(clusterStatus(w, 'dev-1')).toMatchObject({
      phase: 'Skipped',
      blocker: { reason: 'ClusterStopped' },
    });
    expect(w.annotator.requests).toEqual([]);
    expect(w.preflight.runs).toEqual([]);
    expect(w.plan().status?.phase).toBe('Succeeded');
  });

  it('asks it to run before any check or step, once', async () => {
    onePlan('Start');
    const result = await w.reconcile();
    expect(w.cluster('dev-1').metadata.annotations).toEqual(START);
    expect(w.preflight.runs).toEqual([]);
    expect(clusterStatus(w, 'dev-1')?.phase).toBe('UpgradingControlPlane');
    expect(w.kit.events.reasons()).toContain('StartedStoppedCluster');
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    // Still stopped on the next pass (not started yet): nothing more is written.
    const statusWrites = w.plans.statusWrites;
    await w.reconcile();
    expect(w.annotator.requests).toHaveLength(1);
    expect(w.plans.statusWrites).toBe(statusWrites);
  });

  it('runs pre-flight and asks the step once it runs, then removes the override when done', async () => {
    onePlan('Start');
    await w.reconcile();
    setCluster(clusterPower('Running'));
    await w.reconcile();
    expect(w.preflight.runs.map((r) => r.cluster.metadata.name)).toEqual(['dev-1']);
    expect(w.cluster('dev-1').metadata.annotations).toEqual({
      ...START,
      [Annotation.UpgradeTarget]: '1.32.7',
    });
    // The control plane and its pool reach the target.
    setCluster({ currentKubernetesVersion: '1.32.7' });
    const np = w.pool('dev-1-user');
    w.kit.pools.put({ ...np, status: { ...np.status, currentOrchestratorVersion: '1.32.7' } });
    await w.reconcile();
    expect(w.plan().status?.phase).toBe('Succeeded');
    expect(w.annotator.removals).toEqual([
      { kind: 'ManagedCluster', name: 'dev-1', keys: [Annotation.PowerOverride] },
    ]);
    expect(w.cluster('dev-1').metadata.annotations?.[Annotation.PowerOverride]).toBeUndefined();
    expect(w.kit.events.reasons()).toContain('ReleasedPowerOverride');
    // The cluster stops again: a quiet pass writes nothing, and it is not started again.
    setCluster(clusterPower('Stopped'));
    const requests = w.annotator.requests.length;
    await w.reconcile();
    expect(w.annotator.requests).toHaveLength(requests);
    expect(w.annotator.removals).toHaveLength(1);
  });

  it('removes the override when the plan is aborted mid-way', async () => {
    onePlan('Start');
    await w.reconcile();
    w.plans.put({ ...w.plan(), spec: { ...w.plan().spec, abort: true } });
    await w.reconcile();
    expect(w.plan().status?.phase).toBe('Aborted');
    expect(w.cluster('dev-1').metadata.annotations).toEqual({ [Annotation.UpgradePlan]: 'plan' });
  });

  it('does not start a stopped cluster that is at the target already', async () => {
    onePlan('Start');
    setCluster({ currentKubernetesVersion: '1.32.7' });
    const np = w.pool('dev-1-user');
    w.kit.pools.put({ ...np, status: { ...np.status, currentOrchestratorVersion: '1.32.7' } });
    await w.reconcile();
    expect(w.annotator.requests).toEqual([]);
    expect(clusterStatus(w, 'dev-1')?.phase).toBe('Succeeded');
  });
});
