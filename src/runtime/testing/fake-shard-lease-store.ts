// In-memory Leases shared by several replicas' ShardLeases in a test, with resourceVersion checks like
// the API server; each replica's client can be cut off from it (its calls fail at once).
import { ConflictError } from '../errors.js';
import type { LeaseRecord } from '../lease-client.js';
import type { NamedLease, ShardLeaseStore } from '../shard-lease-store.js';
import { apiError } from './fake-list-watch.js';

export class FakeShardLeaseStore {
  readonly leases = new Map<string, { record: LeaseRecord; resourceVersion: number }>();
  private version = 0;
  /** Replicas whose calls fail, as if the API server were unreachable from them. */
  readonly cutOff = new Set<string>();

  /** The holder of each lease named `<prefix><n>`, by n. */
  holders(prefix: string, count: number): (string | undefined)[] {
    return Array.from(
      { length: count },
      (_, n) => this.leases.get(`${prefix}${n}`)?.record.holderIdentity || undefined,
    );
  }

  /** A client for `replica`. */
  client(replica: string): ShardLeaseStore {
    const named = (name: string): NamedLease => {
      const lease = this.leases.get(name)!;
      return { name, record: { ...lease.record }, resourceVersion: String(lease.resourceVersion) };
    };
    const enter = async (): Promise<void> => {
      await Promise.resolve();
      if (this.cutOff.has(replica))
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    return {
      description: 'test/shards',
      list: async () => {
        await enter();
        return [...this.leases.keys()].map(named);
      },
      create: async (name, record) => {
        await enter();
        if (this.leases.has(name)) throw apiError(409, 'AlreadyExists');
        this.leases.set(name, { record: { ...record }, resourceVersion: ++this.version });
        return named(name);
      },
      update: async (name, record, resourceVersion) => {
        await enter();
        const lease = this.leases.get(name);
        if (!lease) throw apiError(404, 'NotFound');
        if (String(lease.resourceVersion) !== resourceVersion)
          throw new ConflictError(`lease ${name} changed`);
        this.leases.set(name, { record: { ...record }, resourceVersion: ++this.version });
        return named(name);
      },
      delete: async (name, resourceVersion) => {
        await enter();
        const lease = this.leases.get(name);
        if (!lease) return;
        if (String(lease.resourceVersion) !== resourceVersion)
          throw new ConflictError(`lease ${name} changed`);
        this.leases.delete(name);
      },
    };
  }
}
