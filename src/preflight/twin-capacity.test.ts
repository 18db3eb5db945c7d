import type { V1Pod } from '@kubernetes/client-node';
import { FindingReason, Severity } from './findings.js';
import { parseQuantity } from './resource-quantity.js';
import { checkTwinCapacity } from './twin-capacity.js';

const pod = (name: string, node: string, cpu: string, memory: string, owner = 'ReplicaSet'): V1Pod => ({
  metadata: {
    name,
    namespace: 'shop',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: owner, name: 'o', uid: 'u', controller: true }],
  },
  spec: { nodeName: node, containers: [{ name: 'c', resources: { requests: { cpu, memory } } }] },
  status: { phase: 'Running' },
});

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['2', 2],
    ['512Mi', 512 * 2 ** 20],
    ['1G', 1e9],
    ['1e3', 1000],
  ])('reads %s', (text, value) => expect(parseQuantity(text)).toBeCloseTo(value));

  it('says nothing of text that is not a quantity', () => expect(parseQuantity('lots')).toBeUndefined());
});

describe('checkTwinCapacity', () => {
  const allocatable = { cpu: '2', memory: '8Gi' };
  // Two old nodes, each with a 200m DaemonSet pod; 3 CPUs of pods to move.
  const pods = [
    pod('ds-a', 'n0', '200m', '100Mi', 'DaemonSet'),
    pod('ds-b', 'n1', '200m', '100Mi', 'DaemonSet'),
    pod('api-0', 'n0', '1500m', '1Gi'),
    pod('api-1', 'n1', '1500m', '1Gi'),
  ];

  it('passes a twin of two nodes holding the pods beside the DaemonSets', () => {
    expect(checkTwinCapacity({ poolName: 'user1', twinNodes: 2, allocatable, pods })).toEqual([]);
  });

  it('refuses a twin of one node, naming the CPU short and how to grow it', () => {
    const findings = checkTwinCapacity({ poolName: 'user1', twinNodes: 1, allocatable, pods });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: Severity.Error,
      reason: FindingReason.TwinPoolTooSmall,
      subject: 'node pool user1',
    });
    expect(findings[0]?.message).toMatch(/1800m of cpu for pods, but the pods to move request 3000m/);
  });

  it('leaves out pods that finished', () => {
    const done = { ...pod('job', 'n0', '4', '1Gi'), status: { phase: 'Succeeded' } };
    expect(
      checkTwinCapacity({ poolName: 'user1', twinNodes: 2, allocatable, pods: [...pods, done] }),
    ).toEqual([]);
  });
});
