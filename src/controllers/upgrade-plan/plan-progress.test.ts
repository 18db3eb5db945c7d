import type { UpgradePlan } from '../../api/index.js';
import { kubeTime } from '../../runtime/index.js';
import type { ClusterStep } from './cluster-steps.js';
import { POLL_INTERVAL_MS, decide } from './plan-progress.js';
import type { ObservedCluster, PlanDecision } from './plan-progress.js';

const NOW = Date.parse('2025-01-06T12:00:00Z'); // a Monday
const MINUTE = 60_000;
const CP: ClusterStep = { kind: 'ControlPlane', from: '1.29.11', to: '1.30.7' };
const POOL: ClusterStep = { kind: 'NodePool', pool: 'p', from: '1.29.11', to: '1.30.7', strategy: 'Surge' };

type Spec = UpgradePlan['spec'];
type Stage = NonNullable<Spec['stages']>[number];

const stage = (name: string, env: string, extra: Partial<Stage> = {}): Stage => ({
  name,
  clusterSelector: { matchLabels: { env } },
  maxConcurrency: 1,
  soakMinutes: 0,
  requireApproval: false,
  ...extra,
});

function spec(extra: Partial<Spec> = {}): Spec {
  return {
    target: { kubernetesVersion: '1.30' },
    clusterSelector: {},
    poolStrategy: { default: 'Surge' },
    failurePolicy: { maxFailures: 0, action: 'StopPlan' },
    preflight: { stoppedClusters: 'Skip' },
    drain: { timeoutMinutes: 30, onTimeout: 'Wait', concurrency: 1 },
    paused: false,
    abort: false,
    ...extra,
  };
}

// Six clusters over three stages, as in the acceptance test.
const THREE_STAGES = [
  stage('dev', 'dev', { maxConcurrency: 2 }),
  stage('staging', 'staging', { soakMinutes: 60 }),
  stage('prod', 'prod', { maxConcurrency: 2, requireApproval: true }),
];

const cluster = (name: string, env: string, extra: Partial<ObservedCluster> = {}): ObservedCluster => ({
  name,
  labels: { env },
  remainingSteps: [CP, POOL],
  isUpgrading: false,
  ...extra,
});
const done = (name: string, env: string): ObservedCluster => cluster(name, env, { remainingSteps: [] });
const running = (name: string, env: string): ObservedCluster => cluster(name, env, { isUpgrading: true });

function fleet(overrides: ObservedCluster[] = []): ObservedCluster[] {
  const base = [
    cluster('dev-1', 'dev'),
    cluster('dev-2', 'dev'),
    cluster('dev-3', 'dev'),
    cluster('stg-1', 'staging'),
    cluster('prod-1', 'prod'),
    cluster('prod-2', 'prod'),
  ];
  return base.map((c) => overrides.find((o) => o.name === c.name) ?? c);
}

const started = (d: PlanDecision): string[] => d.actions.map((a) => `${a.cluster}:${a.step.kind}`);
const stagePhases = (d: PlanDecision): string[] => d.status.stages.map((s) => `${s.name}=${s.phase}`);
const condition = (d: PlanDecision, type: string): string | undefined => {
  const c = d.conditions.find((x) => x.type === type);
  return c && `${c.status}/${c.reason}`;
};

/** Status as the previous pass left it, with the given stage finish times. */
function statusWith(
  stages: {
    name: string;
    phase: string;
    startedAt?: number;
    finishedAt?: number;
    started?: string[];
    /** Clusters the stage took when it started and has not started yet. */
    waiting?: string[];
  }[],
): UpgradePlan['status'] {
  return {
    stages: stages.map((s) => ({
      name: s.name,
      phase: s.phase as 'Progressing',
      ...(s.startedAt !== undefined ? { startedAt: kubeTime(s.startedAt) } : {}),
      ...(s.finishedAt !== undefined ? { finishedAt: kubeTime(s.finishedAt) } : {}),
      clusters: [
        ...(s.started ?? []).map((name) => ({
          name,
          phase: 'UpgradingControlPlane' as const,
          startedAt: kubeTime(NOW - MINUTE),
        })),
        ...(s.waiting ?? []).map((name) => ({ name, phase: 'Pending' as const })),
      ],
    })),
  };
}

