import { describePdb, formatDuration, renderDrainReport } from './stuck-report.js';
import type { BlockedPod, DrainReport, PdbExplanation } from './types.js';

const NOW = Date.UTC(2026, 4, 4, 10, 12, 0);
const STARTED = '2026-05-04T10:00:00.000Z';

function report(extra: Partial<DrainReport>): DrainReport {
  return {
    node: 'aks-blue-vmss000002',
    phase: 'Draining',
    startedAt: STARTED,
    observedAt: new Date(NOW).toISOString(),
    wasCordonedBefore: false,
    cordonedNow: false,
    isUnreachable: false,
    evicted: [],
    skipped: [],
    refused: [],
    terminating: [],
    blocked: [],
    forced: [],
    warnings: [],
    remaining: 0,
    passesWithoutProgress: 0,
    ...extra,
  };
}

const effective: PdbExplanation = {
  namespace: 'shop',
  name: 'api-pdb',
  maxUnavailable: '1',
  expectedPods: 3,
  desiredHealthy: 2,
  currentHealthy: 2,
  disruptionsAllowed: 0,
  zero: 'Effective',
  unreadyPods: [
    {
      pod: { namespace: 'shop', name: 'api-xyz' },
      node: 'aks-green-000001',
      reason: 'Ready=False CrashLoopBackOff',
    },
  ],
  pendingPods: [],
};

function blocked(name: string, extra: Partial<BlockedPod> = {}): BlockedPod {
  return {
    pod: { namespace: 'shop', name, uid: name },
    reason: 'PDBBlocked',
    message:
      "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget api-pdb needs 2 healthy pods and has 2 currently",
    since: '2026-05-04T10:02:00.000Z',
    pdbNames: ['api-pdb'],
    pdbs: [effective],
    ...extra,
  };
}

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [12 * 60_000, '12m'],
    [90_000, '1m30s'],
    [3_900_000, '1h5m'],
  ])('%d ms reads %s', (ms, want) => expect(formatDuration(ms)).toBe(want));
});

describe('describePdb', () => {
  it('S17: names the unready sibling, its node and why', () => {
    expect(describePdb(effective)).toBe(
      'PDB shop/api-pdb needs 2 healthy pods and has 2 (allowed disruptions 0); 1 unready: shop/api-xyz on aks-green-000001 (Ready=False CrashLoopBackOff)',
    );
  });

  it("S20: names the Pending replacement and the scheduler's message", () => {
    const text = describePdb({
      ...effective,
      unreadyPods: [],
      pendingPods: [
        {
          pod: { namespace: 'shop', name: 'api-new' },
          schedulingMessage: 'Unschedulable: 0/3 nodes are available',
        },
      ],
    });
    expect(text).toMatch(/1 Pending: shop\/api-new \(Unschedulable: 0\/3 nodes are available\)/);
  });

  it('S15: a structural zero says the spec allows nothing and what to change', () => {
    const text = describePdb({ ...effective, zero: 'Structural', structuralReason: 'maxUnavailable is 0' });
    expect(text).toMatch(
      /allows no disruption by its spec \(maxUnavailable is 0\); change the PDB or scale the workload up/,
    );
  });
});

