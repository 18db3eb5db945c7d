// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers) on a clock the test moves forward, the ARM SDK over HTTPS. Simulated: Azure (the
// AKS simulator, no data plane). Proves through the operator what users steer a plan with: a stage waits
// outside its maintenance window and runs inside it, pause holds new work until resumed, and abort stops
// the plan for good, saying which clusters it finished and which it left.
import { Annotation } from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import {
  SKIP_WORKLOAD_CHECKS,
  clusterOf,
  clusterWrites,
  conditionOf,
  createFleet,
  createPlan,
  devThenProdSoaking,
  morePlanPasses,
  nudgePlan,
  patchPlan,
  readPlan,
  stageOf,
  waitForPlan,
  waitForPlanSucceeded,
} from '../support/upgrade-plans.js';

const world = useOperatorWorld();
const TEST_TIMEOUT_MS = 240_000;
const WINDOW_OPENS = '2027-01-05T02:00:00Z';
const HOUR_MS = 3_600_000;

/** Two stages, dev then prod, one cluster each at 1.32; dev soaks an hour of the operator's clock. */
async function devThenProd(prefix: string) {
  const clock = new ShiftedClock();
  const { objects, rg, operator } = await world.start(prefix, 500, { clock });
  await devThenProdSoaking(objects, rg);
  return { objects, rg, operator, clock };
}

