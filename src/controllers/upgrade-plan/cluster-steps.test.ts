import { FindingReason } from '../../preflight/index.js';
import { describeStep, planClusterSteps, poolStrategyFor } from './cluster-steps.js';
import type { ClusterStep, ClusterStepsInput, ObservedPool, ResolvedTarget } from './cluster-steps.js';

const OFFERED = [
  '1.28.9',
  '1.28.15',
  '1.29.2',
  '1.29.11',
  '1.30.3',
  '1.30.7',
  '1.31.1',
  '1.31.5',
  '1.32.2',
  '1.33.1',
];
const SURGE = { default: 'Surge' } as const;

function plan(
  controlPlane: string,
  pools: ObservedPool[],
  target: ResolvedTarget,
  poolStrategy: ClusterStepsInput['poolStrategy'] = SURGE,
): ReturnType<typeof planClusterSteps> {
  return planClusterSteps({
    target,
    cluster: { controlPlane, pools, availableVersions: OFFERED },
    poolStrategy,
  });
}

const to = (version: string): ResolvedTarget => ({ kind: 'KubernetesVersion', version });
const words = (steps: ClusterStep[]): string[] => steps.map(describeStep);

describe('planClusterSteps: Kubernetes version target', () => {
  it.each<[string, string, ObservedPool[], string, string[]]>([
    [
      'scenario 42: steps the control plane 1.30 -> 1.31 -> 1.32 -> 1.33, then the pools',
      '1.30.3',
      [{ name: 'user1', version: '1.30.3' }],
      '1.33',
      [
        'control plane 1.30.3 -> 1.31.5',
        'control plane 1.31.5 -> 1.32.2',
        'control plane 1.32.2 -> 1.33.1',
        'node pool user1 1.30.3 -> 1.33.1 (Surge)',
      ],
    ],
    [
      'issue: a cluster on 1.28 targeted to 1.30 steps through 1.29, each at the latest offered patch',
      '1.28.9',
      [{ name: 'sys', version: '1.28.9' }],
      '1.30',
      [
        'control plane 1.28.9 -> 1.29.11',
        'control plane 1.29.11 -> 1.30.7',
        'node pool sys 1.28.9 -> 1.30.7 (Surge)',
      ],
    ],
    [
      'scenario 43: a pool three minors behind is lifted (to at most the control plane) before the next control-plane minor',
      '1.31.1',
      [
        { name: 'old', version: '1.28.9' },
        { name: 'new', version: '1.31.1' },
      ],
      '1.32',
      [
        'node pool old 1.28.9 -> 1.31.1 (Surge)',
        'control plane 1.31.1 -> 1.32.2',
        'node pool old 1.31.1 -> 1.32.2 (Surge)',
        'node pool new 1.31.1 -> 1.32.2 (Surge)',
      ],
    ],
    [
      'a minor target names the latest patch: a cluster on it needs no step',
      '1.30.7',
      [{ name: 'p', version: '1.30.7' }],
      '1.30',
      [],
    ],
    [
      'a cluster already at the target needs no step',
      '1.30.7',
      [{ name: 'p', version: '1.30.7' }],
      '1.30.7',
      [],
    ],
    [
      'a patch target within the same minor moves control plane then pools to that patch',
      '1.30.3',
      [{ name: 'p', version: '1.30.3' }],
      '1.30.7',
      ['control plane 1.30.3 -> 1.30.7', 'node pool p 1.30.3 -> 1.30.7 (Surge)'],
    ],
  ])('%s', (_name, controlPlane, pools, target, expected) => {
    const result = plan(controlPlane, pools, to(target));
    expect(result.findings).toEqual([]);
    expect(words(result.steps)).toEqual(expected);
  });

  it('never lets a pool pass the control plane at any point of the plan', () => {
    const { steps } = plan(
      '1.29.2',
      [
        { name: 'a', version: '1.28.9' },
        { name: 'b', version: '1.29.2' },
      ],
      to('1.33'),
    );
    let controlPlaneMinor = 29;
    for (const step of steps) {
      const minor = Number(
        step.kind === 'Snapshot' || step.kind === 'NodeImage' || step.kind === 'Release'
          ? NaN
          : step.to.split('.')[1],
      );
      if (step.kind === 'ControlPlane') controlPlaneMinor = minor;
      else expect(minor).toBeLessThanOrEqual(controlPlaneMinor);
    }
    expect(steps.filter((s) => s.kind === 'ControlPlane').map((s) => s.to)).toEqual([
      '1.30.7',
      '1.31.5',
      '1.32.2',
      '1.33.1',
    ]);
  });

  it.each<[string, string, string, FindingReason]>([
    ['refuses a target below the control plane', '1.31.1', '1.30', FindingReason.VersionDowngrade],
    [
      'refuses when an intermediate minor is not offered',
      '1.33.1',
      '1.35',
      FindingReason.VersionNotAvailable,
    ],
  ])('%s', (_name, controlPlane, target, reason) => {
    const result = plan(controlPlane, [{ name: 'p', version: controlPlane }], to(target));
    expect(result.steps).toEqual([]);
    expect(result.findings.map((f) => f.reason)).toEqual([reason]);
  });
});

