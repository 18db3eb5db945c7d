import {
  Annotation,
  applyDefaults,
  ClusterUpgradePhase,
  UpgradePlanPhase,
  UpgradePlanReason,
  upgradePlanSpec,
  type ManagedCluster,
  type NodePool,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../api/index.js';
import { managedCluster, nodePool } from '../testing/objects.js';
import { decide } from './plan-progress.js';
import {
  changesRun,
  holdMark,
  idleDecision,
  observeChangedCluster,
  observeChanges,
  reportRun,
} from './spec-changes.js';

const NOW = Date.UTC(2026, 0, 5, 10);
const MINUTE = 60_000;

const spec = applyDefaults(upgradePlanSpec, {
  target: { specChanges: true },
  clusterSelector: {},
  stages: [
    { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, soakMinutes: 60 },
    { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } }, requireApproval: true },
  ],
} as UpgradePlanSpecInput);

const held = (released: number, stage: string) => ({
  [Annotation.ChangesHeldBy]: 'changes',
  [Annotation.ChangesStage]: stage,
  [Annotation.ReleasedGeneration]: String(released),
});

function cluster(
  name: string,
  o: { generation: number; applied: number; released: number; env: string; stalled?: boolean },
): ManagedCluster {
  const mc = managedCluster({
    name,
    generation: o.generation,
    annotations: held(o.released, o.env),
    status: {
      appliedGeneration: o.applied,
      ...(o.stalled
        ? { conditions: [{ type: 'Stalled', status: 'True', reason: 'InvalidSpec', message: 'bad tag' }] }
        : {}),
    } as ManagedCluster['status'],
  });
  mc.metadata.labels = { env: o.env };
  return mc;
}

function pool(
  name: string,
  clusterName: string,
  o: { generation: number; applied: number; released: number },
): NodePool {
  return nodePool({
    name,
    generation: o.generation,
    annotations: held(o.released, 'dev'),
    spec: { clusterRef: { name: clusterName } },
    status: { appliedGeneration: o.applied },
  });
}

function plan(status?: UpgradePlan['status']): UpgradePlan {
  return {
    apiVersion: 'aks.lifecycle.dev/v1alpha1',
    kind: 'UpgradePlan',
    metadata: { name: 'changes', namespace: 'team-a', generation: 1 },
    spec,
    ...(status ? { status } : {}),
  };
}

/** One pass as the reconciler runs it: the run, the stage machinery, the run's report. */
function pass(p: UpgradePlan, clusters: ManagedCluster[], pools: NodePool[] = [], nowMs = NOW) {
  const changes = observeChanges({ plan: p, clusters, pools, nowMs });
  const view = { ...p, status: changes.run.previous ?? {} };
  const decision = changes.run.isIdle
    ? idleDecision(view.status, changes.observed.size)
    : decide(view, [...changes.observed.values()], nowMs);
  const run = reportRun(decision, changes.run, nowMs);
  return { decision, run, status: { ...decision.status, ...(run ? { run } : {}) } as UpgradePlan['status'] };
}

