// The informer's in-memory copy of one kind, keyed by namespace/name, and the diff a relist implies.
// Objects handed out are the cache's own: read them, never mutate them.
import { keyString, objectKey, type KubeObject, type ObjectKey } from './reconciler.js';

export interface RelistDiff<T> {
  added: T[];
  updated: { old: T; current: T }[];
  /** Objects that vanished while we were not watching, with the last state we saw. */
  deleted: T[];
}

export class ObjectStore<T extends KubeObject> {
  private readonly objects = new Map<string, T>();

  get(key: ObjectKey): T | undefined {
    return this.objects.get(keyString(key));
  }

  /** All objects, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.objects.values()];
    return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? '') === namespace);
  }

  get size(): number {
    return this.objects.size;
  }

  /** Stores `obj`; returns the object it replaced, if any. */
  upsert(obj: T): T | undefined {
    const k = keyString(objectKey(obj));
    const old = this.objects.get(k);
    this.objects.set(k, obj);
    return old;
  }

  /** Removes the object named like `obj`; returns what was stored, if any. */
  remove(obj: T): T | undefined {
    const k = keyString(objectKey(obj));
    const old = this.objects.get(k);
    this.objects.delete(k);
    return old;
  }

  /** Replaces the whole content with a fresh list and says what changed. */
  replace(items: readonly T[]): RelistDiff<T> {
    const diff: RelistDiff<T> = { added: [], updated: [], deleted: [] };
    const fresh = new Map<string, T>();
    for (const item of items) fresh.set(keyString(objectKey(item)), item);
    for (const [k, old] of this.objects) {
      if (!fresh.has(k)) diff.deleted.push(old);
    }
    for (const [k, current] of fresh) {
      const old = this.objects.get(k);
      if (!old) diff.added.push(current);
      else if (
        old.metadata?.resourceVersion !== current.metadata?.resourceVersion ||
        old.metadata?.uid !== current.metadata?.uid
      ) {
        diff.updated.push({ old, current });
      }
    }
    this.objects.clear();
    for (const [k, v] of fresh) this.objects.set(k, v);
    return diff;
  }
}