describe('planClusterSteps: node-image-only target', () => {
  it('upgrades only the node images of pools not on the latest image, with each pool strategy', () => {
    const result = plan(
      '1.30.7',
      [
        {
          name: 'current',
          version: '1.30.7',
          nodeImageVersion: 'AKSUbuntu-2204-202501.01',
          latestNodeImageVersion: 'AKSUbuntu-2204-202501.01',
        },
        {
          name: 'behind',
          version: '1.30.7',
          labels: { tier: 'web' },
          nodeImageVersion: 'AKSUbuntu-2204-202412.01',
          latestNodeImageVersion: 'AKSUbuntu-2204-202501.01',
        },
        { name: 'unknown', version: '1.29.2' },
      ],
      { kind: 'NodeImage' },
      {
        default: 'Surge',
        overrides: [{ poolSelector: { matchLabels: { tier: 'web' } }, strategy: 'BlueGreen' }],
      },
    );
    expect(result.steps).toEqual([
      {
        kind: 'NodeImage',
        pool: 'behind',
        from: 'AKSUbuntu-2204-202412.01',
        to: 'AKSUbuntu-2204-202501.01',
        strategy: 'BlueGreen',
      },
      { kind: 'NodeImage', pool: 'unknown', strategy: 'Surge' },
    ]);
  });
});

describe('planClusterSteps: snapshot target', () => {
  const snapshot: ResolvedTarget = {
    kind: 'Snapshot',
    snapshot: 'staging-passed',
    kubernetesVersion: '1.31.5',
    nodeImageVersion: 'AKSUbuntu-2204-202501.01',
  };

  it('steps the control plane up to the snapshot version, then moves every pool to the snapshot', () => {
    const result = plan(
      '1.30.7',
      [
        { name: 'a', version: '1.30.7', nodeImageVersion: 'old' },
        { name: 'b', version: '1.29.2' },
      ],
      snapshot,
    );
    expect(words(result.steps)).toEqual([
      'control plane 1.30.7 -> 1.31.5',
      'node pool a -> snapshot staging-passed (1.31.5, AKSUbuntu-2204-202501.01; Surge)',
      'node pool b -> snapshot staging-passed (1.31.5, AKSUbuntu-2204-202501.01; Surge)',
    ]);
  });

  it('moves pools to a snapshot older than the control plane without touching the control plane', () => {
    const result = plan('1.32.2', [{ name: 'a', version: '1.30.7' }], snapshot);
    expect(words(result.steps)).toEqual([
      'node pool a -> snapshot staging-passed (1.31.5, AKSUbuntu-2204-202501.01; Surge)',
    ]);
  });

  it('leaves a pool that already runs the snapshot image and version', () => {
    const result = plan(
      '1.31.5',
      [{ name: 'a', version: '1.31.5', nodeImageVersion: 'AKSUbuntu-2204-202501.01' }],
      snapshot,
    );
    expect(result.steps).toEqual([]);
  });

  it('refuses a snapshot older than a pool: pools never downgrade', () => {
    const result = plan('1.32.2', [{ name: 'a', version: '1.32.2' }], snapshot);
    expect(result.steps).toEqual([]);
    expect(result.findings.map((f) => [f.reason, f.subject])).toEqual([
      [FindingReason.VersionDowngrade, 'node pool a'],
    ]);
  });
});

describe('poolStrategyFor', () => {
  const strategy: ClusterStepsInput['poolStrategy'] = {
    default: 'Surge',
    overrides: [
      { poolSelector: { matchLabels: { mode: 'system' } }, strategy: 'Surge' },
      { poolSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, strategy: 'BlueGreen' },
    ],
  };

  it.each<[string, Record<string, string> | undefined, string]>([
    ['uses the default when no override selects the pool', { other: 'x' }, 'Surge'],
    ['uses the override that selects the pool', { tier: 'web' }, 'BlueGreen'],
    ['uses the first override when several select the pool', { mode: 'system', tier: 'web' }, 'Surge'],
    ['uses the default for a pool without labels', undefined, 'Surge'],
  ])('%s', (_name, labels, expected) => {
    expect(poolStrategyFor(strategy, labels)).toBe(expected);
  });

  it('uses BlueGreen as the default when the plan says so', () => {
    expect(poolStrategyFor({ default: 'BlueGreen' }, { any: 'x' })).toBe('BlueGreen');
  });
});
