import type { V1Pod, V1PodSpec } from '@kubernetes/client-node';
import type { NodePool } from '../../api/index.js';
import { missingOnStandby, parseTaint, pendingForPool, poolShape, unschedulableSince } from './pool-fit.js';

const spot = {
  metadata: { name: 'spot1', namespace: 'ns' },
  spec: {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_D4s_v3',
    scaleSetPriority: 'Spot',
    nodeLabels: { workload: 'batch' },
    nodeTaints: ['dedicated=batch:NoSchedule'],
  },
} as unknown as NodePool;

const T0 = '2026-03-02T10:00:00Z';
const SPOT_TOLERATION = {
  key: 'kubernetes.azure.com/scalesetpriority',
  operator: 'Equal',
  value: 'spot',
  effect: 'NoSchedule',
};
const BATCH_TOLERATION = { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' };

function pod(
  spec: Partial<V1PodSpec>,
  over: { phase?: string; reason?: string; at?: string; nodeName?: string } = {},
): V1Pod {
  return {
    metadata: { name: 'p', namespace: 'app', creationTimestamp: new Date(T0) },
    spec: { containers: [], ...spec, ...(over.nodeName ? { nodeName: over.nodeName } : {}) },
    status: {
      phase: over.phase ?? 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: over.reason ?? 'Unschedulable',
          lastTransitionTime: new Date(over.at ?? T0),
        },
      ],
    },
  } as V1Pod;
}

const tolerant = { tolerations: [SPOT_TOLERATION, BATCH_TOLERATION] };

describe('pendingForPool', () => {
  it.each([
    [
      'counts a pod selecting the pool label and tolerating its taints',
      pod({ ...tolerant, nodeSelector: { workload: 'batch' } }),
      1,
    ],
    [
      'counts a pod selecting the agent pool by required affinity',
      pod({
        ...tolerant,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['spot1'] },
                  ],
                },
              ],
            },
          },
        },
      }),
      1,
    ],
    ['counts a pod that only tolerates the pool taints by key', pod(tolerant), 1],
    ['leaves out a pod naming nothing of the pool', pod({}), 0],
    [
      'leaves out a pod that selects another value of the label',
      pod({ ...tolerant, nodeSelector: { workload: 'web' } }),
      0,
    ],
    [
      'leaves out a pod that does not tolerate the spot taint',
      pod({ tolerations: [BATCH_TOLERATION], nodeSelector: { workload: 'batch' } }),
      0,
    ],
    [
      'leaves out a pod whose affinity excludes the pool',
      pod({
        ...tolerant,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'workload', operator: 'NotIn', values: ['batch'] }] },
              ],
            },
          },
        },
      }),
      0,
    ],
    [
      'leaves out a pod not yet marked unschedulable',
      pod({ ...tolerant, nodeSelector: { workload: 'batch' } }, { reason: 'SchedulerError' }),
      0,
    ],
    [
      'leaves out a bound pod still starting',
      pod({ ...tolerant, nodeSelector: { workload: 'batch' } }, { nodeName: 'n1' }),
      0,
    ],
  ])('%s', (_name, p, count) => {
    expect(pendingForPool([p], poolShape(spot)).count).toBe(count);
  });

  it('reports when the longest-waiting pod became unschedulable', () => {
    const pods = [
      pod({ ...tolerant, nodeSelector: { workload: 'batch' } }, { at: '2026-03-02T10:00:30Z' }),
      pod({ ...tolerant, nodeSelector: { workload: 'batch' } }, { at: '2026-03-02T10:00:10Z' }),
    ];
    expect(pendingForPool(pods, poolShape(spot))).toEqual({
      count: 2,
      oldestSinceMs: Date.parse('2026-03-02T10:00:10Z'),
    });
  });

  it('reads no time for a running pod', () => {
    expect(unschedulableSince(pod({}, { phase: 'Running' }))).toBeUndefined();
  });
});

describe('pool shape', () => {
  it('carries the agent pool, spot label and taints AKS puts on the nodes', () => {
    const shape = poolShape(spot);
    expect(shape.labels).toMatchObject({
      workload: 'batch',
      'kubernetes.azure.com/agentpool': 'spot1',
      'kubernetes.azure.com/scalesetpriority': 'spot',
    });
    expect(shape.taints).toEqual([
      { key: 'dedicated', value: 'batch', effect: 'NoSchedule' },
      { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' },
    ]);
  });

  it.each([
    ['key=value:NoExecute', { key: 'key', value: 'value', effect: 'NoExecute' }],
    ['key:NoSchedule', { key: 'key', effect: 'NoSchedule' }],
    ['key=value', undefined],
  ])('parses the taint %s', (text, taint) => {
    expect(parseTaint(text)).toEqual(taint);
  });

  it('names the labels and taints a standby pool lacks', () => {
    const standby = {
      ...spot,
      spec: { ...spot.spec, nodeLabels: { workload: 'web' }, nodeTaints: [] },
    } as unknown as NodePool;
    expect(missingOnStandby(spot, standby)).toEqual([
      'label workload=batch',
      'taint dedicated=batch:NoSchedule',
    ]);
    expect(missingOnStandby(spot, spot)).toEqual([]);
  });
});
