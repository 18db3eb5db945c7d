// The leadership ledger the replica chaos test relies on, on made-up Lease writes and Azure requests: it
// must find a write that landed after its writer's lease ran out, one sent before its writer held the lease,
// and two terms that overlap, and must accept writes inside a term.
import type { ProxiedArmRequest } from './arm-recording-proxy.js';
import type { AcceptedLeaseWrite } from './hanging-lease-proxy.js';
import {
  leadershipChanges,
  leadershipTerms,
  overlappingTerms,
  writesOutsideTerms,
} from './leadership-ledger.js';

const LEASE_MS = 4000;
const lease = (
  holderIdentity: string,
  renewedAt: number,
  acceptedAt = renewedAt + 10,
): AcceptedLeaseWrite => ({
  leaseName: 'leader',
  holderIdentity,
  renewedAt,
  leaseDurationMs: LEASE_MS,
  acceptedAt,
});
const put = (sentAt: number, answeredAt: number, method = 'PUT'): ProxiedArmRequest => ({
  method,
  path: '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/c1',
  sentAt,
  answeredAt,
  status: 201,
});

/** a-1 acquires at 0 and renews at 1000 and 2000; b-1 acquires at 6000 (2000 + 4000 has passed). */
const handover = [lease('a-1_x', 0), lease('a-1_x', 1000), lease('a-1_x', 2000), lease('b-1_y', 6000)];

describe('leadership ledger', () => {
  it('builds one term per holder, from its acquisition to its last renewal plus the lease, in order', () => {
    expect(leadershipTerms(handover)).toEqual([
      { identity: 'a-1_x', startedAt: 10, endsAt: 6000, renewals: 2 },
      { identity: 'b-1_y', startedAt: 6010, endsAt: 10_000, renewals: 0 },
    ]);
    expect(leadershipChanges(handover)).toEqual(['a-1_x', 'b-1_y']);
    expect(overlappingTerms(leadershipTerms(handover))).toEqual([]);
  });

  it('finds terms of two holders that overlap', () => {
    const early = [...handover.slice(0, 3), lease('b-1_y', 5000)];
    expect(overlappingTerms(leadershipTerms(early)).map(([a, b]) => [a.identity, b.identity])).toEqual([
      ['a-1_x', 'b-1_y'],
    ]);
  });

  it.each([
    [
      'accepts a write sent after a renewal was accepted and answered before its lease ran out',
      put(2500, 5900),
      [],
    ],
    ['accepts reads at any time', put(9000, 9100, 'GET'), []],
    [
      'finds a write answered after the lease of the last renewal before it ran out',
      put(5500, 6100),
      ['answered 100 ms after the lease renewed at 1970-01-01T00:00:02.000Z ran out'],
    ],
    [
      'finds a write sent before the writer held the lease',
      put(5, 50),
      ['sent before its lease write was accepted'],
    ],
  ])('%s', (_name, request, why) => {
    const outside = writesOutsideTerms([{ podName: 'a-1', requests: [request] }], handover);
    expect(outside.map((w) => w.why)).toEqual(why);
  });

  it('judges each incarnation by its own lease writes only', () => {
    // b-1 writes while a-1 holds the lease: b-1 never proved it held it then.
    const outside = writesOutsideTerms([{ podName: 'b-1', requests: [put(1500, 1600)] }], handover);
    expect(outside.map((w) => [w.podName, w.why])).toEqual([
      ['b-1', 'sent before its lease write was accepted'],
    ]);
  });
});
