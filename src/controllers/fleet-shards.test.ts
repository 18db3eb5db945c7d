import type { ManagedCluster, NodePool, NodePoolSnapshot } from '../api/index.js';
import { shardOf, type KubeObject, type ObjectKey } from '../runtime/index.js';
import { fleetShards } from './fleet-shards.js';

const SHARDS = 1 << 20;

function cache<T extends KubeObject>(objects: T[]) {
  const byKey = new Map(objects.map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, o]));
  return { get: (key: ObjectKey) => byKey.get(`${key.namespace}/${key.name}`) };
}

const cluster = { metadata: { namespace: 'ns', name: 'mc', uid: 'uid-of-mc' } } as ManagedCluster &
  KubeObject;
const pool = (name: string, clusterName: string) =>
  ({ metadata: { namespace: 'ns', name }, spec: { clusterRef: { name: clusterName } } }) as NodePool &
    KubeObject;
const snapshot = (name: string, spec: object) =>
  ({ metadata: { namespace: 'ns', name }, spec }) as NodePoolSnapshot & KubeObject;

const shards = fleetShards({
  clusters: cache([cluster]),
  pools: cache([pool('user', 'mc'), pool('orphan', 'not-yet')]),
  snapshots: cache([
    snapshot('of-user', { nodePoolRef: { name: 'user' } }),
    snapshot('of-id', { sourceResourceID: '/x' }),
  ]),
});
const key = (name: string): ObjectKey => ({ namespace: 'ns', name });

describe('fleetShards', () => {
  it("puts a cluster in the shard of its UID, and its pools and their snapshots in the cluster's", () => {
    const own = shardOf('uid-of-mc', SHARDS);
    expect(shards.cluster(key('mc'), SHARDS)).toBe(own);
    expect(shards.pool(key('user'), SHARDS)).toBe(own);
    expect(shards.snapshot(key('of-user'), SHARDS)).toBe(own);
  });

  it('puts a pool whose cluster is not cached where that cluster name goes until the cluster is cached', () => {
    expect(shards.pool(key('orphan'), SHARDS)).toBe(shards.cluster(key('not-yet'), SHARDS));
    expect(shards.pool(key('orphan'), SHARDS)).toBe(shardOf('ns/not-yet', SHARDS));
  });

  it('puts a snapshot of an ARM ID by its own name', () => {
    expect(shards.snapshot(key('of-id'), SHARDS)).toBe(shardOf('ns/snapshot:of-id', SHARDS));
  });
});
