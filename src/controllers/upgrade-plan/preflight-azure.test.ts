import type * as Arm from '@azure/arm-containerservice';
import type { NodePool } from '../../api/index.js';
import type { Subnet } from '../../azure/index.js';
import { FindingReason, Severity } from '../../preflight/index.js';
import {
  quotaFindings,
  skewFindings,
  stepAgentPool,
  subnetFindings,
  twinNodeCount,
  type DrainStep,
} from './preflight-azure.js';

const agentPool = (over: Partial<Arm.AgentPool> = {}): Arm.AgentPool => ({
  name: 'user1',
  vmSize: 'Standard_D4s_v3',
  count: 3,
  currentOrchestratorVersion: '1.32.4',
  ...over,
});
const surge: DrainStep = { kind: 'NodeImage', pool: 'user1', strategy: 'Surge' };
const blueGreen: DrainStep = { kind: 'NodeImage', pool: 'user1', strategy: 'BlueGreen' };
// 4 vCPUs per Standard_D4s_v3 node.
const usages = (free: number) => [
  { name: 'standardDSv3Family', currentValue: 100 - free, limit: 100 },
  { name: 'cores', currentValue: 0, limit: 1000 },
];
const nodePool = (spec: Partial<NodePool['spec']>, status?: NodePool['status']): NodePool =>
  ({
    metadata: { name: 'user1' },
    spec: { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v3', ...spec },
    ...(status ? { status } : {}),
  }) as NodePool;

describe('quotaFindings', () => {
  it.each([
    ['passes a surge of one node when the family has 4 vCPUs free', surge, 4, []],
    ['refuses a surge of one node when the family has 3 vCPUs free', surge, 3, [FindingReason.QuotaExceeded]],
    [
      'refuses a twin of three nodes when the family has 8 vCPUs free',
      blueGreen,
      8,
      [FindingReason.QuotaExceeded],
    ],
    ['passes a twin of three nodes when the family has 12 vCPUs free', blueGreen, 12, []],
  ])('%s', (_title, step, free, reasons) => {
    const findings = quotaFindings({ step, agentPool: agentPool(), usages: usages(free) });
    expect(findings.map((f) => f.reason)).toEqual(reasons);
    for (const f of findings) expect(f.severity).toBe(Severity.Error);
  });

  it("counts the pool's maxSurge in nodes", () => {
    const pool = agentPool({ count: 10, upgradeSettings: { maxSurge: '50%' } });
    expect(quotaFindings({ step: surge, agentPool: pool, usages: usages(16) })).toHaveLength(1);
    expect(quotaFindings({ step: surge, agentPool: pool, usages: usages(20) })).toEqual([]);
  });

  it('leaves a VM size it does not know to Azure', () => {
    expect(
      quotaFindings({ step: surge, agentPool: agentPool({ vmSize: 'Custom_X1' }), usages: usages(0) }),
    ).toEqual([]);
  });
});

describe('skewFindings', () => {
  it('checks every agent pool Azure lists against the version after a control-plane step', () => {
    const findings = skewFindings({ kind: 'ControlPlane', from: '1.32.4', to: '1.33.1' }, [
      agentPool(),
      agentPool({ name: 'legacy', currentOrchestratorVersion: '1.29.9' }),
    ]);
    expect(findings.map((f) => f.subject)).toEqual(['agent pool legacy']);
  });

  it('does not apply to a pool step', () => {
    expect(skewFindings(surge, [agentPool({ currentOrchestratorVersion: '1.20.0' })])).toEqual([]);
  });
});

describe('twinNodeCount and stepAgentPool', () => {
  it.each([
    ['the old count, pre-scaled', nodePool({ count: 3 }), 3, 3],
    [
      'the old count raised to the autoscaler minimum',
      nodePool({ autoscaling: { minCount: 5, maxCount: 9 } }),
      3,
      5,
    ],
    [
      'the spec count without pre-scaling',
      nodePool({ count: 2, blueGreen: { preScale: false } as NodePool['spec']['blueGreen'] }),
      3,
      2,
    ],
  ])('a twin starts with %s', (_title, np, oldCount, expected) => {
    expect(twinNodeCount(np, oldCount)).toBe(expected);
  });

  it('names the agent pool serving the NodePool after an earlier replacement', () => {
    expect(stepAgentPool(surge, [nodePool({}, { activePoolName: 'user1b' } as NodePool['status'])])).toBe(
      'user1b',
    );
  });
});

describe('subnetFindings', () => {
  const id =
    '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/Nodes';
  // 27 usable addresses.
  const subnets = new Map<string, Subnet>([
    [id.toLowerCase(), { id, addressPrefixes: ['10.1.0.0/27'], delegations: [] }],
  ]);
  const inSubnet = (over: Partial<Arm.AgentPool> = {}) =>
    agentPool({ vnetSubnetID: id, maxPods: 10, ...over });

  it.each([
    ['passes a surge node of Azure CNI (11 addresses) when its pool holds 11 of 27', false, surge, 1, []],
    [
      'refuses a surge node of Azure CNI (11 addresses) when the pools hold 22 of 27',
      false,
      surge,
      2,
      [FindingReason.SubnetFull],
    ],
    [
      'refuses a twin of two Azure CNI nodes (22 addresses) when the old pool holds 22 of 27',
      false,
      blueGreen,
      1,
      [FindingReason.SubnetFull],
    ],
    ['passes a twin of two overlay nodes, one address each', true, blueGreen, 1, []],
  ])('%s', (_title, isOverlay, step, otherCount, reasons) => {
    const pool = inSubnet({ count: step.strategy === 'BlueGreen' ? 2 : 1 });
    // The step's own pool holds its count's addresses; "other" pools in the subnet hold the rest.
    const others = Array.from({ length: otherCount - 1 }, (_, i) =>
      inSubnet({ name: `other${i}`, count: 1 }),
    );
    const findings = subnetFindings({
      step,
      agentPool: pool,
      agentPools: [pool, ...others],
      isAzureCni: !isOverlay,
      subnets,
    });
    expect(findings.map((f) => f.reason)).toEqual(reasons);
  });

  it('leaves a pool in the VNet AKS manages to AKS', () => {
    const pool = agentPool();
    expect(
      subnetFindings({ step: surge, agentPool: pool, agentPools: [pool], isAzureCni: true, subnets }),
    ).toEqual([]);
  });
});
