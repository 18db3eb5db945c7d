import type { UpgradePlanStatus } from '../../api/index.js';
import { planEvents } from './plan-events.js';

const T = '2026-01-01T00:00:00Z';

describe('planEvents', () => {
  it('names a stage and a cluster starting once', () => {
    const after: UpgradePlanStatus = {
      phase: 'Progressing',
      stages: [
        {
          name: 'dev',
          phase: 'Progressing',
          startedAt: T,
          clusters: [{ name: 'c1', phase: 'UpgradingControlPlane', startedAt: T, step: 'control plane' }],
        },
      ],
    };
    expect(planEvents(undefined, after).map((e) => e.reason)).toEqual([
      'StageStarted',
      'ClusterUpgradeStarted',
    ]);
    expect(planEvents(after, after)).toEqual([]);
  });

  it('warns with the blocker reason when a cluster becomes blocked or fails', () => {
    const stage = (phase: 'Blocked' | 'Failed') => ({
      phase: 'Progressing' as const,
      stages: [
        {
          name: 'dev',
          phase: 'Progressing' as const,
          startedAt: T,
          clusters: [{ name: 'c1', phase, startedAt: T, blocker: { reason: 'ChecksFailed', message: 'm' } }],
        },
      ],
    });
    const blocked = planEvents(
      {
        stages: [
          {
            name: 'dev',
            phase: 'Progressing',
            startedAt: T,
            clusters: [{ name: 'c1', phase: 'UpgradingControlPlane', startedAt: T }],
          },
        ],
      },
      stage('Blocked'),
    );
    expect(blocked).toEqual([expect.objectContaining({ type: 'Warning', reason: 'ChecksFailed' })]);
    expect(planEvents(stage('Blocked'), stage('Failed'))).toEqual([
      expect.objectContaining({ type: 'Warning', reason: 'ChecksFailed', message: 'cluster c1 failed: m' }),
    ]);
  });

  it('records success of clusters, stages and the plan', () => {
    const before: UpgradePlanStatus = {
      phase: 'Progressing',
      stages: [
        {
          name: 'dev',
          phase: 'Progressing',
          startedAt: T,
          clusters: [{ name: 'c1', phase: 'UpgradingNodePools', startedAt: T }],
        },
      ],
    };
    const after: UpgradePlanStatus = {
      phase: 'Succeeded',
      counts: { total: 1, done: 1, failed: 0, inProgress: 0 },
      stages: [
        {
          name: 'dev',
          phase: 'Succeeded',
          startedAt: T,
          clusters: [{ name: 'c1', phase: 'Succeeded', startedAt: T }],
        },
      ],
    };
    expect(planEvents(before, after).map((e) => e.reason)).toEqual([
      'ClusterUpgraded',
      'StageSucceeded',
      'PlanSucceeded',
    ]);
  });
});
