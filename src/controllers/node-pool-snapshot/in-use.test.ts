import type { ManagedCluster, NodePool } from '../../api/index.js';
import { clusterSnapshotRefs, poolSnapshotRefs, snapshotUsers } from './in-use.js';
import { cluster, CLUSTER_ID, nodePool } from './testing/objects.js';

function pool(name: string, change: (p: NodePool) => void): NodePool {
  const p = nodePool();
  p.metadata.name = name;
  change(p);
  return p;
}

function unprovisionedCluster(change: (c: ManagedCluster) => void): ManagedCluster {
  const c = cluster({ provisioned: false });
  change(c);
  return c;
}

describe('snapshotUsers', () => {
  it.each<[string, NodePool[], ManagedCluster[], string[]]>([
    ['nobody refers to the snapshot', [nodePool()], [cluster()], []],
    [
      'a pool pinned to its image needs it',
      [pool('user2', (p) => (p.spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: 'snap1' } }))],
      [],
      ['NodePool user2 (spec.nodeImage.snapshotRef)'],
    ],
    [
      'a pool still to be created from it needs it',
      [
        pool('user3', (p) => {
          p.spec.snapshotRef = { name: 'snap1' };
          p.status = {};
        }),
      ],
      [],
      ['NodePool user3 (spec.snapshotRef, not created yet)'],
    ],
    [
      'a pool already created from it does not',
      [pool('user4', (p) => (p.spec.snapshotRef = { name: 'snap1' }))],
      [],
      [],
    ],
    [
      'a pool being deleted does not',
      [
        pool('user5', (p) => {
          p.spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: 'snap1' } };
          p.metadata.deletionTimestamp = new Date();
        }),
      ],
      [],
      [],
    ],
    [
      'a pool using another snapshot does not',
      [pool('user6', (p) => (p.spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: 'other' } }))],
      [],
      [],
    ],
    [
      'a cluster still to be created from it needs it',
      [],
      [
        unprovisionedCluster((c) => {
          if (c.spec.systemPool) c.spec.systemPool.snapshotRef = { name: 'snap1' };
        }),
      ],
      ['ManagedCluster c1 (spec.systemPool.snapshotRef, not created yet)'],
    ],
    [
      'a created cluster does not',
      [],
      [
        unprovisionedCluster((c) => {
          if (c.spec.systemPool) c.spec.systemPool.snapshotRef = { name: 'snap1' };
          c.status = { azureResourceID: CLUSTER_ID };
        }),
      ],
      [],
    ],
  ])('when %s', (_what, pools, clusters, users) => {
    expect(snapshotUsers({ name: 'snap1', pools, clusters })).toEqual(users);
  });
});

describe('references for watches', () => {
  it('names the snapshots a pool and a cluster refer to', () => {
    const p = pool('user2', (x) => {
      x.spec.snapshotRef = { name: 'a' };
      x.spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: 'b' } };
    });
    expect(poolSnapshotRefs(p)).toEqual(['a', 'b']);
    const c = unprovisionedCluster((x) => {
      if (x.spec.systemPool) x.spec.systemPool.snapshotRef = { name: 'c' };
    });
    expect(clusterSnapshotRefs(c)).toEqual(['c']);
    expect(clusterSnapshotRefs(cluster())).toEqual([]);
  });
});
