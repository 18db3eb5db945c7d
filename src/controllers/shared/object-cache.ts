// The read side of an informer that reconcilers need: one object by key, or a namespace's objects.
import type { ObjectKey } from '../../runtime/index.js';

export interface ObjectCache<T> {
  get(key: ObjectKey): T | undefined;
  list(namespace?: string): T[];
}
