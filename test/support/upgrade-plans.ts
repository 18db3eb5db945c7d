// UpgradePlans in an integration test: create, read, patch and wait for the plan `plan` of a namespace,
// build small fleets of clusters (each with a System and a User NodePool, labelled by env), and read what
// the simulator ran for a cluster. For worlds without a workload cluster: the checks that read one are skipped.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import {
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { declareClusterWithPools } from './cluster-with-pools.js';
import { WAIT_MS, writesFor, type Objects, type TestOperator } from './operator.js';
import { waitFor } from './wait.js';
import { managementKubeConfig } from './world.js';

export const PLAN = 'plan';
export const PLAN_WAIT_MS = 2 * WAIT_MS;

// No workload cluster in these worlds: the checks that read one are left out.
export const SKIP_WORKLOAD_CHECKS: NonNullable<UpgradePlanSpecInput['preflight']> = {
  skip: [
    'RemovedAPIsInManifests',
    'RemovedAPIsInUse',
    'ZeroDisruptionPDB',
    'PDBCurrentlyBlocking',
    'BrokenPDB',
    'UnhealthyWorkloads',
    'UnmanagedPods',
    'LongTerminationGrace',
    'WebhookBackends',
    'TwinPoolCapacity',
  ],
};

const api = () => managementKubeConfig().makeApiClient(CustomObjectsApi);
const planKind = { group: GROUP, version: VERSION, plural: Plural.UpgradePlan };

export async function createPlan(namespace: string, spec: UpgradePlanSpecInput): Promise<void> {
  await api().createNamespacedCustomObject({
    ...planKind,
    namespace,
    body: { apiVersion: API_VERSION, kind: 'UpgradePlan', metadata: { name: PLAN, namespace }, spec },
  });
}

export async function readPlan(namespace: string): Promise<UpgradePlan> {
  return (await api().getNamespacedCustomObject({ ...planKind, namespace, name: PLAN })) as UpgradePlan;
}

/** JSON merge patch of the plan (spec or metadata). */
export async function patchPlan(namespace: string, body: object): Promise<void> {
  await api().patchNamespacedCustomObject(
    { ...planKind, namespace, name: PLAN, body },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

let nudges = 0;
/** A label change that makes the operator reconcile the plan now (its timers run on real time). */
export async function nudgePlan(namespace: string): Promise<void> {
  nudges++;
  await patchPlan(namespace, { metadata: { labels: { nudge: String(nudges) } } });
}

export function waitForPlan(
  namespace: string,
  message: string,
  until: (p: UpgradePlan) => boolean,
): Promise<UpgradePlan> {
  return waitFor(() => readPlan(namespace), { timeoutMs: PLAN_WAIT_MS, intervalMs: 100, message, until });
}

/** Waits until the plan has failed. */
export const waitForPlanFailed = (namespace: string): Promise<UpgradePlan> =>
  waitForPlan(namespace, 'the plan to fail', (p) => p.status?.phase === 'Failed');

/** Waits until the plan has succeeded. */
export const waitForPlanSucceeded = (namespace: string): Promise<UpgradePlan> =>
  waitForPlan(namespace, 'the plan to succeed', (p) => p.status?.phase === 'Succeeded');

export const stageOf = (p: UpgradePlan, name: string) => p.status?.stages?.find((s) => s.name === name);

export const clusterOf = (p: UpgradePlan, name: string) =>
  p.status?.stages?.flatMap((s) => s.clusters ?? []).find((c) => c.name === name);

export const conditionOf = (p: UpgradePlan, type: string) =>
  p.status?.conditions?.find((c) => c.type === type);

export interface FleetCluster {
  name: string;
  env: string;
  version: string;
}

/** Clusters, each with its System pool `<name>-sys` and a User pool `<name>-user`, labelled env; all Ready. */
export async function createFleet(objects: Objects, rg: string, clusters: FleetCluster[]): Promise<void> {
  for (const { name, env, version } of clusters) {
    await declareClusterWithPools(objects, { rg, name, version });
    await objects.patch('cluster', name, { metadata: { labels: { env } } });
  }
  for (const { name } of clusters) {
    await objects.clusterReady(name);
    await objects.poolReady(`${name}-sys`);
    await objects.poolReady(`${name}-user`);
  }
}

type Stage = NonNullable<UpgradePlanSpecInput['stages']>[number];

/** A plan to 1.33 in two stages, dev then prod (dev with `dev`'s settings), under `failurePolicy` if given. */
export async function createDevThenProdPlan(
  namespace: string,
  {
    dev = {},
    failurePolicy,
  }: { dev?: Partial<Stage>; failurePolicy?: UpgradePlanSpecInput['failurePolicy'] } = {},
): Promise<void> {
  await createPlan(namespace, {
    target: { kubernetesVersion: '1.33' },
    clusterSelector: {},
    stages: [
      { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, ...dev },
      { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } } },
    ],
    ...(failurePolicy === undefined ? {} : { failurePolicy }),
    preflight: SKIP_WORKLOAD_CHECKS,
  });
}

/**
 * Clusters dev-1 and prod-1 at 1.32 and a plan to 1.33 in two stages, dev then prod; dev soaks an hour
 * of the operator's clock. Returns once dev soaks.
 */
export async function devThenProdSoaking(objects: Objects, rg: string): Promise<void> {
  await createFleet(objects, rg, [
    { name: 'dev-1', env: 'dev', version: '1.32' },
    { name: 'prod-1', env: 'prod', version: '1.32' },
  ]);
  await createDevThenProdPlan(objects.namespace, { dev: { soakMinutes: 60 } });
  await waitForPlan(objects.namespace, 'dev to soak', (p) => stageOf(p, 'dev')?.phase === 'Soaking');
}

/** Successful writes (not reads) the simulator received for cluster `name` or its pools. */
export function clusterWrites(sim: Simulator, rg: string, name: string): string[] {
  const prefix = `/providers/microsoft.containerservice/managedclusters/${name}`;
  return writesFor(sim, rg)
    .filter((r) => r.status < 300)
    .filter((r) => {
      const path = r.path.toLowerCase();
      const at = path.indexOf(prefix);
      const rest = at < 0 ? undefined : path.slice(at + prefix.length);
      return rest !== undefined && (rest === '' || rest.startsWith('/') || rest.startsWith('?'));
    })
    .map((r) => r.operation);
}

/** Waits until the UpgradePlan controller of `namespace` has reconciled `count` more times. */
export async function morePlanPasses(operator: TestOperator, namespace: string, count = 3): Promise<void> {
  const reconciles = async (): Promise<number> =>
    (await operator.current.metrics.text())
      .split('\n')
      .filter((l) => l.startsWith(`controller_runtime_reconcile_total{controller="upgradeplan/${namespace}"`))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  const start = await reconciles();
  await waitFor(reconciles, {
    timeoutMs: WAIT_MS,
    message: `${count} more plan reconciles`,
    until: (n) => n >= start + count,
  });
}
