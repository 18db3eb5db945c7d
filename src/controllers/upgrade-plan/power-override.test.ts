import {
  Annotation,
  applyDefaults,
  upgradePlanSpec,
  type ClusterProgress,
  type UpgradePlanPhase,
  type UpgradePlanSpecInput,
} from '../../api/index.js';
import { clusterPower, managedCluster } from '../testing/objects.js';
import { mustStart, overridesToRelease, startRequest } from './power-override.js';

const planSpec = (stoppedClusters?: 'Start' | 'Skip') =>
  applyDefaults(upgradePlanSpec, {
    target: { kubernetesVersion: '1.33' },
    clusterSelector: {},
    ...(stoppedClusters ? { preflight: { stoppedClusters } } : {}),
  } as UpgradePlanSpecInput);

const cluster = (
  name: string,
  annotations?: Record<string, string>,
  powerState?: 'Running' | 'Stopped' | 'Starting',
) =>
  managedCluster({
    name,
    ...(annotations ? { annotations } : {}),
    status: { currentKubernetesVersion: '1.32.7', ...(powerState ? clusterPower(powerState) : {}) },
  });

const STARTED = { [Annotation.PowerOverride]: 'Running', [Annotation.UpgradePlan]: 'plan' };

describe('mustStart', () => {
  it.each([
    ['a stopped cluster under Start', 'Start', 'Stopped', true],
    ['a running cluster under Start', 'Start', 'Running', false],
    ['a cluster still starting under Start', 'Start', 'Starting', true],
    ['a stopped cluster under Skip', 'Skip', 'Stopped', false],
    ['a stopped cluster under the default', undefined, 'Stopped', false],
  ] as const)('%s: %s', (_name, policy, power, expected) => {
    expect(mustStart(planSpec(policy), cluster('c1', undefined, power))).toBe(expected);
  });
});

describe('startRequest', () => {
  it('asks the cluster to run and marks it as held by the plan', () => {
    expect(startRequest('plan', cluster('c1'))).toEqual({
      kind: 'ManagedCluster',
      name: 'c1',
      annotations: STARTED,
    });
  });
});

describe('overridesToRelease', () => {
  const progress = (name: string, phase: ClusterProgress['phase']): ClusterProgress => ({ name, phase });
  const release = (
    phase: UpgradePlanPhase,
    clusters = [cluster('c1', STARTED)],
    p = [progress('c1', 'UpgradingNodePools')],
  ) => overridesToRelease({ plan: 'plan', phase, progress: p, clusters });

  it('keeps the override while the cluster still has steps and the plan runs', () => {
    expect(release('Progressing')).toEqual([]);
  });
  it('releases a cluster that reached the target', () => {
    expect(release('Progressing', undefined, [progress('c1', 'Succeeded')])).toEqual(['c1']);
  });
  it.each(['Succeeded', 'Failed', 'Aborted'] as const)(
    'releases every cluster it started when the plan is %s',
    (phase) => {
      expect(release(phase)).toEqual(['c1']);
    },
  );
  it('leaves alone an override another plan set, and clusters without one (nothing to write)', () => {
    const other = cluster('c2', { ...STARTED, [Annotation.UpgradePlan]: 'other' });
    const plain = cluster('c3', { [Annotation.UpgradePlan]: 'plan' });
    expect(release('Aborted', [other, plain])).toEqual([]);
  });
});
