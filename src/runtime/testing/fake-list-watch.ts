// An in-memory API server for one kind, implementing ListWatchSource: tests change objects, drop watch
// streams, and compact history (so old resourceVersions answer 410) to drive an informer.
import type { ListResult, ListWatchSource, WatchEvent } from '../list-watch.js';
import { keyString, objectKey, type KubeObject, type ObjectKey } from '../reconciler.js';

interface ActiveWatch<T> {
  onEvent: (e: WatchEvent<T>) => void;
  end: (err?: unknown) => void;
}

/** Error shaped like client-node's ApiException (code, Status body). */
export function apiError(
  code: number,
  reason: string,
  message = reason,
): Error & { code: number; body: object } {
  return Object.assign(new Error(message), { code, body: { kind: 'Status', code, reason, message } });
}

export class FakeListWatchSource<T extends KubeObject> implements ListWatchSource<T> {
  private rv = 0;
  private compactedRv = 0;
  private readonly objects = new Map<string, T>();
  private readonly history: { rv: number; event: WatchEvent<T> }[] = [];
  private readonly watches = new Set<ActiveWatch<T>>();
  listCalls = 0;
  watchCalls = 0;
  /** Makes the next list calls fail with these errors, in order. */
  listFailures: unknown[] = [];

  get activeWatches(): number {
    return this.watches.size;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Creates or updates an object, stamping a new resourceVersion. */
  apply(obj: T): T {
    const key = keyString(objectKey(obj));
    const existed = this.objects.has(key);
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } } as T;
    this.objects.set(key, stored);
    this.publish({ type: existed ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  delete(key: ObjectKey): void {
    const k = keyString(key);
    const old = this.objects.get(k);
    if (!old) return;
    this.objects.delete(k);
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } } as T;
    this.publish({ type: 'DELETED', object: gone });
  }

  /** Forgets history: watches from older versions now fail with 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch stream, normally or with `err`. */
  dropWatches(err?: unknown): void {
    for (const w of [...this.watches]) w.end(err);
  }

  /** Sends a bookmark to open watches. */
  bookmark(): void {
    for (const w of this.watches) w.onEvent({ type: 'BOOKMARK', resourceVersion: String(this.rv) });
  }

  async list(_signal: AbortSignal): Promise<ListResult<T>> {
    this.listCalls++;
    const failure = this.listFailures.shift();
    if (failure !== undefined) throw failure;
    return { items: [...this.objects.values()], resourceVersion: String(this.rv) };
  }

  watch(resourceVersion: string, onEvent: (e: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
    this.watchCalls++;
    const from = Number(resourceVersion);
    if (from < this.compactedRv) return Promise.reject(apiError(410, 'Expired', 'too old resource version'));
    return new Promise<void>((resolve, reject) => {
      const w: ActiveWatch<T> = {
        onEvent,
        end: (err) => {
          this.watches.delete(w);
          signal.removeEventListener('abort', onAbort);
          if (err === undefined) resolve();
          else reject(err);
        },
      };
      const onAbort = (): void => w.end();
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      for (const h of this.history) if (h.rv > from) onEvent(h.event);
      this.watches.add(w);
    });
  }

  private publish(event: WatchEvent<T>): void {
    this.history.push({ rv: this.rv, event });
    for (const w of this.watches) w.onEvent(event);
  }
}