describe('decide: stages in order with maxConcurrency', () => {
  it('starts only the first stage, at most maxConcurrency clusters, in name order', () => {
    const d = decide({ spec: spec({ stages: THREE_STAGES }) }, fleet(), NOW);
    expect(started(d)).toEqual(['dev-1:ControlPlane', 'dev-2:ControlPlane']);
    expect(stagePhases(d)).toEqual(['dev=Progressing', 'staging=Pending', 'prod=Pending']);
    expect(d.status.phase).toBe('Progressing');
    expect(d.status.counts).toEqual({ total: 6, done: 0, failed: 0, inProgress: 2 });
    expect(d.requeueAfterMs).toBe(POLL_INTERVAL_MS);
  });

  it('starts a waiting cluster when a slot frees, and not while both slots are busy', () => {
    const busy = decide(
      { spec: spec({ stages: THREE_STAGES }) },
      fleet([running('dev-1', 'dev'), running('dev-2', 'dev')]),
      NOW,
    );
    expect(started(busy)).toEqual([]);
    const freed = decide(
      { spec: spec({ stages: THREE_STAGES }) },
      fleet([done('dev-1', 'dev'), running('dev-2', 'dev')]),
      NOW,
    );
    expect(started(freed)).toEqual(['dev-3:ControlPlane']);
    expect(freed.status.counts.done).toBe(1);
  });

  it('starts the next step of a cluster between steps: pools after the control plane', () => {
    const status = statusWith([
      {
        name: 'dev',
        phase: 'Progressing',
        startedAt: NOW - MINUTE,
        started: ['dev-1'],
        waiting: ['dev-2', 'dev-3'],
      },
    ]);
    const d = decide(
      { spec: spec({ stages: THREE_STAGES }), status },
      fleet([cluster('dev-1', 'dev', { remainingSteps: [POOL] })]),
      NOW,
    );
    expect(started(d)).toEqual(['dev-1:NodePool', 'dev-2:ControlPlane']);
    expect(d.status.stages[0]?.clusters?.[0]).toMatchObject({
      name: 'dev-1',
      phase: 'UpgradingNodePools',
      step: 'node pool p 1.29.11 -> 1.30.7 (Surge)',
    });
  });

  it('treats a cluster already at the target as done without starting it', () => {
    const d = decide({ spec: spec({ stages: THREE_STAGES }) }, fleet([done('dev-1', 'dev')]), NOW);
    expect(started(d)).toEqual(['dev-2:ControlPlane', 'dev-3:ControlPlane']);
  });

  it('puts every cluster in one stage named default when the plan has no stages', () => {
    const d = decide({ spec: spec() }, fleet(), NOW);
    expect(stagePhases(d)).toEqual(['default=Progressing']);
    expect(started(d)).toEqual(['dev-1:ControlPlane']);
  });
});

