import { findCidrOverlaps, parseCidr } from './cidr-overlap.js';

describe('parseCidr', () => {
  it.each([
    ['10.244.0.0/16', true],
    ['10.244.3.7/16', true],
    ['fd00:10::/48', true],
    ['10.0.0.0/33', false],
    ['not-a-cidr', false],
  ])('%s parses: %s', (cidr, ok) => expect(parseCidr(cidr) !== undefined).toBe(ok));
});

describe('findCidrOverlaps', () => {
  it('flags two clusters whose pod CIDRs overlap', () => {
    const findings = findCidrOverlaps([
      { name: 'c1', podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.0.0.0/16'] },
      { name: 'c2', podCidrs: ['10.244.128.0/17'], serviceCidrs: ['10.0.0.0/16'] },
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        reason: 'CidrOverlap',
        subject: 'clusters c1, c2',
        message: expect.stringContaining(
          'pod CIDR 10.244.0.0/16 of cluster c1 overlaps pod CIDR 10.244.128.0/17 of cluster c2',
        ),
      }),
    ]);
  });

  it("flags a pod range overlapping another cluster's service range, and a cluster's own pod/service overlap", () => {
    const findings = findCidrOverlaps([
      { name: 'c1', podCidrs: ['10.0.0.0/8'], serviceCidrs: ['10.1.0.0/16'] },
      { name: 'c2', podCidrs: ['192.168.0.0/16'], serviceCidrs: ['10.2.0.0/16'] },
    ]);
    expect(findings.map((f) => f.subject)).toEqual(['cluster c1', 'clusters c1, c2']);
  });

  it('allows clusters to reuse the same service range and keeps IPv4 and IPv6 apart', () => {
    expect(
      findCidrOverlaps([
        { name: 'c1', podCidrs: ['10.244.0.0/16', 'fd00:1::/64'], serviceCidrs: ['10.0.0.0/16'] },
        { name: 'c2', podCidrs: ['10.245.0.0/16', 'fd00:2::/64'], serviceCidrs: ['10.0.0.0/16'] },
      ]),
    ).toEqual([]);
  });

  it('IPv6 ranges that nest overlap', () => {
    const findings = findCidrOverlaps([
      { name: 'c1', podCidrs: ['fd00::/48'], serviceCidrs: [] },
      { name: 'c2', podCidrs: ['fd00:0:0:1::/64'], serviceCidrs: [] },
    ]);
    expect(findings).toHaveLength(1);
  });

  it('reports an invalid CIDR', () => {
    expect(findCidrOverlaps([{ name: 'c1', podCidrs: ['10.0.0.0/99'], serviceCidrs: [] }])[0]?.reason).toBe(
      'InvalidCidr',
    );
  });

  const subnet = (vnet: string, name: string) =>
    `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;

  it('flags node subnets of two clusters in different VNets whose ranges overlap', () => {
    const findings = findCidrOverlaps([
      {
        name: 'c1',
        podCidrs: [],
        serviceCidrs: [],
        subnets: [{ id: subnet('a', 'nodes'), addressPrefixes: ['10.50.0.0/24'] }],
      },
      {
        name: 'c2',
        podCidrs: [],
        serviceCidrs: [],
        subnets: [{ id: subnet('b', 'nodes'), addressPrefixes: ['10.50.0.128/25'] }],
      },
    ]);
    expect(findings.map((f) => [f.reason, f.subject])).toEqual([['CidrOverlap', 'clusters c1, c2']]);
    expect(findings[0]?.message).toMatch(/cannot be peered/);
  });

  it('lets two clusters share one subnet and a cluster hold several subnets of its VNet', () => {
    const shared = { id: subnet('a', 'nodes'), addressPrefixes: ['10.50.0.0/24'] };
    expect(
      findCidrOverlaps([
        {
          name: 'c1',
          podCidrs: [],
          serviceCidrs: [],
          subnets: [shared, { id: subnet('a', 'pods'), addressPrefixes: ['10.50.1.0/24'] }],
        },
        { name: 'c2', podCidrs: [], serviceCidrs: [], subnets: [shared] },
      ]),
    ).toEqual([]);
  });

  it("flags a cluster's service range inside its own subnet", () => {
    const findings = findCidrOverlaps([
      {
        name: 'c1',
        podCidrs: [],
        serviceCidrs: ['10.50.0.0/16'],
        subnets: [{ id: subnet('a', 'nodes'), addressPrefixes: ['10.50.0.0/24'] }],
      },
    ]);
    expect(findings.map((f) => f.subject)).toEqual(['cluster c1']);
  });
});
