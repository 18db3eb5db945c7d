// In-memory ExternalSnapshot for unit tests: snapshots by ID, source pools by ID, and every call made.
import type * as Arm from '@azure/arm-containerservice';
import type { SourcePoolFacts } from '../decide.js';
import type { ExternalSnapshot } from '../external.js';

export interface FakeSourcePool extends SourcePoolFacts {
  /** What a snapshot of the pool captures. */
  captured?: Pick<
    Arm.Snapshot,
    'kubernetesVersion' | 'nodeImageVersion' | 'osType' | 'osSku' | 'vmSize' | 'enableFips'
  >;
}

export class FakeExternalSnapshot implements ExternalSnapshot {
  readonly snapshots = new Map<string, Arm.Snapshot>();
  readonly pools = new Map<string, FakeSourcePool>();
  /** `method id`, in call order. */
  readonly calls: string[] = [];

  /** Calls that change Azure. */
  writes(): string[] {
    return this.calls.filter((c) => !c.startsWith('observe'));
  }

  async observe(id: string): Promise<Arm.Snapshot | undefined> {
    this.calls.push(`observe ${id}`);
    const s = this.snapshots.get(id.toLowerCase());
    return s ? structuredClone(s) : undefined;
  }

  async observeSource(poolId: string): Promise<SourcePoolFacts> {
    this.calls.push(`observeSource ${poolId}`);
    const pool = this.pools.get(poolId.toLowerCase());
    if (!pool) return { exists: false };
    const { captured: _captured, ...facts } = pool;
    return facts;
  }

  async create(id: string, body: Arm.Snapshot): Promise<Arm.Snapshot> {
    this.calls.push(`create ${id}`);
    const source = body.creationData?.sourceResourceId ?? '';
    const snapshot: Arm.Snapshot = {
      ...structuredClone(body),
      id,
      ...this.pools.get(source.toLowerCase())?.captured,
    };
    this.snapshots.set(id.toLowerCase(), snapshot);
    return structuredClone(snapshot);
  }

  async updateTags(id: string, tags: Record<string, string>): Promise<Arm.Snapshot | undefined> {
    this.calls.push(`updateTags ${id}`);
    const s = this.snapshots.get(id.toLowerCase());
    if (!s) return undefined;
    s.tags = { ...tags };
    return structuredClone(s);
  }

  async delete(id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    this.snapshots.delete(id.toLowerCase());
  }
}