describe('a specChanges plan', () => {
  it('waits, Ready, while no selected object holds a change', () => {
    const { decision, run } = pass(plan(), [
      cluster('dev-1', { generation: 2, applied: 2, released: 2, env: 'dev' }),
    ]);
    expect(run).toBeUndefined();
    expect(decision.actions).toEqual([]);
    expect(decision.status.phase).toBe(UpgradePlanPhase.Succeeded);
    expect(decision.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: UpgradePlanReason.WaitingForChanges,
    });
  });

  it('starts a run for a held change and releases it in the first stage only', () => {
    const clusters = [
      cluster('dev-1', { generation: 3, applied: 2, released: 2, env: 'dev' }),
      cluster('prod-1', { generation: 5, applied: 4, released: 4, env: 'prod' }),
    ];
    const { decision, run } = pass(plan(), clusters);
    expect(run).toEqual({ number: 1, startedAt: new Date(NOW).toISOString().replace('.000', '') });
    expect(decision.actions.map((a) => [a.cluster, a.step])).toEqual([
      ['dev-1', { kind: 'Release', object: 'ManagedCluster', name: 'dev-1', from: 2, to: 3 }],
    ]);
    const dev = decision.status.stages[0]?.clusters?.[0];
    expect(dev?.phase).toBe(ClusterUpgradePhase.ApplyingChanges);
    expect(dev?.generations).toEqual([{ kind: 'ManagedCluster', name: 'dev-1', generation: 3 }]);
  });

  it('opens the next stage after the soak and its approval, then ends the run', () => {
    const released = [
      cluster('dev-1', { generation: 3, applied: 3, released: 3, env: 'dev' }),
      cluster('prod-1', { generation: 5, applied: 4, released: 4, env: 'prod' }),
    ];
    const first = pass(plan(), [
      cluster('dev-1', { generation: 3, applied: 2, released: 2, env: 'dev' }),
      released[1] as ManagedCluster,
    ]);
    const soaking = pass(plan(first.status), released);
    expect(soaking.decision.status.stages[0]?.phase).toBe('Soaking');
    const waiting = pass(plan(soaking.status), released, [], NOW + 61 * MINUTE);
    expect(waiting.decision.status.phase).toBe(UpgradePlanPhase.WaitingForApproval);
    expect(waiting.decision.actions).toEqual([]);
    const approved = { ...plan(waiting.status), spec: { ...spec, approvals: ['prod'] } };
    const prod = pass(approved, released, [], NOW + 62 * MINUTE);
    expect(prod.decision.actions.map((a) => a.cluster)).toEqual(['prod-1']);
    const done = pass(
      { ...approved, status: prod.status },
      [
        released[0] as ManagedCluster,
        cluster('prod-1', { generation: 5, applied: 5, released: 5, env: 'prod' }),
      ],
      [],
      NOW + 63 * MINUTE,
    );
    expect(done.decision.status.phase).toBe(UpgradePlanPhase.Succeeded);
    expect(done.run?.finishedAt).toBeDefined();
  });

  it('starts the next run, with fresh stages, for a change after the last run ended', () => {
    const finished = { number: 1, startedAt: '2026-01-05T09:00:00Z', finishedAt: '2026-01-05T09:30:00Z' };
    const { decision, run } = pass(
      plan({ phase: 'Succeeded', run: finished, stages: [{ name: 'dev', phase: 'Succeeded' }] }),
      [cluster('dev-1', { generation: 4, applied: 3, released: 3, env: 'dev' })],
    );
    expect(run?.number).toBe(2);
    expect(run?.finishedAt).toBeUndefined();
    expect(decision.actions.map((a) => a.cluster)).toEqual(['dev-1']);
  });

  it('leaves a cluster changed again during the run for the next run', () => {
    const observed = observeChangedCluster(
      {
        cluster: cluster('prod-1', { generation: 6, applied: 4, released: 4, env: 'prod' }),
        pools: [],
      },
      [{ kind: 'ManagedCluster', name: 'prod-1', generation: 5 }],
    );
    expect(observed.skipped?.reason).toBe(UpgradePlanReason.ChangedDuringRun);
    expect(observed.remainingSteps).toEqual([]);
  });

  const generations = [
    { kind: 'ManagedCluster', name: 'dev-1', generation: 3 },
    { kind: 'NodePool', name: 'dev-1-user', generation: 2 },
  ];

  it('releases the cluster before its pools', () => {
    const observed = observeChangedCluster(
      {
        cluster: cluster('dev-1', { generation: 3, applied: 2, released: 2, env: 'dev' }),
        pools: [pool('dev-1-user', 'dev-1', { generation: 2, applied: 1, released: 1 })],
      },
      generations,
    );
    expect(observed.remainingSteps.map((s) => s.kind === 'Release' && s.name)).toEqual([
      'dev-1',
      'dev-1-user',
    ]);
    expect(observed.isUpgrading).toBe(false);
  });

  it('starts no other object of a cluster while a released one is being applied', () => {
    const objects = {
      cluster: cluster('dev-1', { generation: 3, applied: 2, released: 3, env: 'dev' }),
      pools: [pool('dev-1-user', 'dev-1', { generation: 2, applied: 1, released: 1 })],
    };
    const observed = observeChangedCluster(objects, generations);
    expect(observed.isUpgrading).toBe(true);
    const decision = decide(plan(), [observed], NOW);
    expect(decision.actions).toEqual([]);
  });

  it('fails a cluster whose released generation stalled', () => {
    const observed = observeChangedCluster(
      {
        cluster: cluster('dev-1', { generation: 3, applied: 2, released: 3, env: 'dev', stalled: true }),
        pools: [],
      },
      [{ kind: 'ManagedCluster', name: 'dev-1', generation: 3 }],
    );
    expect(observed.failure?.reason).toBe('InvalidSpec');
  });

  const RUNNING = { number: 3, startedAt: '2026-01-05T09:00:00Z' };
  const progressOf = (name: string, generation: number, startedAt?: string) => ({
    name,
    phase: 'Pending' as const,
    ...(startedAt ? { startedAt } : {}),
    generations: [{ kind: 'ManagedCluster', name, generation }],
  });
  const runOf = (stg1StartedAt?: string) =>
    changesRun({
      previous: {
        run: RUNNING,
        stages: [
          { name: 'dev', phase: 'Succeeded', clusters: [progressOf('dev-1', 3, RUNNING.startedAt)] },
          { name: 'staging', phase: 'Pending', clusters: [progressOf('stg-1', 4, stg1StartedAt)] },
        ],
      },
      fleet: [
        { cluster: cluster('dev-1', { generation: 4, applied: 3, released: 3, env: 'dev' }), pools: [] },
        { cluster: cluster('stg-1', { generation: 5, applied: 3, released: 3, env: 'staging' }), pools: [] },
      ],
      plan: 'changes',
      nowMs: NOW,
    });

  it('follows every object’s newest generation while only the first stage has released anything', () => {
    const run = runOf();
    expect(run.run).toEqual(RUNNING);
    expect(run.generations.get('dev-1')).toEqual([{ kind: 'ManagedCluster', name: 'dev-1', generation: 4 }]);
    expect(run.generations.get('stg-1')).toEqual([{ kind: 'ManagedCluster', name: 'stg-1', generation: 5 }]);
  });

  it('keeps the run’s generations once a later stage has released something', () => {
    const run = runOf(RUNNING.startedAt);
    expect(run.run).toEqual(RUNNING);
    expect(run.generations.get('dev-1')).toEqual([{ kind: 'ManagedCluster', name: 'dev-1', generation: 3 }]);
    expect(run.generations.get('stg-1')).toEqual([{ kind: 'ManagedCluster', name: 'stg-1', generation: 4 }]);
  });
});

describe('holdMark', () => {
  it('marks an object once, releasing the generation it has', () => {
    const mc = managedCluster({ name: 'dev-1', generation: 7 });
    expect(holdMark(mc, { plan: 'changes', stage: 'dev' })).toEqual({
      [Annotation.ChangesHeldBy]: 'changes',
      [Annotation.ChangesStage]: 'dev',
      [Annotation.ReleasedGeneration]: '7',
    });
  });

  it('only moves the stage of an object it marked before, and leaves another plan’s alone', () => {
    const mc = cluster('dev-1', { generation: 7, applied: 6, released: 6, env: 'dev' });
    expect(holdMark(mc, { plan: 'changes', stage: 'dev' })).toBeUndefined();
    expect(holdMark(mc, { plan: 'changes', stage: 'prod' })).toEqual({ [Annotation.ChangesStage]: 'prod' });
    expect(holdMark(mc, { plan: 'other', stage: 'dev' })).toBeUndefined();
  });
});
