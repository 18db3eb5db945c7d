import {
  Annotation,
  BlueGreenPhase,
  PoolUpgradePhase,
  type NodePool,
  type NodePoolStatus,
  type UpgradePlan,
} from '../../api/index.js';
import { nodePool } from '../testing/objects.js';
import { abortedReplacements, rollbackReleases, rollbackRequests } from './abort-replacements.js';
import type { ClusterStep } from './cluster-steps.js';
import { decide, type ObservedCluster } from './plan-progress.js';

const PLAN = 'fleet-1-34';
const NOW = Date.parse('2025-01-06T12:00:00Z');
const POOL: ClusterStep = {
  kind: 'NodePool',
  pool: 'user1',
  from: '1.33.2',
  to: '1.34.1',
  strategy: 'BlueGreen',
};
const ASKED = {
  [Annotation.UpgradePlan]: PLAN,
  [Annotation.UpgradeTarget]: '1.34',
  [Annotation.UpgradeStrategy]: 'BlueGreen',
  [Annotation.DrainBatchSize]: '1',
};
const replacing: NodePoolStatus = {
  blueGreen: { twinPoolName: 'user1b', phase: BlueGreenPhase.Draining, startedAt: '2025-01-06T11:00:00Z' },
};
const rolledBack: NodePoolStatus = { upgrade: { phase: PoolUpgradePhase.RolledBack } };
const replaced: NodePoolStatus = { upgrade: { phase: PoolUpgradePhase.Succeeded } };

function pool(status: NodePoolStatus, annotations: Record<string, string> = ASKED, name = 'user1'): NodePool {
  return nodePool({ name, annotations, status });
}

describe('what an aborted plan asks of its replacements', () => {
  it('asks each running replacement it started to roll back, once', () => {
    const pools = [
      pool(replacing),
      pool(replacing, { ...ASKED, [Annotation.AbortReplacement]: PLAN }, 'user2'),
      pool(replacing, { ...ASKED, [Annotation.UpgradePlan]: 'other-plan' }, 'user3'),
      pool(replaced, ASKED, 'user4'),
    ];
    expect(rollbackRequests(PLAN, pools)).toEqual([
      { kind: 'NodePool', name: 'user1', annotations: { [Annotation.AbortReplacement]: PLAN } },
    ]);
  });

  it('after a rollback removes its requests and the abort annotation, keeping its own name', () => {
    const removals = rollbackReleases(PLAN, [
      pool(rolledBack, { ...ASKED, [Annotation.AbortReplacement]: PLAN }),
    ]);
    expect(removals).toEqual([
      {
        kind: 'NodePool',
        name: 'user1',
        keys: [
          Annotation.UpgradeTarget,
          Annotation.UpgradeStrategy,
          Annotation.DrainBatchSize,
          Annotation.AbortReplacement,
        ],
      },
    ]);
  });

  it('after a replacement finished too late removes only the abort annotation; none while one runs', () => {
    const late = pool(replaced, { ...ASKED, [Annotation.AbortReplacement]: PLAN });
    const running = pool(replacing, { ...ASKED, [Annotation.AbortReplacement]: PLAN }, 'user2');
    const users = pool(rolledBack, { ...ASKED, [Annotation.AbortReplacement]: 'alice' }, 'user3');
    expect(rollbackReleases(PLAN, [late, running, users])).toEqual([
      { kind: 'NodePool', name: 'user1', keys: [Annotation.AbortReplacement] },
    ]);
  });

  it.each<[string, NodePool, string | undefined]>([
    ['a running replacement', pool(replacing), 'InProgress'],
    ['a rolled-back one', pool(rolledBack), 'RolledBack'],
    [
      'one that finished under the abort annotation',
      pool(replaced, { ...ASKED, [Annotation.AbortReplacement]: PLAN }),
      'FinishedTooLate',
    ],
    ['none for a pool it had no replacement running on', pool(replaced), undefined],
  ])('reads %s', (_, np, outcome) => {
    expect(abortedReplacements(PLAN, [np])[0]?.outcome).toBe(outcome);
  });
});

function plan(status?: UpgradePlan['status']): Pick<UpgradePlan, 'spec' | 'status'> {
  return {
    spec: {
      target: { kubernetesVersion: '1.34' },
      clusterSelector: {},
      poolStrategy: { default: 'BlueGreen' },
      failurePolicy: { maxFailures: 0, action: 'StopPlan' },
      preflight: { stoppedClusters: 'Skip' },
      drain: { timeoutMinutes: 30, onTimeout: 'Wait', concurrency: 1 },
      paused: false,
      abort: true,
    },
    ...(status ? { status } : {}),
  };
}

const c1 = (extra: Partial<ObservedCluster>): ObservedCluster => ({
  name: 'c1',
  remainingSteps: [POOL],
  isUpgrading: false,
  ...extra,
});

describe('an aborted plan with a blue/green replacement running', () => {
  it('is Aborting while the replacement rolls back, and Aborted with the cluster RolledBack after', () => {
    const during = decide(
      plan(),
      [c1({ isUpgrading: true, abortedReplacements: [{ pool: 'user1', outcome: 'InProgress' }] })],
      NOW,
    );
    expect(during.status.phase).toBe('Aborting');
    expect(during.conditions.find((c) => c.type === 'Reconciling')).toMatchObject({ status: 'True' });
    expect(during.requeueAfterMs).toBeDefined();

    const after = decide(
      plan(during.status),
      [c1({ abortedReplacements: [{ pool: 'user1', outcome: 'RolledBack' }] })],
      NOW,
    );
    expect(after.status.phase).toBe('Aborted');
    expect(after.status.stages[0]?.clusters?.[0]).toMatchObject({
      phase: 'RolledBack',
      abortedReplacements: [{ pool: 'user1', outcome: 'RolledBack' }],
    });
    expect(after.conditions.find((c) => c.type === 'Ready')?.message).toContain(
      'replacements rolled back: c1/user1',
    );
  });

  it('keeps a replacement that finished too late once the plan released the pool', () => {
    const seen = decide(
      plan(),
      [c1({ remainingSteps: [], abortedReplacements: [{ pool: 'user1', outcome: 'FinishedTooLate' }] })],
      NOW,
    );
    const released = decide(plan(seen.status), [c1({ remainingSteps: [] })], NOW);
    expect(released.status.phase).toBe('Aborted');
    expect(released.status.stages[0]?.clusters?.[0]).toMatchObject({
      phase: 'Succeeded',
      abortedReplacements: [{ pool: 'user1', outcome: 'FinishedTooLate' }],
    });
    expect(released.conditions.find((c) => c.type === 'Ready')?.message).toContain(
      'replacements finished (abort too late): c1/user1',
    );
  });
});
