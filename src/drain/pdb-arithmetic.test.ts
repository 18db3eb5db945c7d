import { explainPdb, structuralZeroReason } from './pdb-arithmetic.js';
import { makePdb, makePod } from './testing/fake-drain-cluster.js';

describe('structural zero', () => {
  it.each([
    {
      name: 'S15: maxUnavailable 0 allows nothing by spec',
      pdb: { maxUnavailable: 0 },
      expected: 3,
      zero: /maxUnavailable is 0/,
    },
    {
      name: 'S15: maxUnavailable "0%" allows nothing by spec',
      pdb: { maxUnavailable: '0%' },
      expected: 3,
      zero: /maxUnavailable is 0%/,
    },
    {
      name: 'S16: minAvailable 3 of a 3-replica workload allows nothing',
      pdb: { minAvailable: 3 },
      expected: 3,
      zero: /minAvailable 3 equals or exceeds the 3 pods/,
    },
    {
      name: 'S16: minAvailable 5 of 3 allows nothing',
      pdb: { minAvailable: 5 },
      expected: 3,
      zero: /exceeds/,
    },
    {
      name: 'minAvailable 100% allows nothing even before the controller counted',
      pdb: { minAvailable: '100%' },
      expected: undefined,
      zero: /minAvailable is 100%/,
    },
    {
      name: 'minAvailable 90% of 3 rounds up to 3: structural',
      pdb: { minAvailable: '90%' },
      expected: 3,
      zero: /rounds up to 3/,
    },
    {
      name: 'S21: maxUnavailable over bare pods (expectedPods 0) can never be positive',
      pdb: { maxUnavailable: 1 },
      expected: 0,
      zero: /expectedPods 0/,
    },
    {
      name: 'maxUnavailable 1 of 3 is not structural',
      pdb: { maxUnavailable: 1 },
      expected: 3,
      zero: undefined,
    },
    {
      name: 'maxUnavailable 10% of 3 rounds up to 1: not structural',
      pdb: { maxUnavailable: '10%' },
      expected: 3,
      zero: undefined,
    },
    { name: 'minAvailable 2 of 3 is not structural', pdb: { minAvailable: 2 }, expected: 3, zero: undefined },
    {
      name: 'minAvailable 50% of 3 is not structural',
      pdb: { minAvailable: '50%' },
      expected: 3,
      zero: undefined,
    },
  ])('$name', ({ pdb, expected, zero }) => {
    const reason = structuralZeroReason(makePdb('p', pdb), expected);
    if (zero) expect(reason).toMatch(zero);
    else expect(reason).toBeUndefined();
  });
});

describe('explainPdb', () => {
  const status = { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 };

  it('S17: an unready sibling on another node makes an effective zero, named with its node and reason', () => {
    const pods = [
      makePod('api-a', { node: 'blue-1' }),
      makePod('api-b', { node: 'blue-2' }),
      makePod('api-c', { node: 'green-1', ready: false }),
    ];
    const e = explainPdb(makePdb('api-pdb', { maxUnavailable: 1, status }), pods);
    expect(e).toMatchObject({
      zero: 'Effective',
      desiredHealthy: 2,
      currentHealthy: 2,
      disruptionsAllowed: 0,
    });
    expect(e.unreadyPods).toEqual([
      { pod: expect.objectContaining({ name: 'api-c' }), node: 'green-1', reason: 'Ready=False' },
    ]);
    expect(e.pendingPods).toEqual([]);
  });

  it('S20: a Pending replacement is named with its PodScheduled message', () => {
    const pods = [
      makePod('api-a', { node: 'blue-1' }),
      makePod('api-b', { node: 'blue-2' }),
      makePod('api-new', {
        node: '',
        phase: 'Pending',
        scheduling: {
          reason: 'Unschedulable',
          message:
            '0/4 nodes are available: 3 node(s) were unschedulable, 1 node(s) had untolerated taint {dedicated: x}.',
        },
      }),
    ];
    const e = explainPdb(makePdb('api-pdb', { maxUnavailable: 1, status }), pods);
    expect(e.zero).toBe('Effective');
    expect(e.pendingPods).toEqual([
      {
        pod: expect.objectContaining({ name: 'api-new' }),
        schedulingMessage: expect.stringMatching(/^Unschedulable: 0\/4 nodes are available/),
      },
    ]);
  });

  it('S16: minAvailable equal to the replicas is reported structural with the rule', () => {
    const e = explainPdb(
      makePdb('api-pdb', {
        minAvailable: 3,
        status: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
      }),
      [],
    );
    expect(e).toMatchObject({
      zero: 'Structural',
      structuralReason: expect.stringMatching(/minAvailable 3/),
    });
  });

  it('a budget with room is not zero', () => {
    const e = explainPdb(
      makePdb('api-pdb', {
        maxUnavailable: 1,
        status: { ...status, currentHealthy: 3, disruptionsAllowed: 1 },
      }),
      [],
    );
    expect(e.zero).toBe('None');
  });

  it('a budget the controller has not counted yet is unknown', () => {
    expect(explainPdb(makePdb('api-pdb', { maxUnavailable: 1 }), []).zero).toBe('Unknown');
  });

  it('a terminating sibling counts as unready; a finished one is ignored', () => {
    const pods = [
      makePod('api-old', { deletionTimestamp: new Date() }),
      makePod('api-done', { phase: 'Succeeded' }),
    ];
    const e = explainPdb(makePdb('api-pdb', { maxUnavailable: 1, status }), pods);
    expect(e.unreadyPods.map((u) => [u.pod.name, u.reason])).toEqual([['api-old', 'Terminating']]);
  });
});
