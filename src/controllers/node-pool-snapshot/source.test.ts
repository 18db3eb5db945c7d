import {
  cacheOf,
  cluster,
  CLUSTER_ID,
  nodePool,
  POOL_ID,
  snapshot,
  SUBSCRIPTION,
} from './testing/objects.js';
import { resolveSource, type SourceResolution } from './source.js';

describe('resolveSource', () => {
  const caches = (pools = [nodePool()], clusters = [cluster()]) => ({
    pools: cacheOf(...pools),
    clusters: cacheOf(...clusters),
  });

  it('takes the agent pool ID a NodePool records, with its cluster region and credentials', () => {
    const mc = cluster();
    mc.spec.credentialRef = { name: 'azure-creds' };
    expect(resolveSource(snapshot(), caches([nodePool()], [mc]))).toEqual<SourceResolution>({
      state: 'resolved',
      source: {
        poolId: POOL_ID,
        kind: 'nodePool',
        describe: 'NodePool user1',
        location: 'eastus',
        credentialRef: { name: 'azure-creds' },
      },
    });
  });

  it('builds the ID from the cluster when the NodePool has not recorded one', () => {
    const r = resolveSource(snapshot(), caches([nodePool({ recordsId: false })]));
    expect(r.state === 'resolved' && r.source.poolId).toBe(`${CLUSTER_ID}/agentPools/user1`);
  });

  it('builds the ID from the cluster placement when the cluster is not provisioned but names its subscription', () => {
    const mc = cluster({ provisioned: false });
    mc.spec.subscriptionId = SUBSCRIPTION;
    const r = resolveSource(snapshot(), caches([nodePool({ recordsId: false })], [mc]));
    expect(r.state === 'resolved' && r.source.poolId).toBe(POOL_ID);
  });

  it('says why a pool that is not Ready cannot be snapshotted yet', () => {
    const r = resolveSource(snapshot(), caches([nodePool({ ready: false })]));
    expect(r.state === 'resolved' && r.source.notReady).toMatch(
      /NodePool user1 is not Ready yet \(Creating\)/,
    );
  });

  it('says why a pool stopped as asked (Ready, not Running) cannot be snapshotted until it runs', () => {
    const r = resolveSource(snapshot(), caches([nodePool({ stopped: true })]));
    expect(r.state === 'resolved' && r.source.notReady).toMatch(
      /NodePool user1 does not run \(PoolStopped\); the snapshot is taken once it runs/,
    );
  });

  it.each([
    ['the NodePool is missing', caches([], [cluster()]), /NodePool user1 does not exist/],
    [
      'its ManagedCluster is missing',
      caches([nodePool()], []),
      /ManagedCluster c1 of NodePool user1 does not exist/,
    ],
    [
      'neither the pool nor the cluster knows where it is in Azure',
      caches([nodePool({ recordsId: false })], [cluster({ provisioned: false })]),
      /no agent pool in Azure yet/,
    ],
  ])('waits when %s', (_what, c, message) => {
    const r = resolveSource(snapshot(), c);
    expect(r.state).toBe('missing');
    expect(r.state === 'missing' && r.message).toMatch(message);
  });

  it('takes an ARM ID source as it is, without a region (only Azure knows it)', () => {
    expect(resolveSource(snapshot({ sourceResourceID: POOL_ID }), caches([], []))).toEqual({
      state: 'resolved',
      source: { poolId: POOL_ID, kind: 'resourceId', describe: 'agent pool user1 of cluster c1' },
    });
  });

  it('refuses an ARM ID that does not name an agent pool', () => {
    const r = resolveSource(snapshot({ sourceResourceID: CLUSTER_ID }), caches());
    expect(r.state === 'invalid' && r.problem.field).toBe('spec.sourceResourceID');
  });
});
