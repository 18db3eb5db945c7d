import type * as Arm from '@azure/arm-containerservice';
import { BlueGreenPhase } from '../../api/index.js';
import { nodePool } from '../testing/objects.js';
import { decideBlueGreen, isBlueGreenUpgrade, type BlueGreenFacts } from './blue-green-decide.js';
import { activePoolName, twinPoolName } from './blue-green-names.js';
import { desiredTwin } from './blue-green-twin.js';
import type { PoolDecision } from './decide.js';

const ok: Arm.AgentPool = { provisioningState: 'Succeeded', count: 3 };

function facts(f: Partial<BlueGreenFacts>): BlueGreenFacts {
  return { phase: BlueGreenPhase.CreatingTwin, old: ok, twin: undefined, twinReadyNodes: undefined, ...f };
}

describe('decideBlueGreen', () => {
  it.each<[string, Partial<BlueGreenFacts>, string, string?]>([
    ['creates the twin when Azure does not have it', {}, 'createTwin'],
    [
      'never creates a twin that exists (resumed after a crash)',
      { twin: { provisioningState: 'Creating' } },
      'wait',
    ],
    ['puts a failed twin again under the same name', { twin: { provisioningState: 'Failed' } }, 'createTwin'],
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
      'skips to deletion when the old pool is already gone',
      { phase: BlueGreenPhase.Draining, twin: ok, old: undefined },
      'advance',
      BlueGreenPhase.DeletingOld,
    ],
    ['deletes the old pool', { phase: BlueGreenPhase.DeletingOld, twin: ok }, 'deleteOld'],
    [
      'waits while the old pool is being deleted',
      { phase: BlueGreenPhase.DeletingOld, twin: ok, old: { provisioningState: 'Deleting' } },
      'wait',
    ],
    [
      'completes once the old pool is gone',
      { phase: BlueGreenPhase.DeletingOld, twin: ok, old: undefined },
      'complete',
    ],
  ])('%s', (_name, f, step, ...rest) => {
    // Rows without a phase are shorter: taking it from the rest keeps jest from passing a done callback.
    const to = rest[0];
    const decided = decideBlueGreen(facts(f));
    expect(decided.do).toBe(step);
    if (to) expect(decided).toMatchObject({ to });
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
