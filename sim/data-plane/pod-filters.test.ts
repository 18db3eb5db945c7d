import type { V1Pod } from '@kubernetes/client-node';
import { PodVerdict, drainVerdict, selectorString } from './pod-filters.js';

const owned = (kind: string): V1Pod => ({
  metadata: {
    name: 'p',
    ownerReferences: [{ apiVersion: 'apps/v1', kind, name: 'x', uid: 'u', controller: true }],
  },
  status: { phase: 'Running' },
});

describe('drain verdict', () => {
  it.each<[string, V1Pod, PodVerdict]>([
    ['evicts a ReplicaSet pod', owned('ReplicaSet'), PodVerdict.Evict],
    [
      'evicts a bare pod (AKS drains do)',
      { metadata: { name: 'p' }, status: { phase: 'Running' } },
      PodVerdict.Evict,
    ],
    ['skips a DaemonSet pod', owned('DaemonSet'), PodVerdict.Skip],
    [
      'skips a mirror pod',
      {
        metadata: { name: 'p', annotations: { 'kubernetes.io/config.mirror': 'x' } },
        status: { phase: 'Running' },
      },
      PodVerdict.Skip,
    ],
    ['skips a finished pod', { ...owned('Job'), status: { phase: 'Succeeded' } }, PodVerdict.Skip],
    [
      'waits for a pod already terminating',
      {
        ...owned('ReplicaSet'),
        metadata: { ...owned('ReplicaSet').metadata, deletionTimestamp: new Date() },
      },
      PodVerdict.Wait,
    ],
  ])('%s', (_name, pod, verdict) => {
    expect(drainVerdict(pod)).toBe(verdict);
  });
});

describe('label selector', () => {
  it('spells matchLabels and every expression operator', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,tier in (a,b),env notin (dev),x,!y');
  });

  it('spells the empty selector as "everything"', () => {
    expect(selectorString({})).toBe('');
  });
});