describe('UpgradePlan controls', () => {
  it(
    'waits outside its maintenance window without asking anything, and starts once the window opens',
    async () => {
      const clock = new ShiftedClock();
      const { objects, rg, operator } = await world.start('aup-window', 500, { clock });
      await createFleet(objects, rg, [{ name: 'c1', env: 'dev', version: '1.32' }]);
      const writesBefore = clusterWrites(world.sim, rg, 'c1');
      clock.setTo(WINDOW_OPENS, HOUR_MS);
      await createPlan(objects.namespace, {
        target: { kubernetesVersion: '1.33' },
        clusterSelector: {},
        maintenanceWindows: [
          {
            days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
            start: '02:00',
            durationMinutes: 60,
          },
        ],
        preflight: SKIP_WORKLOAD_CHECKS,
      });

      const waiting = await waitForPlan(
        objects.namespace,
        'the plan to wait for its window',
        (p) => p.status?.phase === 'WaitingForWindow',
      );
      expect(conditionOf(waiting, 'Reconciling')).toMatchObject({
        status: 'True',
        reason: 'OutsideMaintenanceWindow',
      });
      await morePlanPasses(operator, objects.namespace);
      const still = await readPlan(objects.namespace);
      expect(still.status?.phase).toBe('WaitingForWindow');
      expect(stageOf(still, 'default')).toMatchObject({ phase: 'Pending' });
      expect(stageOf(still, 'default')?.startedAt).toBeUndefined();
      expect(clusterOf(still, 'c1')).toMatchObject({ phase: 'Pending' });
      expect((await objects.cluster('c1')).metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();
      expect(clusterWrites(world.sim, rg, 'c1')).toEqual(writesBefore);

      // A few seconds before the window opens: the plan wakes at the opening on its own.
      clock.setTo(WINDOW_OPENS, 3_000);
      await nudgePlan(objects.namespace);
      const done = await waitForPlanSucceeded(objects.namespace);
      const startedAt = Date.parse(String(clusterOf(done, 'c1')?.startedAt));
      expect(startedAt).toBeGreaterThanOrEqual(Date.parse(WINDOW_OPENS));
      expect((await objects.cluster('c1')).status?.currentKubernetesVersion).toMatch(/^1\.33\./);
      // An event per step: each asked, and each done before the next.
      const steps = (await objects.events('plan')).filter((ev) => ev.reason.startsWith('UpgradeStep'));
      expect(steps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            reason: 'UpgradeStepStarted',
            message: expect.stringMatching(/^cluster c1 \(stage default\): control plane/) as string,
          }),
          expect.objectContaining({
            reason: 'UpgradeStepStarted',
            message: expect.stringMatching(/^cluster c1 \(stage default\): node pool/) as string,
          }),
          expect.objectContaining({
            reason: 'UpgradeStepCompleted',
            message: expect.stringMatching(/^cluster c1: control plane .* done; next: node pool/) as string,
          }),
        ]),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'starts no stage while paused, and goes on where it stopped once resumed',
    async () => {
      const { objects, rg, operator, clock } = await devThenProd('aup-pause');
      const prodWrites = clusterWrites(world.sim, rg, 'prod-1');
      await patchPlan(objects.namespace, { spec: { paused: true } });
      await waitForPlan(objects.namespace, 'the plan to be paused', (p) => p.status?.phase === 'Paused');
      // The soak ends while the plan is paused: prod must not start.
      clock.offsetMs += HOUR_MS + 60_000;
      await nudgePlan(objects.namespace);
      const paused = await waitForPlan(
        objects.namespace,
        'the plan to be paused past the soak',
        (p) => p.status?.phase === 'Paused' && stageOf(p, 'dev')?.phase === 'Succeeded',
      );
      expect(conditionOf(paused, 'Ready')).toMatchObject({ status: 'False', reason: 'Paused' });
      await morePlanPasses(operator, objects.namespace);
      const still = await readPlan(objects.namespace);
      expect(stageOf(still, 'prod')).toMatchObject({ phase: 'Pending' });
      expect(stageOf(still, 'prod')?.startedAt).toBeUndefined();
      expect(
        (await objects.cluster('prod-1')).metadata.annotations?.[Annotation.UpgradeTarget],
      ).toBeUndefined();
      expect(clusterWrites(world.sim, rg, 'prod-1')).toEqual(prodWrites);
      expect(await objects.eventReasons('plan', 'Normal')).toContain('PlanPaused');

      await patchPlan(objects.namespace, { spec: { paused: false } });
      const done = await waitForPlanSucceeded(objects.namespace);
      expect(done.status?.counts).toEqual({ total: 2, done: 2, failed: 0, inProgress: 0 });
      expect((await objects.cluster('prod-1')).status?.currentKubernetesVersion).toMatch(/^1\.33\./);
      expect(await objects.eventReasons('plan', 'Normal')).toContain('PlanResumed');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops for good on abort: later stages are skipped, and it says what it finished and what it left',
    async () => {
      const { objects, rg, operator, clock } = await devThenProd('aup-abort');
      const prodWrites = clusterWrites(world.sim, rg, 'prod-1');
      await patchPlan(objects.namespace, { spec: { abort: true } });
      const aborted = await waitForPlan(
        objects.namespace,
        'the plan to be aborted',
        (p) => p.status?.phase === 'Aborted',
      );
      // The soak ends after the abort: prod must not start.
      clock.offsetMs += HOUR_MS + 60_000;
      await nudgePlan(objects.namespace);
      await morePlanPasses(operator, objects.namespace);
      const after = await readPlan(objects.namespace);
      expect(after.status?.phase).toBe('Aborted');
      expect(stageOf(after, 'prod')).toMatchObject({ phase: 'Skipped' });
      expect(clusterOf(after, 'dev-1')).toMatchObject({ phase: 'Succeeded' });
      const ready = conditionOf(aborted, 'Ready');
      expect(ready).toMatchObject({ status: 'False', reason: 'Aborted' });
      expect(ready?.message).toContain('finished: dev-1');
      expect(ready?.message).toContain('not upgraded: prod-1');
      expect(
        (await objects.cluster('prod-1')).metadata.annotations?.[Annotation.UpgradeTarget],
      ).toBeUndefined();
      expect(clusterWrites(world.sim, rg, 'prod-1')).toEqual(prodWrites);
      const events = await objects.events('plan');
      expect(events.find((ev) => ev.reason === 'PlanAborted')).toMatchObject({
        type: 'Normal',
        message: expect.stringContaining('finished: dev-1') as string,
      });
    },
    TEST_TIMEOUT_MS,
  );
});
