// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, and a
// kwok Kubernetes API per simulated AKS cluster. Simulated: Azure, whose clock is moved a week on so AKS
// offers a newer node image. Proves the node-image-target annotation reimages a Surge pool in place
// (upgradeNodeImageVersion, no pool PUT) and replaces a BlueGreen pool by a twin at the same version.
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import { Annotation, type NodePool } from '../../src/api/index.js';
import { azurePools, blueGreenFleet, poolCreates, poolDeletes } from '../support/blue-green-world.js';
import { requestsFor, WAIT_MS } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld({ withNodes: true });
const TEST_TIMEOUT_MS = 180_000;
const WEEK_MS = 8 * 24 * 3600 * 1000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const isReady = (np: NodePool): boolean =>
  np.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

async function start(
  prefix: string,
): Promise<{ objects: Awaited<ReturnType<typeof world.start>>['objects']; rg: string; before: string }> {
  const { objects, rg } = await world.start(prefix);
  cleanup = async () => {
    await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
  };
  await blueGreenFleet(objects, rg, { clusterVersion: '1.34', poolVersion: '1.34' });
  const before = (await objects.pool('user1')).status?.nodeImageVersion ?? '';
  expect(before).not.toBe('');
  // A week later AKS offers a newer node image.
  world.sim.clock.advance(WEEK_MS);
  return { objects, rg, before };
}

async function latestImage(rg: string, pool: string): Promise<string> {
  return (await world.azure.agentPools.getUpgradeProfile(rg, 'c1', pool)).latestNodeImageVersion ?? '';
}

describe('NodePool node-image upgrades', () => {
  it(
    'reimages a Surge pool in place when the annotation asks for the latest image',
    async () => {
      const { objects, rg, before } = await start('np-image-surge');
      const latest = await latestImage(rg, 'user1');
      expect(latest).not.toBe(before);
      await objects.patch('pool', 'user1', {
        metadata: { annotations: { [Annotation.NodeImageTarget]: 'latest' } },
      });
      const np = await objects.waitForPool(
        'user1',
        'Ready on the latest node image',
        (p) => isReady(p) && p.status?.nodeImageVersion === latest && p.status.upgrade?.phase === 'Succeeded',
        2 * WAIT_MS,
      );
      expect(np.status?.activePoolName).toBe('user1');
      const writes = requestsFor(world.sim, rg).filter(
        (e) => e.path.toLowerCase().includes('/agentpools/user1') && e.method !== 'GET',
      );
      expect(writes.map((e) => e.operation)).toEqual([
        'agentPools.createOrUpdate',
        'agentPools.upgradeNodeImageVersion',
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'replaces a BlueGreen pool by a twin on the latest image at the same version',
    async () => {
      const { objects, rg, before } = await start('np-image-bg');
      await objects.patch('pool', 'user1', {
        metadata: {
          annotations: { [Annotation.NodeImageTarget]: 'latest', [Annotation.UpgradeStrategy]: 'BlueGreen' },
        },
      });
      const np = await objects.waitForPool(
        'user1',
        'Ready on the twin pool',
        (p) => isReady(p) && p.status?.activePoolName === 'user1b',
        2 * WAIT_MS,
      );
      expect(np.status?.nodeImageVersion).not.toBe(before);
      expect(np.status?.nodeImageVersion).toBe(await latestImage(rg, 'user1b'));
      expect(np.status?.currentOrchestratorVersion?.startsWith('1.34')).toBe(true);
      expect(await azurePools(world.azure, rg, 'c1')).toEqual(['system', 'user1b']);
      expect(poolCreates(world.sim, rg).filter((n) => n.startsWith('user1'))).toEqual(['user1', 'user1b']);
      expect(poolDeletes(world.sim, rg)).toEqual(['user1']);
      expect(requestsFor(world.sim, rg).map((e) => e.operation)).not.toContain(
        'agentPools.upgradeNodeImageVersion',
      );
    },
    TEST_TIMEOUT_MS,
  );
});
