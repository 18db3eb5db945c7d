import { claim, ownerTags, withoutOperatorTags, type ClaimFacts } from './ownership.js';

const me = { kind: 'ManagedCluster', namespace: 'team-a', name: 'c1' };
const obj = { metadata: { namespace: 'team-a', name: 'c1', uid: 'u1' } };
const base: ClaimFacts = {
  me,
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1',
  tags: undefined,
  mayTakeUntagged: false,
  isLive: () => true,
  adoptHint: 'adopt it',
};

describe('claim', () => {
  it.each<[string, Partial<ClaimFacts>, boolean | string]>([
    [
      'takes a resource tagged with its own name',
      { tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-a/c1' } },
      true,
    ],
    [
      'takes its own resource whatever UID the tag recorded (a restored object)',
      { tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-a/c1', 'aks-lifecycle-owner-uid': 'old' } },
      true,
    ],
    ['refuses an untagged resource it may not take', {}, 'AlreadyExists'],
    ['takes an untagged resource it adopts', { mayTakeUntagged: true }, true],
    [
      'refuses a resource another live object owns',
      { tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-b/c1' } },
      'OwnedByAnotherObject',
    ],
    [
      'refuses a resource another live object owns even when adopting',
      { mayTakeUntagged: true, tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-b/c1' } },
      'OwnedByAnotherObject',
    ],
    [
      'adopts a resource whose owner object is gone',
      {
        mayTakeUntagged: true,
        isLive: () => false,
        tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-b/c1' },
      },
      true,
    ],
    [
      'refuses a resource of a gone owner without an adoption',
      { isLive: () => false, tags: { 'aks-lifecycle-owner': 'ManagedCluster/team-b/c1' } },
      'OwnedByAnotherObject',
    ],
    [
      'refuses a resource a pool object owns',
      { tags: { 'aks-lifecycle-owner': 'NodePool/team-a/c1' } },
      'OwnedByAnotherObject',
    ],
    [
      'refuses an untagged resource another object already holds',
      { mayTakeUntagged: true, otherHolder: { kind: 'ManagedCluster', namespace: 'team-b', name: 'x' } },
      'OwnedByAnotherObject',
    ],
    [
      'matches the tag name in any case, as Azure does',
      { tags: { 'AKS-LIFECYCLE-OWNER': 'ManagedCluster/team-a/c1' } },
      true,
    ],
  ])('%s', (_title, facts, expected) => {
    const c = claim({ ...base, ...facts });
    if (expected === true) expect(c).toEqual({ ok: true });
    else expect(c).toMatchObject({ ok: false, reason: expected });
  });
});

describe('owner tags', () => {
  it('names the kind, namespace, name and UID of the owner', () => {
    expect(ownerTags(obj, 'ManagedCluster')).toEqual({
      'aks-lifecycle-owner': 'ManagedCluster/team-a/c1',
      'aks-lifecycle-owner-uid': 'u1',
    });
  });

  it('are left out of what is compared with the spec', () => {
    expect(
      withoutOperatorTags({ team: 'a', 'aks-lifecycle-owner': 'x', 'aks-lifecycle-owner-uid': 'y' }),
    ).toEqual({
      team: 'a',
    });
  });
});
