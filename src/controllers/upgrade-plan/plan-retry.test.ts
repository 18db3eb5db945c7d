import { Annotation, type ManagedCluster, type NodePool, type UpgradePlan } from '../../api/index.js';
import { failedClusters, pendingRetry, retryRequests } from './plan-retry.js';

const withAnnotations = <T>(name: string, annotations: Record<string, string>): T =>
  ({ metadata: { name, annotations } }) as unknown as T;

function plan(retry: string | undefined, lastRetry?: string): UpgradePlan {
  return {
    metadata: { name: 'plan', annotations: retry === undefined ? {} : { [Annotation.Retry]: retry } },
    spec: {},
    status: {
      ...(lastRetry !== undefined ? { lastRetry } : {}),
      stages: [
        {
          name: 'dev',
          phase: 'Failed',
          clusters: [
            { name: 'c1', phase: 'Failed' },
            { name: 'c2', phase: 'Succeeded' },
          ],
        },
      ],
    },
  } as unknown as UpgradePlan;
}

describe('plan retry', () => {
  it('asks for a retry only for a value the plan has not acted on', () => {
    expect(pendingRetry(plan(undefined))).toBeUndefined();
    expect(pendingRetry(plan('1'))).toBe('1');
    expect(pendingRetry(plan('1', '1'))).toBeUndefined();
    expect(pendingRetry(plan('2', '1'))).toBe('2');
  });

  it('lists the clusters the status says failed', () => {
    expect(failedClusters(plan('1'))).toEqual(['c1']);
  });

  it('passes the value on to the cluster and the pools this plan asked steps of, once', () => {
    const ours = { [Annotation.UpgradePlan]: 'plan' };
    const requests = retryRequests({
      plan: 'plan',
      value: '7',
      cluster: withAnnotations<ManagedCluster>('c1', ours),
      pools: [
        withAnnotations<NodePool>('c1-user', ours),
        withAnnotations<NodePool>('c1-other', { [Annotation.UpgradePlan]: 'another' }),
        withAnnotations<NodePool>('c1-sys', { ...ours, [Annotation.Retry]: '7' }),
      ],
    });
    expect(requests).toEqual([
      { kind: 'ManagedCluster', name: 'c1', annotations: { [Annotation.Retry]: '7' } },
      { kind: 'NodePool', name: 'c1-user', annotations: { [Annotation.Retry]: '7' } },
    ]);
  });
});
