import { ManagedClusterReason } from '../../api/index.js';
import { decideAddressOverlap, type Fleet, type MemberNetwork } from './address-overlap.js';

const subnet = (cluster: string, name: string) =>
  `/subscriptions/s/resourceGroups/${cluster}-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/${name}`;

const member = (name: string, ...ranges: string[]): MemberNetwork => ({
  name,
  subnets: ranges.map((r, i) => ({ id: subnet(name, `s${i}`), addressPrefixes: [r] })),
  unreadable: [],
});

const fleet = (plan: string, ...members: MemberNetwork[]): Fleet => ({ plan, members });

describe('decideAddressOverlap', () => {
  it('leaves the condition out for a cluster no plan selects', () => {
    expect(decideAddressOverlap({ name: 'c1', fleets: [] })).toBeUndefined();
  });

  it.each<{ title: string; fleets: Fleet[]; status: string; reason: string; names: string[] }>([
    {
      title: 'reports an overlap with another cluster of the plan, naming it and both ranges',
      fleets: [fleet('p', member('c1', '10.60.0.0/24'), member('c2', '10.60.0.0/16'))],
      status: 'True',
      reason: ManagedClusterReason.CidrOverlap,
      names: ['cluster c2', 'UpgradePlan p', '10.60.0.0/24', '10.60.0.0/16', subnet('c2', 's0')],
    },
    {
      title: 'reports no overlap when the ranges are disjoint, naming the clusters compared',
      fleets: [fleet('p', member('c1', '10.60.0.0/24'), member('c2', '10.61.0.0/24'))],
      status: 'False',
      reason: ManagedClusterReason.NoCidrOverlap,
      names: ['c2', 'UpgradePlan p'],
    },
    {
      title: 'counts two clusters in one shared subnet as no overlap',
      fleets: [
        fleet('p', member('c1', '10.60.0.0/24'), {
          name: 'c2',
          subnets: [{ id: subnet('c1', 's0').toUpperCase(), addressPrefixes: ['10.60.0.0/24'] }],
          unreadable: [],
        }),
      ],
      status: 'False',
      reason: ManagedClusterReason.NoCidrOverlap,
      names: ['c2'],
    },
    {
      title: 'ignores overlaps between two other clusters of the plan',
      fleets: [
        fleet('p', member('c1', '10.70.0.0/24'), member('c2', '10.60.0.0/24'), member('c3', '10.60.0.0/24')),
      ],
      status: 'False',
      reason: ManagedClusterReason.NoCidrOverlap,
      names: ['c2', 'c3'],
    },
    {
      title: 'ignores overlaps among the subnets of the cluster itself (one VNet)',
      fleets: [fleet('p', member('c1', '10.60.0.0/24', '10.60.0.0/25'), member('c2', '10.61.0.0/24'))],
      status: 'False',
      reason: ManagedClusterReason.NoCidrOverlap,
      names: ['c2'],
    },
    {
      title: 'compares a cluster in several plans with the clusters of each',
      fleets: [
        fleet('a', member('c1', '10.60.0.0/24'), member('c2', '10.61.0.0/24')),
        fleet('b', member('c1', '10.60.0.0/24'), member('c3', '10.60.0.128/25')),
      ],
      status: 'True',
      reason: ManagedClusterReason.CidrOverlap,
      names: ['cluster c3', 'UpgradePlan b'],
    },
    {
      title: 'says Unknown when a subnet of the fleet cannot be read and nothing overlaps',
      fleets: [
        fleet('p', member('c1', '10.60.0.0/24'), {
          name: 'c2',
          subnets: [],
          unreadable: [{ id: subnet('c2', 's0'), cause: 'AuthorizationFailed' }],
        }),
      ],
      status: 'Unknown',
      reason: ManagedClusterReason.SubnetUnreadable,
      names: [subnet('c2', 's0'), 'AuthorizationFailed', 'Reader'],
    },
    {
      title: 'reports an overlap found among the subnets read even when another cannot be read',
      fleets: [
        fleet('p', member('c1', '10.60.0.0/24'), {
          ...member('c2', '10.60.0.0/24'),
          unreadable: [{ id: subnet('c2', 's9'), cause: 'AuthorizationFailed' }],
        }),
      ],
      status: 'True',
      reason: ManagedClusterReason.CidrOverlap,
      names: ['cluster c2'],
    },
    {
      title: 'compares IPv6 ranges as well',
      fleets: [fleet('p', member('c1', 'fd00:1::/64'), member('c2', 'fd00:1::/48'))],
      status: 'True',
      reason: ManagedClusterReason.CidrOverlap,
      names: ['fd00:1::/64', 'fd00:1::/48'],
    },
  ])('$title', ({ fleets, status, reason, names }) => {
    const update = decideAddressOverlap({ name: 'c1', fleets });
    expect(update).toMatchObject({ type: 'AddressSpaceOverlap', status, reason });
    for (const n of names) expect(update?.message).toContain(n);
  });

  it('names the overlapping cluster once per overlap however many plans share both clusters', () => {
    const pair = [member('c1', '10.60.0.0/24'), member('c2', '10.60.0.0/24')];
    const update = decideAddressOverlap({ name: 'c1', fleets: [fleet('a', ...pair), fleet('b', ...pair)] });
    expect(update?.message?.match(/overlaps/g)).toHaveLength(1);
  });

  it('gives the same message whatever order the caches list plans and clusters in', () => {
    const a = fleet(
      'a',
      member('c1', '10.60.0.0/24'),
      member('c2', '10.60.0.0/25'),
      member('c3', '10.60.0.0/26'),
    );
    const b = fleet('b', member('c4', '10.60.0.0/27'), member('c1', '10.60.0.0/24'));
    const reversed = (f: Fleet): Fleet => ({ ...f, members: [...f.members].reverse() });
    expect(decideAddressOverlap({ name: 'c1', fleets: [b, a] })).toEqual(
      decideAddressOverlap({ name: 'c1', fleets: [reversed(a), reversed(b)] }),
    );
  });
});
