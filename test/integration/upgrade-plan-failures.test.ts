// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers), the ARM SDK over HTTPS. Simulated: Azure (the AKS simulator, no data plane),
// failing the control-plane upgrades of chosen clusters. Proves the failure policy end to end: a cluster
// whose upgrade fails in Azure counts as failed (and stays so while AKS is retried), StopPlan fails the
// plan at the first failure over maxFailures, StopStage tolerates maxFailures in a stage and stops it at
// the next, maxTotalFailures limits failures across stages, later stages never start; one annotation on
// the plan retries its failed clusters; and the plan's metrics count its clusters by phase and each
// stage's progress.
import { Annotation } from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import {
  SKIP_WORKLOAD_CHECKS,
  clusterOf,
  clusterWrites,
  conditionOf,
  createDevThenProdPlan,
  createFleet,
  createPlan,
  morePlanPasses,
  patchPlan,
  readPlan,
  stageOf,
  waitForPlanFailed,
  waitForPlanSucceeded,
} from '../support/upgrade-plans.js';

const world = useOperatorWorld();
const TEST_TIMEOUT_MS = 300_000;
const FAILURE = 'Upgrade of the control plane failed: simulated fault';

/** Every control-plane PUT of the named clusters fails inside Azure with UpgradeFailed. */
function failUpgradesOf(clusters: string): void {
  world.sim.setFaults({
    failOperations: [
      {
        match: '^managedClusters\\.createOrUpdate$',
        resource: `managedClusters/(${clusters})$`,
        code: 'UpgradeFailed',
        message: FAILURE,
      },
    ],
  });
}

