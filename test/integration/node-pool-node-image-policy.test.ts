// Real: the management cluster with the CRDs, the operator in-process (resync every few seconds), the ARM
// SDK over HTTPS. Simulated: Azure, whose clock is moved a week on so AKS offers a newer node image.
// Proves nodeImage.policy: a Latest pool is moved to the newest image by the operator's own node-image
// upgrade, a Pinned pool keeps its image, and a cluster channel that moves images itself is reported on
// the pools as a conflict, without the NodePool writing the cluster.
import { FAST_POLL } from '../../sim/testing/sdk-client.js';
import { NodePoolReason, type NodePool } from '../../src/api/index.js';
import { requestsFor, SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld();
const TEST_TIMEOUT_MS = 300_000;
const RESYNC_MS = 3_000;
const WEEK_MS = 8 * 24 * 3600 * 1000;
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const conditionOf = (np: NodePool, type: string) => np.status?.conditions?.find((c) => c.type === type);
const isReady = (np: NodePool): boolean => conditionOf(np, 'Ready')?.status === 'True';

function writesTo(rg: string, pool: string): string[] {
  return requestsFor(world.sim, rg)
    .filter((e) => e.path.toLowerCase().includes(`/agentpools/${pool}`) && e.method !== 'GET')
    .map((e) => e.operation);
}

describe('NodePool nodeImage.policy', () => {
  it(
    'moves a Latest pool to the newest node image, keeps a Pinned pool on its own, and reports a conflicting cluster channel',
    async () => {
      const { objects, rg } = await world.start('np-image-policy', RESYNC_MS);
      cleanup = async () => {
        await world.azure.managedClusters.beginDeleteAndWait(rg, 'c1', FAST_POLL).catch(() => undefined);
      };
      await objects.createCluster('c1', {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        kubernetesVersion: '1.34',
        location: 'eastus',
        autoUpgradeProfile: { nodeOSUpgradeChannel: 'None' },
        systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
      });
      await objects.createPool('system', {
        clusterRef: { name: 'c1' },
        mode: 'System',
        vmSize: 'Standard_D4s_v3',
        count: 1,
        nodeImage: { policy: 'Pinned' },
      });
      await objects.createPool('user1', {
        clusterRef: { name: 'c1' },
        vmSize: 'Standard_D4s_v3',
        count: 1,
        nodeImage: { policy: 'Latest' },
      });
      await objects.clusterReady('c1', 2 * WAIT_MS);
      const inEffect = (p: NodePool): boolean =>
        isReady(p) && conditionOf(p, 'NodeImagePolicy')?.reason === NodePoolReason.NodeImagePolicyInEffect;
      const pinnedBefore = await objects.waitForPool(
        'system',
        'Ready, policy in effect',
        inEffect,
        2 * WAIT_MS,
      );
      const latestBefore = await objects.waitForPool(
        'user1',
        'Ready, policy in effect',
        inEffect,
        2 * WAIT_MS,
      );
      const image = latestBefore.status?.nodeImageVersion ?? '';
      expect(image).not.toBe('');

      // A week later AKS offers a newer node image.
      world.sim.clock.advance(WEEK_MS);
      const newest =
        (await world.azure.agentPools.getUpgradeProfile(rg, 'c1', 'user1')).latestNodeImageVersion ?? '';
      expect(newest).not.toBe(image);
      await objects.waitForPool(
        'user1',
        'Ready on the newest node image',
        (p) => isReady(p) && p.status?.nodeImageVersion === newest && p.status.upgrade?.phase === 'Succeeded',
        3 * WAIT_MS,
      );
      expect(writesTo(rg, 'user1')).toEqual([
        'agentPools.createOrUpdate',
        'agentPools.upgradeNodeImageVersion',
      ]);

      // The pool's cluster moves images itself from now on: both policies conflict with it.
      await objects.patch('cluster', 'c1', {
        spec: { autoUpgradeProfile: { nodeOSUpgradeChannel: 'NodeImage' } },
      });
      const isConflict = (p: NodePool): boolean => {
        const c = conditionOf(p, 'NodeImagePolicy');
        return c?.status === 'False' && c.reason === NodePoolReason.NodeImageChannelConflict;
      };
      const pinned = await objects.waitForPool('system', 'policy in conflict', isConflict, 2 * WAIT_MS);
      await objects.waitForPool('user1', 'policy in conflict', isConflict, 2 * WAIT_MS);
      expect(conditionOf(pinned, 'NodeImagePolicy')?.message).toContain(
        'spec.autoUpgradeProfile.nodeOSUpgradeChannel',
      );
      // The Pinned pool kept its image through every pass since the newer one appeared.
      expect(pinned.status?.nodeImageVersion).toBe(pinnedBefore.status?.nodeImageVersion);
      expect(writesTo(rg, 'system')).not.toContain('agentPools.upgradeNodeImageVersion');
      // The cluster's channel was changed by its ManagedCluster alone: its create and one update.
      const clusterPuts = requestsFor(world.sim, rg).filter(
        (e) => e.operation === 'managedClusters.createOrUpdate',
      );
      expect(clusterPuts).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );
});
