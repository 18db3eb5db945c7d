import type { UpgradePlan } from '../../api/index.js';
import { reconcilerKit } from '../testing/reconciler-kit.js';
import { managedCluster, nodePool } from '../testing/objects.js';
import { FleetNetworks, SUBNET_RANGES_MAX_AGE_MS } from './fleet-networks.js';

const subnetId = (name: string) =>
  `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}/subnets/nodes`;

const plan = (name: string, labels: Record<string, string>, skip: string[] = []): UpgradePlan =>
  ({
    metadata: { name, namespace: 'team-a' },
    spec: { clusterSelector: { matchLabels: labels }, preflight: { skip } },
  }) as unknown as UpgradePlan;

function world(plans: UpgradePlan[]) {
  const kit = reconcilerKit();
  const reads: string[] = [];
  const get = kit.azure.subnets.get.bind(kit.azure.subnets);
  kit.azure.subnets.get = (id, signal) => {
    reads.push(id);
    return get(id, signal);
  };
  for (const [name, range] of [
    ['a', '10.60.0.0/24'],
    ['b', '10.60.0.0/24'],
  ] as const)
    kit.azure.subnets.byId.set(subnetId(name).toLowerCase(), {
      id: subnetId(name),
      addressPrefixes: [range],
      delegations: [],
    });
  const c1 = managedCluster({ name: 'c1', spec: { systemPool: { vmSize: 'Standard_D4s_v3', count: 1 } } });
  c1.metadata.labels = { fleet: 'x' };
  const c2 = managedCluster({ name: 'c2' });
  c2.metadata.labels = { fleet: 'x' };
  const c3 = managedCluster({ name: 'c3' });
  const clusters = [c1, c2, c3];
  const pools = [
    nodePool({ name: 'c1-user', spec: { clusterRef: { name: 'c1' }, vnetSubnetID: subnetId('a') } }),
    nodePool({ name: 'c2-user', spec: { clusterRef: { name: 'c2' }, vnetSubnetID: subnetId('b') } }),
    nodePool({ name: 'c2-more', spec: { clusterRef: { name: 'c2' }, vnetSubnetID: subnetId('b') } }),
  ];
  const cache = <T extends { metadata: { name?: string } }>(items: T[]) => ({
    get: (key: { name: string }) => items.find((i) => i.metadata.name === key.name),
    list: () => items,
  });
  const fleet = new FleetNetworks({
    ctx: kit.ctx,
    plans: cache(plans),
    clusters: cache(clusters),
    pools: cache(pools),
  });
  return { kit, reads, fleet, c1, c2, c3 };
}

const signal = new AbortController().signal;

describe('FleetNetworks', () => {
  it('reads each subnet once for every cluster of the fleet until the ranges are due again', async () => {
    const { kit, reads, fleet, c1, c2 } = world([plan('p', { fleet: 'x' })]);
    const seen = await fleet.observe(c1, signal);
    await fleet.observe(c2, signal);
    expect(seen.fleets).toEqual([
      {
        plan: 'p',
        members: [
          { name: 'c1', subnets: [{ id: subnetId('a'), addressPrefixes: ['10.60.0.0/24'] }], unreadable: [] },
          { name: 'c2', subnets: [{ id: subnetId('b'), addressPrefixes: ['10.60.0.0/24'] }], unreadable: [] },
        ],
      },
    ]);
    expect(reads).toHaveLength(2);
    await kit.clock.advance(SUBNET_RANGES_MAX_AGE_MS);
    await fleet.observe(c1, signal);
    expect(reads).toHaveLength(4);
  });

  it('leaves out plans that do not select the cluster and plans that skip AddressSpaceOverlap', async () => {
    const { fleet, c1, c3 } = world([
      plan('p', { fleet: 'x' }, ['AddressSpaceOverlap']),
      plan('q', { fleet: 'y' }),
    ]);
    expect((await fleet.observe(c1, signal)).fleets).toEqual([]);
    expect(fleet.peersOf(c3)).toEqual([]);
  });

  it('names the other clusters of the fleet as peers', () => {
    const { fleet, c1 } = world([plan('p', { fleet: 'x' })]);
    expect(fleet.peersOf(c1)).toEqual([{ namespace: 'team-a', name: 'c2' }]);
  });

  it('reports a subnet that cannot be read with its cause, and tries it again a minute later', async () => {
    const { kit, reads, fleet, c1 } = world([plan('p', { fleet: 'x' })]);
    kit.azure.subnets.get = (id) => {
      reads.push(id);
      return Promise.reject(new Error('AuthorizationFailed: no read on the VNet'));
    };
    const seen = await fleet.observe(c1, signal);
    expect(seen.fleets[0]?.members[0]?.unreadable).toEqual([
      { id: subnetId('a'), cause: 'AuthorizationFailed: no read on the VNet' },
    ]);
    await fleet.observe(c1, signal);
    expect(reads).toHaveLength(2);
    await kit.clock.advance(60_000);
    await fleet.observe(c1, signal);
    expect(reads).toHaveLength(4);
  });
});
