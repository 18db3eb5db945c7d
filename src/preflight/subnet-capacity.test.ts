import { FindingReason, Severity } from './findings.js';
import { checkSubnetCapacity, usableAddresses } from './subnet-capacity.js';

const SUBNET =
  '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes';

describe('checkSubnetCapacity', () => {
  it('counts a /24 as 251 addresses, Azure keeping five', () => {
    expect(usableAddresses(['10.1.0.0/24'])).toBe(251);
  });

  it.each([
    ['passes a surge node with one address per node and room left', 1, 1, 250, []],
    ['refuses a surge node when the subnet is full', 1, 1, 251, [FindingReason.SubnetFull]],
    [
      'refuses a surge node of Azure CNI needing 31 addresses with 30 free',
      1,
      31,
      221,
      [FindingReason.SubnetFull],
    ],
    ['passes a twin of three 31-address nodes with 93 free', 3, 31, 158, []],
  ])('%s', (_title, extraNodes, perNode, used, reasons) => {
    const findings = checkSubnetCapacity({
      poolName: 'user1',
      extraNodes,
      nodeSubnet: { id: SUBNET, addressPrefixes: ['10.1.0.0/24'], used, perNode },
    });
    expect(findings.map((f) => f.reason)).toEqual(reasons);
    for (const f of findings) expect(f.severity).toBe(Severity.Error);
  });

  it('checks the pod subnet for maxPods addresses per new node and names it', () => {
    const pods = `${SUBNET}-pods`;
    const findings = checkSubnetCapacity({
      poolName: 'user1',
      extraNodes: 2,
      nodeSubnet: { id: SUBNET, addressPrefixes: ['10.1.0.0/24'], used: 3, perNode: 1 },
      podSubnet: { id: pods, addressPrefixes: ['10.2.0.0/26'], used: 0, perNode: 30 },
    });
    expect(findings.map((f) => f.subject)).toEqual([`subnet ${pods}`]);
    expect(findings[0]?.message).toMatch(/need 60 addresses in its pod subnet .* only 59 are free/);
  });
});
