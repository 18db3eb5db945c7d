// The agent pools of a cluster as its pools' reconciles share them: one list read answers, for a short
// while, every sibling that asks which pools exist, instead of each pool listing the cluster or reading
// a pool that is not there yet. A write from this process to a pool makes the listing say nothing
// more about that pool, so a listing never hides what this process changed.
import type * as Arm from '@azure/arm-containerservice';
import { awaitOutside } from '../runtime/index.js';
import { parentClusterId, parseResourceId } from './resource-id.js';

/** How long a listing answers: short, as a pool made outside the operator goes unseen meanwhile. */
export const POOL_LISTING_TTL_MS = 30_000;

interface Listing {
  atMs: number;
  /** The listed pools by lower-case name. */
  pools: Map<string, Arm.AgentPool>;
  /** Lower-case names of the pools written from this process since the listing was read. */
  writtenSince: Set<string>;
}

interface Reading {
  /** The write sequence when the read started. */
  seq: number;
  pools: Promise<Arm.AgentPool[] | undefined>;
}

export interface PoolListingsOptions {
  now: () => number;
  ttlMs?: number;
}

export type ReadPools = () => Promise<Arm.AgentPool[] | undefined>;

export class PoolListings {
  private readonly listings = new Map<string, Listing>();
  private readonly reading = new Map<string, Reading>();
  /** Reads in flight per cluster: write sequence numbers matter only while one is. */
  private readonly inFlight = new Map<string, number>();
  /** Per cluster, the sequence number of the last write to each pool name (lower case). */
  private readonly lastWrites = new Map<string, Map<string, number>>();
  private seq = 0;
  private readonly ttlMs: number;

  constructor(private readonly options: PoolListingsOptions) {
    this.ttlMs = options.ttlMs ?? POOL_LISTING_TTL_MS;
  }

  /**
   * The cluster's pools: the kept listing when it is fresh and none of `names` was written since,
   * else `read()` (one read shared by callers that ask meanwhile), kept for the siblings. Undefined
   * when the cluster is absent (nothing kept).
   */
  async pools(
    clusterId: string,
    names: readonly string[],
    read: ReadPools,
  ): Promise<Arm.AgentPool[] | undefined> {
    const key = clusterId.toLowerCase();
    const wanted = names.map((n) => n.toLowerCase());
    const kept = this.fresh(key);
    if (kept && !wanted.some((n) => kept.writtenSince.has(n))) return [...kept.pools.values()];
    const inFlight = this.reading.get(key);
    // Joined only when none of `names` was written since it started: it may not show that write.
    // Waiting for a read another reconcile started is waiting on ARM, not this reconcile's own work.
    if (inFlight && this.writtenAfter(key, inFlight.seq).every((n) => !wanted.includes(n)))
      return awaitOutside(() => inFlight.pools);
    const seq = this.seq;
    const atMs = this.options.now();
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    let entry: Reading | undefined;
    try {
      const pools = read().then((listed) => {
        // A pool written while the list was read may or may not show in it: the listing says nothing of it.
        if (listed) this.keep(key, { atMs, listed, writtenSince: new Set(this.writtenAfter(key, seq)) });
        return listed;
      });
      entry = { seq, pools };
      this.reading.set(key, entry);
      return await pools;
    } finally {
      if (this.reading.get(key) === entry) this.reading.delete(key);
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else {
        this.inFlight.delete(key);
        this.lastWrites.delete(key);
      }
    }
  }

  /**
   * Whether a fresh listing shows that the agent pool `id` does not exist and this process has not
   * written it since: a read of it would answer 404. Never reads.
   */
  isListedAbsent(id: string): boolean {
    const name = parseResourceId(id, 'agentPool').agentPoolName.toLowerCase();
    const kept = this.fresh(parentClusterId(id).toLowerCase());
    return kept !== undefined && !kept.writtenSince.has(name) && !kept.pools.has(name);
  }

  /** Records that this process is about to write the agent pool `id` (create, update, delete, reimage). */
  wrote(id: string): void {
    const key = parentClusterId(id).toLowerCase();
    const name = parseResourceId(id, 'agentPool').agentPoolName.toLowerCase();
    this.seq++;
    if (this.inFlight.has(key)) {
      const writes = this.lastWrites.get(key) ?? new Map<string, number>();
      this.lastWrites.set(key, writes.set(name, this.seq));
    }
    this.listings.get(key)?.writtenSince.add(name);
  }

  /** Names of the cluster's pools written after write number `seq`. */
  private writtenAfter(key: string, seq: number): string[] {
    return [...(this.lastWrites.get(key) ?? [])].filter(([, at]) => at > seq).map(([name]) => name);
  }

  private keep(
    key: string,
    read: { atMs: number; listed: Arm.AgentPool[]; writtenSince: Set<string> },
  ): void {
    const pools = new Map(read.listed.map((p) => [(p.name ?? '').toLowerCase(), p] as const));
    this.listings.set(key, { atMs: read.atMs, pools, writtenSince: read.writtenSince });
    // Listings of clusters nobody asks about any more (deleted, moved) are dropped once expired.
    for (const other of this.listings.keys()) this.fresh(other);
  }

  private fresh(key: string): Listing | undefined {
    const kept = this.listings.get(key);
    if (!kept) return undefined;
    if (this.options.now() - kept.atMs < this.ttlMs) return kept;
    this.listings.delete(key);
    return undefined;
  }
}
