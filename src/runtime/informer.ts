// Keeps an in-memory cache of one kind current (list, then watch; relist on 410; re-watch from the last
// resourceVersion after a drop; periodic resync) and tells handlers what changed. Handlers only enqueue keys.
import { realClock, type Clock } from './clock.js';
import { isGone } from './errors.js';
import type { ListWatchSource, WatchEvent } from './list-watch.js';
import { silentLogger, type Logger } from './logger.js';
import type { KubeObject, ObjectKey } from './reconciler.js';
import { ObjectStore } from './store.js';

export interface EventHandler<T> {
  onAdd?(obj: T): void;
  /** Also called with `old === current` on resync. */
  onUpdate?(old: T, current: T): void;
  /** `obj` is the last state seen (it may be older than the deletion when a relist found it gone). */
  onDelete?(obj: T): void;
}

export interface InformerOptions<T> {
  /** Name for logs (the kind). */
  name: string;
  source: ListWatchSource<T>;
  /** Replay every cached object to handlers as an update this often; 0 disables. Default 10 minutes. */
  resyncPeriodMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** Backoff after list/watch failures: initial and cap (defaults 1 s and 30 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export const DEFAULT_RESYNC_PERIOD_MS = 10 * 60 * 1000;
/** A watch that ends within this time having delivered nothing counts as a failure. */
const QUICK_CLOSE_MS = 1000;

export class Informer<T extends KubeObject> {
  readonly name: string;
  private readonly store = new ObjectStore<T>();
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly source: ListWatchSource<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly resyncPeriodMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private resourceVersion = '';
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private abort?: AbortController;
  private loops: Promise<void>[] = [];
  /** Relists done since start (the first list included). */
  relistCount = 0;

  constructor(options: InformerOptions<T>) {
    this.name = options.name;
    this.source = options.source;
    this.clock = options.clock ?? realClock;
    this.logger = (options.logger ?? silentLogger).child({ informer: options.name });
    this.resyncPeriodMs = options.resyncPeriodMs ?? DEFAULT_RESYNC_PERIOD_MS;
    this.backoffInitialMs = options.backoffInitialMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
  }

  /** The cached object, or undefined when it does not exist (as far as the cache knows). */
  get(key: ObjectKey): T | undefined {
    return this.store.get(key);
  }

  /** Cached objects, all or of one namespace. */
  list(namespace?: string): T[] {
    return this.store.list(namespace);
  }

  /** True once the first list has filled the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects with the signal's reason if it aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        reject(signal?.reason);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Registers a handler; returns a function that removes it. A handler added after sync first
   * receives every cached object as an add.
   */
  addHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.store.list()) this.call('onAdd', () => handler.onAdd?.(obj));
    return () => this.handlers.delete(handler);
  }

  /** Starts listing and watching in the background; idempotent. */
  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loops = [this.runListWatch(signal)];
    if (this.resyncPeriodMs > 0) this.loops.push(this.runResync(signal));
  }

  /** Stops watching and waits for the background loops to end. The cache keeps its content. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async runListWatch(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.relist(signal);
        const startedAt = this.clock.now();
        let delivered = 0;
        await this.source.watch(
          this.resourceVersion,
          (e) => {
            delivered++;
            this.apply(e);
          },
          signal,
        );
        // A watch the server closes at once, again and again, must not spin: treat it as a failure.
        const closedAtOnce = delivered === 0 && this.clock.now() - startedAt < QUICK_CLOSE_MS;
        failures = closedAtOnce ? failures + 1 : 0;
        if (closedAtOnce && !signal.aborted) await this.backoff(failures, signal, undefined);
      } catch (err: unknown) {
        if (signal.aborted) break;
        if (isGone(err)) {
          // Our resourceVersion fell out of the server's window: list again to learn what we missed.
          this.logger.info({ resourceVersion: this.resourceVersion }, 'watch expired; relisting');
          this.resourceVersion = '';
          continue;
        }
        failures++;
        await this.backoff(failures, signal, err);
      }
    }
  }

  private async backoff(failures: number, signal: AbortSignal, err: unknown): Promise<void> {
    const delayMs = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** (failures - 1));
    this.logger.warn({ err, delayMs, failures }, 'list/watch failed; retrying');
    await this.clock.sleep(delayMs, signal).catch(() => undefined);
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const { items, resourceVersion } = await this.source.list(signal);
    if (signal.aborted) return;
    const diff = this.store.replace(items);
    this.resourceVersion = resourceVersion;
    this.relistCount++;
    for (const obj of diff.deleted) this.emit('onDelete', (h) => h.onDelete?.(obj));
    for (const obj of diff.added) this.emit('onAdd', (h) => h.onAdd?.(obj));
    for (const { old, current } of diff.updated) this.emit('onUpdate', (h) => h.onUpdate?.(old, current));
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private apply(event: WatchEvent<T>): void {
    if (event.type === 'BOOKMARK') {
      this.resourceVersion = event.resourceVersion || this.resourceVersion;
      return;
    }
    const obj = event.object;
    if (event.type === 'DELETED') {
      const old = this.store.remove(obj);
      if (old) this.emit('onDelete', (h) => h.onDelete?.(obj));
    } else {
      const old = this.store.upsert(obj);
      if (!old) this.emit('onAdd', (h) => h.onAdd?.(obj));
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
        this.emit('onUpdate', (h) => h.onUpdate?.(old, obj));
      }
    }
    this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
  }

  private async runResync(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.clock.sleep(this.resyncPeriodMs, signal).catch(() => undefined);
      if (signal.aborted || !this.synced) continue;
      for (const obj of this.store.list()) this.emit('onUpdate', (h) => h.onUpdate?.(obj, obj));
    }
  }

  private emit(what: keyof EventHandler<T>, fn: (h: EventHandler<T>) => void): void {
    for (const h of this.handlers) this.call(what, () => fn(h));
  }

  private call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err: unknown) {
      // A failing handler must not stop the cache from following the server.
      this.logger.error({ err, handler: what }, 'event handler threw');
    }
  }
}
