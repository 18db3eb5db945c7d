import { checkPdbs } from './pdb-checks.js';
import { pdb, pod } from './testing/builders.js';

const three = [pod('api-a'), pod('api-b'), pod('api-c')];
const allowed1 = { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 };

describe('checkPdbs', () => {
  it.each([
    {
      name: 'S15: maxUnavailable 0 is an error naming the PDB (AKS UnsatisfiablePDB)',
      budget: pdb('api-pdb', { maxUnavailable: 0 }, { ...allowed1, disruptionsAllowed: 0 }),
      reason: 'StructuralZeroPDB',
      severity: 'Error',
      text: /shop\/api-pdb allows no voluntary disruption \(maxUnavailable is 0\)/,
    },
    {
      name: 'S16: minAvailable 3 on a 3-replica Deployment is the same structural error',
      budget: pdb(
        'api-pdb',
        { minAvailable: 3 },
        { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
      ),
      reason: 'StructuralZeroPDB',
      severity: 'Error',
      text: /minAvailable 3 requires all 3 pods/,
    },
    {
      name: 'minAvailable 100% is structural before the controller has counted',
      budget: pdb('api-pdb', { minAvailable: '100%' }),
      reason: 'StructuralZeroPDB',
      severity: 'Error',
      text: /minAvailable is 100%/,
    },
    {
      name: 'S17: an effective zero (one pod unready) is a warning listing the unready pod',
      budget: pdb(
        'api-pdb',
        { maxUnavailable: 1 },
        { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
      ),
      pods: [pod('api-a'), pod('api-b'), pod('api-c', { ready: false, node: 'green-1' })],
      reason: 'TransientZeroPDB',
      severity: 'Warning',
      text: /unhealthy: shop\/api-c on green-1 \(not Ready\)/,
    },
    {
      name: "S20: an effective zero names a Pending pod with the scheduler's message",
      budget: pdb(
        'api-pdb',
        { maxUnavailable: 1 },
        { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
      ),
      pods: [pod('api-a'), pod('api-b'), pod('api-n', { pending: '0/3 nodes are available' })],
      reason: 'TransientZeroPDB',
      severity: 'Warning',
      text: /shop\/api-n \(Pending: 0\/3 nodes are available\)/,
    },
    {
      name: 'S21: maxUnavailable over bare pods only can never be positive',
      budget: pdb(
        'bare-pdb',
        { maxUnavailable: 1 },
        { expectedPods: 0, desiredHealthy: 0, currentHealthy: 2, disruptionsAllowed: 0 },
      ),
      pods: [pod('x', { bare: true }), pod('y', { bare: true })],
      reason: 'PDBSelectsUnmanagedPods',
      severity: 'Error',
      text: /no controller scales/,
    },
    {
      name: 'S9: a PDB edit the controller has not observed is a warning',
      budget: pdb('api-pdb', { maxUnavailable: 1 }, { ...allowed1, observedGeneration: 1 }, 2),
      reason: 'PDBNotObserved',
      severity: 'Warning',
      text: /not observed it yet/,
    },
  ])('$name', ({ budget, pods, reason, severity, text }) => {
    const findings = checkPdbs({ pdbs: [budget], pods: pods ?? three });
    expect(findings).toEqual([
      expect.objectContaining({ reason, severity, message: expect.stringMatching(text) }),
    ]);
  });

  it('a healthy maxUnavailable 1 budget finds nothing', () => {
    expect(checkPdbs({ pdbs: [pdb('api-pdb', { maxUnavailable: 1 }, allowed1)], pods: three })).toEqual([]);
  });

  it('S16: uses the workload scale when given, even if the PDB status is missing', () => {
    const findings = checkPdbs({
      pdbs: [pdb('api-pdb', { minAvailable: 3 })],
      pods: three,
      expectedPods: { 'shop/api-pdb': 3 },
    });
    expect(findings.map((f) => f.reason)).toEqual(['StructuralZeroPDB']);
  });

  it('S22: an empty selector selects every pod of the namespace, so a pod under another PDB too is flagged', () => {
    const findings = checkPdbs({
      pdbs: [
        pdb('everything', { maxUnavailable: 1, selector: 'empty' }, allowed1),
        pdb('api-pdb', { maxUnavailable: 1 }, allowed1),
      ],
      pods: [pod('api-a'), pod('web-a', { labels: { app: 'web' } })],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        reason: 'MultiplePDBs',
        subject: 'Pod shop/api-a',
        message: expect.stringContaining('shop/api-pdb, shop/everything'),
      }),
    ]);
  });

  it('S8: a pod selected by two PDBs is an error naming both', () => {
    const findings = checkPdbs({
      pdbs: [pdb('a', { maxUnavailable: 1 }, allowed1), pdb('b', { minAvailable: 1 }, allowed1)],
      pods: [pod('api-a')],
    });
    expect(findings.filter((f) => f.reason === 'MultiplePDBs')).toHaveLength(1);
  });

  it('S8: the stale zero of an overlapping PDB is not reported as transient, only the overlap', () => {
    // The disruption controller keeps one PDB per pod current; the other keeps its status from creation.
    const stale = { expectedPods: 1, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0 };
    const findings = checkPdbs({
      pdbs: [pdb('a', { maxUnavailable: 1 }, allowed1), pdb('b', { maxUnavailable: 1 }, stale)],
      pods: [pod('api-a')],
    });
    expect(findings.map((f) => f.reason)).toEqual(['MultiplePDBs']);
  });
});
