import type { ManagedClusterSpecInput, ManagedClusterStatus } from '../../api/index.js';
import { managedCluster, nodePool } from '../testing/objects.js';
import { LatestImageReads, mayFollowLatest, nodeImagePolicyCondition } from './node-image-policy.js';

type Window = NonNullable<
  NonNullable<ManagedClusterSpecInput['maintenanceConfigurations']>['aksManagedNodeOSUpgradeSchedule']
>;

// Sunday 2026-12-06, 12:00 UTC.
const NOW = Date.parse('2026-12-06T12:00:00Z');
const SUNDAY_WINDOW: Window = {
  schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
  durationHours: 4,
  startTime: '10:00',
};

function clusterWith(channel: string | undefined, window?: Window) {
  return managedCluster({
    name: 'c1',
    ...(window ? { spec: { maintenanceConfigurations: { aksManagedNodeOSUpgradeSchedule: window } } } : {}),
    ...(channel ? { status: { settings: { nodeOSUpgradeChannel: channel } } as ManagedClusterStatus } : {}),
  });
}
const poolWith = (policy: 'Latest' | 'Pinned') => nodePool({ spec: { nodeImage: { policy } } });

describe('nodeImagePolicyCondition', () => {
  it.each<[string, 'Latest' | 'Pinned', string, 'True' | 'False', string]>([
    ['holds a Pinned pool when the channel is None', 'Pinned', 'None', 'True', 'NodeImagePolicyInEffect'],
    [
      'holds a Pinned pool when the channel is Unmanaged',
      'Pinned',
      'Unmanaged',
      'True',
      'NodeImagePolicyInEffect',
    ],
    ['follows Latest when the channel is None', 'Latest', 'None', 'True', 'NodeImagePolicyInEffect'],
    [
      'reports Pinned under NodeImage as a conflict',
      'Pinned',
      'NodeImage',
      'False',
      'NodeImageChannelConflict',
    ],
    [
      'reports Pinned under SecurityPatch as a conflict',
      'Pinned',
      'SecurityPatch',
      'False',
      'NodeImageChannelConflict',
    ],
    [
      'reports Latest beside NodeImage as a conflict',
      'Latest',
      'NodeImage',
      'False',
      'NodeImageChannelConflict',
    ],
  ])('%s', (_title, policy, channel, status, reason) => {
    const c = nodeImagePolicyCondition(poolWith(policy), clusterWith(channel));
    expect(c?.type).toBe('NodeImagePolicy');
    expect(c?.status).toBe(status);
    expect(c?.reason).toBe(reason);
    if (status === 'False') expect(c?.message).toContain('spec.autoUpgradeProfile.nodeOSUpgradeChannel');
  });

  it('says nothing for a pool that declares no policy, whatever the channel', () => {
    expect(nodeImagePolicyCondition(nodePool({}), clusterWith('NodeImage'))).toBeUndefined();
    expect(nodeImagePolicyCondition(nodePool({}), clusterWith('None'))).toBeUndefined();
  });

  it('says nothing while the cluster channel is unknown', () => {
    expect(nodeImagePolicyCondition(poolWith('Pinned'), clusterWith(undefined))).toBeUndefined();
  });

  it('takes the channel AKS runs over the declared one', () => {
    const cluster = clusterWith('None');
    cluster.spec.autoUpgradeProfile = { nodeOSUpgradeChannel: 'NodeImage' };
    expect(nodeImagePolicyCondition(poolWith('Pinned'), cluster)?.status).toBe('True');
  });
});

describe('mayFollowLatest', () => {
  it.each<[string, 'Latest' | 'Pinned' | undefined, string | undefined, Window | undefined, number, boolean]>(
    [
      ['follows Latest under channel None without a window', 'Latest', 'None', undefined, NOW, true],
      ['never moves a Pinned pool on its own', 'Pinned', 'None', undefined, NOW, false],
      ['leaves images to AKS under channel NodeImage', 'Latest', 'NodeImage', undefined, NOW, false],
      ['leaves images to AKS while the channel is unknown', 'Latest', undefined, undefined, NOW, false],
      [
        'leaves images to AKS and requests without a declared policy',
        undefined,
        'None',
        undefined,
        NOW,
        false,
      ],
      ['follows Latest inside the node OS window', 'Latest', 'None', SUNDAY_WINDOW, NOW, true],
      ['waits outside the node OS window', 'Latest', 'None', SUNDAY_WINDOW, NOW + 3 * 3600_000, false],
    ],
  )('%s', (_title, policy, channel, window, nowMs, expected) => {
    const pool = policy ? poolWith(policy) : nodePool({});
    expect(mayFollowLatest(pool, clusterWith(channel, window), nowMs)).toBe(expected);
  });
});

describe('LatestImageReads', () => {
  it('reads once per interval for one generation, and again when the generation changes', () => {
    const reads = new LatestImageReads(600_000);
    expect(reads.isDue('ns/p', 1, NOW)).toBe(true);
    reads.record('ns/p', 1, NOW);
    expect(reads.isDue('ns/p', 1, NOW + 599_999)).toBe(false);
    expect(reads.isDue('ns/p', 2, NOW + 1)).toBe(true);
    expect(reads.isDue('ns/p', 1, NOW + 600_000)).toBe(true);
    reads.forget('ns/p');
    expect(reads.isDue('ns/p', 1, NOW + 1)).toBe(true);
  });
});