describe('UpgradePlan failure policy', () => {
  it(
    'fails the plan at the first failed cluster under StopPlan, keeps it failed, and retries it on annotation',
    async () => {
      const { objects, rg, operator } = await world.start('aup-stopplan', 500);
      await createFleet(objects, rg, [
        { name: 'dev-1', env: 'dev', version: '1.32' },
        { name: 'dev-2', env: 'dev', version: '1.32' },
        { name: 'prod-1', env: 'prod', version: '1.32' },
      ]);
      const untouched = {
        'dev-2': clusterWrites(world.sim, rg, 'dev-2'),
        'prod-1': clusterWrites(world.sim, rg, 'prod-1'),
      };
      failUpgradesOf('dev-1');
      await createDevThenProdPlan(objects.namespace, {
        dev: { maxConcurrency: 1 },
        failurePolicy: { maxFailures: 0, action: 'StopPlan' },
      });

      const failed = await waitForPlanFailed(objects.namespace);
      expect(clusterOf(failed, 'dev-1')).toMatchObject({
        phase: 'Failed',
        blocker: { reason: 'UpgradeFailed', message: expect.stringContaining(FAILURE) as string },
      });
      expect(stageOf(failed, 'dev')?.phase).toBe('Failed');
      expect(stageOf(failed, 'prod')?.phase).toBe('Skipped');
      expect(conditionOf(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'MaxFailuresExceeded' });
      expect(conditionOf(failed, 'Stalled')).toMatchObject({ status: 'True', reason: 'MaxFailuresExceeded' });

      // AKS is asked again by the cluster's own retries and fails again: the plan stays failed and
      // starts nothing else.
      await morePlanPasses(operator, objects.namespace);
      const still = await readPlan(objects.namespace);
      expect(still.status?.phase).toBe('Failed');
      expect(still.status?.counts).toEqual({ total: 3, done: 0, failed: 1, inProgress: 0 });
      expect(clusterOf(still, 'dev-2')?.phase).toBe('Pending');
      for (const [name, writes] of Object.entries(untouched))
        expect(clusterWrites(world.sim, rg, name)).toEqual(writes);
      expect(await objects.eventReasons('plan', 'Warning')).toEqual(
        expect.arrayContaining(['UpgradeFailed', 'StageFailed', 'MaxFailuresExceeded']),
      );
      // The plan's series on the operator's metrics endpoint say the same.
      const text = await operator.current.metrics.text();
      const labels = `namespace="${objects.namespace}",plan="plan"`;
      expect(text).toContain(`aks_lifecycle_upgrade_plan_clusters{${labels},phase="Failed"} 1`);
      expect(text).toContain(`aks_lifecycle_upgrade_plan_clusters{${labels},phase="Pending"} 2`);
      expect(text).toContain(`aks_lifecycle_upgrade_plan_stage_progress{${labels},stage="dev"} 0.5`);
      expect(text).toContain(`aks_lifecycle_upgrade_plan_stage_progress{${labels},stage="prod"} 0`);
      expect(text).toContain(`aks_lifecycle_upgrade_plan_phase{${labels},phase="Failed"} 1`);

      // The cause is gone; one annotation on the plan retries dev-1 with the same settings.
      world.sim.faults.reset();
      await patchPlan(objects.namespace, { metadata: { annotations: { [Annotation.Retry]: 'after-fix' } } });
      const done = await waitForPlanSucceeded(objects.namespace);
      expect(done.status?.counts).toEqual({ total: 3, done: 3, failed: 0, inProgress: 0 });
      expect(done.status?.lastRetry).toBe('after-fix');
      const dev1 = await objects.cluster('dev-1');
      expect(dev1.metadata.annotations?.[Annotation.Retry]).toBe('after-fix');
      expect(dev1.metadata.annotations?.[Annotation.UpgradeTarget]).toMatch(/^1\.33/);
      expect(dev1.status?.currentKubernetesVersion).toMatch(/^1\.33\./);
      expect(await objects.eventReasons('plan', 'Normal')).toContain('RetriedFailedClusters');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'tolerates maxFailures in a stage under StopStage, stops the stage at the next failure, and skips later stages',
    async () => {
      const { objects, rg } = await world.start('aup-stopstage', 500);
      await createFleet(objects, rg, [
        { name: 'dev-1', env: 'dev', version: '1.32' },
        { name: 'dev-2', env: 'dev', version: '1.32' },
        { name: 'dev-3', env: 'dev', version: '1.32' },
        { name: 'prod-1', env: 'prod', version: '1.32' },
      ]);
      const untouched = {
        'dev-3': clusterWrites(world.sim, rg, 'dev-3'),
        'prod-1': clusterWrites(world.sim, rg, 'prod-1'),
      };
      failUpgradesOf('dev-1|dev-2');
      await createDevThenProdPlan(objects.namespace, {
        dev: { maxConcurrency: 1 },
        failurePolicy: { maxFailures: 1, action: 'StopStage' },
      });

      const failed = await waitForPlanFailed(objects.namespace);
      // One failure was tolerated: dev-2 started after dev-1 failed; its failure was one too many.
      expect(clusterOf(failed, 'dev-1')?.phase).toBe('Failed');
      expect(clusterOf(failed, 'dev-2')?.phase).toBe('Failed');
      expect(Date.parse(String(clusterOf(failed, 'dev-2')?.startedAt))).toBeGreaterThanOrEqual(
        Date.parse(String(clusterOf(failed, 'dev-1')?.finishedAt)),
      );
      expect(clusterOf(failed, 'dev-3')?.phase).toBe('Pending');
      expect(stageOf(failed, 'dev')?.phase).toBe('Failed');
      expect(stageOf(failed, 'prod')?.phase).toBe('Skipped');
      expect(failed.status?.counts).toEqual({ total: 4, done: 0, failed: 2, inProgress: 0 });
      for (const [name, writes] of Object.entries(untouched))
        expect(clusterWrites(world.sim, rg, name)).toEqual(writes);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails the plan past maxTotalFailures across stages though each stage stayed within maxFailures',
    async () => {
      const { objects, rg } = await world.start('aup-total', 500);
      await createFleet(objects, rg, [
        { name: 'dev-1', env: 'dev', version: '1.32' },
        { name: 'prod-1', env: 'prod', version: '1.32' },
        { name: 'prod-2', env: 'prod', version: '1.32' },
      ]);
      failUpgradesOf('dev-1|prod-1');
      await createPlan(objects.namespace, {
        target: { kubernetesVersion: '1.33' },
        clusterSelector: {},
        stages: [
          { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } } },
          { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } }, maxConcurrency: 1 },
        ],
        failurePolicy: { maxFailures: 1, maxTotalFailures: 1, action: 'StopStage' },
        preflight: SKIP_WORKLOAD_CHECKS,
      });
      const prod2Writes = clusterWrites(world.sim, rg, 'prod-2');

      const failed = await waitForPlanFailed(objects.namespace);
      // dev's one failure was within both limits, so prod started; prod-1's was one too many for the plan.
      expect(stageOf(failed, 'dev')?.phase).toBe('Succeeded');
      expect(clusterOf(failed, 'dev-1')?.phase).toBe('Failed');
      expect(stageOf(failed, 'prod')?.phase).toBe('Failed');
      expect(clusterOf(failed, 'prod-1')?.phase).toBe('Failed');
      expect(clusterOf(failed, 'prod-2')?.phase).toBe('Pending');
      expect(failed.status?.counts).toEqual({ total: 3, done: 0, failed: 2, inProgress: 0 });
      expect(conditionOf(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'MaxFailuresExceeded' });
      expect(clusterWrites(world.sim, rg, 'prod-2')).toEqual(prod2Writes);
    },
    TEST_TIMEOUT_MS,
  );
});
