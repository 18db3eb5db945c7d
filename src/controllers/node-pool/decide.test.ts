import type * as Arm from '@azure/arm-containerservice';
import type { FieldDiff } from '../shared/field-diff.js';
import { decidePool, type PoolFacts } from './decide.js';

const pool: Arm.AgentPool = { provisioningState: 'Succeeded', powerState: { code: 'Running' }, count: 2 };
const count: FieldDiff = { path: 'spec.count', action: 'update' };
const labels: FieldDiff = { path: 'spec.nodeLabels', action: 'update' };
const upgrade: FieldDiff = { path: 'spec.orchestratorVersion', action: 'upgrade' };
const stop: FieldDiff = { path: 'spec.powerState', action: 'update', wanted: 'Stopped' };

function facts(f: Partial<PoolFacts>): PoolFacts {
  return {
    observed: pool,
    diffs: [],
    wantedVersion: undefined,
    controlPlaneVersion: '1.33.4',
    isSpecApplied: false,
    driftPolicy: 'Revert',
    isStalledByAzure: false,
    ...f,
  };
}

describe('decidePool', () => {
  it.each<[string, Partial<PoolFacts>, string, string]>([
    ['creates an absent pool', { observed: undefined }, 'create', ''],
    [
      'waits to create a pool above the control plane',
      { observed: undefined, wantedVersion: '1.34' },
      'waitForControlPlane',
      '',
    ],
    [
      'waits while Azure runs an operation',
      { observed: { ...pool, provisioningState: 'Scaling' } },
      'wait',
      '',
    ],
    ['scales', { diffs: [count] }, 'update', 'Scale'],
    ['updates labels', { diffs: [labels] }, 'update', 'Update'],
    ['stops', { diffs: [stop] }, 'update', 'Stop'],
    ['upgrades within the control plane', { diffs: [upgrade], wantedVersion: '1.33' }, 'update', 'Upgrade'],
    [
      'waits to upgrade above the control plane',
      { diffs: [upgrade], wantedVersion: '1.34' },
      'waitForControlPlane',
      '',
    ],
    [
      'applies other changes while the upgrade waits',
      { diffs: [upgrade, count], wantedVersion: '1.34' },
      'update',
      'Scale',
    ],
    ['reverts drift', { diffs: [count], isSpecApplied: true }, 'update', 'Scale'],
    [
      'reports drift only under Report',
      { diffs: [count], isSpecApplied: true, driftPolicy: 'Report' },
      'inSync',
      '',
    ],
    ['holds what Azure refused at this generation', { diffs: [count], isStalledByAzure: true }, 'hold', ''],
    [
      'retries a pool left Failed',
      { observed: { ...pool, provisioningState: 'Failed' } },
      'update',
      'Update',
    ],
    [
      'holds a pool left Failed by a refused spec',
      { observed: { ...pool, provisioningState: 'Failed' }, isStalledByAzure: true },
      'hold',
      '',
    ],
  ])('%s', (_what, f, action, type) => {
    const d = decidePool(facts(f));
    expect(d.action).toBe(action);
    if (type) expect(d).toMatchObject({ type });
  });

  it('never allows the upgrade in a body sent while the control plane is behind', () => {
    expect(decidePool(facts({ diffs: [upgrade, count], wantedVersion: '1.34' }))).toMatchObject({
      isUpgradeAllowed: false,
    });
  });
});

describe('decidePool with an upgrade asked after the spec was applied', () => {
  it('upgrades under the Report drift policy and does not call it a revert', () => {
    const d = decidePool(
      facts({ diffs: [upgrade], wantedVersion: '1.33', isSpecApplied: true, driftPolicy: 'Report' }),
    );
    expect(d).toMatchObject({ action: 'update', type: 'Upgrade', isRevert: false });
  });
  it('still only reports other drift under the Report policy', () => {
    const d = decidePool(facts({ diffs: [labels], isSpecApplied: true, driftPolicy: 'Report' }));
    expect(d.action).toBe('inSync');
  });
});
