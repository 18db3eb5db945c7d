// The agent pools of a cluster as its pools' reconciles share them: one list read answers, for a short
// while, every sibling that asks which pools exist, instead of each pool listing the cluster or reading
// a pool that is not there yet. A write from this process to a pool makes the listing say nothing
// more about that pool, so a listing never hides what this process changed.
import type * as Arm from '@azure/arm-containerservice';
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

export interface PoolListingsOptions {
  now: () => number;
  ttlMs?: number;
}

export type ReadPools = () => Promise<Arm.AgentPool[] | undefined>;

export class PoolListings {
  private readonly listings = new Map<string, Listing>();
  private readonly reading = new Map<
    string,
    { writes: number; pools: Promise<Arm.AgentPool[] | undefined> }
  >();
  /** Writes per cluster, so a list read while a write was sent is not kept. */
  private readonly writes = new Map<string, number>();
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
    const kept = this.fresh(key);
    if (kept && !names.some((n) => kept.writtenSince.has(n.toLowerCase()))) return [...kept.pools.values()];
    const writes = this.writes.get(key) ?? 0;
    const inFlight = this.reading.get(key);
    // Joined only when no write was sent since it started: it may not show that write.
    if (inFlight?.writes === writes) return inFlight.pools;
    const atMs = this.options.now();
    const pools = read().then((listed) => {
      if (listed && (this.writes.get(key) ?? 0) === writes) this.keep(key, atMs, listed);
      return listed;
    });
    const entry = { writes, pools };
    this.reading.set(key, entry);
    try {
      return await pools;
    } finally {
      if (this.reading.get(key) === entry) this.reading.delete(key);
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
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    this.listings.get(key)?.writtenSince.add(parseResourceId(id, 'agentPool').agentPoolName.toLowerCase());
  }

  private keep(key: string, atMs: number, listed: Arm.AgentPool[]): void {
    const pools = new Map(listed.map((p) => [(p.name ?? '').toLowerCase(), p] as const));
    this.listings.set(key, { atMs, pools, writtenSince: new Set() });
  }

  private fresh(key: string): Listing | undefined {
    const kept = this.listings.get(key);
    if (!kept) return undefined;
    if (this.options.now() - kept.atMs < this.ttlMs) return kept;
    this.listings.delete(key);
    return undefined;
  }
}
