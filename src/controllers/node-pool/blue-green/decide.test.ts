import type * as Arm from '@azure/arm-containerservice';
import { AzureTag, BlueGreenPhase } from '../../../api/index.js';
import { nodePool } from '../../testing/objects.js';
import { decideBlueGreen, isBlueGreenUpgrade, type BlueGreenFacts } from './decide.js';
import { activePoolName, twinPoolName } from './names.js';
import { desiredTwin } from './twin.js';
import type { PoolDecision } from '../decide.js';

const ok: Arm.AgentPool = { provisioningState: 'Succeeded', count: 3 };
const failed: Arm.AgentPool = { provisioningState: 'Failed', count: 3 };
const MINUTE = 60_000;

function facts(f: Partial<BlueGreenFacts>): BlueGreenFacts {
  return {
    phase: BlueGreenPhase.CreatingTwin,
    twinName: 'user1b',
    old: ok,
    twin: undefined,
    twinReadyNodes: undefined,
    servingTimeoutMs: 30 * MINUTE,
    ...f,
  };
}

/** DeletingOld with a twin that serves: 3 Ready nodes, every moved workload back. */
const serving: Partial<BlueGreenFacts> = {
  phase: BlueGreenPhase.DeletingOld,
  twin: ok,
  twinReadyNodes: 3,
  shortWorkloads: [],
  drainedForMs: MINUTE,
};
const short = ['Deployment shop/api (2 of 3 Ready)'];

