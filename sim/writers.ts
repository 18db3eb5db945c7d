// Which replica of the operator wrote to each managed cluster, and when: the User-Agent's `replica/<id>`
// token names the sender. Consecutive writes by one replica form a run; a cluster whose runs come back to
// a replica after another one wrote was written by two replicas at once.

/** Consecutive successful writes of one replica to one cluster (its pools included). */
export interface WriterRun {
  replica: string;
  first: string;
  last: string;
  writes: number;
}

const REPLICA = /\breplica\/(\S+)/;
const CLUSTER =
  /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+)/i;
/** POST actions that only read (credentials, listings): not writes. */
const READ_ACTION = /\/list[A-Za-z]*$/;

export class WriterLog {
  private readonly runs = new Map<string, WriterRun[]>();

  /** Records a request if it is a successful write to a cluster by a named replica. */
  record(request: { method: string; path: string; userAgent: string | undefined; status: number }): void {
    const { method, path, status } = request;
    if (method === 'GET' || status >= 400 || (method === 'POST' && READ_ACTION.test(path))) return;
    const replica = REPLICA.exec(request.userAgent ?? '')?.[1];
    const cluster = CLUSTER.exec(path)?.[1]?.toLowerCase();
    if (!replica || !cluster) return;
    const now = new Date().toISOString();
    const runs = this.runs.get(cluster) ?? [];
    const last = runs.at(-1);
    if (last?.replica === replica) {
      last.last = now;
      last.writes += 1;
    } else runs.push({ replica, first: now, last: now, writes: 1 });
    this.runs.set(cluster, runs);
  }

  /** The runs of every cluster written by a named replica, by lower-cased cluster ARM ID. */
  snapshot(): Record<string, WriterRun[]> {
    return Object.fromEntries([...this.runs].map(([c, runs]) => [c, runs.map((r) => ({ ...r }))]));
  }

  reset(): void {
    this.runs.clear();
  }
}

/**
 * Clusters whose writes came back to a replica after another replica's: two writers at once, provided no
 * shard moved back to a replica it had left (a run whose shards were balanced before its writes, with
 * only a dead replica's shards moving). Where shards may move back (a replica that lost its Leases and
 * claims them again), only the shard Lease terms tell, as the shard chaos test checks them.
 */
export function writtenByTwoAtOnce(runs: Record<string, WriterRun[]>): string[] {
  return Object.entries(runs)
    .filter(([, rs]) =>
      rs.some((r, i) => rs.slice(0, Math.max(0, i - 1)).some((earlier) => earlier.replica === r.replica)),
    )
    .map(([cluster]) => cluster);
}
