// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers), the ARM SDK over HTTPS. Simulated: Azure (the AKS simulator, no data plane; it
// refuses minor skips and pools above the control plane). Proves an UpgradePlan runs its stages in order
// within maxConcurrency, soaks, waits for approval, and takes a cluster two minors up one minor at a time,
// pools after the control plane, acting only through annotations.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import {
  Annotation,
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type ManagedCluster,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { realClock, type Clock } from '../../src/runtime/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  requestsFor,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
} from '../support/operator.js';
import { SKIP_WORKLOAD_CHECKS } from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

/** The operator's clock: real time plus an offset a test moves forward to end a soak. */
class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realClock.sleep(ms, signal);
  }
}

let sim: Simulator;
const PLAN_WAIT_MS = 2 * WAIT_MS;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim?.close();
});

interface Env {
  ns: TestNamespace;
  objects: Objects;
  operator: TestOperator;
  rg: string;
  clock: ShiftedClock;
}

const envs: Env[] = [];
const stops: (() => void)[] = [];

async function env(prefix: string, resyncPeriodMs?: number): Promise<Env> {
  const ns = await createTestNamespace(managementKubeConfig(), prefix);
  const clock = new ShiftedClock();
  const operator = new TestOperator({
    sim,
    namespaces: [ns.name],
    clock,
    ...(resyncPeriodMs ? { resyncPeriodMs } : {}),
  });
  const e = { ns, objects: new Objects(ns.name), operator, rg: `rg-${ns.name}`, clock };
  envs.push(e);
  await operator.start();
  return e;
}

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const e of envs.splice(0)) {
    await e.operator.stop();
    await e.objects.releaseAll();
    await e.ns.delete();
  }
});

const plans = () => managementKubeConfig().makeApiClient(CustomObjectsApi);
const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };

async function createPlan(namespace: string, spec: UpgradePlanSpecInput): Promise<void> {
  await plans().createNamespacedCustomObject({
    ...planKind,
    namespace,
    body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: 'plan', namespace }, spec },
  });
}

async function readPlan(namespace: string): Promise<UpgradePlan> {
  return (await plans().getNamespacedCustomObject({ ...planKind, namespace, name: 'plan' })) as UpgradePlan;
}