describe('decideBlueGreen', () => {
  it.each<[string, Partial<BlueGreenFacts>, string, string?]>([
    ['creates the twin when Azure does not have it', {}, 'createTwin'],
    [
      'never creates a twin that exists (resumed after a crash)',
      { twin: { provisioningState: 'Creating' } },
      'wait',
    ],
    [
      'rolls back instead of putting a failed twin again',
      { twin: failed, twinError: 'AllocationFailed: no capacity' },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    ['moves on once the twin succeeded', { twin: ok }, 'advance', BlueGreenPhase.WaitingForTwin],
    [
      'waits until every twin node is Ready',
      { phase: BlueGreenPhase.WaitingForTwin, twin: ok, twinReadyNodes: 2 },
      'wait',
    ],
    [
      'waits while the twin nodes cannot be read',
      { phase: BlueGreenPhase.WaitingForTwin, twin: ok, twinReadyNodes: undefined },
      'wait',
    ],
    [
      'goes back to creating when the twin vanished',
      { phase: BlueGreenPhase.WaitingForTwin, twin: undefined },
      'advance',
      BlueGreenPhase.CreatingTwin,
    ],
    [
      'cordons once the twin nodes are Ready',
      { phase: BlueGreenPhase.WaitingForTwin, twin: ok, twinReadyNodes: 3 },
      'advance',
      BlueGreenPhase.Cordoning,
    ],
    [
      "pins the old pool's autoscaler before cordoning",
      { phase: BlueGreenPhase.Cordoning, twin: ok, old: { ...ok, enableAutoScaling: true } },
      'pinOldAutoscaler',
    ],
    [
      'waits for an operation on the old pool',
      { phase: BlueGreenPhase.Cordoning, twin: ok, old: { ...ok, provisioningState: 'Scaling' } },
      'wait',
    ],
    [
      'cordons while an old node is schedulable',
      { phase: BlueGreenPhase.Cordoning, twin: ok, uncordonedOldNodes: 1 },
      'cordon',
    ],
    [
      'drains once every old node is cordoned',
      { phase: BlueGreenPhase.Cordoning, twin: ok, uncordonedOldNodes: 0 },
      'advance',
      BlueGreenPhase.Draining,
    ],
    ['drains', { phase: BlueGreenPhase.Draining, twin: ok }, 'drain'],
    [
      'rolls back when the twin fails while waiting for its nodes',
      { phase: BlueGreenPhase.WaitingForTwin, twin: failed },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'rolls back when the twin fails while cordoning',
      { phase: BlueGreenPhase.Cordoning, twin: failed, uncordonedOldNodes: 1 },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'rolls back when the twin vanishes while cordoning',
      { phase: BlueGreenPhase.Cordoning, twin: undefined, uncordonedOldNodes: 1 },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'stops the drain when the twin fails',
      { phase: BlueGreenPhase.Draining, twin: failed },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'stops the drain when the twin vanishes',
      { phase: BlueGreenPhase.Draining, twin: undefined },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'never deletes the old pool when the twin failed',
      { ...serving, twin: failed },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'never deletes the old pool when the twin vanished',
      { ...serving, twin: undefined, twinReadyNodes: undefined },
      'advance',
      BlueGreenPhase.RollingBack,
    ],
    [
      'waits while the twin is busy before deleting',
      { ...serving, twin: { provisioningState: 'Scaling' } },
      'wait',
    ],
    ['keeps the old pool while twin nodes are not Ready', { ...serving, twinReadyNodes: 2 }, 'wait'],
    ['keeps the old pool while twin nodes cannot be read', { ...serving, twinReadyNodes: undefined }, 'wait'],
    ['keeps the old pool while a moved workload is short', { ...serving, shortWorkloads: short }, 'wait'],
    [
      'keeps the old pool while the moved workloads are not read',
      { ...serving, shortWorkloads: undefined },
      'wait',
    ],
    [
      'stalls instead of deleting once a short workload outlasts the timeout',
      { ...serving, shortWorkloads: short, drainedForMs: 31 * MINUTE },
      'stall',
    ],
    [
      'stalls instead of deleting once twin nodes stay unready past the timeout',
      { ...serving, twinReadyNodes: 1, drainedForMs: 31 * MINUTE },
      'stall',
    ],
    [
      'deletes once the twin serves even after the timeout',
      { ...serving, drainedForMs: 31 * MINUTE },
      'deleteOld',
    ],
    [
      'waits for a delete that started even if the twin failed since',
      { ...serving, old: { provisioningState: 'Deleting' }, twin: failed },
      'wait',
    ],
    [
      'records the twin as active in Azure once the old pool is gone',
      { phase: BlueGreenPhase.DeletingOld, twin: ok, old: undefined },
      'tagTwinActive',
    ],
    [
      'completes once the old pool is gone and the twin is tagged active',
      {
        phase: BlueGreenPhase.DeletingOld,
        twin: { ...ok, tags: { [AzureTag.ActivePool]: 'user1b' } },
        old: undefined,
      },
      'complete',
    ],
    [
      'uncordons when rolling back',
      { phase: BlueGreenPhase.RollingBack, twin: failed, cordonedOldNodes: 2 },
      'uncordon',
    ],
    [
      'uncordons when the old nodes are not read yet',
      { phase: BlueGreenPhase.RollingBack, twin: failed },
      'uncordon',
    ],
    [
      'stalls once the old nodes serve again',
      { phase: BlueGreenPhase.RollingBack, twin: failed, cordonedOldNodes: 0 },
      'stall',
    ],
    [
      'puts a failed twin again when a retry is asked',
      { phase: BlueGreenPhase.RollingBack, twin: failed, cordonedOldNodes: 0, isRetryAsked: true },
      'createTwin',
    ],
    [
      'creates a vanished twin again when a retry is asked',
      { phase: BlueGreenPhase.RollingBack, twin: undefined, cordonedOldNodes: 0, isRetryAsked: true },
      'createTwin',
    ],
    [
      'goes on with a twin that recovered when a retry is asked',
      { phase: BlueGreenPhase.RollingBack, twin: ok, cordonedOldNodes: 0, isRetryAsked: true },
      'advance',
      BlueGreenPhase.CreatingTwin,
    ],
    [
      'skips to deletion when the old pool is already gone',
      { phase: BlueGreenPhase.Draining, twin: ok, old: undefined },
      'advance',
      BlueGreenPhase.DeletingOld,
    ],
    ['deletes the old pool once the twin serves', serving, 'deleteOld'],
    [
      'waits while the old pool is being deleted',
      { phase: BlueGreenPhase.DeletingOld, twin: ok, old: { provisioningState: 'Deleting' } },
      'wait',
    ],
    [
      'completes once the old pool and the twin are gone (nothing left to tag)',
      { phase: BlueGreenPhase.DeletingOld, twin: undefined, old: undefined },
      'complete',
    ],
  ])('%s', (_name, f, step, ...rest) => {
    // Rows without a phase are shorter: taking it from the rest keeps jest from passing a done callback.
    const to = rest[0];
    const decided = decideBlueGreen(facts(f));
    expect(decided.do).toBe(step);
    if (to) expect(decided).toMatchObject({ to });
  });

  it.each<[string, Partial<BlueGreenFacts>, string, string]>([
    [
      "names a failed twin's error",
      {
        phase: BlueGreenPhase.RollingBack,
        twin: failed,
        cordonedOldNodes: 0,
        twinError: 'QuotaExceeded: no cores',
      },
      'TwinFailed',
      'QuotaExceeded: no cores',
    ],
    [
      'names a twin Azure reports Failed without an error',
      { phase: BlueGreenPhase.RollingBack, twin: failed, cordonedOldNodes: 0 },
      'TwinFailed',
      'Azure reports it Failed',
    ],
    [
      'names a vanished twin',
      { phase: BlueGreenPhase.RollingBack, twin: undefined, cordonedOldNodes: 0 },
      'TwinLost',
      'user1b disappeared',
    ],
    [
      'names the short workload past the timeout',
      { ...serving, shortWorkloads: short, drainedForMs: 31 * MINUTE },
      'ReplacementNotServing',
      'Deployment shop/api (2 of 3 Ready)',
    ],
  ])('stalls with a reason and message: %s', (_name, f, reason, message) => {
    const decided = decideBlueGreen(facts(f));
    expect(decided).toMatchObject({ do: 'stall', reason });
    expect(decided.do === 'stall' ? decided.message : '').toContain(message);
  });
});

describe('isBlueGreenUpgrade', () => {
  const upgrade: PoolDecision = {
    action: 'update',
    type: 'Upgrade',
    diffs: [],
    isRevert: false,
    isUpgradeAllowed: true,
  };
  it.each<[string, 'Surge' | 'BlueGreen', PoolDecision, boolean]>([
    ['replaces on an upgrade with BlueGreen', 'BlueGreen', upgrade, true],
    ['leaves Surge upgrades to AKS', 'Surge', upgrade, false],
    ['never replaces for a scale', 'BlueGreen', { ...upgrade, type: 'Scale' }, false],
    ['waits for the control plane first', 'BlueGreen', { ...upgrade, isUpgradeAllowed: false }, false],
    ['does nothing when in sync', 'BlueGreen', { action: 'inSync', drift: [] }, false],
  ])('%s', (_name, strategy, decision, expected) => {
    const np = nodePool({ spec: { upgradeStrategy: strategy } });
    expect(isBlueGreenUpgrade(np.spec, decision)).toBe(expected);
  });
});

describe('twin names', () => {
  it.each<[string, Parameters<typeof nodePool>[0], string, string]>([
    ['derives a twin from azureName', { spec: { azureName: 'user1' } }, 'user1', 'user1b'],
    [
      'goes back to azureName from the derived twin',
      { spec: { azureName: 'user1' }, status: { activePoolName: 'user1b' } },
      'user1b',
      'user1',
    ],
    [
      'changes the last character of a 12-character name',
      { spec: { azureName: 'abcdefghijkl' } },
      'abcdefghijkl',
      'abcdefghijkb',
    ],
    [
      'never derives the same 12-character name',
      { spec: { azureName: 'abcdefghijkb' } },
      'abcdefghijkb',
      'abcdefghijkg',
    ],
    [
      'uses twinAzureName when set',
      { spec: { azureName: 'user1', blueGreen: { twinAzureName: 'green1' } } },
      'user1',
      'green1',
    ],
    [
      'alternates back from twinAzureName',
      {
        spec: { azureName: 'user1', blueGreen: { twinAzureName: 'green1' } },
        status: { activePoolName: 'green1' },
      },
      'green1',
      'user1',
    ],
  ])('%s', (_name, input, active, twin) => {
    const np = nodePool(input);
    expect(activePoolName(np)).toBe(active);
    expect(twinPoolName(np)).toBe(twin);
  });
});

describe('desiredTwin', () => {
  const old: Arm.AgentPool = {
    count: 5,
    osSKU: 'AzureLinux',
    maxPods: 50,
    vnetSubnetID: '/subnets/a',
    orchestratorVersion: '1.33.2',
  };

  it('copies the spec and the old pool, at the target version and the old count', () => {
    const np = nodePool({
      spec: { count: 3, nodeLabels: { tier: 'web' }, nodeTaints: ['a=b:NoSchedule'], maxPods: 30 },
    });
    expect(desiredTwin(np.spec, old, { version: '1.34', oldCount: 5 })).toMatchObject({
      count: 5,
      orchestratorVersion: '1.34',
      nodeLabels: { tier: 'web' },
      nodeTaints: ['a=b:NoSchedule'],
      maxPods: 30,
      osSKU: 'AzureLinux',
      vnetSubnetID: '/subnets/a',
    });
  });

  it('keeps the count within the autoscaler range and ignores the old count without preScale', () => {
    const scaled = nodePool({ spec: { count: 2, autoscaling: { minCount: 1, maxCount: 4 } } });
    expect(desiredTwin(scaled.spec, old, { version: '1.34', oldCount: 5 }).count).toBe(4);
    const noPreScale = nodePool({ spec: { count: 2, blueGreen: { preScale: false } } });
    expect(desiredTwin(noPreScale.spec, old, { version: '1.34', oldCount: 5 }).count).toBe(2);
  });
});