describe('decide: soak and approval between stages', () => {
  const devDone = fleet([done('dev-1', 'dev'), done('dev-2', 'dev'), done('dev-3', 'dev')]);
  const allButProd = fleet([
    done('dev-1', 'dev'),
    done('dev-2', 'dev'),
    done('dev-3', 'dev'),
    done('stg-1', 'staging'),
  ]);

  it('starts the next stage as soon as a stage without soak succeeds', () => {
    const d = decide({ spec: spec({ stages: THREE_STAGES }) }, devDone, NOW);
    expect(stagePhases(d)).toEqual(['dev=Succeeded', 'staging=Progressing', 'prod=Pending']);
    expect(started(d)).toEqual(['stg-1:ControlPlane']);
  });

  it.each<[string, number, string[], string[], number | undefined]>([
    [
      'soaks a finished stage and comes back when the soak ends',
      10,
      ['staging=Soaking', 'prod=Pending'],
      [],
      50 * MINUTE,
    ],
    [
      'after the soak the approval gate holds the next stage',
      60,
      ['staging=Succeeded', 'prod=WaitingForApproval'],
      [],
      undefined,
    ],
  ])('%s', (_name, minutesSinceFinish, phases, starts, requeue) => {
    const status = statusWith([
      {
        name: 'dev',
        phase: 'Succeeded',
        startedAt: NOW - 5 * 60 * MINUTE,
        finishedAt: NOW - 3 * 60 * MINUTE,
      },
      {
        name: 'staging',
        phase: 'Progressing',
        startedAt: NOW - 2 * 60 * MINUTE,
        finishedAt: NOW - minutesSinceFinish * MINUTE,
      },
    ]);
    const d = decide({ spec: spec({ stages: THREE_STAGES }), status }, allButProd, NOW);
    expect(stagePhases(d).slice(1)).toEqual(phases);
    expect(started(d)).toEqual(starts);
    expect(d.requeueAfterMs).toBe(requeue);
  });

  // staging finished two hours ago, so its 60-minute soak is over.
  const soaked = statusWith([
    {
      name: 'dev',
      phase: 'Succeeded',
      startedAt: NOW - 5 * 60 * MINUTE,
      finishedAt: NOW - 3 * 60 * MINUTE,
      waiting: ['dev-1', 'dev-2', 'dev-3'],
    },
    {
      name: 'staging',
      phase: 'Succeeded',
      startedAt: NOW - 3 * 60 * MINUTE,
      finishedAt: NOW - 2 * 60 * MINUTE,
      waiting: ['stg-1'],
    },
  ]);

  it('reports WaitingForApproval with the API reason until the stage is approved', () => {
    const d = decide({ spec: spec({ stages: THREE_STAGES }), status: soaked }, allButProd, NOW);
    expect(d.status.phase).toBe('WaitingForApproval');
    expect(condition(d, 'Progressing')).toBe('True/WaitingForApproval');
    expect(condition(d, 'Ready')).toBe('False/WaitingForApproval');
  });

  it('starts an approved stage', () => {
    const d = decide(
      { spec: spec({ stages: THREE_STAGES, approvals: ['prod'] }), status: soaked },
      allButProd,
      NOW,
    );
    expect(started(d)).toEqual(['prod-1:ControlPlane', 'prod-2:ControlPlane']);
  });

  it('succeeds once every stage succeeded: Ready True, nothing to requeue', () => {
    const d = decide(
      { spec: spec({ stages: THREE_STAGES, approvals: ['prod'] }), status: soaked },
      fleet().map((c) => done(c.name, c.labels?.env ?? '')),
      NOW,
    );
    expect(d.status.phase).toBe('Succeeded');
    expect(condition(d, 'Ready')).toBe('True/Completed');
    expect(condition(d, 'Reconciling')).toBe('False/Completed');
    expect(d.status.counts).toEqual({ total: 6, done: 6, failed: 0, inProgress: 0 });
    expect(d.requeueAfterMs).toBeUndefined();
  });
});

describe('decide: maintenance windows', () => {
  const weeknights = [{ cron: '0 22 * * 1-5', durationMinutes: 240, timeZone: 'UTC' }];

  it('starts nothing outside every window and comes back when the next one opens', () => {
    const d = decide({ spec: spec({ maintenanceWindows: weeknights }) }, fleet(), NOW);
    expect(started(d)).toEqual([]);
    expect(d.status.phase).toBe('WaitingForWindow');
    expect(condition(d, 'Ready')).toBe('False/OutsideMaintenanceWindow');
    expect(d.requeueAfterMs).toBe(10 * 60 * MINUTE);
  });

  it('starts steps inside a window', () => {
    const d = decide(
      { spec: spec({ maintenanceWindows: weeknights }) },
      fleet(),
      Date.parse('2025-01-06T23:00:00Z'),
    );
    expect(started(d)).toEqual(['dev-1:ControlPlane']);
  });

  it('lets a running step finish outside the window but starts no next step', () => {
    const status = statusWith([
      { name: 'default', phase: 'Progressing', startedAt: NOW - MINUTE, started: ['dev-1'] },
    ]);
    const d = decide(
      { spec: spec({ maintenanceWindows: weeknights }), status },
      fleet([cluster('dev-1', 'dev', { remainingSteps: [POOL] })]),
      NOW,
    );
    expect(started(d)).toEqual([]);
    expect(d.status.phase).toBe('WaitingForWindow');
  });

  it('stalls on a window that cannot be read and starts nothing', () => {
    const d = decide(
      {
        spec: spec({
          maintenanceWindows: [{ cron: '0 22 * * *', durationMinutes: 60, timeZone: 'Mars/Olympus' }],
        }),
      },
      fleet(),
      NOW,
    );
    expect(started(d)).toEqual([]);
    expect(condition(d, 'Stalled')).toBe('True/InvalidSpec');
  });
});

