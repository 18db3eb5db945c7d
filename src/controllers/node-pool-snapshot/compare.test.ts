import type * as Arm from '@azure/arm-containerservice';
import { compareSnapshot, isSameSource } from './compare.js';
import type { SnapshotSource } from './source.js';
import { CLUSTER_ID, POOL_ID, snapshot } from './testing/objects.js';

const byPool: SnapshotSource = {
  poolId: POOL_ID,
  kind: 'nodePool',
  describe: 'NodePool user1',
  location: 'eastus',
};
const byId: SnapshotSource = {
  poolId: POOL_ID,
  kind: 'resourceId',
  describe: 'agent pool user1 of cluster c1',
};
const OTHER_CLUSTER_POOL = POOL_ID.replace('/managedClusters/c1/', '/managedClusters/c2/');
const TWIN_POOL = `${CLUSTER_ID}/agentPools/user1b`;

function azure(overrides: Partial<Arm.Snapshot> = {}): Arm.Snapshot {
  return { location: 'eastus', creationData: { sourceResourceId: POOL_ID }, ...overrides };
}

describe('compareSnapshot', () => {
  it.each<
    [string, Parameters<typeof snapshot>[0], Arm.Snapshot, SnapshotSource | undefined, boolean, string[]]
  >([
    [
      'finds nothing to change when Azure matches',
      { tags: { env: 'prod' } },
      azure({ tags: { env: 'prod' } }),
      byPool,
      true,
      [],
    ],
    [
      'leaves tags alone when the spec does not manage them',
      {},
      azure({ tags: { owner: 'x' } }),
      byPool,
      true,
      [],
    ],
    [
      'sees changed tag values',
      { tags: { env: 'prod' } },
      azure({ tags: { env: 'dev' } }),
      byPool,
      true,
      ['spec.tags:tags'],
    ],
    [
      'sees tags to remove (tags are replaced as a whole)',
      { tags: {} },
      azure({ tags: { env: 'dev' } }),
      byPool,
      true,
      ['spec.tags:tags'],
    ],
    ['sees tags Azure lacks', { tags: { env: 'prod' } }, azure(), byPool, true, ['spec.tags:tags']],
    [
      'ignores casing and spaces in regions',
      { location: 'eastus' },
      azure({ location: 'East US' }),
      byPool,
      true,
      [],
    ],
    [
      'sees a snapshot in another region',
      { location: 'westus' },
      azure(),
      byPool,
      true,
      ['spec.location:immutable'],
    ],
    [
      'sees a snapshot of a pool in another cluster',
      {},
      azure({ creationData: { sourceResourceId: OTHER_CLUSTER_POOL } }),
      byPool,
      true,
      ['spec.nodePoolRef:immutable'],
    ],
    [
      'keeps a recorded snapshot when blue/green moved the NodePool to a twin pool',
      {},
      azure({ creationData: { sourceResourceId: TWIN_POOL } }),
      byPool,
      true,
      [],
    ],
    [
      'refuses a same-named snapshot of another pool on first sight',
      {},
      azure({ creationData: { sourceResourceId: TWIN_POOL } }),
      byPool,
      false,
      ['spec.nodePoolRef:immutable'],
    ],
    [
      'sees another pool than an ARM ID source names',
      { sourceResourceID: POOL_ID },
      azure({ creationData: { sourceResourceId: TWIN_POOL } }),
      byId,
      true,
      ['spec.sourceResourceID:immutable'],
    ],
    [
      'compares ARM IDs without regard to case',
      { sourceResourceID: POOL_ID },
      azure({ creationData: { sourceResourceId: POOL_ID.toLowerCase() } }),
      byId,
      true,
      [],
    ],
    [
      'cannot compare the source when its NodePool is gone',
      {},
      azure({ creationData: { sourceResourceId: OTHER_CLUSTER_POOL } }),
      undefined,
      true,
      [],
    ],
  ])('%s', (_what, spec, observed, source, isRecorded, expected) => {
    const diffs = compareSnapshot({ spec: snapshot(spec).spec, observed, source, isRecorded });
    expect(diffs.map((d) => `${d.path}:${d.action}`)).toEqual(expected);
  });
});

describe('isSameSource', () => {
  it('never treats a malformed Azure source as the same pool', () => {
    expect(isSameSource('/not/an/id', byPool, true)).toBe(false);
  });
});
