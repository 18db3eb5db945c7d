// Remembers which version of an object each of our own writes was based on, so a reconcile does not act
// on a cache that has not yet seen that write (a stale status would hide the operation just started).
// While the cache still shows the version we wrote over, the reconcile waits a moment instead.
import type { Clock, KubeObject } from '../../runtime/index.js';

/** Longest wait for the cache to catch up; past it the reconcile goes on (the watch may have restarted). */
export const MAX_CACHE_LAG_MS = 5_000;
/** How soon to look again while waiting for the cache. */
export const CACHE_LAG_REQUEUE_MS = 100;

interface Expectation {
  basedOn: string;
  at: number;
}

export class WriteExpectations {
  private readonly pending = new Map<string, Expectation>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** Records that we wrote over `obj` as the cache showed it. */
  wrote(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    const rv = obj.metadata?.resourceVersion;
    if (uid && rv) this.pending.set(uid, { basedOn: rv, at: this.clock.now() });
  }

  /** Whether `obj` is still the version our last write replaced (the cache has not caught up). */
  isStale(obj: KubeObject): boolean {
    const uid = obj.metadata?.uid;
    if (!uid) return false;
    const e = this.pending.get(uid);
    if (!e) return false;
    if (obj.metadata?.resourceVersion !== e.basedOn || this.clock.now() - e.at > MAX_CACHE_LAG_MS) {
      this.pending.delete(uid);
      return false;
    }
    return true;
  }

  forget(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    if (uid) this.pending.delete(uid);
  }
}