describe('decide: failure policy', () => {
  const failed = (name: string, env: string): ObservedCluster =>
    cluster(name, env, { failure: { reason: 'UpgradeFailed', message: 'drain blocked by pdb shop/api' } });

  it.each<[string, Spec['failurePolicy'], ObservedCluster[], string, string[]]>([
    [
      'tolerates failures up to maxFailures and goes on',
      { maxFailures: 1, action: 'StopPlan' },
      [failed('dev-1', 'dev')],
      'Progressing',
      ['dev-2:ControlPlane', 'dev-3:ControlPlane'],
    ],
    [
      'StopPlan fails the plan past maxFailures even with clusters in flight',
      { maxFailures: 0, action: 'StopPlan' },
      [failed('dev-1', 'dev'), running('dev-2', 'dev')],
      'Failed',
      [],
    ],
    [
      'StopStage stops starting in the stage and lets in-flight clusters finish',
      { maxFailures: 0, action: 'StopStage' },
      [failed('dev-1', 'dev'), running('dev-2', 'dev')],
      'Progressing',
      [],
    ],
    [
      'StopStage fails the plan once nothing is in flight',
      { maxFailures: 0, action: 'StopStage' },
      [failed('dev-1', 'dev'), done('dev-2', 'dev')],
      'Failed',
      [],
    ],
  ])('%s', (_name, failurePolicy, overrides, phase, starts) => {
    const d = decide({ spec: spec({ stages: THREE_STAGES, failurePolicy }) }, fleet(overrides), NOW);
    expect(d.status.phase).toBe(phase);
    expect(started(d)).toEqual(starts);
  });

  it('fails the plan at once past maxTotalFailures across stages, each stage within its own limit', () => {
    const policy = { maxFailures: 1, maxTotalFailures: 1, action: 'StopStage' as const };
    const status = statusWith([
      {
        name: 'dev',
        phase: 'Succeeded',
        startedAt: NOW - 60 * MINUTE,
        finishedAt: NOW - 30 * MINUTE,
        waiting: ['dev-1', 'dev-2', 'dev-3'],
      },
      { name: 'staging', phase: 'Progressing', startedAt: NOW - 20 * MINUTE, started: ['stg-1'] },
    ]);
    const stages = [stage('dev', 'dev', { maxConcurrency: 3 }), stage('staging', 'staging')];
    const overrides = [
      failed('dev-1', 'dev'),
      done('dev-2', 'dev'),
      done('dev-3', 'dev'),
      failed('stg-1', 'staging'),
    ];
    const within = decide(
      { spec: spec({ stages, failurePolicy: { ...policy, maxTotalFailures: 2 } }), status },
      fleet(overrides),
      NOW,
    );
    expect(within.status.phase).toBe('Succeeded');
    const past = decide({ spec: spec({ stages, failurePolicy: policy }), status }, fleet(overrides), NOW);
    expect(past.status.phase).toBe('Failed');
    expect(stagePhases(past)).toEqual(['dev=Succeeded', 'staging=Failed']);
  });

  it('marks the failed stage Failed, later stages Skipped, and sets Failed and Stalled', () => {
    const d = decide({ spec: spec({ stages: THREE_STAGES }) }, fleet([failed('dev-1', 'dev')]), NOW);
    expect(stagePhases(d)).toEqual(['dev=Failed', 'staging=Skipped', 'prod=Skipped']);
    expect(condition(d, 'Failed')).toBe('True/MaxFailuresExceeded');
    expect(condition(d, 'Stalled')).toBe('True/MaxFailuresExceeded');
    expect(d.status.counts.failed).toBe(1);
    expect(d.status.stages[0]?.clusters?.[0]?.blocker?.reason).toBe('UpgradeFailed');
  });
});

