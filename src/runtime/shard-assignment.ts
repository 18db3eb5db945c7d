// Which shard an object belongs to (a stable hash of its identity), and which shards a replica should
// claim or release so that the live replicas each hold about shards/replicas: pure, so the balancing
// rules are tested without leases or time. Only free shards are claimed, so losing a replica moves only its shards.

/** FNV-1a over the UTF-8 bytes of `id`, mod `shards`: the same on every replica, process and version. */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** What one replica sees of the shard Leases at one moment. */
export interface ShardView {
  /** This replica. */
  self: string;
  /** Replicas known to be alive (their membership Leases are renewed); `self` counts whether listed or not. */
  members: readonly string[];
  /** The valid holder of each shard (index = shard); undefined when free or its holder let it expire. */
  holders: readonly (string | undefined)[];
}

export interface ShardPlan {
  /** Free shards to try to take (a conflict with another replica's claim is harmless). */
  claim: number[];
  /** Held shards to give up (after stopping work on them) so a replica under its share can take them. */
  release: number[];
}

/**
 * Each of N live replicas is owed between floor(S/N) and ceil(S/N) of S shards. A replica below the floor
 * claims free shards up to it; once nobody is below the floor, free shards are claimed up to the ceiling.
 * A replica above the ceiling releases the excess; one above the floor releases one shard per round while
 * another is below the floor and no shard is free. A replica taking its share thus moves shards only
 * from replicas above theirs.
 */
export function planShards(view: ShardView): ShardPlan {
  const shards = view.holders.length;
  const live = new Set([view.self, ...view.members]);
  for (const holder of view.holders) if (holder) live.add(holder);
  const counts = new Map<string, number>([...live].map((r) => [r, 0]));
  for (const holder of view.holders) if (holder) counts.set(holder, (counts.get(holder) ?? 0) + 1);
  const floor = Math.floor(shards / live.size);
  const ceil = Math.ceil(shards / live.size);
  const mine = view.holders.flatMap((h, shard) => (h === view.self ? [shard] : []));
  const free = view.holders.flatMap((h, shard) => (h === undefined ? [shard] : []));
  const othersBelowFloor = [...counts].some(([r, n]) => r !== view.self && n < floor);
  if (mine.length > ceil) return { claim: [], release: mine.slice(ceil) };
  if (mine.length > floor && free.length === 0 && othersBelowFloor)
    return { claim: [], release: mine.slice(-1) };
  const target = mine.length < floor || othersBelowFloor ? floor : ceil;
  return { claim: spread(free, view.self).slice(0, Math.max(0, target - mine.length)), release: [] };
}

/** Free shards in an order that starts at a replica-specific place, so claimants rarely collide. */
function spread(free: number[], self: string): number[] {
  if (free.length === 0) return free;
  const start = shardOf(self, free.length);
  return [...free.slice(start), ...free.slice(0, start)];
}
