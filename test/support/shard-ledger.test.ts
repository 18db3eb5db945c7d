import type { ProxiedArmRequest } from './arm-recording-proxy.js';
import type { AcceptedLeaseWrite } from './hanging-lease-proxy.js';
import { shardHandovers, writesOutsideShardTerms } from './shard-ledger.js';

const LEASE_MS = 4000;
const MC = '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters';
const lease = (leaseName: string, holderIdentity: string, renewedAt: number): AcceptedLeaseWrite => ({
  leaseName,
  holderIdentity,
  renewedAt,
  leaseDurationMs: LEASE_MS,
  acceptedAt: renewedAt + 10,
});
const put = (path: string, sentAt: number, answeredAt = sentAt + 50): ProxiedArmRequest => ({
  method: 'PUT',
  path,
  sentAt,
  answeredAt,
  status: 200,
});
const shards = (path: string): string[] | undefined =>
  path.startsWith(`${MC}/one`) ? ['s-shard-1'] : path.startsWith(`${MC}/two`) ? ['s-shard-2'] : undefined;

describe('writesOutsideShardTerms', () => {
  const writes = [
    lease('s-shard-1', 'a-1_x', 1000),
    lease('s-shard-2', 'b-1_y', 1000),
    lease('s-shard-1', '', 3000),
    lease('s-shard-1', 'b-1_y', 4000),
  ];

  it("accepts writes to a cluster and its pools sent while the writer held the cluster's shard", () => {
    const requests = [put(`${MC}/one`, 1500), put(`${MC}/one/agentpools/p`, 2500), put('/other', 100)];
    expect(writesOutsideShardTerms([{ podName: 'a-1', requests }], writes, shards)).toEqual([]);
  });

  it('reports a write to a shard another replica held, one after a release, and one landing after expiry', () => {
    const requests = [put(`${MC}/two`, 1500), put(`${MC}/one`, 3500), put(`${MC}/one`, 2000, 6000)];
    const outside = writesOutsideShardTerms([{ podName: 'a-1', requests }], writes, shards);
    expect(outside.map((w) => w.why)).toEqual([
      'sent while s-shard-2 was held by b-1_y',
      'sent while s-shard-1 was held by nobody',
      expect.stringContaining('ran out'),
    ]);
  });

  it('counts the handovers of shard Leases to a new holder', () => {
    expect(shardHandovers(writes, 's-shard-')).toBe(1);
  });
});
