// Real: the management cluster's API server, a coordination.k8s.io/v1 Lease, and Widgets of a tiny CRD the
// test installs; two or three runtime Managers in this process stand for operator replicas, one of them
// reaching its Lease through a loopback proxy that can stop answering. Proves only the lease holder
// reconciles, a standby takes over after the leader dies without releasing, a graceful stop clears the
// lease so the standby takes over without waiting for it to expire, and a leader whose lease calls hang
// aborts its in-flight work before its lease could expire (the fence).
import { randomBytes } from 'node:crypto';
import { CoordinationV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import {
  Controller,
  Informer,
  Manager,
  kubeLeaseClient,
  type ObjectKey,
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
import { HangingLeaseProxy } from '../support/hanging-lease-proxy.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

class Recorder implements Reconciler {
  readonly names = new Set<string>();
  async reconcile(key: ObjectKey): Promise<Result> {
    this.names.add(key.name);
    return {};
  }
}

/** Holds every reconcile until its signal aborts, and notes when that happened (wall clock). */
class Holder extends Recorder {
  abortedAt?: number;
  override async reconcile(key: ObjectKey, signal?: AbortSignal): Promise<Result> {
    await super.reconcile(key);
    return new Promise<Result>((_resolve, reject) => {
      signal?.addEventListener(
        'abort',
        () => {
          this.abortedAt ??= Date.now();
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }
}

interface Timings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}
const SHORT: Timings = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 1000 };

describe('runtime leader election against the API server', () => {
  let kc: KubeConfig;
  let ns: TestNamespace;
  let widgets: CustomObjectsApi;
  let leases: CoordinationV1Api;
  const managers: Manager[] = [];

  function replica<R extends Recorder = Recorder>(
    identity: string,
    leaseName: string,
    timings: Timings,
    options: { leaseKubeConfig?: KubeConfig; reconciler?: R } = {},
  ) {
    const informer = new Informer<Widget>({
      name: 'widgets',
      source: widgetSource(kc, ns.name),
      resyncPeriodMs: 0,
    });
    const reconciler = options.reconciler ?? new Recorder();
    const lease = kubeLeaseClient(options.leaseKubeConfig ?? kc, ns.name, leaseName);
    const manager = new Manager({
      health: { port: 0 },
      shutdownTimeoutMs: 5000,
      leaderElection: { lease, identity, ...timings },
    });
    manager.add(new Controller({ name: 'widget', informer, reconciler }));
    managers.push(manager);
    return { manager, reconciler: reconciler as R, identity };
  }

  const createWidget = (name: string) =>
    widgets.createNamespacedCustomObject({
      ...WIDGET_KIND,
      namespace: ns.name,
      body: { apiVersion: WIDGET_API_VERSION, kind: 'Widget', metadata: { name }, spec: { size: 1 } },
    });
  const readLease = (name: string) => leases.readNamespacedLease({ name, namespace: ns.name });
  const readyz = async (m: Manager): Promise<string> => {
    const a = m.healthAddress();
    const res = await fetch(`http://${a?.host}:${a?.port}/readyz`);
    return `${res.status} ${(await res.text()).trim()}`;
  };
  const reconciledAll = (r: Recorder, names: string[]) => () => names.every((n) => r.names.has(n));

  beforeAll(async () => {
    kc = managementKubeConfig();
    await installWidgetCrd(kc);
    ns = await createTestNamespace(kc, 'runtime-leader');
    widgets = kc.makeApiClient(CustomObjectsApi);
    leases = kc.makeApiClient(CoordinationV1Api);
    for (const name of ['w1', 'w2']) await createWidget(name);
  });

  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.stop({ releaseLease: false })));
  });

  afterAll(async () => {
    await ns?.delete();
  });

  it('only the lease holder reconciles; the standby is ready but idle; a crashed leader is replaced', async () => {
    const leaseName = `widgets-${randomBytes(3).toString('hex')}`;
    const one = replica('one', leaseName, SHORT);
    const two = replica('two', leaseName, SHORT);
    await one.manager.start();
    await waitFor(() => one.manager.isLeader(), { timeoutMs: 15_000, message: 'replica one to lead' });
    await two.manager.start();
    await waitFor(reconciledAll(one.reconciler, ['w1', 'w2']), {
      timeoutMs: 15_000,
      message: 'the leader to reconcile w1 and w2',
    });
    await waitFor(() => readyz(two.manager), {
      timeoutMs: 15_000,
      message: 'the standby to be ready',
      until: (s) => s === '200 ok: standby',
    });
    await createWidget('w3');
    await waitFor(reconciledAll(one.reconciler, ['w3']), {
      timeoutMs: 15_000,
      message: 'the leader to reconcile w3',
    });
    expect([...two.reconciler.names]).toEqual([]);
    expect(two.manager.isLeader()).toBe(false);
    expect((await readLease(leaseName)).spec?.holderIdentity).toBe('one');

    // A crash: the leader stops without releasing, so the lease must expire before anyone takes it.
    await one.manager.stop({ releaseLease: false });
    expect((await readLease(leaseName)).spec?.holderIdentity).toBe('one');
    await waitFor(() => two.manager.isLeader(), {
      timeoutMs: 30_000,
      message: 'replica two to take over the expired lease',
    });
    await waitFor(reconciledAll(two.reconciler, ['w1', 'w2', 'w3']), {
      timeoutMs: 15_000,
      message: 'the new leader to reconcile every widget',
    });
    const lease = await readLease(leaseName);
    expect(lease.spec?.holderIdentity).toBe('two');
    expect(lease.spec?.leaseTransitions).toBe(1);
  });

  it('a graceful stop releases the lease, so the standby takes over long before it would expire', async () => {
    const leaseName = `widgets-${randomBytes(3).toString('hex')}`;
    // A lease far longer than the wait below: only a release lets the standby in within it.
    const LONG: Timings = { leaseDurationMs: 120_000, renewDeadlineMs: 60_000, retryPeriodMs: 1000 };
    const one = replica('one', leaseName, LONG);
    const two = replica('two', leaseName, LONG);
    await one.manager.start();
    await waitFor(() => one.manager.isLeader(), { timeoutMs: 15_000, message: 'replica one to lead' });
    await two.manager.start();
    await waitFor(() => readyz(two.manager), {
      timeoutMs: 15_000,
      message: 'the standby to be ready',
      until: (s) => s === '200 ok: standby',
    });

    await one.manager.stop();
    expect(await one.manager.stopped).toBe('stopped');
    const released = await readLease(leaseName);
    expect(released.spec?.holderIdentity ?? '').toBe('');
    await waitFor(() => two.manager.isLeader(), {
      timeoutMs: 20_000,
      message: 'replica two to take over the released lease',
    });
    await waitFor(reconciledAll(two.reconciler, ['w1', 'w2']), {
      timeoutMs: 15_000,
      message: 'the new leader to reconcile',
    });
    expect((await readLease(leaseName)).spec?.holderIdentity).toBe('two');
  });

  it('a leader whose lease calls hang aborts its in-flight work before its lease could expire', async () => {
    const leaseName = `widgets-${randomBytes(3).toString('hex')}`;
    const proxy = await HangingLeaseProxy.start(kc);
    try {
      const one = replica('one', leaseName, SHORT, {
        leaseKubeConfig: proxy.kubeConfig(),
        reconciler: new Holder(),
      });
      const two = replica('two', leaseName, SHORT);
      await one.manager.start();
      await waitFor(() => one.reconciler.names.size, {
        timeoutMs: 15_000,
        message: 'the leader to have reconciles in flight',
        until: (n) => n > 0,
      });
      await two.manager.start();
      await waitFor(() => proxy.acceptedRenewTimes.length, {
        timeoutMs: 15_000,
        message: 'the leader to renew through the proxy',
        until: (n) => n >= 2,
      });

      proxy.isHanging = true;
      expect(await one.manager.stopped).toBe('leadershipLost');
      await waitFor(() => two.manager.isLeader(), {
        timeoutMs: 30_000,
        message: 'replica two to take over once the lease expires',
      });

      // The fence: one's reconciles were aborted before its last accepted renewal could expire, so before
      // any other replica could have taken the lease; and two took it only after that.
      const lastRenewal = Date.parse(proxy.acceptedRenewTimes.at(-1) ?? '');
      const abortedAt = one.reconciler.abortedAt ?? Infinity;
      expect(abortedAt).toBeLessThan(lastRenewal + SHORT.leaseDurationMs);
      const lease = await readLease(leaseName);
      expect(lease.spec?.holderIdentity).toBe('two');
      expect(abortedAt).toBeLessThan(new Date(lease.spec?.acquireTime ?? 0).getTime());
      expect(proxy.hungRequests).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
  });
});
