import { Annotation } from '../../api/index.js';
import { managedCluster, nodePool } from '../testing/objects.js';
import { hasAnnotations, stepAnnotations, wouldLowerTarget } from './step-annotations.js';

const cluster = managedCluster({ name: 'c1' });
const pool = nodePool({ name: 'user1' });
const poolObject = (name: string) => (name === 'user1' ? pool : undefined);

describe('step annotations', () => {
  it.each([
    [
      'a control-plane step sets the target and the plan on the ManagedCluster',
      { kind: 'ControlPlane', from: '1.31.11', to: '1.32.7' } as const,
      {
        kind: 'ManagedCluster',
        name: 'c1',
        annotations: { [Annotation.UpgradeTarget]: '1.32.7', [Annotation.UpgradePlan]: 'p' },
      },
    ],
    [
      'a pool step sets target, strategy and plan on the NodePool',
      { kind: 'NodePool', pool: 'user1', from: '1.31.11', to: '1.32.7', strategy: 'BlueGreen' } as const,
      {
        kind: 'NodePool',
        name: 'user1',
        annotations: {
          [Annotation.UpgradeTarget]: '1.32.7',
          [Annotation.UpgradeStrategy]: 'BlueGreen',
          [Annotation.UpgradePlan]: 'p',
        },
      },
    ],
    [
      'a node-image step asks for the latest image when AKS named none',
      { kind: 'NodeImage', pool: 'user1', strategy: 'Surge' } as const,
      {
        kind: 'NodePool',
        name: 'user1',
        annotations: {
          [Annotation.NodeImageTarget]: 'latest',
          [Annotation.UpgradeStrategy]: 'Surge',
          [Annotation.UpgradePlan]: 'p',
        },
      },
    ],
    [
      'a snapshot step names the snapshot, its version, the strategy and the plan',
      {
        kind: 'Snapshot',
        pool: 'user1',
        snapshot: 'gold',
        to: '1.32.7',
        nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202611.22.0',
        strategy: 'Surge',
      } as const,
      {
        kind: 'NodePool',
        name: 'user1',
        annotations: {
          [Annotation.UpgradeSnapshot]: 'gold',
          [Annotation.UpgradeTarget]: '1.32.7',
          [Annotation.UpgradeStrategy]: 'Surge',
          [Annotation.UpgradePlan]: 'p',
        },
      },
    ],
  ])('%s', (_name, step, want) => {
    expect(stepAnnotations({ plan: 'p', cluster, poolObject, step })).toEqual(want);
  });

  it('passes the plan drain settings to a pool it replaces blue/green, and only to it', () => {
    const drain = { timeoutMinutes: 45, concurrency: 2, onTimeout: 'Force', rollouts: 'Allowed' };
    const blueGreen = stepAnnotations({
      plan: 'p',
      cluster,
      poolObject,
      drain,
      step: { kind: 'NodePool', pool: 'user1', from: '1.31', to: '1.32', strategy: 'BlueGreen' },
    });
    expect(blueGreen?.annotations).toMatchObject({
      [Annotation.DrainTimeoutMinutes]: '45',
      [Annotation.DrainBatchSize]: '2',
      [Annotation.DrainOnTimeout]: 'Force',
      [Annotation.DrainRollouts]: 'Allowed',
    });
    const surge = stepAnnotations({
      plan: 'p',
      cluster,
      poolObject,
      drain,
      step: { kind: 'NodePool', pool: 'user1', from: '1.31', to: '1.32', strategy: 'Surge' },
    });
    expect(surge?.annotations[Annotation.DrainTimeoutMinutes]).toBeUndefined();
  });

  it('has no annotation for a pool without a NodePool', () => {
    expect(
      stepAnnotations({
        plan: 'p',
        cluster,
        poolObject,
        step: { kind: 'NodePool', pool: 'gone', from: '1.31', to: '1.32', strategy: 'Surge' },
      }),
    ).toBeUndefined();
  });

  it('never lowers a target and sees when nothing is left to write', () => {
    const obj = {
      metadata: { annotations: { [Annotation.UpgradeTarget]: '1.33.4', [Annotation.UpgradePlan]: 'p' } },
    };
    expect(wouldLowerTarget(obj, { [Annotation.UpgradeTarget]: '1.32.7' })).toBe(true);
    expect(wouldLowerTarget(obj, { [Annotation.UpgradeTarget]: '1.34.0' })).toBe(false);
    expect(hasAnnotations(obj, { [Annotation.UpgradePlan]: 'p' })).toBe(true);
    expect(hasAnnotations(obj, { [Annotation.UpgradeTarget]: '1.34.0' })).toBe(false);
  });
});
