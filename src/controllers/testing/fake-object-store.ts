// An in-memory stand-in for the API server of one kind, for reconciler unit tests: the cache the
// reconciler reads, and the client its finalizer patches and status writes go to (counted).
import type { CustomObjectClient, CustomResourceKind, KubeObject, ObjectKey } from '../../runtime/index.js';
import type { ObjectCache } from '../shared/object-cache.js';

interface Stored extends KubeObject {
  status?: unknown;
}

function conflict(): Error {
  return Object.assign(new Error('the object has been modified'), {
    code: 409,
    body: { reason: 'Conflict' },
  });
}

export class FakeObjectStore<T extends Stored> implements ObjectCache<T> {
  private readonly objects = new Map<string, T>();
  private rv = 1;
  statusWrites = 0;
  patches = 0;

  constructor(
    readonly kind: CustomResourceKind = { group: 'aks.lifecycle.dev', version: 'v1alpha1', plural: 'things' },
  ) {}

  put(obj: T): T {
    const stored = structuredClone({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    });
    this.objects.set(this.key(obj.metadata ?? {}), stored);
    return stored;
  }

  get(key: ObjectKey): T | undefined {
    return this.objects.get(`${key.namespace}/${key.name}`);
  }

  list(namespace?: string): T[] {
    return [...this.objects.values()].filter(
      (o) => namespace === undefined || o.metadata?.namespace === namespace,
    );
  }

  remove(key: ObjectKey): void {
    this.objects.delete(`${key.namespace}/${key.name}`);
  }

  /** The client the reconciler writes through; checks resourceVersion as the API server does. */
  client(): CustomObjectClient {
    const fake = {
      kind: this.kind,
      mergePatch: async (
        key: ObjectKey,
        body: {
          metadata?: {
            resourceVersion?: string;
            finalizers?: string[];
            annotations?: Record<string, string | null>;
          };
        },
      ) => {
        const current = this.mustGet(key, body.metadata?.resourceVersion);
        this.patches++;
        const patch = body.metadata ?? {};
        const annotations: Record<string, string> = { ...current.metadata?.annotations };
        for (const [k, v] of Object.entries(patch.annotations ?? {})) {
          if (v === null) delete annotations[k];
          else annotations[k] = v;
        }
        const next = {
          ...current,
          metadata: {
            ...current.metadata,
            ...(patch.finalizers ? { finalizers: patch.finalizers } : {}),
            ...(patch.annotations ? { annotations } : {}),
          },
        };
        if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
          this.remove(key);
          return next;
        }
        return this.put(next);
      },
      replaceStatus: async (key: ObjectKey, body: Stored) => {
        const current = this.mustGet(key, body.metadata?.resourceVersion);
        this.statusWrites++;
        return this.put({ ...current, status: body.status });
      },
    };
    return fake as unknown as CustomObjectClient;
  }

  private mustGet(key: ObjectKey, resourceVersion: string | undefined): T {
    const current = this.get(key);
    if (!current) throw Object.assign(new Error('not found'), { code: 404 });
    if (resourceVersion && current.metadata?.resourceVersion !== resourceVersion) throw conflict();
    return current;
  }

  private key(meta: { namespace?: string; name?: string }): string {
    return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
  }
}
