// Real: the management cluster's API server (list, watch, 410 Expired) with a tiny Widget CRD installed by
// the test. Proves the runtime's informer misses no create, update or delete across a watch restart:
// after a dropped stream it resumes from its last resourceVersion; after 410 it relists and emits deletes
// for objects that vanished during the gap; and it caches objects without the bookkeeping no controller reads.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { Informer, type ListWatchSource, type WatchEvent } from '../../src/runtime/index.js';
import {
  WIDGET_API_VERSION,
  WIDGET_KIND,
  installWidgetCrd,
  widgetSource,
  type Widget,
} from '../../src/runtime/testing/widget-crd.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

/** Wraps a real source so the test can cut the stream, hold the next watch, and make it start from an old version. */
class InterruptibleSource<T> implements ListWatchSource<T> {
  listCalls = 0;
  readonly watchedFrom: string[] = [];
  /** True while the informer waits at the gate (a watch restart is pending). */
  holding = false;
  startFromNext?: string;
  private current?: AbortController;
  private gate?: { opened: Promise<void>; open: () => void };

  constructor(private readonly inner: ListWatchSource<T>) {}

  list(signal: AbortSignal) {
    this.listCalls++;
    return this.inner.list(signal);
  }

  async watch(
    resourceVersion: string,
    onEvent: (e: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    if (this.gate) {
      this.holding = true;
      await Promise.race([
        this.gate.opened,
        new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
      ]);
      this.holding = false;
    }
    const from = this.startFromNext ?? resourceVersion;
    this.startFromNext = undefined;
    this.watchedFrom.push(from);
    this.current = new AbortController();
    return this.inner.watch(from, onEvent, AbortSignal.any([signal, this.current.signal]));
  }

  /** Ends the open stream; the informer's next watch waits until `resume`. */
  cut(): void {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
    this.current?.abort();
  }

  resume(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.open();
  }
}

const managedFieldsOf = (w: Widget | undefined): unknown[] | undefined =>
  (w?.metadata as { managedFields?: unknown[] } | undefined)?.managedFields;

describe('runtime informer against the API server', () => {
  let kc: KubeConfig;
  let ns: TestNamespace;
  let api: CustomObjectsApi;
  let source: InterruptibleSource<Widget>;
  let informer: Informer<Widget>;
  const seen: string[] = [];

  const create = (name: string, size = 1) =>
    api.createNamespacedCustomObject({
      ...WIDGET_KIND,
      namespace: ns.name,
      body: { apiVersion: WIDGET_API_VERSION, kind: 'Widget', metadata: { name }, spec: { size } },
    });
  const resize = (name: string, size: number) =>
    api.patchNamespacedCustomObject({
      ...WIDGET_KIND,
      namespace: ns.name,
      name,
      body: [{ op: 'replace', path: '/spec/size', value: size }],
    });
  const remove = (name: string) =>
    api.deleteNamespacedCustomObject({ ...WIDGET_KIND, namespace: ns.name, name });
  const waitSeen = (entries: string[]) =>
    waitFor(() => seen, {
      timeoutMs: 20_000,
      message: `informer events ${entries.join(', ')}`,
      until: (s) => entries.every((e) => s.includes(e)),
    });

  /** The cache holds exactly what the server lists, at the same versions. */
  async function expectCacheMatchesServer(): Promise<void> {
    const server = (await api.listNamespacedCustomObject({ ...WIDGET_KIND, namespace: ns.name })) as {
      items: Widget[];
    };
    const fromServer = server.items.map((w) => `${w.metadata?.name}@${w.metadata?.resourceVersion}`).sort();
    await waitFor(
      () =>
        informer
          .list(ns.name)
          .map((w) => `${w.metadata?.name}@${w.metadata?.resourceVersion}`)
          .sort(),
      {
        timeoutMs: 10_000,
        message: `cache to equal the server's list ${fromServer.join(' ')}`,
        until: (cached) => JSON.stringify(cached) === JSON.stringify(fromServer),
      },
    );
  }

  beforeAll(async () => {
    kc = managementKubeConfig();
    await installWidgetCrd(kc);
    ns = await createTestNamespace(kc, 'runtime-informer');
    api = kc.makeApiClient(CustomObjectsApi);
    for (const name of ['a', 'b', 'c']) await create(name);
    source = new InterruptibleSource(widgetSource(kc, ns.name));
    informer = new Informer<Widget>({ name: 'widgets', source, resyncPeriodMs: 0, backoffInitialMs: 100 });
    informer.addHandler({
      onAdd: (w) => seen.push(`add:${w.metadata?.name}`),
      onUpdate: (_old, w) => seen.push(`update:${w.metadata?.name}:${w.spec?.size}`),
      onDelete: (w) => seen.push(`delete:${w.metadata?.name}`),
    });
    informer.start();
    await informer.waitForSync(AbortSignal.timeout(20_000));
  });

  afterAll(async () => {
    source?.resume();
    await informer?.stop();
    await ns?.delete();
  });

  it('lists on start and then follows the watch', async () => {
    expect(seen.slice(0, 3).sort()).toEqual(['add:a', 'add:b', 'add:c']);
    await create('d');
    await waitSeen(['add:d']);
    expect(informer.get({ namespace: ns.name, name: 'd' })?.spec?.size).toBe(1);
  });

  it('caches objects without the managedFields no controller reads, keeping the spec fields an apply declared', async () => {
    await api.patchNamespacedCustomObject(
      {
        ...WIDGET_KIND,
        namespace: ns.name,
        name: 'applied',
        body: {
          apiVersion: WIDGET_API_VERSION,
          kind: 'Widget',
          metadata: { name: 'applied' },
          spec: { size: 5 },
        },
        fieldManager: 'gitops',
        force: true,
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    await waitSeen(['add:applied']);
    const onServer = (await api.getNamespacedCustomObject({
      ...WIDGET_KIND,
      namespace: ns.name,
      name: 'a',
    })) as Widget;
    expect(managedFieldsOf(onServer)?.length).toBeGreaterThan(0);
    expect(managedFieldsOf(informer.get({ namespace: ns.name, name: 'a' }))).toBeUndefined();
    expect(managedFieldsOf(informer.get({ namespace: ns.name, name: 'applied' }))).toEqual([
      { manager: 'gitops', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:size': {} } } },
    ]);
  });

  it('after a dropped stream resumes from its last resourceVersion and misses nothing', async () => {
    const lastVersion = () => source.watchedFrom.at(-1);
    const before = lastVersion();
    source.cut();
    await waitFor(() => source.holding, {
      timeoutMs: 10_000,
      message: 'the informer to wait for its next watch',
    });
    await create('e');
    await resize('a', 2);
    await remove('b');
    source.resume();
    await waitSeen(['add:e', 'update:a:2', 'delete:b']);
    expect(source.listCalls).toBe(1);
    expect(lastVersion()).not.toBe('');
    expect(lastVersion()).not.toBe(before);
    await expectCacheMatchesServer();
  });

  it('when its version has expired (410), relists and emits deletes for objects gone during the gap', async () => {
    source.cut();
    await waitFor(() => source.holding, {
      timeoutMs: 10_000,
      message: 'the informer to wait for its next watch',
    });
    source.startFromNext = '1';
    await create('f');
    await resize('c', 3);
    await remove('d');
    source.resume();
    await waitSeen(['add:f', 'update:c:3', 'delete:d']);
    expect(source.listCalls).toBe(2);
    expect(informer.relistCount).toBe(2);
    await expectCacheMatchesServer();
    // And it follows the watch again afterwards.
    await create('g');
    await waitSeen(['add:g']);
  });
});
