// Real: the management cluster's API server (CRDs, the Lease), two operator replicas with leader election
// on as child processes (plain node on src/main.ts compiled to JavaScript), each behind its own proxy to the
// API server whose Lease requests the test makes hang while the rest goes through, and a kwok Kubernetes
// API for one cluster (real scheduler, ReplicaSet and disruption controllers, Eviction API). Simulated:
// Azure (the AKS simulator, behind a recording proxy per incarnation so every call is known by who made
// it) with a background of 429 and 5xx answers. At seeded moments the leader's Lease calls hang past the
// lease or answer slowly, the leader or the standby is killed with SIGKILL, and leadership moves.
// Proves, counted in the simulator and the proxies, that no Azure write of a replica landed outside its
// term (after the lease its last accepted renewal proved could have expired), terms never overlap, and the
// batch still converges with nothing unowned, no duplicate create, deletes of recorded IDs only, no old
// pool gone before its twin serves, and Azure calls within a bound of the work.
import {
  leadershipChanges,
  leadershipTerms,
  overlappingTerms,
  writesOutsideTerms,
} from '../support/leadership-ledger.js';
import { useReplicaChaos } from '../support/replica-chaos.js';

/** Short Lease timings, so leadership moves many times in a minute; the fence's margin is their difference. */
const LEASE = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 } as const;
const REPLICAS = ['replica-a', 'replica-b'] as const;

const chaos = useReplicaChaos({
  name: 'chaos-replicas',
  replicas: REPLICAS,
  lease: LEASE,
  disruptions: [5, 7],
});

describe('chaos: two operator replicas with leader election, whose Lease calls hang and who are killed, during a batch of lifecycle operations', () => {
  it('lets no replica write to Azure outside its leadership term, and converges leaving nothing unowned, nothing created twice, deleting only recorded IDs, no pool before its twin serves, with bounded Azure calls', async () => {
    const run = await chaos.run();
    const { began, leaseWrites, lossReasons } = run;

    // Leadership, from the Lease writes the API server accepted and each incarnation's Azure requests.
    const terms = leadershipTerms(leaseWrites);
    const overlaps = overlappingTerms(terms);
    const holders = leadershipChanges(leaseWrites);
    const outside = writesOutsideTerms(
      run.incarnations.map((i) => ({ podName: i.podName, requests: i.arm.requests })),
      leaseWrites,
    );
    const losses = lossReasons.length;
    const exitDelaysMs = run.replicas.flatMap((r) => r.exitDelaysMs());

    // Each new leader may repeat one write per object and observe every object again.
    const figures = await chaos.figures(run, { starts: terms.length });
    chaos.logFigures(run, figures, {
      lines: [
        `leadership: ${terms.length} terms, ${holders.length - 1} changes (${holders.map((h) => h.split('_')[0]).join(' -> ')}); leases lost and exited ${losses} (gone ms after stopping: ${exitDelaysMs.join(',')}; why: ${[...new Set(lossReasons)].map((why) => `${lossReasons.filter((w) => w === why).length}× ${why}`).join(', ')}); Lease requests hung ${run.hungRequests}; overlapping terms ${overlaps.length}`,
        `terms: ${terms.map((t) => `${t.identity.split('_')[0]} ${t.startedAt - began}..${t.endsAt - began} ms (${t.renewals} renewals)`).join('; ')}`,
      ],
      checked: `writes outside a term ${outside.length}`,
      outside,
    });

    chaos.expectRan(run);
    // Leadership really moved (the first two disruptions move it).
    expect(losses).toBeGreaterThanOrEqual(1);
    expect(holders.length).toBeGreaterThanOrEqual(3);
    // The fence: no term overlaps another, and no replica's Azure write landed outside its own.
    expect(overlaps).toEqual([]);
    expect(outside).toEqual([]);
    chaos.expectSound(run, figures);
    chaos.removeLogs();
  }, 240_000);
});
