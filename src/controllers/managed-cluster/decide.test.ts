import type * as Arm from '@azure/arm-containerservice';
import type { FieldDiff } from '../shared/field-diff.js';
import { decideCluster, type ClusterFacts } from './decide.js';

const running: Arm.ManagedCluster = {
  location: 'eastus',
  provisioningState: 'Succeeded',
  powerState: { code: 'Running' },
};
const stopped: Arm.ManagedCluster = {
  location: 'eastus',
  provisioningState: 'Succeeded',
  powerState: { code: 'Stopped' },
};
const tags: FieldDiff = { path: 'spec.tags', action: 'tags' };
const tier: FieldDiff = { path: 'spec.sku.tier', action: 'update' };
const upgrade: FieldDiff = { path: 'spec.kubernetesVersion', action: 'upgrade' };
const outsideUpgrade: FieldDiff = { path: 'spec.kubernetesVersion', action: 'reportOnly' };

function facts(f: Partial<ClusterFacts>): ClusterFacts {
  return {
    observed: running,
    isAdoption: false,
    desiredPower: 'Running',
    diffs: [],
    isSpecApplied: false,
    driftPolicy: 'Revert',
    isStalledByAzure: false,
    ...f,
  };
}

describe('decideCluster', () => {
  it.each<[string, Partial<ClusterFacts>, string]>([
    ['creates an absent cluster', { observed: undefined }, 'create'],
    [
      'never creates an adopted cluster that is absent',
      { observed: undefined, isAdoption: true },
      'adoptionTargetMissing',
    ],
    [
      'does not repeat a create Azure refused at this generation',
      { observed: undefined, isStalledByAzure: true },
      'hold',
    ],
    [
      'waits while Azure runs an operation',
      { observed: { ...running, provisioningState: 'Creating' } },
      'wait',
    ],
    ['stays in sync when nothing differs', {}, 'inSync'],
    ['patches tags when only tags differ', { diffs: [tags] }, 'updateTags'],
    ['PUTs when another field differs', { diffs: [tags, tier] }, 'update'],
    ['reverts drift under Revert', { diffs: [tier], isSpecApplied: true }, 'update'],
    [
      'only reports drift under Report',
      { diffs: [tier], isSpecApplied: true, driftPolicy: 'Report' },
      'inSync',
    ],
    ['reports an upgrade made outside without writing', { diffs: [outsideUpgrade] }, 'inSync'],
    ['stops a running cluster asked to stop', { desiredPower: 'Stopped', diffs: [tier] }, 'stop'],
    ['starts a stopped cluster asked to run', { observed: stopped }, 'start'],
    [
      'leaves a stopped cluster stopped, differences waiting',
      { observed: stopped, desiredPower: 'Stopped', diffs: [tier] },
      'stopped',
    ],
    ['holds writes Azure refused at this generation', { diffs: [tier], isStalledByAzure: true }, 'hold'],
    ['retries a cluster left Failed', { observed: { ...running, provisioningState: 'Failed' } }, 'update'],
    [
      'holds a cluster left Failed by a refused spec',
      { observed: { ...running, provisioningState: 'Failed' }, isStalledByAzure: true },
      'hold',
    ],
    [
      'stalls on a difference AKS cannot change',
      { diffs: [{ path: 'spec.location', action: 'immutable' }, tier] },
      'immutableDiffers',
    ],
  ])('%s', (_what, f, action) => {
    expect(decideCluster(facts(f)).action).toBe(action);
  });

  it.each<[string, Partial<ClusterFacts>, FieldDiff[]]>([
    ['nothing differs', {}, []],
    ['a spec change waits for the next start', { diffs: [tier] }, [tier]],
    ['drift under Revert is put back at the next start', { diffs: [tier], isSpecApplied: true }, [tier]],
    ['drift under Report is not written', { diffs: [tier], isSpecApplied: true, driftPolicy: 'Report' }, []],
    ['a difference Azure reports only is not written', { diffs: [outsideUpgrade] }, []],
  ])('a cluster stopped as asked has pending writes when %s', (_what, f, pending) => {
    expect(decideCluster(facts({ observed: stopped, desiredPower: 'Stopped', ...f }))).toMatchObject({
      action: 'stopped',
      pending,
    });
  });

  it('marks an upgrade as such and a revert as a revert', () => {
    expect(decideCluster(facts({ diffs: [upgrade] }))).toMatchObject({
      action: 'update',
      isUpgrade: true,
      isRevert: false,
    });
    expect(decideCluster(facts({ diffs: [tags], isSpecApplied: true }))).toMatchObject({
      action: 'updateTags',
      isRevert: true,
    });
  });
});
