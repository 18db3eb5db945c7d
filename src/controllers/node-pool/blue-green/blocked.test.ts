import { BlockReason, DrainPhase, type BlockedPod, type DrainReport } from '../../../drain/index.js';
import { blockedConditionReason, blockersOf } from './blocked.js';

const pdb = {
  namespace: 'shop',
  name: 'api-pdb',
  minAvailable: '1',
  expectedPods: 1,
  desiredHealthy: 1,
  currentHealthy: 1,
  disruptionsAllowed: 0,
  zero: 'Effective' as const,
  unreadyPods: [],
  pendingPods: [],
};

function report(blocked: BlockedPod): DrainReport {
  return {
    node: 'aks-user1-0',
    phase: DrainPhase.Draining,
    startedAt: '2026-05-04T10:00:00.000Z',
    observedAt: '2026-05-04T10:01:00.000Z',
    wasCordonedBefore: false,
    cordonedNow: false,
    isUnreachable: false,
    evicted: [],
    skipped: [],
    refused: [],
    terminating: [],
    blocked: [blocked],
    forced: [],
    warnings: [],
    remaining: 1,
    passesWithoutProgress: 1,
  };
}

const pod = { namespace: 'shop', name: 'api-1', uid: 'u1' };

describe('blockersOf with rollouts allowed', () => {
  it('reports a pod whose Deployment was rolled as WorkloadRolled, with its PDB', () => {
    const blockers = blockersOf([
      report({
        pod,
        reason: BlockReason.WorkloadRolled,
        message: 'Deployment shop/api was rolled',
        since: '2026-05-04T10:00:00.000Z',
        pdbNames: ['api-pdb'],
        pdbs: [pdb],
        rollout: { workload: 'Deployment shop/api', isRolled: true, isRolledNow: false },
      }),
    ]);
    expect(blockers.map((b) => `${b.kind}/${b.name}/${b.reason}`)).toEqual([
      'Pod/api-1/WorkloadRolled',
      'PodDisruptionBudget/api-pdb/EffectiveZeroBudget',
    ]);
    expect(blockedConditionReason(blockers)).toBe('WorkloadRolled');
  });

  it('says why a pod its PDB blocks was not rolled', () => {
    const blockers = blockersOf([
      report({
        pod,
        reason: BlockReason.PDBBlocked,
        message: 'Cannot evict pod',
        since: '2026-05-04T10:00:00.000Z',
        pdbNames: ['api-pdb'],
        pdbs: [pdb],
        rollout: {
          workload: 'StatefulSet shop/db',
          isRolled: false,
          isRolledNow: false,
          why: 'only Deployments are rolled, never a StatefulSet',
        },
      }),
    ]);
    expect(blockers[0]).toMatchObject({ reason: 'BlockedByPodDisruptionBudget' });
    expect(blockers[0]?.message).toMatch(/StatefulSet shop\/db not rolled: only Deployments are rolled/);
  });
});
