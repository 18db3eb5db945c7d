// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers) on a clock the test moves forward, the ARM SDK over HTTPS. Simulated: Azure (the
// AKS simulator, no data plane), whose westeurope lacks Kubernetes 1.34 until the test adds it. Proves
// what lets a plan run unattended: a stage's clusters are fixed when it starts (a cluster joining later
// is left for the next plan, and the status says so), and an approved stage waits until every region of
// its clusters offers the target.
import { DEFAULT_MINORS, type VersionCatalogueConfig } from '../../sim/index.js';
import { Annotation } from '../../src/api/index.js';
import { SUBSCRIPTION } from '../support/operator.js';
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
  readPlan,
  stageOf,
  waitForPlan,
  waitForPlanSucceeded,
} from '../support/upgrade-plans.js';

const versions: VersionCatalogueConfig = {
  minors: DEFAULT_MINORS,
  byLocation: { westeurope: DEFAULT_MINORS.filter((m) => m.version !== '1.34') },
};
const world = useOperatorWorld({ versions });
const TEST_TIMEOUT_MS = 300_000;
const MINUTE_MS = 60_000;

describe('UpgradePlan unattended runs', () => {
  it(
    'fixes a stage’s clusters when it starts: a cluster joining later is left for the next plan, and said so',
    async () => {
      const clock = new ShiftedClock();
      const { objects, rg } = await world.start('aup-late', 500, { clock });
      await devThenProdSoaking(objects, rg);
      // Both join while dev soaks: dev has started, prod has not.
      await createFleet(objects, rg, [
        { name: 'dev-2', env: 'dev', version: '1.32' },
        { name: 'prod-2', env: 'prod', version: '1.32' },
      ]);
      const seen = await waitForPlan(
        objects.namespace,
        'dev-2 to be reported as joined late',
        (p) => stageOf(p, 'dev')?.joinedLate?.includes('dev-2') === true,
      );
      expect(stageOf(seen, 'dev')?.clusters?.map((c) => c.name)).toEqual(['dev-1']);
      const dev2Writes = clusterWrites(world.sim, rg, 'dev-2');

      clock.offsetMs += 61 * MINUTE_MS;
      await nudgePlan(objects.namespace);
      const done = await waitForPlanSucceeded(objects.namespace);
      expect(stageOf(done, 'prod')?.clusters?.map((c) => c.name)).toEqual(['prod-1', 'prod-2']);
      expect(stageOf(done, 'dev')?.joinedLate).toEqual(['dev-2']);
      expect(done.status?.counts).toEqual({ total: 3, done: 3, failed: 0, inProgress: 0 });
      expect(done.status?.progress).toContain('1 joined late (next plan)');
      expect(clusterOf(done, 'dev-2')).toBeUndefined();
      const dev2 = await objects.cluster('dev-2');
      expect(dev2.status?.currentKubernetesVersion).toMatch(/^1\.32\./);
      expect(dev2.metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();
      expect(clusterWrites(world.sim, rg, 'dev-2')).toEqual(dev2Writes);
      expect((await objects.cluster('prod-2')).status?.currentKubernetesVersion).toMatch(/^1\.33\./);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'holds an approved stage until every region of its clusters offers the target',
    async () => {
      const clock = new ShiftedClock();
      const { objects, rg, operator } = await world.start('aup-regions', 500, { clock });
      await createFleet(objects, rg, [{ name: 'east-1', env: 'prod', version: '1.33' }]);
      await objects.createCluster('west-1', {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        location: 'westeurope',
        kubernetesVersion: '1.33',
        systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
      });
      await objects.patch('cluster', 'west-1', { metadata: { labels: { env: 'prod' } } });
      await objects.createPool('west-1-sys', {
        clusterRef: { name: 'west-1' },
        azureName: 'system',
        mode: 'System',
        vmSize: 'Standard_D4s_v3',
        count: 1,
      });
      await objects.clusterReady('west-1');
      await objects.poolReady('west-1-sys');
      const writesBefore = {
        'east-1': clusterWrites(world.sim, rg, 'east-1'),
        'west-1': clusterWrites(world.sim, rg, 'west-1'),
      };
      await createPlan(objects.namespace, {
        target: { kubernetesVersion: '1.34' },
        clusterSelector: {},
        stages: [{ name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } }, requireApproval: true }],
        approvals: ['prod'],
        preflight: SKIP_WORKLOAD_CHECKS,
      });

      const held = await waitForPlan(
        objects.namespace,
        'the approved stage to be held',
        (p) => conditionOf(p, 'Reconciling')?.reason === 'TargetNotOfferedInRegion',
      );
      expect(held.status?.phase).toBe('WaitingForApproval');
      expect(stageOf(held, 'prod')?.message).toContain('does not offer 1.34 in westeurope');
      expect(stageOf(held, 'prod')?.message).not.toContain('eastus');
      await morePlanPasses(operator, objects.namespace);
      expect((await readPlan(objects.namespace)).status?.phase).toBe('WaitingForApproval');
      for (const [name, writes] of Object.entries(writesBefore)) {
        expect(clusterWrites(world.sim, rg, name)).toEqual(writes);
        expect(
          (await objects.cluster(name)).metadata.annotations?.[Annotation.UpgradeTarget],
        ).toBeUndefined();
      }
      expect(await objects.eventReasons('plan', 'Normal')).toContain('StageWaitingForApproval');

      // AKS rolls 1.34 out to westeurope; the operator reads the region again after its cache expires.
      versions.byLocation = {};
      clock.offsetMs += 11 * MINUTE_MS;
      await nudgePlan(objects.namespace);
      const done = await waitForPlanSucceeded(objects.namespace);
      expect(done.status?.counts).toEqual({ total: 2, done: 2, failed: 0, inProgress: 0 });
      for (const name of ['east-1', 'west-1'])
        expect((await objects.cluster(name)).status?.currentKubernetesVersion).toMatch(/^1\.34\./);
      expect(done.spec.approvals).toEqual(['prod']);
    },
    TEST_TIMEOUT_MS,
  );
});
