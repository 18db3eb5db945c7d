// Shard terms as the API server accepted them, and the Azure writes each replica incarnation made to a
// cluster, checked against the Lease of that cluster's shard: a write must be sent while the last write
// of that Lease the API server had accepted named its writer, and must land before that lease could
// expire (renewTime + lease duration), which is when another replica may take the shard.
import type { AcceptedLeaseWrite } from './hanging-lease-proxy.js';
import { isWrite, type FencedWrite, type IncarnationRequests } from './leadership-ledger.js';

/**
 * The Azure writes to a cluster (or under it: its pools) that were not covered by their writer's hold of
 * the cluster's shard. `shardLeasesOf` names the shard Leases a write's path falls under (several when
 * the cluster's name was used by objects of different UIDs), or undefined for a path under no cluster.
 */
export function writesOutsideShardTerms(
  incarnations: readonly IncarnationRequests[],
  leaseWrites: readonly AcceptedLeaseWrite[],
  shardLeasesOf: (path: string) => readonly string[] | undefined,
): FencedWrite[] {
  const sorted = [...leaseWrites].sort((a, b) => a.acceptedAt - b.acceptedAt);
  const out: FencedWrite[] = [];
  for (const inc of incarnations) {
    for (const r of inc.requests.filter(isWrite)) {
      const leases = shardLeasesOf(r.path);
      if (!leases) continue;
      const why = leases.map((name) => {
        const proof = sorted.filter((w) => w.leaseName === name && w.acceptedAt <= r.sentAt).at(-1);
        if (!proof?.holderIdentity.startsWith(`${inc.podName}_`))
          return `sent while ${name} was held by ${proof?.holderIdentity || 'nobody'}`;
        const expiresAt = proof.renewedAt + proof.leaseDurationMs;
        return r.answeredAt > expiresAt
          ? `answered ${r.answeredAt - expiresAt} ms after ${name} renewed at ${new Date(proof.renewedAt).toISOString()} ran out`
          : undefined;
      });
      if (why.every((w) => w !== undefined)) out.push({ ...r, podName: inc.podName, why: why.join('; ') });
    }
  }
  return out;
}

/** How many times a shard Lease passed to a new holder (a release to nobody not counted), per Lease. */
export function shardHandovers(leaseWrites: readonly AcceptedLeaseWrite[], prefix: string): number {
  const last = new Map<string, string>();
  let handovers = 0;
  for (const w of [...leaseWrites].sort((a, b) => a.acceptedAt - b.acceptedAt)) {
    if (!w.leaseName.startsWith(prefix) || !w.holderIdentity) continue;
    const before = last.get(w.leaseName);
    if (before !== undefined && before !== w.holderIdentity) handovers++;
    last.set(w.leaseName, w.holderIdentity);
  }
  return handovers;
}