describe('decide: paused, aborted, blocked, empty', () => {
  it('paused: starts nothing new while a running step goes on', () => {
    const d = decide({ spec: spec({ paused: true }) }, fleet([running('dev-1', 'dev')]), NOW);
    expect(started(d)).toEqual([]);
    expect(d.status.phase).toBe('Paused');
    expect(condition(d, 'Ready')).toBe('False/Paused');
    expect(d.status.counts.inProgress).toBe(1);
  });

  it('aborted: starts nothing, phase Aborted, stages not begun are Skipped', () => {
    const d = decide(
      { spec: spec({ stages: THREE_STAGES, abort: true }) },
      fleet([running('dev-1', 'dev')]),
      NOW,
    );
    expect(started(d)).toEqual([]);
    expect(d.status.phase).toBe('Aborted');
    expect(stagePhases(d)).toEqual(['dev=Progressing', 'staging=Skipped', 'prod=Skipped']);
    expect(condition(d, 'Ready')).toBe('False/Aborted');
    expect(d.requeueAfterMs).toBeUndefined();
  });

  it('a blocked cluster keeps its slot, is retried, and its blocker reaches the message', () => {
    const blocked = cluster('dev-1', 'dev', {
      blocker: {
        reason: 'ChecksFailed',
        message: 'policy/v1beta1 PodDisruptionBudget shop/api removed in 1.25',
      },
    });
    const d = decide({ spec: spec() }, fleet([blocked]), NOW);
    expect(started(d)).toEqual(['dev-1:ControlPlane']);
    expect(d.status.stages[0]?.clusters?.[0]?.phase).toBe('Blocked');
    expect(d.conditions.find((c) => c.type === 'Progressing')).toMatchObject({
      reason: 'ChecksFailed',
      message: expect.stringContaining('shop/api'),
    });
  });

  it('a skipped cluster counts as finished but not done', () => {
    const skipped = cluster('dev-1', 'dev', {
      skipped: { reason: 'ClusterStopped', message: 'cluster is stopped' },
    });
    const d = decide(
      { spec: spec({ clusterSelector: { matchLabels: { env: 'dev' } } }) },
      [skipped, done('dev-2', 'dev')],
      NOW,
    );
    expect(d.status.phase).toBe('Succeeded');
    expect(d.status.counts).toEqual({ total: 2, done: 1, failed: 0, inProgress: 0 });
  });

  it('reports NoClustersSelected when the selectors match nothing', () => {
    const d = decide({ spec: spec({ clusterSelector: { matchLabels: { env: 'none' } } }) }, fleet(), NOW);
    expect(d.status.counts.total).toBe(0);
    expect(condition(d, 'Ready')).toBe('False/NoClustersSelected');
  });

  it('reports clusters no stage selects as findings', () => {
    const d = decide({ spec: spec({ stages: [stage('dev', 'dev')] }) }, fleet(), NOW);
    expect(d.findings.map((f) => f.cluster)).toEqual(['prod-1', 'prod-2', 'stg-1']);
  });

  it('keeps the recorded start and finish times across passes', () => {
    const status = statusWith([
      { name: 'default', phase: 'Progressing', startedAt: NOW - 7 * MINUTE, started: ['dev-1'] },
    ]);
    const d = decide(
      { spec: spec({ clusterSelector: { matchLabels: { env: 'dev' } } }), status },
      [running('dev-1', 'dev')],
      NOW,
    );
    expect(d.status.stages[0]?.startedAt).toBe(kubeTime(NOW - 7 * MINUTE));
    expect(d.status.stages[0]?.clusters?.[0]?.startedAt).toBe(kubeTime(NOW - MINUTE));
  });
});

