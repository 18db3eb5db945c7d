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

describe('planEvents: pause, resume, abort and steps', () => {
  const stages = (clusters: UpgradePlanStatus['stages']) => clusters;
  const progress: UpgradePlanStatus['stages'] = stages([
    {
      name: 'dev',
      phase: 'Progressing',
      startedAt: T,
      clusters: [
        { name: 'c1', phase: 'Succeeded', startedAt: T },
        { name: 'c2', phase: 'UpgradingControlPlane', startedAt: T, step: 'control plane 1.32 -> 1.33' },
      ],
    },
    { name: 'prod', phase: 'Skipped', clusters: [{ name: 'p1', phase: 'Pending' }] },
  ]);

  it('records pause, then resume, once each', () => {
    const running: UpgradePlanStatus = { phase: 'Progressing', stages: progress };
    const paused: UpgradePlanStatus = { phase: 'Paused', stages: progress };
    expect(planEvents(running, paused).map((e) => e.reason)).toEqual(['PlanPaused']);
    expect(planEvents(paused, running).map((e) => e.reason)).toEqual(['PlanResumed']);
  });

  it('says on abort which clusters finished, which run to the end of their step and which were left', () => {
    const aborted = planEvents(
      { phase: 'Progressing', stages: progress },
      { phase: 'Aborted', stages: progress },
    );
    expect(aborted).toEqual([
      expect.objectContaining({
        type: 'Normal',
        reason: 'PlanAborted',
        message: expect.stringMatching(/finished: c1; started .*: c2; not upgraded: p1/) as string,
      }),
    ]);
  });

  it('records a step done when the next one is due', () => {
    const before: UpgradePlanStatus = {
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
    const after: UpgradePlanStatus = {
      phase: 'Progressing',
      stages: [
        {
          name: 'dev',
          phase: 'Progressing',
          startedAt: T,
          clusters: [{ name: 'c1', phase: 'UpgradingNodePools', startedAt: T, step: 'node pool user' }],
        },
      ],
    };
    expect(planEvents(before, after)).toEqual([
      expect.objectContaining({
        reason: 'UpgradeStepCompleted',
        message: 'cluster c1: control plane done; next: node pool user',
      }),
    ]);
  });
});