async function patchPlan(namespace: string, body: object): Promise<void> {
  await plans().patchNamespacedCustomObject(
    { ...planKind, namespace, name: 'plan', body },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

function waitForPlan(namespace: string, message: string, until: (p: UpgradePlan) => boolean) {
  return waitFor(() => readPlan(namespace), { timeoutMs: PLAN_WAIT_MS, intervalMs: 100, message, until });
}

const stageOf = (p: UpgradePlan, name: string) => p.status?.stages?.find((s) => s.name === name);

/** A cluster with its System pool adopted by a NodePool and one User pool, labelled env=`env`. */
async function createCluster(e: Env, name: string, env: string, version: string): Promise<void> {
  await e.objects.createCluster(name, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: e.rg,
    location: 'eastus',
    kubernetesVersion: version,
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
  });
  await e.objects.patch('cluster', name, { metadata: { labels: { env } } });
  await e.objects.createPool(`${name}-sys`, {
    clusterRef: { name },
    azureName: 'system',
    mode: 'System',
    vmSize: 'Standard_D4s_v3',
    count: 1,
  });
  await e.objects.createPool(`${name}-user`, {
    clusterRef: { name },
    azureName: 'user',
    vmSize: 'Standard_D4s_v3',
    count: 1,
  });
}

async function allReady(e: Env, clusters: string[]): Promise<void> {
  for (const c of clusters) {
    await e.objects.clusterReady(c);
    await e.objects.poolReady(`${c}-sys`);
    await e.objects.poolReady(`${c}-user`);
  }
}

/** Upgrade operations (not the creates) the simulator ran for a cluster, as [start, end] in ms. */
function upgradeSpan(rg: string, cluster: string): [number, number] | undefined {
  const prefix = `/resourcegroups/${rg.toLowerCase()}/providers/microsoft.containerservice/managedclusters/${cluster}`;
  const ops = sim.engine
    .list()
    .filter((op) => op.label === 'Upgrading' && op.resourceId.toLowerCase().includes(prefix))
    .filter((op) => {
      const rest = op.resourceId
        .toLowerCase()
        .slice(op.resourceId.toLowerCase().indexOf(prefix) + prefix.length);
      return rest === '' || rest.startsWith('/');
    });
  if (ops.length === 0) return undefined;
  return [
    Math.min(...ops.map((o) => o.startTime.getTime())),
    Math.max(...ops.map((o) => (o.endTime ?? new Date(8.64e15)).getTime())),
  ];
}

/** Most spans open at one instant. */
function maxOverlap(spans: [number, number][]): number {
  let most = 0;
  for (const [start] of spans)
    most = Math.max(most, spans.filter(([s, e]) => s <= start && start < e).length);
  return most;
}

describe('UpgradePlan stages', () => {
  it('runs dev, staging and prod in order within maxConcurrency, soaks, and waits for approval', async () => {
    const e = await env('aup-stages');
    const fleet = { dev: ['dev-1', 'dev-2'], staging: ['stg-1', 'stg-2'], prod: ['prod-1', 'prod-2'] };
    const all = Object.values(fleet).flat();
    for (const [env, names] of Object.entries(fleet))
      for (const name of names) await createCluster(e, name, env, '1.32');
    await allReady(e, all);
    await createPlan(e.ns.name, {
      target: { kubernetesVersion: '1.33' },
      clusterSelector: {},
      stages: [
        { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, maxConcurrency: 1, soakMinutes: 1 },
        { name: 'staging', clusterSelector: { matchLabels: { env: 'staging' } }, maxConcurrency: 2 },
        {
          name: 'prod',
          clusterSelector: { matchLabels: { env: 'prod' } },
          maxConcurrency: 1,
          requireApproval: true,
        },
      ],
      poolStrategy: { default: 'Surge' },
      preflight: SKIP_WORKLOAD_CHECKS,
    });

    // Dev finishes and soaks; staging has not moved.
    const soaking = await waitForPlan(
      e.ns.name,
      'dev to soak',
      (p) => stageOf(p, 'dev')?.phase === 'Soaking',
    );
    for (const name of [...fleet.staging, ...fleet.prod]) expect(upgradeSpan(e.rg, name)).toBeUndefined();
    const devFinished = Date.parse(String(stageOf(soaking, 'dev')?.finishedAt));
    // End the soak on the operator's clock, and nudge the plan (its timer runs on real time).
    e.clock.offsetMs = 61_000;
    await patchPlan(e.ns.name, { metadata: { labels: { nudge: '1' } } });

    const waiting = await waitForPlan(
      e.ns.name,
      'prod to wait for approval',
      (p) => p.status?.phase === 'WaitingForApproval',
    );
    expect(stageOf(waiting, 'staging')?.phase).toBe('Succeeded');
    expect(Date.parse(String(stageOf(waiting, 'staging')?.startedAt))).toBeGreaterThanOrEqual(
      devFinished + 60_000,
    );
    // Nothing was asked of prod before approval: no annotation, no Azure write.
    for (const name of fleet.prod) {
      expect(upgradeSpan(e.rg, name)).toBeUndefined();
      expect(
        (await e.objects.cluster(name)).metadata.annotations?.[Annotation.UpgradeTarget],
      ).toBeUndefined();
    }
    await patchPlan(e.ns.name, { spec: { approvals: ['prod'] } });
    const done = await waitForPlan(e.ns.name, 'the plan to succeed', (p) => p.status?.phase === 'Succeeded');
    expect(done.status?.counts).toEqual({ total: 6, done: 6, failed: 0, inProgress: 0 });
    expect(done.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Completed',
    });

    const spans = Object.fromEntries(
      Object.entries(fleet).map(([stage, names]) => [
        stage,
        names.map((n) => {
          const span = upgradeSpan(e.rg, n);
          if (!span) throw new Error(`no upgrade operation for ${n}`);
          return span;
        }),
      ]),
    ) as Record<keyof typeof fleet, [number, number][]>;
    // Stage order: every operation of a stage ended before the next stage's first started.
    const end = (s: [number, number][]) => Math.max(...s.map((x) => x[1]));
    const start = (s: [number, number][]) => Math.min(...s.map((x) => x[0]));
    expect(start(spans.staging)).toBeGreaterThan(end(spans.dev));
    expect(start(spans.prod)).toBeGreaterThan(end(spans.staging));
    // maxConcurrency 1: one dev cluster, then the other; prod likewise.
    expect(maxOverlap(spans.dev)).toBe(1);
    expect(maxOverlap(spans.prod)).toBe(1);
    for (const name of all) {
      const mc = await e.objects.cluster(name);
      expect(mc.status?.currentKubernetesVersion).toMatch(/^1\.33\./);
      expect(mc.spec.kubernetesVersion).toBe('1.32');
      for (const pool of [`${name}-sys`, `${name}-user`]) {
        const np = await e.objects.pool(pool);
        expect(np.status?.currentOrchestratorVersion).toBe(mc.status?.currentKubernetesVersion);
        expect(np.metadata.annotations?.[Annotation.UpgradeStrategy]).toBe('Surge');
      }
    }
    expect(requestsFor(sim, e.rg).filter((r) => r.method !== 'GET' && r.status >= 400)).toEqual([]);
    expect(await e.objects.eventReasons('plan', 'Normal')).toEqual(
      expect.arrayContaining([
        'StageStarted',
        'ClusterUpgradeStarted',
        'UpgradeStepStarted',
        'ClusterUpgraded',
        'StageSucceeded',
        'PlanSucceeded',
      ]),
    );
  });

  it('takes a cluster two minors up through the middle minor, pools after the control plane', async () => {
    const e = await env('aup-minors');
    await createCluster(e, 'c1', 'dev', '1.31');
    await allReady(e, ['c1']);
    const targets: string[] = [];
    const versions: string[] = [];
    const watch = await new Watch(managementKubeConfig()).watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${e.ns.name}/${Plural.ManagedCluster}`,
      {},
      (_type: string, mc: ManagedCluster) => {
        const target = mc.metadata.annotations?.[Annotation.UpgradeTarget];
        if (target && targets.at(-1) !== target) targets.push(target);
        const v = mc.status?.currentKubernetesVersion;
        if (v && versions.at(-1) !== v) versions.push(v);
      },
      () => undefined,
    );
    stops.push(() => watch.abort());
    await createPlan(e.ns.name, {
      target: { kubernetesVersion: '1.33' },
      clusterSelector: {},
      preflight: SKIP_WORKLOAD_CHECKS,
    });
    await waitForPlan(e.ns.name, 'the plan to succeed', (p) => p.status?.phase === 'Succeeded');
    // The control plane went 1.31 -> 1.32 -> 1.33, each asked for in turn.
    expect(targets.map((t) => t.split('.').slice(0, 2).join('.'))).toEqual(['1.32', '1.33']);
    expect(versions.map((t) => t.split('.').slice(0, 2).join('.'))).toEqual(['1.31', '1.32', '1.33']);
    const puts = requestsFor(sim, e.rg).filter((r) => r.method === 'PUT' && r.status < 300);
    const clusterPuts = puts
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.operation === 'managedClusters.createOrUpdate');
    // Create, then one PUT per minor.
    expect(clusterPuts).toHaveLength(3);
    const [firstUpgrade, lastUpgrade] = clusterPuts.slice(1).map(({ i }) => i);
    // Pools move only after the control plane reached the target (no lift was needed within the skew).
    const poolPuts = puts
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => r.operation === 'agentPools.createOrUpdate' && i > (firstUpgrade ?? Infinity));
    expect(poolPuts.length).toBeGreaterThanOrEqual(2);
    for (const { i } of poolPuts) expect(i).toBeGreaterThan(lastUpgrade ?? Infinity);
    // AKS refused nothing: no skipped minor, no pool above the control plane.
    expect(requestsFor(sim, e.rg).filter((r) => r.method !== 'GET' && r.status >= 400)).toEqual([]);
    const mc = await e.objects.cluster('c1');
    for (const pool of ['c1-sys', 'c1-user'])
      expect((await e.objects.pool(pool)).status?.currentOrchestratorVersion).toBe(
        mc.status?.currentKubernetesVersion,
      );
  });

  it('blocks a cluster whose workload API cannot be reached, says so, and resyncs without a write', async () => {
    const e = await env('aup-unreachable', 300);
    await createCluster(e, 'c1', 'dev', '1.32');
    await allReady(e, ['c1']);
    await createPlan(e.ns.name, { target: { kubernetesVersion: '1.33' }, clusterSelector: {} });
    const blocked = await waitForPlan(
      e.ns.name,
      'c1 to be blocked',
      (p) => p.status?.stages?.[0]?.clusters?.[0]?.phase === 'Blocked',
    );
    const findings = blocked.status?.stages?.[0]?.clusters?.[0]?.preflight ?? [];
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          check: 'ZeroDisruptionPDB',
          passed: false,
          severity: 'Error',
          reason: 'WorkloadClusterUnreachable',
        }),
      ]),
    );
    expect(findings.find((f) => f.check === 'ClusterBusy')).toMatchObject({ passed: true });
    expect((await e.objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();

    // Resyncs re-run the checks and find the same: nothing is written, to the plan or anywhere else.
    const reconciles = async (): Promise<number> => {
      const text = await e.operator.current.metrics.text();
      const lines = text
        .split('\n')
        .filter((l) =>
          l.startsWith(`controller_runtime_reconcile_total{controller="upgradeplan/${e.ns.name}"`),
        );
      return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    };
    const before = await readPlan(e.ns.name);
    const clusterBefore = await e.objects.cluster('c1');
    const count = await reconciles();
    await waitFor(reconciles, {
      timeoutMs: WAIT_MS,
      message: 'five more plan reconciles',
      until: (n) => n >= count + 5,
    });
    expect((await readPlan(e.ns.name)).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect((await e.objects.cluster('c1')).metadata.resourceVersion).toBe(
      clusterBefore.metadata.resourceVersion,
    );
  });
});