describe('decide: unattended runs', () => {
  const failedBlocker = { reason: 'UpgradeFailed', message: 'the control-plane upgrade failed in Azure' };

  it('keeps a failed cluster Failed while its objects retry, until the plan retries it', () => {
    const status: UpgradePlan['status'] = {
      stages: [
        {
          name: 'default',
          phase: 'Failed',
          startedAt: kubeTime(NOW - 5 * MINUTE),
          clusters: [
            {
              name: 'dev-1',
              phase: 'Failed',
              blocker: failedBlocker,
              startedAt: kubeTime(NOW - 5 * MINUTE),
              finishedAt: kubeTime(NOW - MINUTE),
            },
          ],
        },
      ],
    };
    const planSpec = spec({ clusterSelector: { matchLabels: { env: 'dev' } } });
    // The cluster's own retry runs: what is observed no longer says failed.
    const stuck = decide({ spec: planSpec, status }, [running('dev-1', 'dev')], NOW);
    expect(stuck.status.phase).toBe('Failed');
    expect(stuck.status.stages[0]?.clusters?.[0]).toMatchObject({ phase: 'Failed', blocker: failedBlocker });
    const retried = decide(
      { spec: planSpec, status },
      [cluster('dev-1', 'dev', { remainingSteps: [CP], isRetried: true })],
      NOW,
    );
    expect(retried.status.phase).toBe('Progressing');
    expect(started(retried)).toEqual(['dev-1:ControlPlane']);
    expect(retried.status.counts.failed).toBe(0);
  });

  it('fixes a stage’s clusters when it starts: one that joins later is left for the next plan', () => {
    const status = statusWith([
      { name: 'dev', phase: 'Progressing', startedAt: NOW - MINUTE, started: ['dev-1'] },
    ]);
    const d = decide(
      { spec: spec({ stages: [stage('dev', 'dev')] }), status },
      [running('dev-1', 'dev'), cluster('dev-9', 'dev')],
      NOW,
    );
    expect(d.status.stages[0]?.clusters?.map((c) => c.name)).toEqual(['dev-1']);
    expect(d.status.stages[0]?.joinedLate).toEqual(['dev-9']);
    expect(d.status.counts.total).toBe(1);
    expect(d.status.progress).toContain('1 joined late (next plan)');
    expect(started(d)).toEqual([]);
  });

  it('holds an approved stage while its target is not offered in every region', () => {
    const approved = spec({
      stages: [stage('prod', 'prod', { requireApproval: true })],
      approvals: ['prod'],
    });
    const hold = 'stage prod is approved, but AKS does not offer 1.30 in westeurope yet';
    const d = decide({ spec: approved }, [cluster('prod-1', 'prod')], NOW, {
      approvalHolds: new Map([['prod', hold]]),
    });
    expect(started(d)).toEqual([]);
    expect(d.status.stages[0]).toMatchObject({ phase: 'WaitingForApproval', message: hold });
    expect(d.status.stages[0]?.startedAt).toBeUndefined();
    expect(condition(d, 'Progressing')).toBe('True/TargetNotOfferedInRegion');
    const free = decide({ spec: approved }, [cluster('prod-1', 'prod')], NOW);
    expect(started(free)).toEqual(['prod-1:ControlPlane']);
  });

  it('does not start a stage, nor stamp its start, while paused', () => {
    const d = decide(
      { spec: spec({ stages: [stage('dev', 'dev')], paused: true }) },
      [cluster('dev-1', 'dev')],
      NOW,
    );
    expect(d.status.phase).toBe('Paused');
    expect(d.status.stages[0]?.phase).toBe('Pending');
    expect(d.status.stages[0]?.startedAt).toBeUndefined();
  });
});
