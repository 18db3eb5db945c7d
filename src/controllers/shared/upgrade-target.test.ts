import { Annotation, type ManagedCluster, type NodePool } from '../../api/index.js';
import { InvalidSpecError } from '../../runtime/index.js';
import { effectiveCluster, effectivePool, nodeImageTarget } from './upgrade-target.js';

const cluster = (version: string, annotations?: Record<string, string>): ManagedCluster =>
  ({
    metadata: { name: 'c', namespace: 'n', ...(annotations ? { annotations } : {}) },
    spec: { kubernetesVersion: version },
  }) as unknown as ManagedCluster;

const pool = (version: string | undefined, annotations?: Record<string, string>): NodePool =>
  ({
    metadata: { name: 'p', namespace: 'n', ...(annotations ? { annotations } : {}) },
    spec: { upgradeStrategy: 'Surge', ...(version ? { orchestratorVersion: version } : {}) },
  }) as unknown as NodePool;

describe('effectiveCluster', () => {
  it('raises the version to the target', () => {
    const mc = effectiveCluster(cluster('1.28', { [Annotation.UpgradeTarget]: '1.29.4' }));
    expect(mc.spec.kubernetesVersion).toBe('1.29.4');
  });
  it('never lowers the spec', () => {
    const original = cluster('1.30', { [Annotation.UpgradeTarget]: '1.29.4' });
    expect(effectiveCluster(original)).toBe(original);
  });
  it('refuses a target that is not a version, naming the annotation', () => {
    expect(() => effectiveCluster(cluster('1.28', { [Annotation.UpgradeTarget]: 'latest' }))).toThrow(
      InvalidSpecError,
    );
  });
  it('leaves an object without annotations as it is', () => {
    const original = cluster('1.28');
    expect(effectiveCluster(original)).toBe(original);
  });
});

describe('effectivePool', () => {
  it('raises the version and applies the strategy', () => {
    const np = effectivePool(
      pool('1.28', { [Annotation.UpgradeTarget]: '1.29', [Annotation.UpgradeStrategy]: 'BlueGreen' }),
    );
    expect(np.spec.orchestratorVersion).toBe('1.29');
    expect(np.spec.upgradeStrategy).toBe('BlueGreen');
  });
  it('sets a version on a pool whose spec names none', () => {
    expect(
      effectivePool(pool(undefined, { [Annotation.UpgradeTarget]: '1.29' })).spec.orchestratorVersion,
    ).toBe('1.29');
  });
  it('refuses an unknown strategy', () => {
    expect(() => effectivePool(pool('1.28', { [Annotation.UpgradeStrategy]: 'Rolling' }))).toThrow(
      /Surge or BlueGreen/,
    );
  });
  it('reads the node image target', () => {
    expect(nodeImageTarget(pool('1.28', { [Annotation.NodeImageTarget]: ' latest ' }))).toBe('latest');
    expect(nodeImageTarget(pool('1.28'))).toBeUndefined();
  });
  it('raises a fixed count to the standby count and never lowers it', () => {
    expect(effectivePool({ ...pool('1.28', { [Annotation.StandbyCount]: '3' }) }).spec.count).toBe(3);
    const big = pool('1.28', { [Annotation.StandbyCount]: '1' });
    big.spec.count = 5;
    expect(effectivePool(big).spec.count).toBe(5);
  });
  it('raises the autoscaler floor within its ceiling', () => {
    const np = pool('1.28', { [Annotation.StandbyCount]: '9' });
    np.spec.autoscaling = { minCount: 0, maxCount: 4 };
    expect(effectivePool(np).spec.autoscaling).toEqual({ minCount: 4, maxCount: 4 });
  });
  it('refuses a standby count that is not a number', () => {
    expect(() => effectivePool(pool('1.28', { [Annotation.StandbyCount]: 'many' }))).toThrow(/node count/);
  });
  it('pins the pool to the snapshot an upgrade asks for', () => {
    const np = effectivePool(pool('1.31', { [Annotation.UpgradeSnapshot]: 'gold' }));
    expect(np.spec.nodeImage).toEqual({ policy: 'Pinned', snapshotRef: { name: 'gold' } });
  });
  it('takes the drain settings a plan passes into the blue/green settings, 0 meaning no limit', () => {
    const np = effectivePool(
      pool('1.31', { [Annotation.DrainTimeoutMinutes]: '0', [Annotation.DrainBatchSize]: '3' }),
    );
    expect(np.spec.blueGreen).toMatchObject({
      drainTimeoutInMinutes: 1440,
      drainBatchSize: 3,
      preScale: true,
    });
    expect(() => effectivePool(pool('1.31', { [Annotation.DrainBatchSize]: 'two' }))).toThrow(/node count/);
  });
  it('takes the timeout action a plan passes, and refuses one it does not know', () => {
    const np = effectivePool(pool('1.31', { [Annotation.DrainOnTimeout]: 'CordonOnly' }));
    expect(np.spec.blueGreen).toMatchObject({ onDrainTimeout: 'CordonOnly', drainTimeoutInMinutes: 30 });
    expect(() => effectivePool(pool('1.31', { [Annotation.DrainOnTimeout]: 'Evict' }))).toThrow(
      /Wait, CordonOnly, Force/,
    );
  });
  it('takes the rollouts setting a plan passes, and refuses one it does not know', () => {
    const np = effectivePool(pool('1.31', { [Annotation.DrainRollouts]: 'Allowed' }));
    expect(np.spec.blueGreen).toMatchObject({ rollouts: 'Allowed', onDrainTimeout: 'Wait' });
    expect(() => effectivePool(pool('1.31', { [Annotation.DrainRollouts]: 'Always' }))).toThrow(
      /Allowed, Never/,
    );
  });
});
