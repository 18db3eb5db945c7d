// Real: the management cluster's API server with a tiny Widget CRD the test installs (status subresource,
// finalizers, core/v1 Events); the runtime's Manager, Controller, informer, status writer, finalizer helpers
// and event recorder. The reconciler is the test's own. Proves a failing reconcile is retried with growing
// backoff while its conditions say why, an invalid spec stalls until the spec changes, a repeated warning
// is one aggregated Event, the finalizer holds deletion until the reconciler lets go, and the reconcile's
// own time leaves out its waits on the API server.
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { kstatus, KstatusStatus } from '../../scripts/kstatus.js';
import {
  Controller,
  CustomObjectClient,
  Informer,
  InvalidSpecError,
  ItemExponentialFailureRateLimiter,
  KubeEventRecorder,
  Manager,
  Metrics,
  StatusWriter,
  TransientError,
  ensureFinalizer,
  getCondition,
  isBeingDeleted,
  isInvalidSpecError,
  isNotFound,
  kubeEventSink,
  removeFinalizer,
  setProgress,
  type ObjectKey,
  type Progress,
  type RateLimiter,
  type Reconciler,
  type Result,
} from '../../src/runtime/index.js';
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

const FINALIZER = 'test.aks.lifecycle.dev/cleanup';
const TRANSIENT_FAILURES = 4;
const BASE_DELAY_MS = 200;

/** Records every backoff delay the controller asks for. */
class RecordingLimiter implements RateLimiter<string> {
  readonly delays = new Map<string, number[]>();
  private readonly inner = new ItemExponentialFailureRateLimiter<string>({
    baseDelayMs: BASE_DELAY_MS,
    maxDelayMs: 60_000,
  });
  when(key: string): number {
    const d = this.inner.when(key);
    this.delays.set(key, [...(this.delays.get(key) ?? []), d]);
    return d;
  }
  forget(key: string): void {
    this.inner.forget(key);
  }
  numRequeues(key: string): number {
    return this.inner.numRequeues(key);
  }
}

/** Fails the first attempts of each widget with a transient error; stalls on size > 10; otherwise Ready. */
class WidgetReconciler implements Reconciler {
  readonly failures = new Map<string, number>();
  constructor(
    private readonly cache: Informer<Widget>,
    private readonly client: CustomObjectClient,
    private readonly status: StatusWriter,
    private readonly events: KubeEventRecorder,
  ) {}

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result> {
    const w = this.cache.get(key);
    if (!w) return {};
    if (isBeingDeleted(w)) {
      await removeFinalizer(this.client, w, FINALIZER, signal);
      return {};
    }
    // The update event of our own patch brings the widget back.
    if (await ensureFinalizer(this.client, w, FINALIZER, signal)) return {};
    try {
      const size = w.spec?.size ?? 0;
      if (size > 10)
        throw new InvalidSpecError(`size ${size} exceeds 10; lower spec.size`, {
          reason: 'SizeTooLarge',
          field: 'spec.size',
        });
      const failed = this.failures.get(key.name) ?? 0;
      if (failed < TRANSIENT_FAILURES) {
        this.failures.set(key.name, failed + 1);
        throw new TransientError('cannot reach the widget backend: connection refused');
      }
      await this.report(w, { state: 'ready', reason: 'UpToDate', message: 'widget is in sync' }, signal);
      return {};
    } catch (err: unknown) {
      const invalid = isInvalidSpecError(err);
      const reason = invalid ? err.reason : 'BackendUnavailable';
      const message = err instanceof Error ? err.message : String(err);
      await this.report(w, { state: invalid ? 'stalled' : 'reconciling', reason, message }, signal);
      await this.events.event(w, { type: 'Warning', reason, message }, signal);
      throw err;
    }
  }

  private async report(w: Widget, progress: Progress, signal: AbortSignal): Promise<void> {
    const observedGeneration = w.metadata?.generation;
    const conditions = setProgress(w.status?.conditions, progress, { observedGeneration, now: Date.now() });
    await this.status.write(w, { observedGeneration, conditions }, signal);
  }
}

