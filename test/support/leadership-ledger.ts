// Leadership terms as the API server accepted them, and the Azure writes each replica incarnation made,
// checked against them: a write must be sent after its writer's lease write was accepted and must land
// before that lease could expire (renewTime + lease duration), which is when another replica may take it.
import type { ProxiedArmRequest } from './arm-recording-proxy.js';
import type { AcceptedLeaseWrite } from './hanging-lease-proxy.js';

/** A read of Azure, including operation polls; anything else a replica sends is a write. */
const READ_METHODS = new Set(['GET', 'HEAD']);

export interface LeadershipTerm {
  identity: string;
  /** Epoch ms at which the acquiring write was accepted: the holder may act from here. */
  startedAt: number;
  /** Epoch ms at which the last accepted renewal's lease ran out: no other holder before it. */
  endsAt: number;
  renewals: number;
}

/** One term per holder identity (an incarnation acquires once: losing the lease ends the process). */
export function leadershipTerms(writes: readonly AcceptedLeaseWrite[]): LeadershipTerm[] {
  const byHolder = new Map<string, LeadershipTerm>();
  for (const w of [...writes].sort((a, b) => a.acceptedAt - b.acceptedAt)) {
    if (!w.holderIdentity) continue;
    const term = byHolder.get(w.holderIdentity);
    const endsAt = w.renewedAt + w.leaseDurationMs;
    if (!term) {
      byHolder.set(w.holderIdentity, {
        identity: w.holderIdentity,
        startedAt: w.acceptedAt,
        endsAt,
        renewals: 0,
      });
    } else {
      term.endsAt = Math.max(term.endsAt, endsAt);
      term.renewals += 1;
    }
  }
  return [...byHolder.values()].sort((a, b) => a.startedAt - b.startedAt);
}

/** Holder changes in the order the API server accepted them (the first acquisition counts as one). */
export function leadershipChanges(writes: readonly AcceptedLeaseWrite[]): string[] {
  const holders: string[] = [];
  for (const w of [...writes].sort((a, b) => a.acceptedAt - b.acceptedAt)) {
    if (w.holderIdentity && w.holderIdentity !== holders.at(-1)) holders.push(w.holderIdentity);
  }
  return holders;
}

/** Pairs of terms of different holders that overlap in time: must be none. */
export function overlappingTerms(terms: readonly LeadershipTerm[]): [LeadershipTerm, LeadershipTerm][] {
  const out: [LeadershipTerm, LeadershipTerm][] = [];
  terms.forEach((a, i) => {
    for (const b of terms.slice(i + 1)) {
      if (a.startedAt < b.endsAt && b.startedAt < a.endsAt) out.push([a, b]);
    }
  });
  return out;
}

export interface IncarnationRequests {
  /** Its holder identity starts with `<podName>_` (the operator appends a random suffix). */
  podName: string;
  requests: readonly ProxiedArmRequest[];
}

export interface FencedWrite extends ProxiedArmRequest {
  podName: string;
  /** Why it was outside its writer's term. */
  why: string;
}

export function isWrite(r: ProxiedArmRequest): boolean {
  return !READ_METHODS.has(r.method);
}

/**
 * The Azure writes that were not covered by their writer's lease: sent before any lease write of it was
 * accepted, or answered after the lease its last accepted write (before the send) proved had run out.
 */
export function writesOutsideTerms(
  incarnations: readonly IncarnationRequests[],
  leaseWrites: readonly AcceptedLeaseWrite[],
): FencedWrite[] {
  const out: FencedWrite[] = [];
  for (const inc of incarnations) {
    const own = leaseWrites
      .filter((w) => w.holderIdentity.startsWith(`${inc.podName}_`))
      .sort((a, b) => a.acceptedAt - b.acceptedAt);
    for (const r of inc.requests.filter(isWrite)) {
      const proof = own.filter((w) => w.acceptedAt <= r.sentAt).at(-1);
      if (!proof) {
        out.push({ ...r, podName: inc.podName, why: 'sent before its lease write was accepted' });
        continue;
      }
      const expiresAt = proof.renewedAt + proof.leaseDurationMs;
      if (r.answeredAt > expiresAt)
        out.push({
          ...r,
          podName: inc.podName,
          why: `answered ${r.answeredAt - expiresAt} ms after the lease renewed at ${new Date(proof.renewedAt).toISOString()} ran out`,
        });
    }
  }
  return out;
}
