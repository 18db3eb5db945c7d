// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers), the ARM SDK over HTTPS. Simulated: Azure (the AKS simulator, no data plane),
// whose clock is moved a week on so AKS offers a newer node image. Proves a nodeImageOnly plan reimages
// every pool of its clusters stage by stage, in place (upgradeNodeImageVersion), without touching any
// Kubernetes version.
import { Annotation } from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import {
  SKIP_WORKLOAD_CHECKS,
  clusterWrites,
  createFleet,
  createPlan,
  stageOf,
  waitForPlan,
} from '../support/upgrade-plans.js';

const world = useOperatorWorld();
const TEST_TIMEOUT_MS = 240_000;
const WEEK_MS = 8 * 24 * 3600 * 1000;

it(
  'reimages every pool of the fleet to the newest node image, stage by stage, and changes no version',
  async () => {
    const { objects, rg } = await world.start('aup-image');
    const fleet = [
      { name: 'dev-1', env: 'dev', version: '1.33' },
      { name: 'prod-1', env: 'prod', version: '1.33' },
    ];
    await createFleet(objects, rg, fleet);
    const pools = fleet.flatMap((c) => [`${c.name}-sys`, `${c.name}-user`]);
    const before = new Map<string, string>();
    for (const pool of pools) before.set(pool, (await objects.pool(pool)).status?.nodeImageVersion ?? '');
    const writesBefore = new Map(fleet.map((c) => [c.name, clusterWrites(world.sim, rg, c.name).length]));
    // A week later AKS offers a newer node image.
    world.sim.clock.advance(WEEK_MS);
    const latest = (await world.azure.agentPools.getUpgradeProfile(rg, 'dev-1', 'user'))
      .latestNodeImageVersion;
    expect(latest).toBeDefined();
    expect(latest).not.toBe(before.get('dev-1-user'));

    await createPlan(objects.namespace, {
      target: { nodeImageOnly: true },
      clusterSelector: {},
      stages: [
        { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } } },
        { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } } },
      ],
      preflight: SKIP_WORKLOAD_CHECKS,
    });
    const done = await waitForPlan(
      objects.namespace,
      'the plan to succeed',
      (p) => p.status?.phase === 'Succeeded',
    );
    expect(done.status?.target).toBe('node image');
    expect(done.status?.counts).toEqual({ total: 2, done: 2, failed: 0, inProgress: 0 });
    expect(Date.parse(String(stageOf(done, 'prod')?.startedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(stageOf(done, 'dev')?.finishedAt)),
    );
    for (const pool of pools) {
      const np = await objects.pool(pool);
      expect(np.status?.nodeImageVersion).toBe(latest);
      expect(np.status?.currentOrchestratorVersion).toMatch(/^1\.33\./);
      expect(np.metadata.annotations?.[Annotation.NodeImageTarget]).toBe('latest');
    }
    for (const { name } of fleet) {
      const mc = await objects.cluster(name);
      expect(mc.status?.currentKubernetesVersion).toMatch(/^1\.33\./);
      expect(mc.metadata.annotations?.[Annotation.UpgradeTarget]).toBeUndefined();
      // One reimage per pool, nothing else.
      const writes = clusterWrites(world.sim, rg, name).slice(writesBefore.get(name));
      expect(writes).toEqual(['agentPools.upgradeNodeImageVersion', 'agentPools.upgradeNodeImageVersion']);
    }
  },
  TEST_TIMEOUT_MS,
);