describe('runtime controller against the API server', () => {
  let kc: KubeConfig;
  let ns: TestNamespace;
  let api: CustomObjectsApi;
  let manager: Manager;
  let limiter: RecordingLimiter;
  let metrics: Metrics;
  let informer: Informer<Widget>;
  let controller: Controller<Widget>;

  const key = (name: string) => `${ns.name}/${name}`;
  const read = async (name: string) =>
    (await api.getNamespacedCustomObject({ ...WIDGET_KIND, namespace: ns.name, name })) as Widget;
  const create = (name: string, size: number) =>
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
  const condition = (type: string) => async (name: string) =>
    getCondition((await read(name)).status?.conditions, type);
  const reconcileCount = async (result: string): Promise<number> =>
    (await metrics.reconcileTotal.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

  beforeAll(async () => {
    kc = managementKubeConfig();
    await installWidgetCrd(kc);
    ns = await createTestNamespace(kc, 'runtime-controller');
    api = kc.makeApiClient(CustomObjectsApi);
    const client = new CustomObjectClient(kc, WIDGET_KIND);
    informer = new Informer<Widget>({ name: 'widgets', source: widgetSource(kc, ns.name) });
    const recorder = new KubeEventRecorder({ sink: kubeEventSink(kc), component: 'runtime-test' });
    limiter = new RecordingLimiter();
    metrics = new Metrics();
    const reconciler = new WidgetReconciler(informer, client, new StatusWriter(client), recorder);
    manager = new Manager({ metrics, shutdownTimeoutMs: 5000 });
    controller = new Controller({
      name: 'widget',
      informer,
      reconciler,
      rateLimiter: limiter,
      metrics,
      workers: 2,
    });
    manager.add(controller);
    await manager.start();
  });

  afterAll(async () => {
    await manager?.stop();
    await ns?.delete();
  });

  it('retries a failing reconcile with growing backoff while Reconciling says why, then becomes Ready', async () => {
    await create('flaky', 1);
    const reconciling = await waitFor(() => condition('Reconciling')('flaky'), {
      timeoutMs: 20_000,
      message: 'Reconciling=True with reason BackendUnavailable',
      until: (c) => c?.status === 'True' && c.reason === 'BackendUnavailable',
    });
    expect(reconciling?.message).toContain('connection refused');
    expect((await condition('Ready')('flaky'))?.status).toBe('False');

    const ready = await waitFor(() => read('flaky'), {
      timeoutMs: 30_000,
      message: 'flaky to become Ready',
      until: (w) => getCondition(w.status?.conditions, 'Ready')?.status === 'True',
    });
    expect((await kstatus([ready]))[0]?.status).toBe(KstatusStatus.Current);
    expect(ready.status?.observedGeneration).toBe(ready.metadata?.generation);
    expect(ready.metadata?.finalizers).toEqual([FINALIZER]);
    // Each failure was requeued through the backoff, each time twice as long.
    expect(limiter.delays.get(key('flaky'))).toEqual([200, 400, 800, 1600]);
    expect(limiter.numRequeues(key('flaky'))).toBe(0);
    expect(await reconcileCount('error')).toBe(TRANSIENT_FAILURES);

    // The repeated warning is one Event whose count grew, not one Event per attempt.
    const events = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: ns.name, fieldSelector: 'involvedObject.name=flaky' });
    const warnings = events.items.filter((e) => e.reason === 'BackendUnavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.count).toBe(TRANSIENT_FAILURES);
    expect(warnings[0]?.involvedObject.kind).toBe('Widget');
  });

  it('stalls on an invalid spec without backoff retries, and recovers when the spec changes', async () => {
    await waitFor(() => condition('Ready')('flaky'), {
      timeoutMs: 20_000,
      message: 'flaky Ready',
      until: (c) => c?.status === 'True',
    });
    const retriesBefore = limiter.delays.get(key('flaky'))?.length;
    await resize('flaky', 50);
    const stalled = await waitFor(() => read('flaky'), {
      timeoutMs: 20_000,
      message: 'flaky to stall with reason SizeTooLarge',
      until: (w) => getCondition(w.status?.conditions, 'Stalled')?.status === 'True',
    });
    expect(getCondition(stalled.status?.conditions, 'Stalled')?.reason).toBe('SizeTooLarge');
    expect((await kstatus([stalled]))[0]?.status).toBe(KstatusStatus.Failed);
    expect(limiter.delays.get(key('flaky'))?.length).toBe(retriesBefore);
    // The controller counts the terminal error after it has written the Stalled status.
    const terminal = await waitFor(async () => (await metrics.terminalErrors.get()).values[0]?.value ?? 0, {
      timeoutMs: 10_000,
      message: 'the terminal error to be counted',
      until: (n) => n >= 1,
    });
    expect(terminal).toBeGreaterThanOrEqual(1);

    await resize('flaky', 5);
    const recovered = await waitFor(() => read('flaky'), {
      timeoutMs: 20_000,
      message: 'flaky Ready again after the fix',
      until: (w) =>
        getCondition(w.status?.conditions, 'Ready')?.status === 'True' &&
        w.status?.observedGeneration === w.metadata?.generation,
    });
    expect(getCondition(recovered.status?.conditions, 'Stalled')?.status).toBe('False');
  });

  it('writes no status when nothing but time would change', async () => {
    const before = await read('flaky');
    await waitFor(() => condition('Ready')('flaky'), {
      timeoutMs: 20_000,
      message: 'flaky Ready',
      until: (c) => c?.status === 'True',
    });
    const successesBefore = await reconcileCount('success');
    // A label change triggers a reconcile whose status is the same: the resourceVersion moves only once.
    await api.patchNamespacedCustomObject({
      ...WIDGET_KIND,
      namespace: ns.name,
      name: 'flaky',
      body: [{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }],
    });
    const labelled = await read('flaky');
    expect(labelled.metadata?.resourceVersion).not.toBe(before.metadata?.resourceVersion);
    // The controller has seen the change and has nothing left to do.
    await waitFor(
      () => ({
        cached: informer.get({ namespace: ns.name, name: 'flaky' })?.metadata?.labels?.touched,
        busy: controller.queue.length + controller.queue.processingCount + controller.queue.waitingCount,
      }),
      {
        timeoutMs: 10_000,
        message: 'the labelled widget reconciled and the queue idle',
        until: (s) => s.cached === 'yes' && s.busy === 0,
      },
    );
    expect(await reconcileCount('success')).toBeGreaterThan(successesBefore);
    expect((await read('flaky')).metadata?.resourceVersion).toBe(labelled.metadata?.resourceVersion);
  });

  it("observes each reconcile's own time, leaving out the time it awaited the API server", async () => {
    await create('timed', 1);
    await waitFor(() => condition('Ready')('timed'), {
      timeoutMs: 20_000,
      message: 'timed Ready',
      until: (c) => c?.status === 'True',
    });
    const sumOf = async (histogram: typeof metrics.reconcileDuration): Promise<number> =>
      (await histogram.get()).values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    const countOf = async (histogram: typeof metrics.reconcileDuration): Promise<number> =>
      (await histogram.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    // Both observe every reconcile; the finalizer patches, status writes and events are left out of own time.
    expect(await countOf(metrics.reconcileOwnTime)).toBe(await countOf(metrics.reconcileDuration));
    expect(await sumOf(metrics.reconcileOwnTime)).toBeGreaterThan(0);
    expect(await sumOf(metrics.reconcileOwnTime)).toBeLessThan(await sumOf(metrics.reconcileDuration));
  });

  it('holds deletion with its finalizer until the reconciler removes it', async () => {
    await create('doomed', 1);
    await waitFor(() => read('doomed'), {
      timeoutMs: 20_000,
      message: 'doomed to carry the finalizer',
      until: (w) => (w.metadata?.finalizers ?? []).includes(FINALIZER),
    });
    await api.deleteNamespacedCustomObject({ ...WIDGET_KIND, namespace: ns.name, name: 'doomed' });
    await waitFor(
      async () => {
        try {
          await read('doomed');
          return false;
        } catch (err: unknown) {
          if (isNotFound(err)) return true;
          throw err;
        }
      },
      { timeoutMs: 20_000, message: 'doomed to be gone' },
    );
  });
});
