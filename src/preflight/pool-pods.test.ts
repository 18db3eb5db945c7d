import type { V1PersistentVolume, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { checkPoolPods } from './pool-pods.js';
import { pod } from './testing/builders.js';

const base = { poolName: 'blue', nodeNames: ['aks-blue-0', 'aks-blue-1'] };

describe('checkPoolPods', () => {
  it('S38: a Deployment pinned to the old pool by nodeSelector is an error', () => {
    const p = pod('api-a', { extraSpec: { nodeSelector: { 'kubernetes.azure.com/agentpool': 'blue' } } });
    expect(checkPoolPods({ ...base, pods: [p] })).toEqual([
      expect.objectContaining({
        reason: 'PinnedToPool',
        severity: 'Error',
        message: expect.stringContaining('nodeSelector kubernetes.azure.com/agentpool=blue'),
      }),
    ]);
  });

  it('S38: required node affinity on agentpool In (blue) is an error too', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'agentpool', operator: 'In', values: ['blue'] }] }],
        },
      },
    };
    expect(checkPoolPods({ ...base, pods: [pod('api-a', { extraSpec: { affinity } })] })[0]?.reason).toBe(
      'PinnedToPool',
    );
  });

  it('S6: a pod on a local PV pinned to an old node is an error naming PV, claim and pod', () => {
    const p = pod('pg-0', {
      extraSpec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pg-0' } }] },
    });
    const pvc: V1PersistentVolumeClaim = {
      metadata: { name: 'data-pg-0', namespace: 'shop' },
      spec: { volumeName: 'local-pv-1' },
    };
    const pv: V1PersistentVolume = {
      metadata: { name: 'local-pv-1' },
      spec: {
        local: { path: '/mnt/disks/ssd1' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['aks-blue-1'] }],
              },
            ],
          },
        },
      },
    };
    const findings = checkPoolPods({ ...base, pods: [p], pvcs: [pvc], pvs: [pv] });
    expect(findings).toEqual([
      expect.objectContaining({
        reason: 'LocalVolumePinned',
        message: expect.stringMatching(
          /pod shop\/pg-0 .*PersistentVolume local-pv-1 \(claim data-pg-0\) is pinned to node aks-blue-1/,
        ),
      }),
    ]);
  });

  it('S29: a grace period longer than the drain timeout is a warning naming the pod', () => {
    const p = pod('batch', { extraSpec: { terminationGracePeriodSeconds: 3600 } });
    expect(checkPoolPods({ ...base, pods: [p], drainTimeoutMinutes: 30 })).toEqual([
      expect.objectContaining({ reason: 'LongGracePeriod', severity: 'Warning', subject: 'Pod shop/batch' }),
    ]);
  });

  it.each([
    { allow: false, severity: 'Error' },
    { allow: true, severity: 'Warning' },
  ])('P14: a bare pod is $severity when allowUnmanagedPods is $allow', ({ allow, severity }) => {
    expect(
      checkPoolPods({ ...base, pods: [pod('bare', { bare: true })], allowUnmanagedPods: allow }),
    ).toEqual([expect.objectContaining({ reason: 'UnmanagedPod', severity })]);
  });

  it('DaemonSet, mirror and finished pods are ignored', () => {
    const ds = pod('ds');
    ds.metadata!.ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true },
    ];
    const mirror = pod('static', { bare: true });
    mirror.metadata!.annotations = { 'kubernetes.io/config.mirror': 'x' };
    const done = pod('job', {
      bare: true,
      phase: 'Succeeded',
      extraSpec: { nodeSelector: { agentpool: 'blue' } },
    });
    expect(checkPoolPods({ ...base, pods: [ds, mirror, done] })).toEqual([]);
  });
});
