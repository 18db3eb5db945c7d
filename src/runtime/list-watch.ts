// Where an informer gets its objects: a consistent list, then a watch from the list's resourceVersion.
// `kubeListWatch` does both against the API server for any kind, returning plain JSON objects trimmed of
// the bookkeeping no controller reads (cache-trim.ts).
import { ApiException, Watch, type KubeConfig } from '@kubernetes/client-node';
import { trimForCache } from './cache-trim.js';
import { kubeRequest } from './kube-request.js';
import type { KubeObject } from './reconciler.js';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export type WatchEvent<T> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T } | { type: 'BOOKMARK'; resourceVersion: string };

export interface ListWatchSource<T> {
  /** A complete, consistent list and the resourceVersion it was read at. */
  list(signal: AbortSignal): Promise<ListResult<T>>;
  /**
   * Streams changes after `resourceVersion`. Resolves when the stream ends normally (server timeout,
   * connection closed, or `signal` aborted); rejects on failure. A 410 (`isGone`) means the version
   * is too old: list again.
   */
  watch(resourceVersion: string, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void>;
}

/** Which collection to list and watch. `group` is '' for the core API. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  /** Only this namespace; all namespaces (or a cluster-scoped kind) when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Collection path of a resource: `/api/v1/namespaces/ns/pods`, `/apis/g/v/plural`. */
export function resourcePath(ref: Omit<ResourceRef, 'labelSelector' | 'fieldSelector'>): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  return `${base}${ns}/${ref.plural}`;
}

const LIST_PAGE_SIZE = 500;
/** Server-side watch timeout is drawn from [5, 10) minutes, like client-go, so watches do not all renew at once. */
const MIN_WATCH_TIMEOUT_S = 300;

interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

/** List and watch a resource on the API server. */
export function kubeListWatch<T extends KubeObject>(kc: KubeConfig, ref: ResourceRef): ListWatchSource<T> {
  const path = resourcePath(ref);
  const selectors = { labelSelector: ref.labelSelector, fieldSelector: ref.fieldSelector };
  // client-node's Watch ends a stream silent for 30 s (its inactivity timeout); we then watch again
  // from the same resourceVersion, which also notices dead connections.
  const watcher = new Watch(kc);

  return {
    async list(signal) {
      const items: T[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const page = await kubeRequest<KubeList<T>>(kc, {
          path,
          query: { ...selectors, limit: LIST_PAGE_SIZE, continue: cont },
          signal,
        });
        // Items of a list carry no apiVersion/kind for built-in kinds; watch events do. Make them alike.
        const kind = page.kind?.replace(/List$/, '');
        for (const item of page.items ?? [])
          items.push(trimForCache({ apiVersion: page.apiVersion, kind, ...item }));
        resourceVersion = page.metadata?.resourceVersion ?? '';
        cont = page.metadata?.continue || undefined;
      } while (cont);
      return { items, resourceVersion };
    },

    watch(resourceVersion, onEvent, signal) {
      return new Promise<void>((resolve, reject) => {
        let controller: AbortController | undefined;
        let finished = false;
        const finish = (err?: unknown): void => {
          if (finished) return;
          finished = true;
          signal.removeEventListener('abort', onAbort);
          controller?.abort();
          // The client's inactivity timeout is a normal end: watch again from the same version.
          if (err && !(err instanceof Error && err.name === 'TimeoutError')) reject(err);
          else resolve();
        };
        const onAbort = (): void => finish();
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        const query = {
          ...selectors,
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: MIN_WATCH_TIMEOUT_S + Math.floor(Math.random() * MIN_WATCH_TIMEOUT_S),
        };
        const onLine = (type: string, object: unknown): void => {
          if (finished) return;
          if (type === 'ERROR') {
            const status = (object ?? {}) as KubeStatus;
            finish(
              new ApiException<KubeStatus>(status.code ?? 500, status.message ?? 'watch error', status, {}),
            );
          } else if (type === 'BOOKMARK') {
            const rv = (object as KubeObject).metadata?.resourceVersion ?? '';
            onEvent({ type: 'BOOKMARK', resourceVersion: rv });
          } else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
            onEvent({ type, object: trimForCache(object as T) });
          }
        };
        watcher
          .watch(path, query, onLine, (err: unknown) => finish(err ?? undefined))
          .then(
            (c) => {
              controller = c;
              if (finished) c.abort();
            },
            (err: unknown) => finish(err),
          );
      });
    },
  };
}