describe('renderDrainReport', () => {
  it('S17: groups pods blocked for the same reason, says since when, and names the PDB', () => {
    const r = renderDrainReport(report({ blocked: [blocked('api-a'), blocked('api-b')], remaining: 2 }), NOW);
    expect(r.reason).toBe('PDBBlocked');
    expect(r.message).toContain(
      'Drain of node aks-blue-vmss000002 not completed (started 2026-05-04T10:00:00.000Z, 12m ago):',
    );
    expect(r.message).toContain('* Pods shop/api-a, shop/api-b: Cannot evict pod');
    expect(r.message).toContain('1 unready: shop/api-xyz on aks-green-000001');
    expect(r.message).toContain('(blocked 10m)');
  });

  it('caps each line at 3 pods and the message at 5 lines', () => {
    const many = Array.from({ length: 5 }, (_, i) => blocked(`api-${i}`));
    const others = Array.from({ length: 7 }, (_, i) => ({
      pod: { namespace: 'ns', name: `bare-${i}` },
      reason: 'Unmanaged' as const,
      message: `no controller ${i}`,
    }));
    const r = renderDrainReport(report({ blocked: many, refused: others }), NOW);
    expect(r.message).toContain('shop/api-0, shop/api-1, shop/api-2 and 2 more:');
    expect(r.message.split('\n').filter((l) => l.startsWith('* '))).toHaveLength(6);
    expect(r.message).toContain('* 3 Pods with other issues');
  });

  it('S8: MultiplePDBs names every PDB and how to fix it', () => {
    const r = renderDrainReport(
      report({
        blocked: [blocked('api-a', { reason: 'MultiplePDBs', pdbNames: ['pdb-a', 'pdb-b'], pdbs: [] })],
      }),
      NOW,
    );
    expect(r.reason).toBe('MultiplePDBs');
    expect(r.message).toContain('selected by more than one PDB (pdb-a, pdb-b)');
  });

  it('S23: a stuck terminating pod is reported with its finalizers', () => {
    const r = renderDrainReport(
      report({
        terminating: [
          {
            pod: { namespace: 'db', name: 'pg-0' },
            deletionTimestamp: '2026-05-04T10:03:00.000Z',
            isStuck: true,
            finalizers: ['example.com/backup'],
          },
        ],
        remaining: 1,
      }),
      NOW,
    );
    expect(r.reason).toBe('StuckTerminating');
    expect(r.message).toContain(
      '* Pod db/pg-0: deletionTimestamp passed 9m ago, still present (finalizers: [example.com/backup])',
    );
  });

  it('S24: a timed-out drain reads DrainTimeout', () => {
    expect(renderDrainReport(report({ phase: 'TimedOut', blocked: [blocked('api-a')] }), NOW).reason).toBe(
      'DrainTimeout',
    );
  });

  it('S26: a forced deletion gives one Warning event per pod naming the bypassed PDB', () => {
    const r = renderDrainReport(
      report({
        forced: [
          { pod: { namespace: 'shop', name: 'api-a' }, gracePeriodSeconds: 1, bypassedPdbs: ['api-pdb'] },
        ],
      }),
      NOW,
    );
    expect(r.events).toEqual([
      {
        type: 'Warning',
        reason: 'ForceDeletedPod',
        message: expect.stringContaining('bypassing PDB api-pdb'),
        pod: 'shop/api-a',
      },
    ]);
  });

  it('events: cordon, evictions, blocks and the end of the drain', () => {
    const r = renderDrainReport(
      report({
        cordonedNow: true,
        evicted: [{ namespace: 'shop', name: 'web-1' }],
        blocked: [blocked('api-a')],
      }),
      NOW,
    );
    expect(r.events.map((e) => `${e.type}/${e.reason}`)).toEqual([
      'Normal/CordonedNode',
      'Normal/EvictedPod',
      'Warning/PDBBlocked',
    ]);
    expect(renderDrainReport(report({ phase: 'Drained' }), NOW)).toMatchObject({
      reason: 'Drained',
      events: [{ reason: 'DrainedNode' }],
    });
  });

  it('S3: a refused bare pod is the condition reason, ahead of the pods held back for it', () => {
    const r = renderDrainReport(
      report({
        refused: [
          {
            pod: { namespace: 'shop', name: 'bare' },
            reason: 'Unmanaged',
            message:
              'not evicted because it has no controller and would be lost; set allowUnmanagedPods to evict it',
          },
        ],
        blocked: [
          blocked('web-1', {
            reason: 'AwaitingRefusedPods',
            message: 'not evicted: the node also holds pods the drain refuses (shop/bare)',
            pdbNames: [],
            pdbs: [],
          }),
        ],
        remaining: 2,
      }),
      NOW,
    );
    expect(r.reason).toBe('Unmanaged');
    expect(r.message.split('\n')[1]).toBe(
      '* Pod shop/bare: not evicted because it has no controller and would be lost; set allowUnmanagedPods to evict it',
    );
  });

  it('S27: a vanished node reads NodeNotFound', () => {
    expect(renderDrainReport(report({ phase: 'NodeNotFound' }), NOW)).toMatchObject({
      reason: 'NodeNotFound',
      message: expect.stringContaining('no longer exists'),
    });
  });

  it('S28: an unreachable node is said so', () => {
    expect(renderDrainReport(report({ isUnreachable: true, remaining: 1 }), NOW).message).toContain(
      'node is unreachable',
    );
  });
});
